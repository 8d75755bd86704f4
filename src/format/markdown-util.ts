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
