import { Box, Text } from 'ink';
import type { Screen } from '../app-state.js';
import type { Line } from '../lines.js';
import { ScrolledLines } from './ScrolledLines.js';

export interface HelpOverlayProps {
  /** The keys of the screen under the help, made from its key table (so it lists exactly the live keys). */
  readonly lines: readonly Line[];
  readonly top: number;
  readonly height: number;
  readonly screen: Screen;
}

const TITLE: Record<Screen, string> = { inventory: 'the inventory', site: 'a site', buy: '“May I buy this?”', wizard: 'the assessment' };

/** The keys of the current screen. */
export function HelpOverlay({ lines, top, height, screen }: HelpOverlayProps) {
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold wrap="truncate-end">Keys on {TITLE[screen]}  <Text dimColor>(Ctrl-C quits at any time)</Text></Text>
      <ScrolledLines lines={lines} top={top} height={height - 1} />
    </Box>
  );
}
