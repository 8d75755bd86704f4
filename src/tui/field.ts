// A one-line text box: the text and a cursor (in characters, not UTF-16 units). ← → move the
// cursor, typing inserts at it, Backspace deletes before it and Ctrl-D at it; Home/End or Ctrl-A/E
// jump to the ends.

export interface Field {
  readonly text: string;
  readonly cursor: number;
}

export type EditOp =
  | { readonly type: 'insert'; readonly text: string }
  | { readonly type: 'backspace' }
  | { readonly type: 'delete' }
  | { readonly type: 'left' }
  | { readonly type: 'right' }
  | { readonly type: 'home' }
  | { readonly type: 'end' };

export const field = (text = ''): Field => ({ text, cursor: [...text].length });
export const EMPTY_FIELD: Field = { text: '', cursor: 0 };

export function editField(f: Field, op: EditOp): Field {
  const chars = [...f.text];
  const at = Math.min(Math.max(0, f.cursor), chars.length);
  switch (op.type) {
    case 'insert': {
      const add = [...op.text];
      return { text: [...chars.slice(0, at), ...add, ...chars.slice(at)].join(''), cursor: at + add.length };
    }
    case 'backspace':
      return at === 0 ? f : { text: [...chars.slice(0, at - 1), ...chars.slice(at)].join(''), cursor: at - 1 };
    case 'delete':
      return at >= chars.length ? f : { text: [...chars.slice(0, at), ...chars.slice(at + 1)].join(''), cursor: at };
    case 'left':
      return { text: f.text, cursor: Math.max(0, at - 1) };
    case 'right':
      return { text: f.text, cursor: Math.min(chars.length, at + 1) };
    case 'home':
      return { text: f.text, cursor: 0 };
    case 'end':
      return { text: f.text, cursor: chars.length };
  }
}

/** The text split at the cursor: before, the character under it (a space at the end), after. */
export function splitAtCursor(f: Field): [string, string, string] {
  const chars = [...f.text];
  const at = Math.min(Math.max(0, f.cursor), chars.length);
  return [chars.slice(0, at).join(''), chars[at] ?? ' ', chars.slice(at + 1).join('')];
}
