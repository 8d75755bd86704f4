import { Box } from 'ink';
import type { Line } from '../lines.js';
import { KeyBar } from './KeyBar.js';
import { ScrolledLines } from './ScrolledLines.js';

export interface SiteScreenProps {
  /** The explanation, already wrapped to the width. */
  readonly lines: readonly Line[];
  readonly top: number;
  readonly height: number;
  readonly undetermined: boolean;
}

/** The rule-by-rule explanation of one site, scrolled a screenful at a time. */
export function SiteScreen({ lines, top, height, undetermined }: SiteScreenProps) {
  return (
    <Box flexDirection="column">
      <ScrolledLines lines={lines} top={top} height={height} />
      <KeyBar keys={[['↑↓ PgUp PgDn', 'scroll'], ['b', 'may I buy?'], ...(undetermined ? [['w', 'answer the unknowns'] as const] : [['w', 'assess']] as const), ['?', 'keys'], ['q/Esc', 'back']]} />
    </Box>
  );
}
