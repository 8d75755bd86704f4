import type { FailOn, Report, SiteResult } from '../model.js';
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
 * built as one string), so that memory stays flat however many sites there are. Every Formatter
 * is `whole(streaming)`: the same code as the site-by-site path, so both give the same bytes.
 */
export type Formatter = (report: Report, ctx: FormatContext, out: Sink) => void;

/** What is known of a report before its first site: everything before "sites" in the Report. */
export type ReportHead = Pick<Report, 'tool' | 'rules' | 'asOf'>;

/** What is known only once every site is in: the input errors, what was skipped, the summary. */
export type ReportTail = Pick<Report, 'errors' | 'skipped' | 'summary'>;

/** A format being written site by site: `site` for each site in report order, then `end` once. */
export interface SiteWriter {
  site(site: SiteResult): void;
  end(tail: ReportTail): void;
}

/**
 * One output format written site by site (`sitecheck check` at any scale): begun with the report's
 * head, given each site as it is made, ended with the tail. What it keeps between sites is bounded
 * (counts, a capped number of rows) or spooled compressed (src/format/spool.ts), never the sites.
 */
export type StreamingFormatter = (head: ReportHead, ctx: FormatContext, out: Sink) => SiteWriter;

/** The whole-Report Formatter of a streaming one: the report's sites fed one by one. */
export function whole(format: StreamingFormatter): Formatter {
  return (report, ctx, out) => {
    const w = format(report, ctx, out);
    for (const site of report.sites) w.site(site);
    w.end(report);
  };
}

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
