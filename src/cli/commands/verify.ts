import { readFileSync } from 'node:fs';
import { NotAReportError, shown } from '../../report/provenance.js';
import { UnsafeReportError, verifyText } from '../../report/verify.js';
import { redactorFor } from '../../handling/redact.js';
import { colorsFor, formatOption, parse, UsageError, type IO } from '../options.js';

export const VERIFY_HELP = `Usage: sitecheck verify FILE

Check that a report still holds: read the provenance recorded in FILE (a report written by
\`sitecheck report\` as .html, .md or .json (not .xlsx), or \`sitecheck check --format json\` output), re-read
the rules, parameters and input files it names, re-evaluate them as of the report's date, and
compare: the tool version, every rules file's sha256, the parameters, every input file's sha256,
every site's verdict, limb outcomes, findings and every other field of its result, the input
errors, and finally the report's own text.

FILE is treated as hostile. Run verify from the folder the report was made in: it reads only
files under the working directory, and refuses (exit 2), before reading anything, a report that
names an absolute path, a path with "..", or a path through a symbolic link that leads outside it.
A report made with a rules folder other than the shipped rules says so in its verdict.

Options:
  -f, --format FORMAT   text or json (default: text)
      --redact, --redact-ids  the report was written with these (and the same
                        SITECHECK_REDACT_KEY): compare with results redacted the same way
      --no-color        plain output
  -h, --help            this help

Exit codes: 0 the report holds; 1 something differs (each difference is listed);
2 FILE cannot be read, is not a sitecheck report, or names a path verify will not read.
`;

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  'no-color': { type: 'boolean' },
  redact: { type: 'boolean' },
  'redact-ids': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function verifyCommand(args: string[], io: IO): Promise<number> {
  const { values, positionals } = parse(args, OPTIONS);
  if (values.help) {
    io.stdout.write(VERIFY_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('verify takes exactly one report FILE');
  const format = formatOption(values.format, ['text', 'json']);
  const file = positionals[0]!;
  const name = shown(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${name}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  // A workbook (report --out x.xlsx) is a view of a run for reading, not evidence that can be rendered
  // again byte for byte: say which file to verify instead.
  if (/\.xlsx$/i.test(file) || text.startsWith('PK\u0003\u0004')) {
    throw new UsageError(`${name}: verify does not read Excel workbooks; verify the .json, .html or .md report written from the same run (the workbook's About sheet gives its provenance sha256, which that report's provenance carries too)`);
  }
  let result;
  try {
    result = await verifyText(text, redactorFor(values, io.env));
  } catch (e) {
    if (e instanceof NotAReportError) throw new UsageError(`${name}: ${e.message}`);
    if (e instanceof UnsafeReportError) throw new UsageError(`${name}: not verified: ${e.message}`);
    throw e;
  }
  if (format === 'json') {
    io.stdout.write(JSON.stringify({ file, ...result }, null, 2) + '\n');
    return result.holds ? 0 : 1;
  }
  const c = colorsFor(io, values['no-color']);
  const lines = [`${c.bold(name)}: report by sitecheck ${shown(result.version, 40)}, evaluated as of ${shown(result.asOf, 40)}`];
  for (const s of result.same) lines.push(`  ${c.green('✔')} ${s}`);
  for (const d of result.differences) lines.push(`  ${c.red('✘')} ${d.message}`);
  for (const n of result.notes) lines.push(`  ${c.yellow('!')} ${n}`);
  const rules = result.rulesDir === null ? '' : `, with the rules folder ${shown(result.rulesDir)}, not the shipped rules`;
  lines.push(
    result.holds
      ? c.green(`The report holds${rules}: the same inputs, rules and tool give the same results.`)
      : c.red(`The report does NOT hold${rules}: ${result.differences.length} difference${result.differences.length === 1 ? '' : 's'}.`),
  );
  io.stdout.write(lines.join('\n') + '\n');
  return result.holds ? 0 : 1;
}
