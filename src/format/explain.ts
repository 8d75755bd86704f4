// The auditor's rule-by-rule explanation of one site, as text.
import type { ConditionResult, LimbResult, SiteResult } from '../model.js';
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
  lines.push('');
  for (const limb of site.limbs) {
    for (const l of limbText(c, limb, site, ruleset)) lines.push(l);
    lines.push('');
  }
  lines.push(c.bold('Equipment'));
  if (site.findings.length === 0) {
    lines.push(site.verdict === 'not-sensitive'
      ? '  Nothing to report: the exclusion does not apply to this site.'
      : '  No equipment from a manufacturer on the supplier register is installed or planned.');
  }
  for (const f of site.findings) {
    lines.push(`  ${findingColor(c, f.severity)(`${FINDING_SYMBOL[f.severity]} ${f.kind}`)}  ${oneLine(f.message)}  ${c.dim(`(${oneLine(site.file)}:${f.line})`)}`);
  }
  lines.push('');
  lines.push(c.dim(`Evaluated as of ${asOf}. A site is sensitive if any limb is met; unknown facts are never counted as "no".`));
  return lines.join('\n') + '\n';
}
