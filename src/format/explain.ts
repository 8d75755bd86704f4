// The auditor's rule-by-rule explanation of one site, as text.
import type { Citation, ConditionResult, LimbResult, RuleTrace, SiteResult } from '../model.js';
import type { Ruleset } from '../rules/ruleset.js';
import type { Colors } from '../util/color.js';
import { oneLine } from './escape.js';
import { CONDITION_WORD, FINDING_SYMBOL, findingColor, OUTCOME_SYMBOL, outcomeColor, show, verdictColor, VERDICT_MEANING, VERDICT_SYMBOL } from './symbols.js';

export { VERDICT_MEANING };

function conditionLine(c: Colors, cond: ConditionResult): string {
  const mark = cond.outcome === 'met' ? c.green('✔') : cond.outcome === 'not-met' ? c.red('✘') : c.yellow('?');
  const line = `    ${mark} ${cond.description ?? `${cond.fact} ${cond.operator} ${show(cond.value)}`}: ${CONDITION_WORD[cond.outcome]}`;
  return cond.needed ? line : c.dim(`${line} (not needed for the outcome)`);
}

export function limbText(c: Colors, limb: LimbResult, site: SiteResult, ruleset: Ruleset): string[] {
  const color = outcomeColor(c, limb.outcome);
  const lines = [
    `${c.bold(`Limb ${limb.limb}`)}  ${limb.title}  ${color(`${OUTCOME_SYMBOL[limb.outcome]} ${limb.outcome}`)}  ${c.dim(`[${limb.rule}]`)}`,
  ];
  for (const cond of limb.conditions) lines.push(conditionLine(c, cond));
  const facts = Object.entries(limb.facts);
  if (facts.length) {
    lines.push('  Facts used:');
    for (const [path, value] of facts) {
      const pos = limb.locations[path];
      lines.push(`    ${oneLine(path)} = ${oneLine(show(value))}${pos ? c.dim(`  (${oneLine(site.file)}:${pos.line})`) : ''}`);
    }
  }
  if (limb.missing.length) {
    lines.push(`  ${c.yellow('Missing facts')} (not known, so not counted either way): ${limb.missing.join(', ')}`);
  }
  for (const [name, p] of Object.entries(limb.parameters)) {
    lines.push(
      `  Parameter ${name} = ${show(p.value)}${p.interpretation ? ' — a local interpretation, found in no source' : ''}${c.dim(` (from ${p.origin})`)}`,
    );
  }
  const src = ruleset.sources.get(limb.citation.source);
  const title = src ? `${src.title}, ${src.date}${src.issuer ? ` (${src.issuer})` : ''}` : limb.citation.source;
  lines.push(`  Source: ${title} ${c.dim(`[${limb.citation.source}]`)}${limb.citation.pinpoint ? `, ${limb.citation.pinpoint}` : ''}`);
  lines.push(`    “${limb.citation.quote}”`);
  return lines;
}

function sourceTitle(ruleset: Ruleset, id: string): string {
  const src = ruleset.sources.get(id);
  return src ? `${src.title}, ${src.date}${src.issuer ? ` (${src.issuer})` : ''}` : id;
}

/** A scope or exclusion rule's outcome with its conditions, facts, missing facts, parameters and sources. */
function traceText(c: Colors, label: string, title: string, outcome: string, rule: string, t: Omit<RuleTrace, 'outcome'>, site: SiteResult, ruleset: Ruleset, citations: readonly Citation[]): string[] {
  const color = outcome === 'in-scope' || outcome === 'met' ? c.red : outcome === 'unknown' ? c.yellow : c.green;
  const lines = [`${c.bold(label)}  ${title}  ${color(outcome)}  ${c.dim(`[${rule}]`)}`];
  for (const cond of t.conditions) if (cond.needed) lines.push(conditionLine(c, cond));
  for (const [path, value] of Object.entries(t.facts)) {
    const pos = t.locations[path];
    lines.push(`    ${path} = ${show(value)}${pos ? c.dim(`  (${site.file}:${pos.line})`) : ''}`);
  }
  if (t.missing.length) lines.push(`  ${c.yellow('Missing facts')} (not known, so not counted either way): ${t.missing.join(', ')}`);
  for (const [name, p] of Object.entries(t.parameters)) {
    lines.push(`  Parameter ${name} = ${show(p.value)}${p.interpretation ? ' — a local interpretation, found in no source' : ''}${c.dim(` (from ${p.origin})`)}`);
  }
  for (const cit of citations) lines.push(`  Source: ${sourceTitle(ruleset, cit.source)} ${c.dim(`[${cit.source}]`)}`, `    “${cit.quote}”`);
  return lines;
}

export function explainText(site: SiteResult, ruleset: Ruleset, c: Colors, asOf: string): string {
  const lines: string[] = [];
  lines.push(c.bold(`${oneLine(site.id)}  ${oneLine(site.name)}`) + (site.organisation ? `  (${oneLine(site.organisation)})` : ''));
  lines.push(c.dim(`${oneLine(site.file)}:${site.line}`));
  const vc = verdictColor(c, site.verdict);
  const met = site.limbs.filter((l) => l.outcome === 'met').map((l) => l.limb);
  lines.push(`Verdict: ${vc(`${VERDICT_SYMBOL[site.verdict]} ${site.verdict.toUpperCase()}`)} — ${VERDICT_MEANING[site.verdict]}${met.length ? ` (limb${met.length > 1 ? 's' : ''} ${met.join(', ')} met)` : ''}.`);
  if (site.verdict === 'undetermined') {
    lines.push(`Would be decided by: ${oneLine(site.decidingFacts.join(', '))}`);
  }
  const limb2 = site.limbs.find((l) => Object.keys(l.parameters).includes('developed_vetting.significant_proportion'));
  if (limb2) lines.push(c.dim('Limb 2: the share is DV holders ÷ officials based at the location; that denominator is itself a reading of "hosts a significant proportion of officials".'));
  lines.push('');
  for (const limb of site.limbs) {
    for (const l of limbText(c, limb, site, ruleset)) lines.push(l);
    lines.push('');
  }
  if (site.judgements?.length) {
    lines.push(`Or record a judgement (a recorded judgement is not a fact): ${site.judgements.join(', ')}`, '');
  }
  if (site.scope) {
    const s = site.scope;
    for (const l of traceText(c, `Scope`, s.title, s.outcome, s.rule, s, site, ruleset, s.citations)) lines.push(l);
    lines.push(`  Estate: ${s.estate}${s.estateFrom === 'parameter' ? ' — the site records none, so the scope.default_estate parameter (an interpretation) is used' : ''}`);
    lines.push('  The instruction is administrative: instruction and advice to central government departments, not a statute.', '');
  }
  if (site.determination) {
    const d = site.determination;
    lines.push(`${c.bold('Determination of record')}  ${d.verdict}${d.by ? `, by ${oneLine(d.by)}` : ''}${d.on ? ` on ${d.on}` : ''}${d.reference ? ` (${oneLine(d.reference)})` : ''}`);
    lines.push(`  ${d.agrees === null ? 'The definition leaves the verdict undetermined: the obligations follow the determination.' : d.agrees ? 'It agrees with the computed verdict.' : `It contradicts the computed verdict (${site.verdict}).`}`, '');
  }
  if (site.exclusion) {
    const e = site.exclusion;
    const rule = ruleset.exclusion;
    for (const l of traceText(c, 'Exclusion', rule.title, e.outcome, e.rule, e, site, ruleset, rule.citations)) lines.push(l);
    if (e.why.length) lines.push(`  Why: ${e.why.map((w) => (w === 'verdict' ? 'the site is sensitive' : w === 'extend_measures' ? 'measures extended by the department' : 'the department determined it sensitive')).join('; ')}`);
    lines.push('');
  }
  lines.push(c.bold('Equipment and obligations'));
  if (site.findings.length === 0) {
    lines.push(site.exclusion?.outcome === 'not-met'
      ? '  Nothing to report: the exclusion does not apply to this site, and nothing listed is on a core network.'
      : '  No equipment from a manufacturer on the supplier register is installed or planned.');
  }
  for (const f of site.findings) {
    lines.push(`  ${findingColor(c, f.severity)(`${FINDING_SYMBOL[f.severity]} ${f.kind}`)}  ${oneLine(f.message)}  ${c.dim(`(${oneLine(site.file)}:${f.line})`)}`);
    lines.push(`    Rule ${f.rule}${f.outcome === 'unknown' ? ` (at risk: not known — ${f.missing.join(', ')})` : ''}`);
    for (const cit of f.citations) lines.push(`    Source: ${sourceTitle(ruleset, cit.source)} ${c.dim(`[${cit.source}]`)}`, `      “${cit.quote}”`);
  }
  lines.push('');
  lines.push(c.dim(`Evaluated as of ${asOf}. A site is sensitive if any limb is met; unknown facts are never counted as "no".`));
  return lines.join('\n') + '\n';
}
