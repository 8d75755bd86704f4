import { explain, SiteNotFoundError } from '../../index.js';
import { exitCode } from '../../model.js';
import { explainText } from '../../format/explain.js';
import { errorLine } from '../../format/text.js';
import { HANDLING_HELP, handlingOptions } from '../../handling/options.js';
import { EXPLAIN_OPTIONS } from '../io.js';
import { markingFor, markText } from '../../handling/marking.js';
import { Redactor } from '../../handling/redact.js';
import { asOfOption, COMMON_HELP, colorsFor, failOnOption, formatOption, limitsOption, parse, UsageError, type IO } from '../options.js';

export const EXPLAIN_HELP = `Usage: sitecheck explain SITE_ID|FILE [PATH...]

The rule-by-rule explanation of one site (by id, looked up in PATH..., default sites/), or of every
site in FILE: each limb's outcome, the facts used with their file and line, the facts that are
missing, the parameter values used (and whether they are interpretations), the quoted words of the
source with its citation, and the equipment findings.

${COMMON_HELP.replace(/ {2}-f, --format FORMAT.*\n/, '  -f, --format FORMAT   text or json (default: text)\n')}
${HANDLING_HELP}

Exit codes: as for check, for the sites explained.
`;

export async function explainCommand(args: string[], io: IO): Promise<number> {
  const { values, positionals } = parse(args, EXPLAIN_OPTIONS);
  if (values.help) {
    io.stdout.write(EXPLAIN_HELP);
    return 0;
  }
  const format = formatOption(values.format, ['text', 'json']);
  const failOn = failOnOption(values['fail-on']);
  const asOf = asOfOption(values['as-of']);
  const limits = limitsOption(values);
  const handling = handlingOptions(values, io.env);
  const [target, ...rest] = positionals;
  if (!target) throw new UsageError('explain needs a site id or a file; see sitecheck explain --help');
  const { report: evaluated, ruleset } = await explain(target, rest, { rulesDir: values.rules, paramsFile: values.params, asOf, limits }).catch((e: unknown) => {
    throw e instanceof SiteNotFoundError ? new UsageError(e.message) : e;
  });
  const report = handling.redact ? new Redactor(handling.redact).report(evaluated) : evaluated;
  const { sites, errors } = report;
  const mark = markingFor(format, handling.marking);
  if (format === 'json') {
    io.stdout.write(markText('json', JSON.stringify(report, null, 2) + '\n', mark));
  } else {
    const c = colorsFor(io, values['no-color']);
    const parts = sites.map((s) => explainText(s, ruleset, c, report.asOf));
    if (errors.length) {
      parts.push([c.red(`Input errors (${errors.length}) — fix these before the site can be evaluated:`), ...errors.map((e) => errorLine(c, e))].join('\n') + '\n');
    }
    io.stdout.write(markText('text', parts.join('\n' + c.dim('─'.repeat(72)) + '\n\n'), mark));
  }
  return exitCode(report, failOn);
}
