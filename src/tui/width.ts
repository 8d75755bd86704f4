// Display width in terminal columns (CJK and emoji take two, combining marks none), so columns
// line up whatever the names are written in. string-width is the measure Ink itself uses.
import stringWidth from 'string-width';

export const widthOf = (s: string): number => stringWidth(s);

/** Cut `s` to at most `w` columns, ending in … when cut. */
export function truncateTo(s: string, w: number): string {
  if (w <= 0) return '';
  if (widthOf(s) <= w) return s;
  let out = '';
  let used = 0;
  for (const ch of s) {
    const cw = widthOf(ch);
    if (used + cw > w - 1) break;
    out += ch;
    used += cw;
  }
  return out + '…';
}

/** Text cut or padded with spaces to exactly `w` columns. */
export function cellOf(s: string, w: number): string {
  const t = truncateTo(s, w);
  return t + ' '.repeat(Math.max(0, w - widthOf(t)));
}
