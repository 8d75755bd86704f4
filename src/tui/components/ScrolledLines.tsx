import { Box, Text } from 'ink';
import type { Line } from '../lines.js';
import { StyledLine } from './StyledLine.js';

export interface ScrolledLinesProps {
  readonly lines: readonly Line[];
  /** First line wanted; kept within the text. */
  readonly top: number;
  readonly height: number;
  /** How to scroll further, shown when there is more below. */
  readonly moreHint?: string;
}

/** A window of `height` lines onto a longer text, with a note of how much more there is. */
export function ScrolledLines({ lines, top, height, moreHint }: ScrolledLinesProps) {
  const from = Math.min(Math.max(0, top), Math.max(0, lines.length - height));
  const shown = lines.slice(from, from + height);
  const more = lines.length - from - shown.length;
  return (
    <Box flexDirection="column">
      {shown.map((l, i) => <StyledLine key={from + i} line={l} />)}
      <Text dimColor wrap="truncate-end">{more > 0 ? `↓ ${more} more line${more === 1 ? '' : 's'}${moreHint ? ` (${moreHint})` : ''}` : from > 0 ? '(end)' : ' '}</Text>
    </Box>
  );
}
