import { Box, Text } from 'ink';
import type { Screen } from '../app-state.js';

export const HELP: Record<Screen, readonly (readonly [string, string])[]> = {
  inventory: [
    ['↑ ↓  j k', 'move; PgUp PgDn a page; g G (Home End) first and last'],
    ['Enter', 'open the site: why it is (or is not) sensitive, with the law quoted'],
    ['/', 'search by id, name or organisation (Enter keeps it, Esc clears it)'],
    ['a s n u', 'show all / sensitive / not-sensitive / undetermined sites'],
    ['o', 'sort: file order, verdict, id, name, organisation'],
    ['e', 'list the input errors (file and line)'],
    ['b', '“May I buy this?”'],
    ['w', 'record a new site, question by question'],
    ['r', 'read the files again'],
    ['q  Esc', 'quit'],
  ],
  site: [
    ['↑ ↓ PgUp PgDn', 'scroll (Space: a page down)'],
    ['b', '“May I buy this?” for this site'],
    ['w', 'answer the facts not yet known for this site'],
    ['q  Esc', 'back to the list'],
  ],
  buy: [
    ['type', 'search the sites, or type the manufacturer'],
    ['Tab  ↑ ↓', 'choose a completion from the supplier register'],
    ['1-4  ↑ ↓', 'choose the kind of equipment'],
    ['Enter', 'next step'],
    ['w', 'on “cannot say yet”: answer the questions that would settle it'],
    ['Esc', 'one step back; q on the answer: back'],
  ],
  wizard: [
    ['↑ ↓  1-9', 'choose an answer (“don’t know” is always there)'],
    ['Enter', 'accept the answer and go on'],
    ['Tab', 'skip the question (leave the fact out)'],
    ['←  Shift-Tab', 'previous question'],
    ['s', 'save now (when the verdict is settled)'],
    ['Esc', 'leave (asks first if you have answered anything)'],
  ],
};

export interface HelpOverlayProps {
  readonly screen: Screen;
}

/** The keys of the current screen. */
export function HelpOverlay({ screen }: HelpOverlayProps) {
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>Keys</Text>
      {HELP[screen].map(([k, what]) => (
        <Box key={k}>
          <Box width={16} flexShrink={0}><Text bold>{k}</Text></Box>
          <Box flexShrink={1}><Text>{what}</Text></Box>
        </Box>
      ))}
      <Text> </Text>
      <Text wrap="truncate-end">Any key closes this. Ctrl-C quits at any time.</Text>
    </Box>
  );
}
