import { statSync } from 'node:fs';
import { buildReport, loadRules } from '../../check.js';
import { loadInventory } from '../../input/sites.js';
import { findSite } from '../../scale/find-site.js';
import { Evaluator } from '../../engine/evaluate.js';
import { exitCode, type SiteResult } from '../../model.js';
import { explainText } from '../../format/explain.js';
import { errorLine } from '../../format/text.js';
import { didYouMean } from '../../util/suggest.js';
import { asOfOption, COMMON_HELP, COMMON_OPTIONS, colorsFor, failOnOption, formatOption, limitsOption, parse, UsageError, type IO } from '../options.js';

export const EXPLAIN_HELP = `Usage: sitecheck explain SITE_ID|FILE [PATH...]

The rule-by-rule explanation of one site (by id, looked up in PATH..., default sites/), or of every
site in FILE: each limb's outcome, the facts used with their file and line, the facts that are
missing, the parameter values used (and whether they are interpretations), the quoted words of the
source with its citation, and the equipment findings.

${COMMON_HELP.replace(/ {2}-f, --format FORMAT.*\n/, '  -f, --format FORMAT   text or json (default: text)\n')}

Exit codes: as for check, for the sites explained.
`;

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

export async function explainCommand(args: string[], io: IO): Promise<number> {
  const { values, positionals } = parse(args, COMMON_OPTIONS);
  if (values.help) {
    io.stdout.write(EXPLAIN_HELP);
    return 0;
  }
  const format = formatOption(values.format, ['text', 'json']);
  const failOn = failOnOption(values['fail-on']);
  const asOf = asOfOption(values['as-of']);
  const limits = limitsOption(values);
  const [target, ...rest] = positionals;
  if (!target) throw new UsageError('explain needs a site id or a file; see sitecheck explain --help');
  const ruleset = loadRules({ rulesDir: values.rules, paramsFile: values.params });
  const byFile = isFile(target) && rest.length === 0;
  // By id, the inventory is scanned keeping only that site (memory flat at any size); only the
  // chosen site is evaluated.
  const inventory = byFile ? loadInventory([target], limits) : undefined;
  const found = byFile ? undefined : findSite(rest.length ? rest : ['sites/'], target, limits);
  const chosen = inventory ? inventory.sites : found!.chosen;
  let errors = inventory ? inventory.errors : found!.errors;
  // Not found, but some files were never read: say why (as check would), rather than "no site".
  if (chosen.length === 0 && errors.length === 0 && found?.unread.length) errors = found.unread;
  if (chosen.length === 0 && errors.length === 0) {
    const hint = didYouMean(target, inventory ? inventory.sites.map((s) => s.data.id) : found!.ids);
    throw new UsageError(`no site "${target}" in ${(rest.length ? rest : ['sites/']).join(', ')}${hint ? ` (did you mean "${hint}"?)` : ''}`);
  }
  const evaluator = new Evaluator(ruleset);
  const sites: SiteResult[] = [];
  for (const s of chosen) sites.push(await evaluator.evaluate(s, asOf));
  const report = buildReport(ruleset, asOf, sites, errors);
  if (format === 'json') {
    io.stdout.write(JSON.stringify(report, null, 2) + '\n');
  } else {
    const c = colorsFor(io, values['no-color']);
    const parts = sites.map((s) => explainText(s, ruleset, c, asOf));
    if (errors.length) {
      parts.push([c.red(`Input errors (${errors.length}) — fix these before the site can be evaluated:`), ...errors.map((e) => errorLine(c, e))].join('\n') + '\n');
    }
    io.stdout.write(parts.join('\n' + c.dim('─'.repeat(72)) + '\n\n'));
  }
  return exitCode(report, failOn);
}
