// --marking TEXT: the protective marking an output carries. Lists of sensitive sites are withheld on
// security grounds, so reports (HTML, Markdown, the workbook) and --format markdown are marked
// OFFICIAL-SENSITIVE unless told otherwise (`--marking none` leaves the mark off); every other format
// is marked only when --marking is given. Where the mark goes, by format:
//   text, markdown, report .html/.md: a line at the top and at the bottom
//   json (check, explain, report .json): a top-level "marking" field, first
//   sarif: runs[0].properties.marking;  junit: a <property name="marking"> in every <testsuite>
//        (junit-10.xsd allows properties only there)
//   csv: a last column "marking" with the mark in every row (header included), so RFC 4180
//        parsers and spreadsheets read the file as before and the mark survives sorting and filtering
//   github: none. Workflow commands become annotations shown one by one beside the code; a mark
//        there would be repeated on every annotation and still not travel with the data. Redact
//        them (--redact) if the annotations would reach people who should not see the sites.
import type { Report } from '../model.js';
import type { Formatter, Sink, StreamingFormatter } from '../format/types.js';
import { UsageError } from '../cli/options.js';

export const DEFAULT_MARKING = 'OFFICIAL-SENSITIVE';

/** What the user asked for: a text, `none`, or nothing (each output's default). */
export type MarkingChoice = { readonly text: string } | 'none' | undefined;

/** Formats that carry the default marking when --marking is not given. */
const MARKED_BY_DEFAULT = new Set(['markdown', 'report-html', 'report-md', 'report-xlsx']);

export const MARKING_HELP = `      --marking TEXT    protective marking put at the top and bottom (text, Markdown, HTML), in a
                        "marking" field (JSON), the run properties (SARIF), a property (JUnit)
                        or a last column (CSV); default ${DEFAULT_MARKING} for Markdown and
                        reports, none elsewhere; --marking none leaves it off`;

export const MAX_MARKING = 64;

/** Parse --marking: one line of printable characters, at most 64; `none` leaves the mark off. */
export function markingOption(value: string | undefined): MarkingChoice {
  if (value === undefined) return undefined;
  if (value === 'none') return 'none';
  const text = value.trim();
  if (text === '') throw new UsageError('--marking needs a text, such as --marking OFFICIAL-SENSITIVE (or --marking none)');
  // Control and format characters (bidi overrides, zero-width), line and paragraph separators.
  const bad = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}]/u.exec(text);
  if (bad) {
    throw new UsageError(`--marking must be one line of printable characters; it holds U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} at character ${bad.index + 1}`);
  }
  if ([...text].length > MAX_MARKING) throw new UsageError(`--marking is at most ${MAX_MARKING} characters, not ${[...text].length}`);
  return { text };
}

/** The marking an output gets: the text asked for, else the default for this kind of output, else none. */
export function markingFor(output: string, choice: MarkingChoice): string | undefined {
  if (choice === 'none') return undefined;
  if (choice !== undefined) return choice.text;
  return MARKED_BY_DEFAULT.has(output) ? DEFAULT_MARKING : undefined;
}

/** The Report with its marking as the first field (as JSON writes it); the Report itself when none. */
export function markedJson(report: Report, marking: string | undefined): Report {
  return marking === undefined ? report : ({ marking, ...report } as unknown as Report);
}

/**
 * A formatter that puts the marking where its format carries it (see the top of this file):
 * around text and Markdown; json, sarif, junit and csv read ctx.marking themselves.
 */
export function withMarking(format: string, f: Formatter): Formatter {
  if (format !== 'text' && format !== 'markdown') return f;
  return (report, ctx, out) => {
    const m = ctx.marking;
    if (m === undefined) return f(report, ctx, out);
    const mark = markAround(format, m, out);
    f(report, ctx, mark.sink);
    mark.close();
  };
}

/** withMarking for a format written site by site: the line at the top is written before any site, the one at the bottom after the end. */
export function withMarkingStream(format: string, f: StreamingFormatter): StreamingFormatter {
  if (format !== 'text' && format !== 'markdown') return f;
  return (head, ctx, out) => {
    const m = ctx.marking;
    if (m === undefined) return f(head, ctx, out);
    const mark = markAround(format, m, out);
    const w = f(head, ctx, mark.sink);
    return {
      site: (site) => w.site(site),
      end(tail) {
        w.end(tail);
        mark.close();
      },
    };
  };
}

/** The marking line written to `out` now; `sink` for the output between; `close` writes the line at the bottom. */
function markAround(format: string, m: string, out: Sink): { sink: Sink; close(): void } {
  const line = format === 'markdown' ? `**${mdMarking(m)}**` : m;
  out.write(`${line}\n\n`);
  let last = '';
  return {
    sink: {
      write(chunk: string) {
        if (chunk !== '') last = chunk;
        out.write(chunk);
      },
    },
    close: () => out.write(`${last.endsWith('\n') ? '' : '\n'}\n${line}\n`),
  };
}

/** The marking as Markdown inline text: nothing in it can format, link or open a tag. */
export function mdMarking(m: string): string {
  return m.replace(/[\\`*_[\]|~#<>&!()]/g, (ch) => (ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch === '&' ? '&amp;' : `\\${ch}`));
}

/**
 * A sink for the streamed JSON report that puts `"marking": …` first in the top-level object: the
 * report's text always starts with "{\n" (JSON.stringify with an indent of 2), or with `{"` when
 * `compact` (--compact: JSON.stringify without indent).
 */
export function markStreamedJson<T extends { write(chunk: string | Uint8Array): unknown }>(out: T, marking: string | undefined, compact = false): T {
  if (marking === undefined) return out;
  let first = true;
  const open = compact ? '{' : '{\n';
  const field = compact ? `{"marking":${JSON.stringify(marking)},` : `{\n  "marking": ${JSON.stringify(marking)},\n`;
  const write = (chunk: string | Uint8Array): unknown => {
    if (!first) return out.write(chunk);
    first = false;
    const head = typeof chunk === 'string' ? chunk.slice(0, 2) : Buffer.from(chunk.subarray(0, 2)).toString('utf8');
    if (head !== (compact ? '{"' : '{\n')) throw new Error(`the JSON report does not start with ${JSON.stringify(compact ? '{"' : '{\n')}; cannot mark it`);
    if (typeof chunk === 'string') return out.write(field + chunk.slice(open.length));
    return out.write(Buffer.concat([Buffer.from(field, 'utf8'), chunk.subarray(open.length)]));
  };
  return new Proxy(out, {
    get(target, prop, receiver) {
      if (prop === 'write') return write;
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/** For sinks that only write strings (the formatters' Sink). */
export type { Sink };

/** An output already rendered as one string (diff, explain), marked as withMarking marks it. */
export function markText(format: string, text: string, marking: string | undefined): string {
  if (marking === undefined) return text;
  if (format === 'json') {
    if (!text.startsWith('{\n')) throw new Error('the JSON output does not start with "{\\n"; cannot mark it');
    return `{\n  "marking": ${JSON.stringify(marking)},\n${text.slice(2)}`;
  }
  if (format !== 'text' && format !== 'markdown') return text;
  const line = format === 'markdown' ? `**${mdMarking(marking)}**` : marking;
  return `${line}\n\n${text}${text.endsWith('\n') ? '' : '\n'}\n${line}\n`;
}

function htmlText(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/**
 * The HTML report with its marking: in the title, and a line at the top and the bottom of the page
 * (before the embedded provenance, which `verify` reads).
 */
export function markHtml(html: string, marking: string | undefined): string {
  if (marking === undefined) return html;
  const m = htmlText(marking);
  const line = `<p class="marking" role="note" aria-label="protective marking"><strong>${m}</strong></p>`;
  const body = html.indexOf('<body>');
  const end = html.lastIndexOf('<script type="application/json" id="sitecheck-provenance">');
  const close = end >= 0 ? end : html.lastIndexOf('</body>');
  if (body < 0 || close < 0) throw new Error('the HTML report has no <body>; cannot mark it');
  const at = body + '<body>'.length;
  return html.slice(0, at) + line + html.slice(at, close) + line + '\n' + html.slice(close);
}

const HTML_MARK = /^<p class="marking" role="note" aria-label="protective marking"><strong>([^<]*)<\/strong><\/p>/;

/**
 * The marking a report's text carries, for `verify` to render the report again the same way. What
 * it finds only decides how the fresh rendering is made; the texts must then still agree exactly.
 */
export function markingOfReport(kind: 'html' | 'md' | 'json', text: string, body?: { readonly marking?: unknown }): string | undefined {
  if (kind === 'json') return typeof body?.marking === 'string' ? body.marking : undefined;
  if (kind === 'html') {
    const at = text.indexOf('<body>');
    const m = at >= 0 ? HTML_MARK.exec(text.slice(at + '<body>'.length)) : null;
    return m ? m[1]!.replace(/&#(\d+);/g, (_x, n: string) => String.fromCharCode(Number(n))) : undefined;
  }
  const first = /^\*\*(.*)\*\*\n\n/.exec(text);
  return first ? first[1]!.replace(/\\(.)/g, '$1').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&') : undefined;
}

/** A rendered report (html, md or json) with its marking, as `sitecheck report` writes it. */
export function markReport(kind: 'html' | 'md' | 'json', text: string, marking: string | undefined): string {
  if (kind === 'html') return markHtml(text, marking);
  if (kind === 'json' || marking === undefined) return markText('json', text, marking);
  // Markdown: the bottom line goes before the provenance comment, which stays last.
  const line = `**${mdMarking(marking)}**`;
  const at = text.lastIndexOf('<!-- sitecheck-provenance\n');
  const body = at >= 0 ? text.slice(0, at) : text;
  const tail = at >= 0 ? text.slice(at) : '';
  return `${line}\n\n${body}${body.endsWith('\n') ? '' : '\n'}${body.endsWith('\n\n') ? '' : '\n'}${line}\n\n${tail}`;
}
