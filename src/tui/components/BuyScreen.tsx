import { useMemo } from 'react';
import { Box, Text } from 'ink';
import type { Ruleset } from '../../rules/ruleset.js';
import { supplierMatcher } from '../../engine/findings.js';
import { VERDICT_SYMBOL, truncate } from '../../format/symbols.js';
import { EQUIPMENT_KINDS, KIND_LABEL, type BuyState } from '../buy-state.js';
import { answerLines } from '../buy-lines.js';
import { seg, wrapAll } from '../lines.js';
import type { SiteIndex } from '../site-index.js';
import { VERDICT_TONE } from '../site-lines.js';
import { KeyBar } from './KeyBar.js';
import { StyledLine } from './StyledLine.js';
import { ScrolledLines } from './ScrolledLines.js';

export interface BuyScreenProps {
  readonly state: BuyState;
  readonly index: SiteIndex;
  readonly ruleset: Ruleset;
  readonly completions: readonly string[];
  readonly width: number;
  readonly height: number;
}

/** "May I buy this?": site, manufacturer, kind, then the answer with its reasons. */
export function BuyScreen({ state, index, ruleset, completions, width, height }: BuyScreenProps) {
  const site = state.siteId !== undefined ? index.sites[index.indexOf(state.siteId)] : undefined;
  const matcher = useMemo(() => supplierMatcher(ruleset.suppliers, ruleset.supplierSuffixes), [ruleset]);
  const match = state.maker.trim() ? matcher(state.maker) : undefined;
  return (
    <Box flexDirection="column">
      <Text bold>May I buy this?</Text>
      <Text wrap="truncate-end">
        Site: {site ? `${site.id} ${site.name}` : '—'}{'   '}Manufacturer: {state.step === 'site' || (state.step === 'maker' && !state.maker) ? '—' : state.maker}
        {'   '}Kind: {state.step === 'answer' ? KIND_LABEL[EQUIPMENT_KINDS[state.kind]!] : '—'}
      </Text>
      <Text> </Text>
      {state.step === 'site' ? (
        <Box flexDirection="column">
          <Text>Which site? Type to search by id, name or organisation: <Text inverse>{state.query}▏</Text></Text>
          {state.rows.slice(state.list.top, state.list.top + state.height).map((i, k) => {
            const s = index.sites[i]!;
            return (
              <StyledLine
                key={i}
                inverse={state.list.top + k === state.list.cursor}
                line={[seg(state.list.top + k === state.list.cursor ? '› ' : '  '), seg(`${VERDICT_SYMBOL[s.verdict]} `, VERDICT_TONE[s.verdict]), seg(truncate(`${s.id}  ${s.name}${s.organisation ? `  (${s.organisation})` : ''}`, width - 6))]}
              />
            );
          })}
          {state.rows.length === 0 ? <Text>No site matches.</Text> : null}
        </Box>
      ) : null}
      {state.step === 'maker' ? (
        <Box flexDirection="column">
          <Text>Manufacturer: <Text inverse>{state.maker}▏</Text></Text>
          {completions.slice(0, 6).map((c, i) => (
            <Text key={c} inverse={i === state.completion}>{i === state.completion ? '› ' : '  '}{c}</Text>
          ))}
          <Text> </Text>
          {state.maker.trim() === '' ? (
            <Text dimColor>Type a name; Tab or ↑↓ picks a completion from the supplier register.</Text>
          ) : match ? (
            <StyledLine line={[seg('⚠ on the supplier register: ', 'yellow'), seg(match.name)]} />
          ) : (
            <Text>○ not on the supplier register (as typed)</Text>
          )}
          {state.error ? <StyledLine line={[seg(state.error, 'red')]} /> : null}
        </Box>
      ) : null}
      {state.step === 'kind' ? (
        <Box flexDirection="column">
          <Text>What kind of equipment?</Text>
          {EQUIPMENT_KINDS.map((k, i) => (
            <Text key={k} inverse={i === state.kind}>{i === state.kind ? '› ' : '  '}{i + 1}. {KIND_LABEL[k]}</Text>
          ))}
        </Box>
      ) : null}
      {state.step === 'answer' ? (
        state.error ? (
          <StyledLine line={[seg(`Could not answer: ${state.error}`, 'red')]} />
        ) : state.answer && site ? (
          <ScrolledLines moreHint="↓ PgDn" lines={wrapAll(answerLines(state.answer, site, state.maker, EQUIPMENT_KINDS[state.kind]!, ruleset), width - 1)} top={state.answerTop} height={Math.max(3, height - 6)} />
        ) : (
          <Text>Checking…</Text>
        )
      ) : null}
      <KeyBar
        keys={state.step === 'answer'
          ? [['Esc', 'change the kind'], ...(state.answer?.kind === 'cannot-say' ? [['w', 'answer the questions'] as const] : []), ['q', 'back'], ['?', 'keys']]
          : [['Enter', 'next'], ...(state.step === 'maker' ? [['Tab', 'complete'] as const] : []), ['Esc', 'back']]}
      />
    </Box>
  );
}
