import { Text } from 'ink';
import { useColor } from '../theme.js';

export interface KeyBarProps {
  /** Pairs of key and what it does. */
  readonly keys: readonly (readonly [string, string])[];
}

/** The line of key hints at the foot of a screen. */
export function KeyBar({ keys }: KeyBarProps) {
  const color = useColor();
  return (
    <Text wrap="truncate-end">
      {keys.map(([k, what], i) => (
        <Text key={k}>
          {i > 0 ? '  ' : ''}
          <Text bold {...(color ? { color: 'cyan' } : {})}>{k}</Text> {what}
        </Text>
      ))}
    </Text>
  );
}
