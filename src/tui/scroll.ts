// One scroll model for every long screen (the site, the buy answer, the input errors, the change
// preview, the help): ↑↓ (j k) a line, PgUp PgDn (Space) a page, g G (Home End) the ends. The top
// line is always kept within the text: past the end there is nothing to scroll back from.

export type ScrollHow = 'up' | 'down' | 'pageup' | 'pagedown' | 'home' | 'end';

export function scrollTo(top: number, how: ScrollHow, lines: number, height: number): number {
  const h = Math.max(1, height);
  const max = Math.max(0, lines - h);
  const page = Math.max(1, h - 1);
  const next = how === 'up' ? top - 1 : how === 'down' ? top + 1 : how === 'pageup' ? top - page : how === 'pagedown' ? top + page : how === 'home' ? 0 : max;
  return Math.min(Math.max(0, next), max);
}

/** Keep a top line within the text (after a resize, or when the text got shorter). */
export const clampTop = (top: number, lines: number, height: number): number => Math.min(Math.max(0, top), Math.max(0, lines - Math.max(1, height)));
