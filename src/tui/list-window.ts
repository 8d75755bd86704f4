// A cursor in a long list, shown through a window of `height` rows: only the rows in the window are
// ever rendered. Every operation here is O(1).

export interface ListWindow {
  readonly cursor: number;
  readonly top: number;
}

export const START: ListWindow = { cursor: 0, top: 0 };

/** Keep the cursor inside [0, length) and the window around the cursor. */
export function settle(w: ListWindow, length: number, height: number): ListWindow {
  const h = Math.max(1, height);
  const cursor = length === 0 ? 0 : Math.min(Math.max(0, w.cursor), length - 1);
  let top = Math.min(Math.max(0, w.top), Math.max(0, length - h));
  if (cursor < top) top = cursor;
  if (cursor >= top + h) top = cursor - h + 1;
  return cursor === w.cursor && top === w.top ? w : { cursor, top };
}

export function moveBy(w: ListWindow, delta: number, length: number, height: number): ListWindow {
  return settle({ ...w, cursor: w.cursor + delta }, length, height);
}

export function moveTo(w: ListWindow, cursor: number, length: number, height: number): ListWindow {
  return settle({ ...w, cursor }, length, height);
}

/** Scroll a text view (no cursor): the top line, kept within the text. */
export function scrollBy(top: number, delta: number, length: number, height: number): number {
  return Math.min(Math.max(0, top + delta), Math.max(0, length - Math.max(1, height)));
}
