import { DEFAULT_SITES_DIR } from '../../input/walk.js';
import { exitCode, type Report } from '../../model.js';
import { gatherEvidence, kindOf } from '../../report/build.js';
import { writeReport } from '../../report/stream.js';
import { jobsOption } from './check.js';
import { defaultJobs } from '../../scale/pipeline.js';
import { checkWriteTarget, safeWriteFile, WriteRefusedError } from '../../util/safe-write.js';
import { HANDLING_HELP, HANDLING_OPTIONS, handlingOptions } from '../../handling/options.js';
import { markingFor } from '../../handling/marking.js';
import { Redactor } from '../../handling/redact.js';
import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import { displayPath } from '../../util/paths.js';
import { asOfOption, failOnOption, LIMIT_FLAG_OPTIONS, LIMITS_HELP, limitsOption, parse, UsageError, type IO } from '../options.js';

export const REPORT_HELP = `Usage: sitecheck report [PATH...] --out FILE

Write the auditor's report on the site files and folders (default: sites/): a cover with the
evaluation date, the tool version and the provenance (the sha256 of every rules file, of the
parameters in force and of every input file, and one digest over them all); a summary with a chart;
every site with its verdict, each limb's conditions, the facts used (file:line), the facts missing,
the parameters used and the quoted words of the source; an appendix with every rule in plain
English and the source registry. Check it later with \`sitecheck verify FILE\`.

The format follows FILE's extension:
  .html   one self-contained page (no scripts, no external requests; prints one site per page)
  .md     Markdown
  .json   the \`check --format json\` report with an added "provenance" field
  .xlsx   an Excel workbook: sheets Sites, Findings, Questions to settle and About (not read by
          verify: check the .json, .html or .md report of the same run, named by its digest)

Options:
  -o, --out FILE        where to write the report (required); an existing file is not replaced
                        without --force, and a symbolic link never is
      --force           replace FILE if it exists
      --as-of DATE      evaluation date, YYYY-MM-DD (default: today)
      --params FILE     override rule parameters (YAML: name: value)
      --rules DIR       use another rules folder (default: the rules shipped with sitecheck)
      --fail-on LIST    make the exit code 1 as check does for what LIST names (default: none)
  -j, --jobs N          worker threads for large inventories (default: the number of cores,
                        ${defaultJobs()} here); 1 checks in one thread. The report is the same.
${HANDLING_HELP}
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
  jobs: { type: 'string', short: 'j' },
  ...LIMIT_FLAG_OPTIONS,
  ...HANDLING_OPTIONS,
  help: { type: 'boolean', short: 'h' },
} as const;

export async function reportCommand(args: string[], io: IO): Promise<number> {
  const { values, positionals } = parse(args, OPTIONS);
  if (values.help) {
    io.stdout.write(REPORT_HELP);
    return 0;
  }
  if (!values.out) throw new UsageError('report needs --out FILE (ending .html, .md, .json or .xlsx)');
  const xlsx = extname(values.out).toLowerCase() === '.xlsx';
  const kind = xlsx ? undefined : kindOf(values.out);
  if (!kind && !xlsx) throw new UsageError(`--out ${values.out}: the file name must end in .html, .md, .json or .xlsx, which decides the format`);
  const handling = handlingOptions(values, io.env);
  const redactor = handling.redact ? new Redactor(handling.redact) : undefined;
  // Writing the report is the job: the exit code is 0 unless --fail-on is given (then as for check).
  const failOn = values['fail-on'] === undefined ? [] : failOnOption(values['fail-on']);
  const asOf = asOfOption(values['as-of']);
  const limits = limitsOption(values);
  const paths = positionals.length ? positionals : [DEFAULT_SITES_DIR];
  const out = values.out;
  const overwrite = values.force === true;
  const jobs = jobsOption(values.jobs);
  try {
    if (xlsx) {
      // Refused before anything is evaluated or written beside it (a link, a folder, an existing file).
      checkWriteTarget(out);
      if (!overwrite && existsSync(out)) safeWriteFile(out, '', { overwrite: false }); // throws its "already exists" refusal
    }
    const marking = markingFor(xlsx ? 'report-xlsx' : kind === 'html' ? 'report-html' : kind === 'md' ? 'report-md' : 'json', handling.marking);
    if (!xlsx) {
      // Checked through the pipeline, each site rendered as it comes (src/report/stream.ts): the
      // same bytes as rendering the whole Report, in bounded memory.
      const { report, outlines, errors } = await writeReport(paths, {
        kind: kind!, asOf, rulesDir: values.rules, paramsFile: values.params, limits, paths, out, overwrite, jobs,
        ...(marking !== undefined ? { marking } : {}), ...(handling.redact ? { redact: handling.redact } : {}),
      });
      return done(report.summary!, report.provenance!.sha256, { sites: outlines, errors } as unknown as Report, out, failOn, io);
    }
    const evidence = await gatherEvidence({ paths, asOf, rulesDir: values.rules, paramsFile: values.params, limits, ...(redactor ? { redactor } : {}) });
    const { renderXlsx } = await import('../../report/xlsx.js');
    await renderXlsx(evidence, out, { ...(marking !== undefined ? { marking } : {}), redacted: redactor !== undefined }, (bytes) => safeWriteFile(out, bytes, { overwrite }));
    return done(evidence.report.summary, evidence.provenance.sha256, evidence.report, out, failOn, io);
  } catch (e) {
    if (e instanceof WriteRefusedError) throw new UsageError(e.message);
    const code = (e as NodeJS.ErrnoException).code;
    if (code === undefined) throw e;
    throw new UsageError(`cannot write ${values.out}: ${code === 'ENOENT' ? 'its folder does not exist' : code}`);
  }
}

function done(s: Report['summary'], digest: string, report: Report, out: string, failOn: ReturnType<typeof failOnOption>, io: IO): number {
  io.stdout.write(
    `wrote ${displayPath(out)}: ${s.sites} site${s.sites === 1 ? '' : 's'} (${s.sensitive} sensitive, ${s['not-sensitive']} not sensitive, ${s.undetermined} undetermined)` +
      `${s.errors ? `, ${s.errors} input error${s.errors === 1 ? '' : 's'}` : ''}; provenance sha256 ${digest}\n`,
  );
  return exitCode(report, failOn);
}
