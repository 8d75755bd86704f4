import { Box, Text } from 'ink';
import type { Line } from '../lines.js';
import { KeyBar } from './KeyBar.js';
import { StyledLine } from './StyledLine.js';

export interface SiteScreenProps {
  /** The explanation, already wrapped to the width. */
  readonly lines: readonly Line[];
  readonly top: number;
  readonly height: number;
  readonly undetermined: boolean;
}

/** The rule-by-rule explanation of one site, scrolled a screenful at a time. */
export function SiteScreen({ lines, top, height, undetermined }: SiteScreenProps) {
  const shown = lines.slice(top, top + height);
  const more = lines.length - top - shown.length;
  return (
    <Box flexDirection="column">
      {shown.map((l, i) => <StyledLine key={top + i} line={l} />)}
      <Text dimColor wrap="truncate-end">{more > 0 ? `↓ ${more} more line${more === 1 ? '' : 's'}` : top > 0 ? '(end)' : ' '}</Text>
      <KeyBar keys={[['↑↓ PgUp PgDn', 'scroll'], ['b', 'may I buy?'], ...(undetermined ? [['w', 'answer the unknowns'] as const] : [['w', 'assess']] as const), ['?', 'keys'], ['q/Esc', 'back']]} />
    </Box>
  );
}
