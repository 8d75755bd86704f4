import { Text } from 'ink';
import type { Line } from '../lines.js';
import { toneProps, useColor } from '../theme.js';

export interface StyledLineProps {
  readonly line: Line;
  readonly inverse?: boolean;
}

/** One line of styled segments, cut to the width of the terminal. */
export function StyledLine({ line, inverse }: StyledLineProps) {
  const color = useColor();
  return (
    <Text wrap="truncate-end" inverse={inverse}>
      {line.length === 0 ? ' ' : line.map((s, i) => (
        <Text key={i} {...toneProps(s.tone, color)}>{s.text}</Text>
      ))}
    </Text>
  );
}
