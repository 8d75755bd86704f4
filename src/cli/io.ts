// What every command is given (its streams and environment), the usage error, and the option
// specs the commands share. Imports nothing heavy: main.ts and the early scan of `explain SITE_ID`
// (src/scale/walking-scan.ts) use it before the rest of the program is loaded.
import type { ParseArgsConfig } from 'node:util';

export class UsageError extends Error {}

export interface IO {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
}

/** Both ends must be a terminal: keys come from stdin, the screen goes to stdout. */
export function interactive(io: IO): boolean {
  return io.stdin?.isTTY === true && io.stdout.isTTY === true;
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** The input-limit flags, taken by every command that reads site files. */
export const LIMIT_FLAG_OPTIONS = {
  'max-file-size': { type: 'string' },
  'max-documents': { type: 'string' },
  'max-depth': { type: 'string' },
  'max-aliases': { type: 'string' },
  'max-string-length': { type: 'string' },
  'max-files': { type: 'string' },
  'max-total-size': { type: 'string' },
  'follow-symlinks': { type: 'boolean' },
  'allow-empty': { type: 'boolean' },
} as const satisfies OptionSpec;

export const COMMON_OPTIONS = {
  format: { type: 'string', short: 'f' },
  'as-of': { type: 'string' },
  params: { type: 'string' },
  rules: { type: 'string' },
  'fail-on': { type: 'string' },
  'no-color': { type: 'boolean' },
  ...LIMIT_FLAG_OPTIONS,
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpec;

/** The handling options, taken by every command that writes site results: check, explain, report, diff. */
export const HANDLING_OPTIONS = {
  marking: { type: 'string' },
  redact: { type: 'boolean' },
  'redact-ids': { type: 'boolean' },
} as const satisfies OptionSpec;

/** `explain`'s options: read once the command runs, and early by main.ts for its head start (walking-scan.ts). */
export const EXPLAIN_OPTIONS = { ...COMMON_OPTIONS, ...HANDLING_OPTIONS } as const satisfies OptionSpec;
