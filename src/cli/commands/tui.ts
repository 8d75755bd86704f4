// `sitecheck tui [PATH...]`: the procurement officer's terminal UI. Ink and React are loaded here,
// by a dynamic import, only when the TUI really starts: `check` never pays for them.
import { DEFAULT_SITES_DIR } from '../../input/walk.js';
import { asOfOption, colorsFor, COMMON_OPTIONS, LIMIT_FLAG_OPTIONS, LIMITS_HELP, limitsOption, parse, UsageError, type IO } from '../options.js';

export const TUI_HELP = `Usage: sitecheck tui [PATH...]

The interactive terminal UI on site files and folders (default: sites/): browse the sites and their
verdicts, read why a site is sensitive with the law quoted, ask "may I buy this?", and record a
new site question by question. Press ? inside for the keys.

It needs an interactive terminal; for scripts and CI use \`sitecheck check [PATH...]\`.

Options:
      --as-of DATE      evaluation date, YYYY-MM-DD (default: today)
      --params FILE     override rule parameters (YAML: name: value)
      --rules DIR       use another rules folder (default: the rules shipped with sitecheck)
${LIMITS_HELP}
      --no-color        no colour (also NO_COLOR=1)
  -h, --help            this help
`;

const TUI_OPTIONS = {
  'as-of': COMMON_OPTIONS['as-of'],
  params: COMMON_OPTIONS.params,
  rules: COMMON_OPTIONS.rules,
  'no-color': COMMON_OPTIONS['no-color'],
  ...LIMIT_FLAG_OPTIONS,
  help: COMMON_OPTIONS.help,
} as const;

import { interactive } from '../io.js';
export { interactive };

export async function tuiCommand(args: string[], io: IO): Promise<number> {
  const { values, positionals } = parse(args, TUI_OPTIONS);
  if (values.help) {
    io.stdout.write(TUI_HELP);
    return 0;
  }
  const asOf = asOfOption(values['as-of']);
  const limits = limitsOption(values);
  if (!interactive(io)) {
    throw new UsageError('tui needs an interactive terminal (stdin and stdout must both be a terminal). In scripts and CI use `sitecheck check [PATH...]` instead.');
  }
  const paths = positionals.length ? positionals : [DEFAULT_SITES_DIR];
  // Ink decides at import time, from CI / CONTINUOUS_INTEGRATION, to draw only the last frame
  // (for logs). Here both ends are a real terminal, so someone is at the keyboard — a developer
  // on a CI image, or a terminal test — and the screen must be drawn live.
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  const { runTui } = await import('../../tui/run.js');
  return runTui(paths, {
    asOf,
    limits,
    ...(values.rules !== undefined ? { rulesDir: values.rules } : {}),
    ...(values.params !== undefined ? { paramsFile: values.params } : {}),
    // Colour follows NO_COLOR and --no-color; the screen itself is the terminal.
    color: colorsFor(io, values['no-color']).enabled,
  });
}
