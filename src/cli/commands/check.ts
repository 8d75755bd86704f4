import { check } from '../../check.js';
import { exitCode } from '../../model.js';
import { asOfOption, COMMON_HELP, COMMON_OPTIONS, colorsFor, failOnOption, limitsOption, parse, type IO } from '../options.js';
import { linkBaseFromEnv, OUTPUT_HELP, outputsOption, writeOutputs } from '../outputs.js';

export const CHECK_HELP = `Usage: sitecheck check [PATH...]

Validate and evaluate site files and folders (default: sites/). Prints one verdict per site:
sensitive (the exclusion applies), not-sensitive, or undetermined (with the facts that would
decide it), and what that means for the equipment listed there.

${COMMON_HELP}
${OUTPUT_HELP}

Exit codes: 0 nothing --fail-on names was found; 1 input errors or results --fail-on names;
2 bad arguments, a missing path, or invalid rules or parameters.
`;

export async function checkCommand(args: string[], io: IO): Promise<number> {
  const { values, positionals, tokens } = parse(args, { ...COMMON_OPTIONS, output: { type: 'string', short: 'o' } });
  if (values.help) {
    io.stdout.write(CHECK_HELP);
    return 0;
  }
  const outputs = outputsOption(tokens);
  const failOn = failOnOption(values['fail-on']);
  const asOf = asOfOption(values['as-of']);
  const limits = limitsOption(values);
  const paths = positionals.length ? positionals : ['sites/'];
  const { report, ruleset } = await check(paths, { asOf, limits, rulesDir: values.rules, paramsFile: values.params });
  const linkBase = linkBaseFromEnv(io.env);
  writeOutputs(report, outputs, { colors: colorsFor(io, values['no-color']), ruleset, failOn, ...(linkBase ? { linkBase } : {}) }, io.stdout);
  return exitCode(report, failOn);
}
