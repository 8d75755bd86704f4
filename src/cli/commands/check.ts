import { runCheck } from '../../scale/check-run.js';
import { defaultJobs } from '../../scale/pipeline.js';
import { asOfOption, COMMON_HELP, COMMON_OPTIONS, failOnOption, formatOption, limitsOption, parse, UsageError, type IO } from '../options.js';

const CHECK_OPTIONS = {
  ...COMMON_OPTIONS,
  jobs: { type: 'string', short: 'j' },
  quiet: { type: 'boolean', short: 'q' },
} as const;

export const CHECK_HELP = `Usage: sitecheck check [PATH...]

Validate and evaluate site files and folders (default: sites/). Prints one verdict per site:
sensitive (the exclusion applies), not-sensitive, or undetermined (with the facts that would
decide it), and what that means for the equipment listed there.

${COMMON_HELP}
  -j, --jobs N          worker threads for large inventories (default: the number of cores,
                        ${defaultJobs()} here); 1 checks in one thread. The output is the same.
  -q, --quiet           no progress bar (it is shown only on a terminal, for runs over a second)

Exit codes: 0 nothing --fail-on names was found; 1 input errors or results --fail-on names;
2 bad arguments, a missing path, or invalid rules or parameters.
`;

export async function checkCommand(args: string[], io: IO): Promise<number> {
  const { values, positionals } = parse(args, CHECK_OPTIONS);
  if (values.help) {
    io.stdout.write(CHECK_HELP);
    return 0;
  }
  const format = formatOption(values.format);
  const failOn = failOnOption(values['fail-on']);
  const asOf = asOfOption(values['as-of']);
  const limits = limitsOption(values['max-file-size']);
  const paths = positionals.length ? positionals : ['sites/'];
  const jobs = jobsOption(values.jobs);
  return runCheck({ paths, format, failOn, asOf, limits, rulesDir: values.rules, paramsFile: values.params, jobs, quiet: values.quiet, noColor: values['no-color'] }, io);
}

function jobsOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]{0,2}$/.test(value.trim())) throw new UsageError(`--jobs takes a whole number of worker threads from 1 to 999, not "${value}"`);
  return Number(value);
}
