import { Text } from 'ink';
import type { Summary } from '../../model.js';
import { VERDICTS } from '../../model.js';
import { VERDICT_SYMBOL } from '../../format/symbols.js';
import { VERDICT_TONE } from '../site-lines.js';
import { toneProps, useColor } from '../theme.js';

export interface VerdictCountsProps {
  readonly summary: Summary;
}

/** "● 12 sensitive  ○ 30 not-sensitive  ? 5 undetermined  ⚠ 2 input errors" */
export function VerdictCounts({ summary }: VerdictCountsProps) {
  const color = useColor();
  return (
    <Text wrap="truncate-end">
      <Text bold>{summary.sites} sites</Text>
      {VERDICTS.map((v) => (
        <Text key={v} {...toneProps(VERDICT_TONE[v], color)}>  {VERDICT_SYMBOL[v]} {summary[v]} {v}</Text>
      ))}
      {summary.errors > 0 ? <Text {...toneProps('red', color)}>  ✖ {summary.errors} input error{summary.errors === 1 ? '' : 's'} (e)</Text> : null}
    </Text>
  );
}
