import { DEFAULT_SITES_DIR } from '../../input/walk.js';
import { loadInventory } from '../../input/sites.js';
import { errorLine } from '../../format/text.js';
import { VERSION } from '../../version.js';
import { COMMON_OPTIONS, colorsFor, LIMIT_FLAG_OPTIONS, LIMITS_HELP, failOnOption, formatOption, limitsOption, parse, type IO } from '../options.js';

export const VALIDATE_HELP = `Usage: sitecheck validate [PATH...]

Check that site files parse and follow the site format (default: sites/), without evaluating the
rules. Reports every problem with its file, line, column and field.

Options:
  -f, --format FORMAT   text or json (default: text)
      --fail-on LIST    errors (the default) or none: whether input errors make the exit code 1
${LIMITS_HELP}
      --no-color        plain output (also NO_COLOR=1)
  -h, --help            this help

Exit codes: 0 every file is valid; 1 input errors (unless --fail-on leaves out "errors");
2 bad arguments or a missing path.
`;

// No rules are read and nothing is evaluated, so --as-of, --params and --rules are refused.
const OPTIONS = {
  format: COMMON_OPTIONS.format,
  'fail-on': COMMON_OPTIONS['fail-on'],
  'no-color': COMMON_OPTIONS['no-color'],
  ...LIMIT_FLAG_OPTIONS,
  help: COMMON_OPTIONS.help,
} as const;

export async function validateCommand(args: string[], io: IO): Promise<number> {
  const { values, positionals } = parse(args, OPTIONS);
  if (values.help) {
    io.stdout.write(VALIDATE_HELP);
    return 0;
  }
  const format = formatOption(values.format, ['text', 'json']);
  const failOn = failOnOption(values['fail-on']);
  const inventory = loadInventory(positionals.length ? positionals : [DEFAULT_SITES_DIR], limitsOption(values));
  const summary = { files: inventory.files.length, sites: inventory.sites.length, errors: inventory.errors.length };
  if (format === 'json') {
    const out = {
      tool: { name: 'sitecheck', version: VERSION },
      sites: inventory.sites.map((s) => ({ id: s.data.id, name: s.data.name, file: s.file, line: s.position.line })),
      errors: inventory.errors,
      summary,
    };
    io.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else {
    const c = colorsFor(io, values['no-color']);
    const lines = inventory.errors.map((e) => errorLine(c, e));
    lines.push(
      `${summary.files} file${summary.files === 1 ? '' : 's'}, ${summary.sites} valid site${summary.sites === 1 ? '' : 's'}, ` +
        (summary.errors ? c.red(`${summary.errors} input error${summary.errors === 1 ? '' : 's'}`) : c.green('no input errors')),
    );
    io.stdout.write(lines.join('\n') + '\n');
  }
  return inventory.errors.length > 0 && failOn.includes('errors') ? 1 : 0;
}
