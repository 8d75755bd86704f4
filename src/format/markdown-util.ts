// Markdown helpers for text that comes from site files (hostile input): escaped so that a site
// name can never open a link, an HTML tag, a table column or a heading.

const HTML_ENT: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Escape text for Markdown inline content (also safe in a table cell): HTML-significant characters
 * become entities, inline Markdown punctuation is backslash-escaped, and so is anything that would
 * start a block (a heading, list, quote or rule) at the beginning of the text.
 */
export function mdText(s: unknown): string {
  return String(s)
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[\\`*_[\]|~]/g, (ch) => `\\${ch}`)
    .replace(/[&<>]/g, (ch) => HTML_ENT[ch]!)
    .replace(/^(\s*)([#+\-=]|\d+(?=[.)]))/, (_m, sp: string, lead: string) => (/^\d/.test(lead) ? `${sp}${lead}\\` : `${sp}\\${lead}`));
}

/** Text inside a code span: backticks cannot be escaped there, so the span is fenced by more of them. */
export function mdCode(s: unknown): string {
  const text = String(s).replace(/\r?\n|\r/g, ' ').replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((m) => m.length));
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
 * change touching thousands of sites is summarised, with the rest left to the job log and SARIF.
 */
const MAX_ROWS = 100;

/** The first MAX_ROWS items, and the note to print after the table when some were left out. */
export function capped<T>(items: readonly T[], noun: string): { shown: readonly T[]; note?: string } {
  if (items.length <= MAX_ROWS) return { shown: items };
  return { shown: items.slice(0, MAX_ROWS), note: `… and ${items.length - MAX_ROWS} more ${noun} (not shown; the text, JSON and SARIF outputs list them all).` };
}
