// Command-line options shared by the commands, parsed strictly: an unknown option or a bad value
// is a UsageError (exit 2) that says what was wrong and what is accepted.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DEFAULT_FAIL_ON, FAIL_ON_VALUES, type FailOn } from '../model.js';
import { FORMAT_NAMES, isFormat, type Format } from '../format/registry.js';
import { isIsoDate } from '../input/validate.js';
import { DEFAULT_LIMITS, type Limits } from '../input/yaml-source.js';
import { colors, colorWanted, type Colors } from '../util/color.js';
import { didYouMean } from '../util/suggest.js';
import { today } from '../check.js';

export class UsageError extends Error {}

export interface IO {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export const COMMON_OPTIONS = {
  format: { type: 'string', short: 'f' },
  'as-of': { type: 'string' },
  params: { type: 'string' },
  rules: { type: 'string' },
  'fail-on': { type: 'string' },
  'no-color': { type: 'boolean' },
  'max-file-size': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpec;

export const COMMON_HELP = `Options:
  -f, --format FORMAT   output format: ${FORMAT_NAMES.join(', ')} (default: text)
      --as-of DATE      evaluation date, YYYY-MM-DD (default: today)
      --params FILE     override rule parameters (YAML: name: value)
      --rules DIR       use another rules folder (default: the rules shipped with sitecheck)
      --fail-on LIST    what makes the exit code 1: comma-separated from
                        ${FAIL_ON_VALUES.join(', ')}, or none
                        (default: ${DEFAULT_FAIL_ON.join(',')})
      --max-file-size N largest site file read, in bytes; k/m suffixes allowed (default: 1m)
      --no-color        plain output (also NO_COLOR=1)
  -h, --help            this help`;

export interface Parsed<T> {
  readonly values: T;
  readonly positionals: string[];
  /** The options in command-line order (for options whose order matters, such as --format/--output). */
  readonly tokens: readonly OptionToken[];
}

export interface OptionToken {
  readonly name: string;
  readonly value?: string;
  readonly rawName: string;
}

export function parse<O extends OptionSpec>(args: string[], options: O): Parsed<ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true; args: string[] }>>['values']> {
  try {
    const { values, positionals, tokens } = parseArgs({ args, options, allowPositionals: true, strict: true, tokens: true });
    const ordered: OptionToken[] = [];
    for (const t of tokens) if (t.kind === 'option') ordered.push({ name: t.name, rawName: t.rawName, ...(t.value !== undefined ? { value: t.value } : {}) });
    return { values, positionals, tokens: ordered };
  } catch (e) {
    const msg = (e as Error).message;
    const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(msg);
    if (unknown) {
      const hint = didYouMean(unknown[1]!.replace(/^-+/, ''), Object.keys(options));
      throw new UsageError(`unknown option ${unknown[1]}${hint ? ` (did you mean --${hint}?)` : ''}`);
    }
    throw new UsageError(msg.replace(/\. To specify a positional argument.*$/s, ''));
  }
}

export function formatOption(value: string | undefined, allowed: readonly string[] = FORMAT_NAMES): Format {
  const f = value ?? 'text';
  if (!isFormat(f) || !allowed.includes(f)) {
    const hint = didYouMean(f, allowed);
    throw new UsageError(`unknown format "${f}"${hint ? ` (did you mean "${hint}"?)` : ''}; valid formats: ${allowed.join(', ')}`);
  }
  return f;
}

export function asOfOption(value: string | undefined): string {
  if (value === undefined) return today();
  if (!isIsoDate(value)) throw new UsageError(`--as-of must be a real date in the form YYYY-MM-DD, not "${value}"`);
  return value;
}

export function failOnOption(value: string | undefined): FailOn[] {
  if (value === undefined) return [...DEFAULT_FAIL_ON];
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 1 && items[0] === 'none') return [];
  const out: FailOn[] = [];
  for (const item of items) {
    if (!(FAIL_ON_VALUES as readonly string[]).includes(item)) {
      const hint = didYouMean(item, FAIL_ON_VALUES);
      throw new UsageError(`--fail-on: unknown value "${item}"${hint ? ` (did you mean "${hint}"?)` : ''}; valid values: ${FAIL_ON_VALUES.join(', ')}, none`);
    }
    out.push(item as FailOn);
  }
  return out;
}

export function limitsOption(maxFileSize: string | undefined): Limits {
  if (maxFileSize === undefined) return DEFAULT_LIMITS;
  const m = /^(\d+)([kKmM]?)$/.exec(maxFileSize.trim());
  if (!m) throw new UsageError(`--max-file-size takes a number of bytes, optionally with k or m (such as 4m), not "${maxFileSize}"`);
  const n = Number(m[1]) * (m[2]!.toLowerCase() === 'k' ? 1024 : m[2]!.toLowerCase() === 'm' ? 1024 * 1024 : 1);
  if (n < 1 || n > 1024 * 1024 * 1024) throw new UsageError('--max-file-size must be between 1 byte and 1g');
  return { ...DEFAULT_LIMITS, maxFileSize: n };
}

export function colorsFor(io: IO, noColor: boolean | undefined): Colors {
  return colors(colorWanted(io.stdout, noColor === true, io.env));
}
