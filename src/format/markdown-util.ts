// Markdown helpers for text that comes from site files (hostile input): escaped so that a site
// name can never open a link, an HTML tag, a table column or a heading.

/** Escape text for inline Markdown (also safe inside a table cell). */
export function mdText(s: string): string {
  return s
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_[\]|<>&~]/g, (ch) => (ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch === '&' ? '&amp;' : `\\${ch}`));
}

/** Inline code that cannot be broken out of (backticks become a lookalike). */
export function mdCode(s: string): string {
  return '`' + s.replace(/[\r\n]+/g, ' ').replace(/`/g, 'ˋ').replace(/\|/g, '\\|') + '`';
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
export const MAX_ROWS = 100;

/** The first MAX_ROWS items, and the note to print after the table when some were left out. */
export function capped<T>(items: readonly T[], noun: string): { shown: readonly T[]; note?: string } {
  if (items.length <= MAX_ROWS) return { shown: items };
  return { shown: items.slice(0, MAX_ROWS), note: `… and ${items.length - MAX_ROWS} more ${noun} (not shown; the text, JSON and SARIF outputs list them all).` };
}
