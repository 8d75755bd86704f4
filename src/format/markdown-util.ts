// Markdown helpers for text that comes from site files (hostile input): escaped so that a site
// name can never open a link, an HTML tag, a table column or a heading, never start a line of its
// own (oneLine), and never make GitHub link or ping anything: bare URLs, www. addresses, e-mail
// addresses, @mentions and #references get a zero-width joiner (U+200D) where the autolinker and
// the mention and reference parsers would otherwise match, so they show as written but link nobody.
import { oneLine } from './escape.js';

const HTML_ENT: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Escape text for Markdown inline content (also safe in a table cell): HTML-significant characters
 * become entities, inline Markdown punctuation is backslash-escaped, and so is anything that would
 * start a block (a heading, list, quote or rule) at the beginning of the text.
 */
export function mdText(s: unknown): string {
  return unlink(oneLine(s)
    .replace(/[\\`*_[\]|~]/g, (ch) => `\\${ch}`)
    .replace(/[&<>]/g, (ch) => HTML_ENT[ch]!)
    .replace(/^(\s*)([#+\-=]|\d+(?=[.)]))/, (_m, sp: string, lead: string) => (/^\d/.test(lead) ? `${sp}${lead}\\` : `${sp}\\${lead}`)));
}

const ZWJ = '\u200d';

/**
 * Break what GitHub would turn into a link or a notification: `@name` (mentions, team mentions,
 * e-mail addresses), `#12` and `GH-12` (references), `scheme://` and `mailto:`/`xmpp:` (the GFM
 * autolink extension), and `www.` (its www autolink). Text that is already a code span needs none.
 */
function unlink(s: string): string {
  return s
    .replace(/([@#])(?=[\p{L}\p{N}_])/gu, `$1${ZWJ}`)
    .replace(/\b(GH)-(?=\d)/gi, `$1${ZWJ}-`)
    .replace(/([\p{L}\p{N}+.-]):(?=\/\/)/gu, `$1:${ZWJ}`)
    .replace(/\b(mailto|xmpp):/gi, `$1:${ZWJ}`)
    .replace(/\b(www)\./gi, `$1${ZWJ}.`);
}

/** Text inside a code span: backticks cannot be escaped there, so the span is fenced by more of them. */
export function mdCode(s: unknown): string {
  const text = oneLine(s).replace(/\|/g, '\\|');
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A link to a file (and line), under `base` when given (a repository blob URL), else relative. */
export function fileLink(file: string, line: number | undefined, base: string | undefined): string {
  const label = mdText(line ? `${file}:${line}` : file);
  const href = (base ?? '') + file.split('/').map(encodeURIComponent).join('/') + (line ? `#L${line}` : '');
  return `[${label}](${href.replace(/[()\s]/g, (c) => encodeURIComponent(c))})`;
}

/**
 * At most this many rows per table: a pull-request comment is limited to 65,536 characters, so a
 * change touching thousands of sites is summarised, with the rest left to the job log and the JSON output.
 */
const MAX_ROWS = 100;

/** The first MAX_ROWS items, and the note to print after the table when some were left out. */
export function capped<T>(items: readonly T[], noun: string): { shown: readonly T[]; note?: string } {
  if (items.length <= MAX_ROWS) return { shown: items };
  return { shown: items.slice(0, MAX_ROWS), note: `… and ${items.length - MAX_ROWS} more ${noun} (not shown; the text and JSON outputs list them all).` };
}

/**
 * capped() for rows that come one at a time: keeps the first MAX_ROWS rows (rendered only when
 * kept) and counts the rest, so a streamed output holds at most MAX_ROWS rows per table.
 */
export class CappedRows {
  private readonly kept: string[] = [];
  private n = 0;
  constructor(private readonly noun: string) {}
  add(row: () => string): void {
    if (this.n++ < MAX_ROWS) this.kept.push(row());
  }
  /** How many rows were added (kept or not). */
  get count(): number {
    return this.n;
  }
  get shown(): readonly string[] {
    return this.kept;
  }
  /** The note to print after the table when some were left out (as capped() words it). */
  get note(): string | undefined {
    return this.n <= MAX_ROWS ? undefined : `… and ${this.n - MAX_ROWS} more ${this.noun} (not shown; the text and JSON outputs list them all).`;
  }
}
