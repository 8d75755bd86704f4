import { Box, Text } from 'ink';
import type { Report } from '../../model.js';
import type { InventoryState } from '../inventory-state.js';
import type { SiteIndex } from '../site-index.js';
import { SORT_LABEL } from '../site-index.js';
import { ErrorList } from './ErrorList.js';
import { KeyBar } from './KeyBar.js';
import { SiteRow, cell, columnsFor } from './SiteRow.js';
import { VerdictCounts } from './VerdictCounts.js';
import { StyledLine } from './StyledLine.js';
import { seg } from '../lines.js';

export interface InventoryScreenProps {
  readonly state: InventoryState;
  readonly index: SiteIndex;
  readonly report: Report;
  readonly width: number;
  /** A one-off message, shown in place of the search line. */
  readonly notice?: string;
}

const FILTER_LABEL = { all: 'all verdicts', sensitive: 'sensitive only', 'not-sensitive': 'not-sensitive only', undetermined: 'undetermined only' } as const;

/** Every site, its verdict and the limbs met; filter, search and sort. Only the visible rows are rendered. */
export function InventoryScreen({ state, index, report, width, notice }: InventoryScreenProps) {
  const columns = columnsFor(width, index.longestId);
  const visible = state.rows.slice(state.list.top, state.list.top + state.height);
  const position = state.rows.length === 0 ? '0 of 0' : `${state.list.cursor + 1} of ${state.rows.length}`;
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">sitecheck — sensitive sites (HL Deb 11 Sep 2023){'  '}<Text dimColor>as of {report.asOf}</Text></Text>
      <VerdictCounts summary={report.summary} />
      {notice !== undefined ? <StyledLine line={[seg(notice, notice.startsWith('Could not') ? 'red' : 'green')]} /> : <Text wrap="truncate-end">
        {state.searching ? <Text inverse>/{state.query}▏</Text> : state.query ? <Text>search “{state.query}” (Esc clears)</Text> : <Text dimColor>/ to search</Text>}
        {'  '}showing {FILTER_LABEL[state.verdict]}, sorted by {SORT_LABEL[state.sort]}  {position}
      </Text>}
      {state.showErrors ? (
        <ErrorList errors={report.errors} height={state.height + 1} width={width} top={state.errorTop} />
      ) : (
        <Box flexDirection="column">
          <Text bold wrap="truncate-end">
            {'  '}{'verdict'.padEnd(16)}{cell('id', columns.id)} {cell('name', columns.name)} {cell('organisation', columns.organisation)} limbs
          </Text>
          {visible.length === 0 ? (
            <Text>{index.size === 0 ? 'No sites found. Press w to record one.' : 'No site matches. Esc clears the search; a shows all verdicts.'}</Text>
          ) : (
            visible.map((i, k) => <SiteRow key={i} site={index.sites[i]!} selected={state.list.top + k === state.list.cursor} columns={columns} />)
          )}
        </Box>
      )}
      <KeyBar
        keys={state.searching
          ? [['Enter', 'keep'], ['Esc', 'clear'], ['↑↓', 'move']]
          : [['↑↓', 'move'], ['Enter', 'open'], ['/', 'search'], ['a s n u', 'filter'], ['o', 'sort'], ['b', 'may I buy?'], ['w', 'new site'], ['?', 'keys'], ['q', 'quit']]}
      />
    </Box>
  );
}
