// Colour that degrades to plain text: every coloured word is also a word or symbol, so output reads
// the same without colour. Colour is off with NO_COLOR, --no-color, or when the stream is not a TTY.

export interface Colors {
  readonly enabled: boolean;
  readonly red: (s: string) => string;
  readonly green: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly cyan: (s: string) => string;
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const id = (s: string) => s;

export function colors(enabled: boolean): Colors {
  return enabled
    ? { enabled, red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39), cyan: wrap(36, 39), bold: wrap(1, 22), dim: wrap(2, 22) }
    : { enabled, red: id, green: id, yellow: id, cyan: id, bold: id, dim: id };
}

/** Should output to this stream be coloured? */
export function colorWanted(stream: { isTTY?: boolean }, noColorFlag: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  if (noColorFlag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}
