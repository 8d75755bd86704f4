// Styled lines of text for the TUI's scrolling views, and word wrapping that keeps the styles.
// A line is a list of segments; each segment has a tone that the renderer maps to a colour (or to
// nothing, under NO_COLOR). Meaning never rests on the tone alone: the words and symbols carry it.

export type Tone = 'plain' | 'red' | 'green' | 'yellow' | 'cyan' | 'bold' | 'dim';

export interface Segment {
  readonly text: string;
  readonly tone?: Tone;
}

export type Line = readonly Segment[];

export const seg = (text: string, tone?: Tone): Segment => (tone ? { text, tone } : { text });

export function lineText(line: Line): string {
  return line.map((s) => s.text).join('');
}

/**
 * Wrap a line to `width` columns at spaces, continuing with `indent` spaces (or the line's own
 * leading spaces, plus two). Words longer than the width are split.
 */
export function wrapLine(line: Line, width: number, indent?: number): Line[] {
  const w = Math.max(8, width);
  if (lineText(line).length <= w) return [line];
  const lead = indent ?? Math.min(w - 4, (/^ */.exec(lineText(line))?.[0].length ?? 0) + 2);
  const out: Segment[][] = [];
  let cur: Segment[] = [];
  let len = 0;
  const push = (text: string, tone?: Tone): void => {
    if (text === '') return;
    const last = cur[cur.length - 1];
    if (last && last.tone === tone) cur[cur.length - 1] = seg(last.text + text, tone);
    else cur.push(seg(text, tone));
    len += text.length;
  };
  const newline = (): void => {
    out.push(cur);
    cur = [];
    len = 0;
    push(' '.repeat(lead));
  };
  for (const s of line) {
    // Words with the spaces before them.
    for (const token of s.text.match(/\s*\S+|\s+/g) ?? []) {
      let t = token;
      if (len + t.length > w && len > lead) {
        newline();
        t = t.trimStart();
      }
      while (len + t.length > w) {
        const room = Math.max(1, w - len);
        push(t.slice(0, room), s.tone);
        t = t.slice(room);
        newline();
      }
      push(t, s.tone);
    }
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

export function wrapAll(lines: readonly Line[], width: number): Line[] {
  return lines.flatMap((l) => wrapLine(l, width));
}
