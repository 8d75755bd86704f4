import { Box, Text } from 'ink';
import type { Line } from '../lines.js';
import { clampTop } from '../scroll.js';
import { StyledLine } from './StyledLine.js';

export interface ScrolledLinesProps {
  readonly lines: readonly Line[];
  /** First line wanted; kept within the text. */
  readonly top: number;
  readonly height: number;
}

/** A window of `height` lines onto a longer text, with a line saying how much more there is. */
export function ScrolledLines({ lines, top, height }: ScrolledLinesProps) {
  const from = clampTop(top, lines.length, height);
  const shown = lines.slice(from, from + height);
  const more = lines.length - from - shown.length;
  return (
    <Box flexDirection="column">
      {shown.map((l, i) => <StyledLine key={from + i} line={l} />)}
      <Text dimColor wrap="truncate-end">{more > 0 ? `↓ ${more} more line${more === 1 ? '' : 's'} (↓ PgDn Space G)` : from > 0 ? '(end)' : ' '}</Text>
    </Box>
  );
}
