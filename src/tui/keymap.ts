// Key bindings as data. Each screen (and each mode of a screen) has one table of bindings; the
// key handler, the footer and the `?` help are all made from that table, so help cannot list a
// key that does nothing or miss one that does something.
import type { Key } from 'ink';
import { widthOf } from './width.js';

/**
 * A key's name: 'up' 'down' 'left' 'right' 'pageup' 'pagedown' 'home' 'end' 'enter' 'esc' 'tab'
 * 'shift-tab' 'backspace' 'space' 'ctrl-l' (and other ctrl- letters), or the character typed.
 */
export function keyName(input: string, key: Partial<Key>): string {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'enter';
  if (key.escape) return 'esc';
  if (key.tab) return key.shift ? 'shift-tab' : 'tab';
  // Terminals send DEL (0x7f) for Backspace; Ink reports it as backspace or delete.
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl && /^[a-z]$/i.test(input)) return `ctrl-${input.toLowerCase()}`;
  if (input === ' ') return 'space';
  return input;
}

export type Run<A> = (name: string, input: string) => A | undefined;

export interface Binding<A> {
  /** Key names (see keyName); 'text' is any printable text, 'digit' the keys 1-9. */
  readonly keys: readonly string[];
  /** How the key is written in the footer and the help. */
  readonly label: string;
  /** What it does, for the help. */
  readonly does: string;
  /** Its short words in the footer; absent: listed only in the help. */
  readonly footer?: string;
  readonly run: Run<A>;
}

export const bind = <A>(keys: readonly string[], label: string, does: string, run: Run<A>, footer?: string): Binding<A> =>
  footer === undefined ? { keys, label, does, run } : { keys, label, does, run, footer };

/** The binding a key belongs to in a table, if any. */
export function findBinding<A>(table: readonly Binding<A>[], name: string, printable: boolean): Binding<A> | undefined {
  return table.find((b) => b.keys.includes(name))
    ?? (/^[1-9]$/.test(name) ? table.find((b) => b.keys.includes('digit')) : undefined)
    ?? (printable ? table.find((b) => b.keys.includes('text')) : undefined);
}

/**
 * The footer for a width: the table's footer entries in order, dropping the last ones until the
 * line fits, and always ending with `?` (which lists every key, those dropped included).
 */
export function footerFor<A>(table: readonly Binding<A>[], width: number): (readonly [string, string])[] {
  const wanted = table.filter((b) => b.footer !== undefined && !b.keys.includes('?')).map((b) => [b.label, b.footer!] as const);
  const help = table.find((b) => b.keys.includes('?'));
  const len = (items: readonly (readonly [string, string])[]): number => items.reduce((n, [k, w], i) => n + (i > 0 ? 2 : 0) + widthOf(k) + 1 + widthOf(w), 0);
  for (let n = wanted.length; n >= 0; n--) {
    const shown = wanted.slice(0, n);
    const tail = help ? [[help.label, n < wanted.length ? 'more keys' : help.footer ?? 'keys'] as const] : [];
    const items = [...shown, ...tail];
    if (len(items) <= width - 1 || n === 0) return items;
  }
  return [];
}
