import { DEFAULT_SITES_DIR } from '../../input/walk.js';
import { asOfOption, COMMON_HELP, COMMON_OPTIONS, failOnOption, limitsOption, parse, UsageError, type IO } from '../options.js';
import { linkBaseFromEnv, OUTPUT_HELP, outputsOption } from '../outputs.js';
import { runCheck } from '../../scale/check-run.js';
import { defaultJobs } from '../../scale/pipeline.js';
import { HANDLING_HELP, HANDLING_OPTIONS, handlingOptions } from '../../handling/options.js';

export const CHECK_HELP = `Usage: sitecheck check [PATH...]

Validate and evaluate site files and folders (default: sites/). Prints one verdict per site:
sensitive (the exclusion applies), not-sensitive, or undetermined (with the facts that would
decide it), and what that means for the equipment listed there.

${COMMON_HELP}
${OUTPUT_HELP}
${HANDLING_HELP}
  -j, --jobs N          worker threads for large inventories (default: the number of cores,
                        ${defaultJobs()} here, for --format json alone; one thread for any other
                        output, where workers do not pay); 1 checks in one thread. The output
                        is the same.
  -q, --quiet           no progress bar (it is shown only on a terminal, for runs over a second)
      --compact         with --format json: the same report on one line, without indentation
                        (for pipelines; about half the size)

Exit codes: 0 nothing --fail-on names was found; 1 input errors or results --fail-on names;
2 bad arguments, a missing path, or invalid rules or parameters; 130 interrupted (Ctrl-C);
141 the reader of stdout went away; 143 terminated (SIGTERM).
`;

export async function checkCommand(args: string[], io: IO): Promise<number> {
  const { values, positionals, tokens } = parse(args, {
    ...COMMON_OPTIONS,
    ...HANDLING_OPTIONS,
    output: { type: 'string', short: 'o' },
    jobs: { type: 'string', short: 'j' },
    quiet: { type: 'boolean', short: 'q' },
    compact: { type: 'boolean' },
  });
  if (values.help) {
    io.stdout.write(CHECK_HELP);
    return 0;
  }
  const outputs = outputsOption(tokens);
  const failOn = failOnOption(values['fail-on']);
  const asOf = asOfOption(values['as-of']);
  const limits = limitsOption(values);
  const paths = positionals.length ? positionals : [DEFAULT_SITES_DIR];
  const jobs = jobsOption(values.jobs);
  const linkBase = linkBaseFromEnv(io.env);
  const handling = handlingOptions(values, io.env);
  return runCheck({
    paths, outputs, failOn, asOf, limits, rulesDir: values.rules, paramsFile: values.params,
    jobs, quiet: values.quiet, noColor: values['no-color'], compact: values.compact, ...(linkBase ? { linkBase } : {}), ...handling,
  }, io);
}

export function jobsOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]{0,2}$/.test(value.trim())) throw new UsageError(`--jobs takes a whole number of worker threads from 1 to 999, not "${value}"`);
  return Number(value);
}
