import { Text } from 'ink';
import { useColor } from '../theme.js';

export interface KeyBarProps {
  /** Pairs of key and what it does (made from the screen's key table: keymap.ts). */
  readonly keys: readonly (readonly [string, string])[];
  /** Work under way (reading, saving), shown first. */
  readonly status?: string;
}

/** The line of key hints at the foot of every screen. */
export function KeyBar({ keys, status }: KeyBarProps) {
  const color = useColor();
  return (
    <Text wrap="truncate-end">
      {status ? <Text {...(color ? { color: 'yellow' } : {})}>⏳ {status} │ </Text> : null}
      {keys.map(([k, what], i) => (
        <Text key={k}>
          {i > 0 ? '  ' : ''}
          <Text bold {...(color ? { color: 'cyan' } : {})}>{k}</Text> {what}
        </Text>
      ))}
    </Text>
  );
}
