import { Box, Text } from 'ink';
import type { Report } from '../../model.js';
import type { InventoryState } from '../inventory-state.js';
import type { SiteIndex } from '../site-index.js';
import { SORT_LABEL } from '../site-index.js';
import { SiteRow, cell, columnsFor } from './SiteRow.js';
import { VerdictCounts } from './VerdictCounts.js';
import { StyledLine } from './StyledLine.js';
import { ScrolledLines } from './ScrolledLines.js';
import { FieldText } from './FieldText.js';
import { FindingCounts } from './FindingCounts.js';
import { seg, type Line } from '../lines.js';

export interface InventoryScreenProps {
  readonly state: InventoryState;
  readonly index: SiteIndex;
  readonly report: Report;
  readonly width: number;
  /** A one-off message, shown in place of the search line. */
  readonly notice?: string;
  readonly quitAsk: boolean;
  readonly errorLines: readonly Line[];
  readonly errorsHeight: number;
  /** The inventory is still being read: the list is what has been evaluated so far. */
  readonly loading: boolean;
}

const FILTER_LABEL = { all: 'all verdicts', sensitive: 'sensitive only', 'not-sensitive': 'not-sensitive only', undetermined: 'undetermined only' } as const;

/** Every site, its verdict and the limbs met; filter, search and sort. Only the visible rows are rendered. */
export function InventoryScreen({ state, index, report, width, notice, quitAsk, errorLines, errorsHeight, loading }: InventoryScreenProps) {
  const columns = columnsFor(width, index.longestId);
  const visible = state.rows.slice(state.list.top, state.list.top + state.height);
  const position = state.rows.length === 0 ? '0 of 0' : `${state.list.cursor + 1} of ${state.rows.length}`;
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">sitecheck — sensitive sites (HL Deb 11 Sep 2023){'  '}<Text dimColor>as of {report.asOf}</Text></Text>
      <VerdictCounts summary={report.summary} />
      <FindingCounts kinds={index.findingKinds()} selected={state.kind} />
      {quitAsk ? (
        <StyledLine line={[seg('Quit sitecheck? ', 'bold'), seg('y quits, n (or Esc) stays.')]} />
      ) : notice !== undefined ? <StyledLine line={[seg(notice, notice.startsWith('Could not') ? 'red' : 'green')]} /> : <Text wrap="truncate-end">
        {state.searching ? <Text>/<FieldText field={{ text: state.query, cursor: state.queryCursor }} /></Text> : state.query ? <Text>search “{state.query}” (Esc clears)</Text> : <Text dimColor>/ to search</Text>}
        {'  '}showing {FILTER_LABEL[state.verdict]}{state.kind ? ` with ${state.kind}` : ''}, sorted by {SORT_LABEL[state.sort]}  {position}
      </Text>}
      {state.showErrors ? (
        <Box flexDirection="column">
          <Text bold wrap="truncate-end">{report.errors.length === 0 ? 'No input errors: every file was read.' : `${report.errors.length} input error${report.errors.length === 1 ? '' : 's'} — not read as sites:`}</Text>
          <ScrolledLines lines={errorLines} top={state.errorTop} height={errorsHeight} />
        </Box>
      ) : (
        <Box flexDirection="column">
          <Text bold wrap="truncate-end">
            {'  '}{cell('verdict', 16)}{cell('id', columns.id)} {cell('name', columns.name)} {cell('organisation', columns.organisation)} {cell('limbs', 8)}findings
          </Text>
          {visible.length === 0 ? (
            <Text>{loading ? 'Reading the inventory…' : index.size === 0 ? 'No sites found. Press w to record one.' : 'No site matches. Esc clears the search; a shows all verdicts.'}</Text>
          ) : (
            visible.map((i, k) => <SiteRow key={i} site={index.sites[i]!} selected={state.list.top + k === state.list.cursor} columns={columns} />)
          )}
        </Box>
      )}
    </Box>
  );
}
