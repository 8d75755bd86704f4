// The words of the answer to "May I buy this?", from the BuyAnswer (itself read from the core's
// SiteResult for the site with the item added) and the rules' registry. A green ✔ only when every
// limb is not met and the maker is known and not on the register; every answer says that the
// core-network instruction still applies.
import type { Finding, SiteResult } from '../model.js';
import { FINDING_SYMBOL, OUTCOME_SYMBOL } from '../format/symbols.js';
import type { Ruleset } from '../rules/ruleset.js';
import type { BuyAnswer, EquipmentKind, SiteStanding } from './buy-state.js';
import { KIND_LABEL } from './buy-state.js';
import { seg, type Line } from './lines.js';
import { citationLines, FINDING_TONE, OUTCOME_TONE } from './site-lines.js';
import { promptFor } from './questions.js';

const STANDING: Record<SiteStanding, string> = {
  sensitive: 'is a sensitive site',
  extended: 'is one where the department applies the same measures (extend_measures)',
  determined: 'is determined sensitive by the department',
  undetermined: 'may be a sensitive site (not yet settled)',
  'scope-unknown': 'may or may not be within the instruction’s scope (not yet known)',
  'not-sensitive': 'is not a sensitive site',
};

function findingLines(ruleset: Ruleset, findings: readonly Finding[]): Line[] {
  const lines: Line[] = [];
  findings.forEach((f, i) => {
    lines.push([seg(`${FINDING_SYMBOL[f.severity]} ${f.kind}${f.outcome === 'unknown' ? ' (not yet settled)' : ''}: `, FINDING_TONE[f.severity]), seg(f.message)]);
    const last = i === findings.length - 1 || findings[i + 1]!.citation?.source !== f.citation?.source;
    if (f.citation) for (const l_ of citationLines(ruleset, f.citation, '  ', last, 'The instruction')) lines.push(l_);
  });
  return lines;
}

/** The core-network instruction applies on every site, whatever the answer. */
function coreNetworkLines(ruleset: Ruleset): Line[] {
  const rule = ruleset.obligations?.find((o) => /core.?network/i.test(o.kind) || /core.?network/i.test(o.id));
  if (rule) return [[seg('Core networks: ', 'bold'), seg('whatever this answer, the instruction on connecting such equipment to departmental core networks applies on every site:')], ...citationLines(ruleset, rule.citation, '  ', true, 'The instruction')];
  return [[seg('Core networks: ', 'bold'), seg('whatever this answer, check where the equipment will connect: HCWS386 also instructs departments not to connect such equipment to their core networks, on any site, sensitive or not.')]];
}

function limbSummary(answer: { readonly limbs: readonly { readonly limb: number; readonly outcome: string; readonly title: string }[] }): Line[] {
  return answer.limbs.map((l) => [seg(`  ${OUTCOME_SYMBOL[l.outcome as 'met']} ${l.outcome}`, OUTCOME_TONE[l.outcome as 'met']), seg(`  limb ${l.limb}: ${l.title}`)]);
}

export function answerLines(answer: BuyAnswer, site: SiteResult, maker: string, kind: EquipmentKind, ruleset: Ruleset): Line[] {
  const what = `a ${KIND_LABEL[kind]} made by ${maker}`;
  const lines: Line[] = [];
  const listed = (): Line[] => 'supplier' in answer && answer.supplier
    ? [
        [seg(`${maker} matches ${answer.supplier.name} on the supplier register.`)],
        ...citationLines(ruleset, answer.supplier.citation, '  ', true, 'Source'),
      ]
    : [];
  const doubt = (): Line[] => {
    if (answer.kind !== 'confirm-maker' && answer.kind !== 'not-stopped') return [];
    const out: Line[] = [];
    if (answer.reason === 'unknown') out.push([seg('The manufacturer is not known: ', 'yellow'), seg('find out who produced it (the maker of the parts, not only the brand on the box).')]);
    else if (answer.reason === 'near-miss') out.push([seg(`“${maker}” is not on the register, but it is close to: `, 'yellow'), seg(`did you mean ${answer.suggestions.join(' or ')}?`, 'bold')]);
    else if (answer.reason === 'unlisted') out.push([seg(`${maker} is not on the supplier register as typed`), seg(` (the register lists: ${ruleset.suppliers.map((s) => s.name).join('; ')}).`, 'dim')]);
    return out;
  };
  switch (answer.kind) {
    case 'out-of-scope':
      lines.push([seg('○ THE INSTRUCTION DOES NOT APPLY', 'bold'), seg(` — ${site.id} ${site.name} is outside its scope (${answer.scope.estate}).`)]);
      lines.push([]);
      for (const l_ of citationLines(ruleset, answer.scope.citation, '  ', true, 'The instruction')) lines.push(l_);
      break;
    case 'not-permitted':
      lines.push([seg('✖ NOT PERMITTED', 'red'), seg(` — ${what} may not be bought for ${site.id} ${site.name}.`)]);
      lines.push([]);
      lines.push([seg(`${site.id} ${STANDING[answer.standing]}`), ...(answer.limbs.length ? [seg(': '), seg(answer.limbs.map((l) => `limb ${l.limb}`).join(', ') + ' met', 'red')] : []), seg('.')]);
      answer.limbs.forEach((l, i) => {
        lines.push([seg(`Limb ${l.limb}  `, 'bold'), seg(`${OUTCOME_SYMBOL.met} met`, 'red'), seg(`  ${l.title}`, 'bold')]);
        const last = i === answer.limbs.length - 1 || answer.limbs[i + 1]!.citation.source !== l.citation.source;
        for (const l_ of citationLines(ruleset, l.citation, '  ', last)) lines.push(l_);
      });
      lines.push([]);
      for (const l_ of findingLines(ruleset, answer.findings)) lines.push(l_);
      for (const l_ of listed()) lines.push(l_);
      break;
    case 'cannot-say':
      lines.push([seg('? CANNOT SAY YET', 'yellow'), seg(` — ${what} would be stopped if ${site.id} proves sensitive.`)]);
      lines.push([]);
      lines.push([seg('No limb is met yet, but these limbs are not known: '), seg(answer.limbs.map((l) => `limb ${l.limb} (${l.title})`).join('; '), 'yellow')]);
      lines.push([seg('The questions that would settle it:', 'bold')]);
      for (const f of answer.decidingFacts) lines.push([seg(`  ? ${promptFor(f)}`, 'yellow'), seg(`  [${f}]`, 'dim')]);
      lines.push([seg(`Record the answers in ${site.file}:${site.line}, or press w to answer them here.`)]);
      lines.push([]);
      for (const l_ of findingLines(ruleset, answer.findings)) lines.push(l_);
      for (const l_ of listed()) lines.push(l_);
      break;
    case 'confirm-maker':
      lines.push([seg('⚠ NOT ON THE REGISTER — CONFIRM WHO PRODUCED IT', 'yellow'), seg(` — ${what} for ${site.id} ${site.name}.`)]);
      lines.push([]);
      for (const l_ of doubt()) lines.push(l_);
      lines.push([seg(`${site.id} ${STANDING[answer.standing]}, so it matters who produced it: `), seg('sitecheck knows only the manufacturers on its register, and a brand can be made by a listed manufacturer.')]);
      for (const l_ of limbSummary(answer)) lines.push(l_);
      if (answer.findings.length) { lines.push([]); for (const l_ of findingLines(ruleset, answer.findings)) lines.push(l_); }
      break;
    case 'not-stopped':
      lines.push([seg('○ NOT STOPPED BY THE EXCLUSION', 'bold'), seg(` — ${site.id} ${site.name} is not a sensitive site; every limb is not met:`)]);
      for (const l_ of limbSummary(answer)) lines.push(l_);
      lines.push([]);
      for (const l_ of (answer.reason === 'listed' ? listed() : doubt())) lines.push(l_);
      if (answer.reason === 'listed') lines.push([seg('The instruction still advises departments to consider such equipment at other sites too; check before buying.', 'dim')]);
      if (answer.findings.length) { lines.push([]); for (const l_ of findingLines(ruleset, answer.findings)) lines.push(l_); }
      break;
    case 'permitted':
      lines.push([seg('✔ PERMITTED', 'green'), seg(` — the exclusion does not stop ${what} for ${site.id} ${site.name}.`)]);
      lines.push([]);
      lines.push([seg(`Why: ${site.id} is not a sensitive site (every limb not met), and ${maker} is not on the supplier register`), seg(` (the register lists: ${ruleset.suppliers.map((s) => s.name).join('; ')}).`, 'dim')]);
      for (const l_ of limbSummary(answer)) lines.push(l_);
      if (answer.findings.length) { lines.push([]); for (const l_ of findingLines(ruleset, answer.findings)) lines.push(l_); }
      break;
  }
  lines.push([]);
  for (const l_ of coreNetworkLines(ruleset)) lines.push(l_);
  return lines;
}
