import { Text } from 'ink';
import { toneProps, useColor } from '../theme.js';

export interface FindingCountsProps {
  /** Each finding kind present, with its count. */
  readonly kinds: readonly (readonly [string, number])[];
  /** The kind the list is filtered by (f), if any. */
  readonly selected?: string;
}

/** "findings: 7 prohibited-equipment  3 removal-overdue (f filters)" */
export function FindingCounts({ kinds, selected }: FindingCountsProps) {
  const color = useColor();
  if (kinds.length === 0) return <Text dimColor wrap="truncate-end">findings: none</Text>;
  return (
    <Text wrap="truncate-end">
      findings:
      {kinds.map(([k, n]) => (
        <Text key={k} {...(k === selected ? { inverse: true } : toneProps('yellow', color))}>  {n} {k}{k === selected ? ' (shown)' : ''}</Text>
      ))}
      <Text dimColor>  (f filters)</Text>
    </Text>
  );
}
