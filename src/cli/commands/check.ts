import { check } from '../../check.js';
import { exitCode } from '../../model.js';
import { FORMATS } from '../../format/registry.js';
import { asOfOption, COMMON_HELP, COMMON_OPTIONS, colorsFor, failOnOption, formatOption, limitsOption, parse, type IO } from '../options.js';

export const CHECK_HELP = `Usage: sitecheck check [PATH...]

Validate and evaluate site files and folders (default: sites/). Prints one verdict per site:
sensitive (the exclusion applies), not-sensitive, or undetermined (with the facts that would
decide it), and what that means for the equipment listed there.

${COMMON_HELP}

Exit codes: 0 nothing --fail-on names was found; 1 input errors or results --fail-on names;
2 bad arguments, a missing path, or invalid rules or parameters.
`;

export async function checkCommand(args: string[], io: IO): Promise<number> {
  const { values, positionals } = parse(args, COMMON_OPTIONS);
  if (values.help) {
    io.stdout.write(CHECK_HELP);
    return 0;
  }
  const format = formatOption(values.format);
  const failOn = failOnOption(values['fail-on']);
  const asOf = asOfOption(values['as-of']);
  const limits = limitsOption(values);
  const paths = positionals.length ? positionals : ['sites/'];
  const { report, ruleset } = await check(paths, { asOf, limits, rulesDir: values.rules, paramsFile: values.params });
  io.stdout.write(FORMATS[format](report, { colors: colorsFor(io, values['no-color']), ruleset, failOn }));
  return exitCode(report, failOn);
}
