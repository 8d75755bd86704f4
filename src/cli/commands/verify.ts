import { readFileSync } from 'node:fs';
import { NotAReportError } from '../../report/provenance.js';
import { verifyBase, verifyText } from '../../report/verify.js';
import { dirname, resolve } from 'node:path';
import { colorsFor, formatOption, parse, UsageError, type IO } from '../options.js';

export const VERIFY_HELP = `Usage: sitecheck verify FILE

Check that a report still holds: read the provenance recorded in FILE (a report written by
\`sitecheck report\` as .html, .md or .json, or \`sitecheck check --format json\` output), re-read
the rules, parameters and input files it names, re-evaluate them as of the report's date, and
compare: the tool version, every rules file's sha256, the parameters, every input file's sha256,
every site's verdict and limb outcomes, and finally the report's own text. Run it from the folder
the report was made in (input paths are recorded as given).

Options:
  -f, --format FORMAT   text or json (default: text)
      --no-color        plain output
  -h, --help            this help

Exit codes: 0 the report holds; 1 something differs (each difference is listed);
2 FILE cannot be read or is not a sitecheck report.
`;

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  'no-color': { type: 'boolean' },
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
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let result;
  const cwd = process.cwd();
  let base: string | undefined;
  try {
    base = verifyBase(text, dirname(resolve(file)));
    if (base) process.chdir(base);
    result = await verifyText(text);
  } catch (e) {
    if (e instanceof NotAReportError) throw new UsageError(`${file}: ${e.message}`);
    throw e;
  } finally {
    process.chdir(cwd);
  }
  if (base) result = { ...result, notes: [...result.notes, `the input paths were read relative to the report's folder, ${base}`] };
  if (format === 'json') {
    io.stdout.write(JSON.stringify({ file, ...result }, null, 2) + '\n');
    return result.holds ? 0 : 1;
  }
  const c = colorsFor(io, values['no-color']);
  const lines = [`${c.bold(file)}: report by sitecheck ${result.version}, evaluated as of ${result.asOf}`];
  for (const s of result.same) lines.push(`  ${c.green('✔')} ${s}`);
  for (const d of result.differences) lines.push(`  ${c.red('✘')} ${d.message}`);
  for (const n of result.notes) lines.push(`  ${c.yellow('!')} ${n}`);
  lines.push(
    result.holds
      ? c.green('The report holds: the same inputs, rules and tool give the same verdicts.')
      : c.red(`The report does NOT hold: ${result.differences.length} difference${result.differences.length === 1 ? '' : 's'}.`),
  );
  io.stdout.write(lines.join('\n') + '\n');
  return result.holds ? 0 : 1;
}
