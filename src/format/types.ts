import type { FailOn, Report } from '../model.js';
import type { Ruleset } from '../rules/ruleset.js';
import type { Colors } from '../util/color.js';

/** What a formatter may read besides the report: never anything that re-evaluates a site. */
export interface FormatContext {
  readonly colors: Colors;
  readonly ruleset: Ruleset;
  readonly failOn: readonly FailOn[];
  /** Where links to site files point in Markdown (a repository blob URL ending in /); relative when absent. */
  readonly linkBase?: string;
  /** The protective marking this output carries (--marking; see src/handling/marking.ts), or none. */
  readonly marking?: string;
}

/** Where a formatter writes its output, chunk by chunk, in order. */
export interface Sink {
  write(chunk: string): void;
}

/**
 * One output format: the report in, the output written to `out` in chunks as it is made (never
 * built as one string), so that memory stays flat however many sites there are.
 */
export type Formatter = (report: Report, ctx: FormatContext, out: Sink) => void;

/** A sink that keeps lines: `push` writes each line and a newline; `length` counts the lines so far. */
export interface LineSink {
  push(...lines: string[]): void;
  readonly length: number;
}

export function lineSink(out: Sink): LineSink {
  let n = 0;
  return {
    push(...lines: string[]) {
      for (const l of lines) out.write(l + '\n');
      n += lines.length;
    },
    get length() {
      return n;
    },
  };
}

/** A formatter's whole output as one string (for tests and small outputs). */
export function renderToString(format: Formatter, report: Report, ctx: FormatContext): string {
  const parts: string[] = [];
  format(report, ctx, { write: (chunk) => void parts.push(chunk) });
  return parts.join('');
}
