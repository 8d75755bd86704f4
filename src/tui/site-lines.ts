// The site screen's text: the rule-by-rule explanation of one site, read only from its SiteResult
// (the result model) and the rules' source registry for titles.
import type { Citation, ConditionResult, FindingSeverity, LimbResult, Outcome, SiteResult, Verdict } from '../model.js';
import type { Ruleset } from '../rules/ruleset.js';
import { CONDITION_WORD, FINDING_SYMBOL, OUTCOME_SYMBOL, show, VERDICT_MEANING, VERDICT_SYMBOL } from '../format/symbols.js';
import { seg, type Line, type Tone } from './lines.js';
import { promptFor } from './questions.js';
import type { SiteRecord } from '../input/sites.js';

export const VERDICT_TONE: Record<Verdict, Tone> = { sensitive: 'red', 'not-sensitive': 'green', undetermined: 'yellow' };
export const FINDING_TONE: Record<FindingSeverity, Tone> = { error: 'red', warning: 'yellow', note: 'dim' };
export const OUTCOME_TONE: Record<Outcome, Tone> = { met: 'red', 'not-met': 'green', unknown: 'yellow' };

export function sourceTitle(ruleset: Ruleset, c: Citation): string {
  const src = ruleset.sources.get(c.source);
  const title = src ? `${src.title}, ${src.date}${src.issuer ? `, ${src.issuer}` : ''}` : (c.title ?? c.source);
  return `${title} [${c.source}${c.pinpoint ? `, ${c.pinpoint}` : ''}]`;
}

/** The quoted words and where they come from. */
export function citationLines(ruleset: Ruleset, c: Citation, indent = '  ', withSource = true, label = 'The law'): Line[] {
  return [
    [seg(`${indent}${label}: `, 'bold'), seg(`“${c.quote}”`, 'cyan')],
    ...(withSource ? [[seg(`${indent}  — ${sourceTitle(ruleset, c)}`, 'dim')]] : []),
  ];
}

function conditionLine(cond: ConditionResult): Line {
  const word = CONDITION_WORD[cond.outcome];
  const tone: Tone = cond.outcome === 'met' ? 'green' : cond.outcome === 'not-met' ? 'red' : 'yellow';
  const text = `${cond.description ?? `${cond.fact} ${cond.operator} ${show(cond.value)}`}: `;
  // Conditions the outcome did not depend on are shown, but dimmed and marked so.
  if (!cond.needed) return [seg('    '), seg(`${OUTCOME_SYMBOL[cond.outcome]} ${text}${word} (not needed for the outcome)`, 'dim')];
  return [seg('    '), seg(`${OUTCOME_SYMBOL[cond.outcome]} `, tone), seg(text), seg(word, tone)];
}

export function limbLines(limb: LimbResult, site: SiteResult, ruleset: Ruleset): Line[] {
  const lines: Line[] = [
    [seg(`Limb ${limb.limb}  `, 'bold'), seg(`${OUTCOME_SYMBOL[limb.outcome]} ${limb.outcome}`, OUTCOME_TONE[limb.outcome]), seg(`  ${limb.title}`, 'bold')],
  ];
  for (const cond of limb.conditions) lines.push(conditionLine(cond));
  const facts = Object.entries(limb.facts);
  if (facts.length > 0) {
    lines.push([seg('  Facts used:')]);
    for (const [path, value] of facts) {
      const pos = limb.locations[path];
      lines.push([seg(`    ${path} = ${show(value)}`), ...(pos ? [seg(`  (${site.file}:${pos.line})`, 'dim')] : [])]);
    }
  }
  if (limb.missing.length > 0) {
    lines.push([seg('  Missing facts', 'yellow'), seg(' (not known, so counted neither way):')]);
    for (const path of limb.missing) lines.push([seg(`    ? ${path}`, 'yellow'), seg(` — ${promptFor(path)}`)]);
  }
  for (const [name, p] of Object.entries(limb.parameters)) {
    lines.push([
      seg(`  Parameter ${name} = ${show(p.value)}`),
      ...(p.interpretation ? [seg(' — an interpretation: no source gives this number', 'yellow')] : []),
      seg(` (from ${p.origin})`, 'dim'),
    ]);
  }
  for (const l_ of citationLines(ruleset, limb.citation)) lines.push(l_);
  return lines;
}

/** Does the instruction apply here? (The v2 result's scope, when the rules give one.) */
function scopeLines(site: SiteResult, ruleset: Ruleset): Line[] {
  const sc = site.scope;
  if (!sc) return [];
  const tone: Tone = sc.outcome === 'in-scope' ? 'plain' : sc.outcome === 'out-of-scope' ? 'bold' : 'yellow';
  const lines: Line[] = [[seg('Scope: ', 'bold'), seg(sc.outcome === 'in-scope' ? 'the instruction applies' : sc.outcome === 'out-of-scope' ? 'outside the instruction’s scope: it does not apply here' : 'not known whether the instruction applies', tone), seg(` (estate: ${sc.estate}${sc.estateFrom === 'parameter' ? ', from the default' : ''})`, 'dim')]];
  if (sc.outcome !== 'in-scope') for (const l_ of citationLines(ruleset, sc.citation, '  ', true, 'The instruction')) lines.push(l_);
  return lines;
}

/** The department's determination of record, beside the computed verdict. */
function determinationLines(site: SiteResult): Line[] {
  const d = site.determination;
  if (!d) return [];
  const agrees = d.agrees === null ? 'the computed verdict is not settled' : d.agrees ? 'agrees with the computed verdict' : 'differs from the computed verdict';
  return [[seg('Determination: ', 'bold'), seg(`${d.verdict}`, d.verdict === 'sensitive' ? 'red' : 'green'), seg(`${d.by ? ` by ${d.by}` : ''}${d.on ? ` on ${d.on}` : ''}${d.reference ? ` (${d.reference})` : ''} — ${agrees}`, d.agrees === false ? 'yellow' : 'plain')]];
}

/** The `assessment` block as written: who recorded the facts, when, and their notes. */
function assessmentLines(record: SiteRecord | undefined): Line[] {
  const a = record?.data.assessment;
  if (!a || (a.by === undefined && a.on === undefined && a.notes === undefined)) {
    return [[seg('Assessment: ', 'bold'), seg(record ? 'none recorded (no assessment.by / on in the file)' : 'not read', 'yellow')]];
  }
  const lines: Line[] = [[seg('Assessment: ', 'bold'), seg(`by ${a.by ?? '(not recorded)'}, on ${a.on ?? '(no date)'}`)]];
  for (const n of (a.notes ?? '').split('\n').filter((l) => l.trim() !== '')) lines.push([seg(`  ${n}`, 'dim')]);
  return lines;
}

/** Every equipment item the file lists, with the findings on it (or that there are none). */
function equipmentLines(site: SiteResult, record: SiteRecord | undefined): Line[] {
  const items = record?.data.equipment ?? [];
  const lines: Line[] = [];
  const shown = new Set<string>();
  items.forEach((e, i) => {
    const pos = record!.equipmentPositions[i];
    lines.push([seg(`  ${e.id}  `, 'bold'), seg(`${e.kind}, ${e.manufacturer}${e.model ? ` ${e.model}` : ''}, ${e.status}`), ...(pos ? [seg(`  (${site.file}:${pos.line})`, 'dim')] : [])]);
    const mine = site.findings.filter((f) => f.equipment === e.id);
    for (const f of mine) {
      shown.add(`${f.equipment}:${f.kind}`);
      lines.push([seg(`    ${FINDING_SYMBOL[f.severity]} ${f.kind}  `, FINDING_TONE[f.severity]), seg(f.message)]);
    }
    if (mine.length === 0) lines.push([seg('    no finding on this item', 'dim')]);
  });
  for (const f of site.findings.filter((x) => !shown.has(`${x.equipment}:${x.kind}`))) {
    lines.push([seg(`  ${FINDING_SYMBOL[f.severity]} ${f.kind}  `, FINDING_TONE[f.severity]), seg(f.message), seg(`  (${site.file}:${f.line})`, 'dim')]);
  }
  return lines;
}

export function siteLines(site: SiteResult, ruleset: Ruleset, record?: SiteRecord): Line[] {
  const met = site.limbs.filter((l) => l.outcome === 'met').map((l) => l.limb);
  const lines: Line[] = [
    [seg(`${site.id}  ${site.name}`, 'bold'), ...(site.organisation ? [seg(`  (${site.organisation})`)] : [])],
    [
      seg('Verdict: '),
      seg(`${VERDICT_SYMBOL[site.verdict]} ${site.verdict.toUpperCase()}`, VERDICT_TONE[site.verdict]),
      seg(` — ${VERDICT_MEANING[site.verdict]}${met.length ? ` (limb${met.length > 1 ? 's' : ''} ${met.join(', ')} met)` : ''}.`),
    ],
    [seg('To edit: '), seg(`${site.file}:${site.line}`, 'cyan')],
    ...scopeLines(site, ruleset),
    ...determinationLines(site),
    ...assessmentLines(record),
  ];
  if (site.verdict === 'undetermined') {
    lines.push([seg('Would be decided by: ', 'yellow'), seg(site.decidingFacts.join(', '))]);
    lines.push([seg('  Press w to answer these questions now.', 'dim')]);
  }
  lines.push([]);
  for (const limb of site.limbs) {
    for (const l_ of limbLines(limb, site, ruleset)) lines.push(l_);
    lines.push([]);
  }
  const items = record?.data.equipment?.length ?? 0;
  lines.push([seg('Equipment', 'bold'), seg(record ? ` (${items} item${items === 1 ? '' : 's'} in the file)` : '')]);
  if (site.findings.length === 0 && items === 0) {
    lines.push([seg(site.verdict === 'not-sensitive'
      ? '  None listed, and nothing to report: the exclusion does not apply to this site.'
      : '  None listed: no equipment is recorded as installed or planned.')]);
  }
  for (const l_ of equipmentLines(site, record)) lines.push(l_);
  lines.push([]);
  lines.push([seg('A site is sensitive if any limb is met; a fact not known is never counted as “no”.', 'dim')]);
  return lines;
}
