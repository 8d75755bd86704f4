// The words of the answer to "May I buy this?", from the BuyAnswer (itself read from the core's
// SiteResult) and the rules' registry.
import type { SiteResult } from '../model.js';
import { OUTCOME_SYMBOL } from '../format/symbols.js';
import type { Ruleset } from '../rules/ruleset.js';
import type { BuyAnswer, EquipmentKind } from './buy-state.js';
import { KIND_LABEL } from './buy-state.js';
import { seg, type Line } from './lines.js';
import { citationLines, OUTCOME_TONE } from './site-lines.js';
import { promptFor } from './questions.js';

export function answerLines(answer: BuyAnswer, site: SiteResult, maker: string, kind: EquipmentKind, ruleset: Ruleset): Line[] {
  const what = `a ${KIND_LABEL[kind]} made by ${maker}`;
  const lines: Line[] = [];
  const listed = (): Line[] => answer.supplier
    ? [
        [seg(`${maker} matches ${answer.supplier.name} on the supplier register (manufacturers subject to China’s National Intelligence Law).`)],
        ...citationLines(ruleset, answer.supplier.citation, '  ', true, 'Source'),
      ]
    : [];
  if (answer.kind === 'not-permitted') {
    lines.push([seg('✖ NOT PERMITTED', 'red'), seg(` — ${what} may not be bought for ${site.id} ${site.name}.`)]);
    lines.push([]);
    lines.push([seg(`${site.id} is a sensitive site: `), seg(answer.limbs.map((l) => `limb ${l.limb}`).join(', ') + ' met', 'red'), seg('.')]);
    answer.limbs.forEach((l, i) => {
      lines.push([seg(`Limb ${l.limb}  `, 'bold'), seg(`${OUTCOME_SYMBOL.met} met`, 'red'), seg(`  ${l.title}`, 'bold')]);
      // The source is named once when the limbs quote the same one.
      const last = i === answer.limbs.length - 1 || answer.limbs[i + 1]!.citation.source !== l.citation.source;
      lines.push(...citationLines(ruleset, l.citation, '  ', last));
    });
    lines.push([]);
    lines.push(...listed());
  } else if (answer.kind === 'permitted') {
    lines.push([seg('✔ PERMITTED', 'green'), seg(` — the exclusion does not stop ${what} for ${site.id} ${site.name}.`)]);
    lines.push([]);
    if (answer.reason === 'not-listed') {
      lines.push([seg(`Why: ${maker} is not on the supplier register`), seg(` (the register lists: ${ruleset.suppliers.map((s) => s.name).join('; ')}).`, 'dim')]);
      lines.push([seg(`The site’s own verdict is ${site.verdict}; that matters only for listed manufacturers.`, 'dim')]);
      lines.push([seg('sitecheck knows only the manufacturers on its register (suppliers.yaml in its rules folder): check who makes the equipment if in doubt.', 'dim')]);
    } else {
      lines.push([seg(`Why: ${site.id} is not a sensitive site — every limb of the definition is not met:`)]);
      for (const l of answer.limbs) {
        lines.push([seg(`  ${OUTCOME_SYMBOL[l.outcome]} ${l.outcome}`, OUTCOME_TONE[l.outcome]), seg(`  limb ${l.limb}: ${l.title}`)]);
      }
      lines.push(...listed());
    }
  } else {
    lines.push([seg('? CANNOT SAY YET', 'yellow'), seg(` — ${what} would be prohibited if ${site.id} proves sensitive.`)]);
    lines.push([]);
    lines.push([seg('No limb is met yet, but these limbs are not known: '), seg(answer.limbs.map((l) => `limb ${l.limb} (${l.title})`).join('; '), 'yellow')]);
    lines.push([seg('The questions that would settle it:', 'bold')]);
    for (const f of answer.decidingFacts) lines.push([seg(`  ? ${promptFor(f)}`, 'yellow'), seg(`  [${f}]`, 'dim')]);
    lines.push([seg(`Record the answers in ${site.file}:${site.line}, or press w to answer them here.`)]);
    lines.push([]);
    lines.push(...listed());
  }
  return lines;
}
