import { exitCode } from '../../model.js';
import { evidenceChunks, gatherEvidence, kindOf } from '../../report/build.js';
import { safeWriteFile, WriteRefusedError } from '../../util/safe-write.js';
import { displayPath } from '../../util/paths.js';
import { asOfOption, failOnOption, LIMIT_FLAG_OPTIONS, LIMITS_HELP, limitsOption, parse, UsageError, type IO } from '../options.js';

export const REPORT_HELP = `Usage: sitecheck report [PATH...] --out FILE

Write the auditor's report on the site files and folders (default: sites/): a cover with the
evaluation date, the tool version and the provenance (the sha256 of every rules file, of the
parameters in force and of every input file, and one digest over them all); a summary with a chart;
the action list (by site: what the findings ask to stop, replace or remove, and the facts to record
to settle what is not yet known); full detail (verdict, scope, determination, each limb's facts with
their lines and the facts not known, the quoted words behind a met limb, every finding) for each site
with a finding, a determination, an unknown limb or an unknown scope, and one row for every other
site; an appendix with every rule in plain English and the source registry. The report is written to
FILE as it is rendered. Check it later with \`sitecheck verify FILE\`.

The format follows FILE's extension:
  .html   one self-contained page (no scripts, no external requests; prints one site per page)
  .md     Markdown
  .json   the \`check --format json\` report with an added "provenance" field

Options:
  -o, --out FILE        where to write the report (required); an existing file is not replaced
                        without --force, and a symbolic link never is
      --force           replace FILE if it exists
      --as-of DATE      evaluation date, YYYY-MM-DD (default: today)
      --params FILE     override rule parameters (YAML: name: value)
      --rules DIR       use another rules folder (default: the rules shipped with sitecheck)
      --fail-on LIST    make the exit code 1 as check does for what LIST names (default: none)
${LIMITS_HELP}
  -h, --help            this help

Exit codes: 0 the report is written (1 when --fail-on is given and names something found);
2 when it cannot be written (bad arguments, a missing path, invalid rules, FILE exists
without --force, or FILE is a symbolic link or a folder).
`;

const OPTIONS = {
  out: { type: 'string', short: 'o' },
  force: { type: 'boolean' },
  'as-of': { type: 'string' },
  params: { type: 'string' },
  rules: { type: 'string' },
  'fail-on': { type: 'string' },
  ...LIMIT_FLAG_OPTIONS,
  help: { type: 'boolean', short: 'h' },
} as const;

export async function reportCommand(args: string[], io: IO): Promise<number> {
  const { values, positionals } = parse(args, OPTIONS);
  if (values.help) {
    io.stdout.write(REPORT_HELP);
    return 0;
  }
  if (!values.out) throw new UsageError('report needs --out FILE (ending .html, .md or .json)');
  const kind = kindOf(values.out);
  if (!kind) throw new UsageError(`--out ${values.out}: the file name must end in .html, .md or .json, which decides the format`);
  // Writing the report is the job: the exit code is 0 unless --fail-on is given (then as for check).
  const failOn = values['fail-on'] === undefined ? [] : failOnOption(values['fail-on']);
  const asOf = asOfOption(values['as-of']);
  const limits = limitsOption(values);
  const paths = positionals.length ? positionals : ['sites/'];
  const evidence = await gatherEvidence({ paths, asOf, rulesDir: values.rules, paramsFile: values.params, limits });
  try {
    // Streamed: rendered piece by piece as it is written, never held whole.
    safeWriteFile(values.out, evidenceChunks(kind, evidence), { overwrite: values.force === true });
  } catch (e) {
    if (e instanceof WriteRefusedError) throw new UsageError(e.message);
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot write ${values.out}: ${code === 'ENOENT' ? 'its folder does not exist' : (code ?? (e as Error).message)}`);
  }
  const s = evidence.report.summary;
  io.stdout.write(
    `wrote ${displayPath(values.out)}: ${s.sites} site${s.sites === 1 ? '' : 's'} (${s.sensitive} sensitive, ${s['not-sensitive']} not sensitive, ${s.undetermined} undetermined)` +
      `${s.errors ? `, ${s.errors} input error${s.errors === 1 ? '' : 's'}` : ''}; provenance sha256 ${evidence.provenance.sha256}\n`,
  );
  return exitCode(evidence.report, failOn);
}
