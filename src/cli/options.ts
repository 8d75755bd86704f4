// Command-line options shared by the commands, parsed strictly: an unknown option or a bad value
// is a UsageError (exit 2) that says what was wrong and what is accepted.
import { parseArgs } from 'node:util';
import type { FailOn, FailOnSpec } from '../model.js';
import { FORMAT_NAMES, isFormat, type Format } from '../format/registry.js';
import { isIsoDate } from '../input/validate.js';
import { DEFAULT_LIMITS, type Limits } from '../input/yaml-source.js';
import { colors, colorWanted, type Colors } from '../util/color.js';
import { didYouMean } from '../util/suggest.js';
import { shippedFailOn, today } from '../check.js';

export { COMMON_OPTIONS, LIMIT_FLAG_OPTIONS, UsageError, type IO, type OptionSpec } from './io.js';
import { UsageError, type IO, type OptionSpec } from './io.js';

export const LIMITS_HELP = `      --max-file-size N largest site file read, in bytes; k/m suffixes allowed (default: 1m)
      --max-total-size N most bytes read across all site files (default: 512m)
      --max-files N     most site files read (default: ${DEFAULT_LIMITS.maxFiles})
      --max-documents N most YAML documents in one file (default: ${DEFAULT_LIMITS.maxDocuments})
      --max-depth N     deepest nesting of mappings and lists (default: ${DEFAULT_LIMITS.maxDepth})
      --max-aliases N   most YAML aliases (*name) in one document (default: ${DEFAULT_LIMITS.maxAliases})
      --max-string-length N  longest text value or key, in characters (default: ${DEFAULT_LIMITS.maxStringLength})
                        (see SECURITY.md for what each limit guards against)
      --follow-symlinks follow symbolic links that lead outside the paths named (by
                        default such a link is an input error, never followed or read;
                        links that stay inside the paths named are followed)
      --allow-empty     accept a folder that holds no site files (by default: exit 2,
                        "no site files under PATH")`;


export const COMMON_HELP = `Options:
  -f, --format FORMAT   output format: ${FORMAT_NAMES.join(', ')} (default: text)
      --as-of DATE      evaluation date, YYYY-MM-DD (default: today)
      --params FILE     override rule parameters (YAML: name: value)
      --rules DIR       use another rules folder (default: the rules shipped with sitecheck)
      --fail-on LIST    what makes the exit code 1: comma-separated from
                        ${shippedFailOn().values.join(', ')}, or none
                        (default: ${shippedFailOn().defaults.join(',')}; the finding kinds
                        and the default come from the obligation rules)
${LIMITS_HELP}
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

/** Parse --fail-on against the kinds the rules define (the shipped rules unless `spec` is given). */
export function failOnOption(value: string | undefined, spec: FailOnSpec = shippedFailOn()): FailOn[] {
  const FAIL_ON_VALUES = spec.values;
  if (value === undefined) return [...spec.defaults];
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

/** The limit flags' values, as parsed from COMMON_OPTIONS. */
interface LimitValues {
  readonly 'max-file-size'?: string;
  readonly 'max-documents'?: string;
  readonly 'max-depth'?: string;
  readonly 'max-aliases'?: string;
  readonly 'max-string-length'?: string;
  readonly 'max-files'?: string;
  readonly 'max-total-size'?: string;
  readonly 'follow-symlinks'?: boolean;
  readonly 'allow-empty'?: boolean;
}

export const LIMIT_OPTIONS: readonly { flag: Exclude<keyof LimitValues, 'follow-symlinks' | 'allow-empty'>; key: keyof Limits; bytes: boolean; max: number }[] = [
  { flag: 'max-file-size', key: 'maxFileSize', bytes: true, max: 1024 ** 3 },
  { flag: 'max-total-size', key: 'maxTotalSize', bytes: true, max: 64 * 1024 ** 3 },
  { flag: 'max-files', key: 'maxFiles', bytes: false, max: 10_000_000 },
  { flag: 'max-documents', key: 'maxDocuments', bytes: false, max: 10_000_000 },
  { flag: 'max-depth', key: 'maxDepth', bytes: false, max: 100 },
  { flag: 'max-aliases', key: 'maxAliases', bytes: false, max: 100_000 },
  { flag: 'max-string-length', key: 'maxStringLength', bytes: false, max: 100_000_000 },
];

/** The input limits from the parsed --max-* flags (defaults for those not given). */
export function limitsOption(given: LimitValues): Limits {
  const out: Record<string, number | boolean> = { ...DEFAULT_LIMITS };
  if (given['follow-symlinks']) out.followSymlinks = true;
  if (given['allow-empty']) out.allowEmpty = true;
  for (const { flag, key, bytes, max } of LIMIT_OPTIONS) {
    const raw = given[flag];
    if (raw === undefined) continue;
    const m = (bytes ? /^(\d+)([kKmMgG]?)$/ : /^(\d+)$/).exec(raw.trim());
    if (!m) {
      throw new UsageError(bytes
        ? `--${flag} takes a number of bytes, optionally with k, m or g (such as 4m), not "${raw}"`
        : `--${flag} takes a whole number, not "${raw}"`);
    }
    const unit = (m[2] ?? '').toLowerCase();
    const n = Number(m[1]) * (unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1);
    if (n < 1 || n > max) throw new UsageError(`--${flag} must be between 1 and ${max}${bytes ? ' bytes' : ''}, not "${raw}"`);
    out[key] = n;
  }
  return out as unknown as Limits;
}

export function colorsFor(io: IO, noColor: boolean | undefined): Colors {
  return colors(colorWanted(io.stdout, noColor === true, io.env));
}
