import { Box, Text } from 'ink';
import type { Ruleset } from '../../rules/ruleset.js';
import { VERDICT_SYMBOL } from '../../format/symbols.js';
import { truncateTo } from '../width.js';
import { FieldText } from './FieldText.js';
import { didYouMean, registerFor, EQUIPMENT_KINDS, KIND_LABEL, type BuyState } from '../buy-state.js';
import { seg, type Line } from '../lines.js';
import type { SiteIndex } from '../site-index.js';
import { VERDICT_TONE } from '../site-lines.js';
import { StyledLine } from './StyledLine.js';
import { ScrolledLines } from './ScrolledLines.js';

export interface BuyScreenProps {
  readonly state: BuyState;
  readonly index: SiteIndex;
  readonly ruleset: Ruleset;
  readonly completions: readonly string[];
  readonly width: number;
  /** The answer, wrapped to the width. */
  readonly lines: readonly Line[];
  readonly answerHeight: number;
}

/** "May I buy this?": site, manufacturer, kind, then the answer with its reasons. */
export function BuyScreen({ state, index, ruleset, completions, width, lines, answerHeight }: BuyScreenProps) {
  const site = state.siteId !== undefined ? index.sites[index.indexOf(state.siteId)] : undefined;
  const match = state.maker.trim() ? registerFor(ruleset).matchSupplier(state.maker)?.supplier : undefined;
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
          <Text wrap="truncate-end">Which site? Type to search: <FieldText field={{ text: state.query, cursor: state.queryCursor }} /></Text>
          {state.rows.slice(state.list.top, state.list.top + state.height).map((i, k) => {
            const s = index.sites[i]!;
            return (
              <StyledLine
                key={i}
                inverse={state.list.top + k === state.list.cursor}
                line={[seg(state.list.top + k === state.list.cursor ? '› ' : '  '), seg(`${VERDICT_SYMBOL[s.verdict]} `, VERDICT_TONE[s.verdict]), seg(truncateTo(`${s.id}  ${s.name}${s.organisation ? `  (${s.organisation})` : ''}`, width - 6))]}
              />
            );
          })}
          {state.rows.length === 0 ? <Text>No site matches.</Text> : null}
        </Box>
      ) : null}
      {state.step === 'maker' ? (
        <Box flexDirection="column">
          <Text>Manufacturer: <FieldText field={{ text: state.maker, cursor: state.makerCursor }} /></Text>
          {completions.slice(0, 6).map((c, i) => (
            <Text key={c} inverse={i === state.completion}>{i === state.completion ? '› ' : '  '}{c}</Text>
          ))}
          <Text> </Text>
          {state.maker.trim() === '' ? (
            <Text dimColor>Type a name; Tab or ↑↓ picks a completion from the supplier register.</Text>
          ) : match ? (
            <StyledLine line={[seg('⚠ on the supplier register: ', 'yellow'), seg(match.name)]} />
          ) : (
            <StyledLine line={(() => {
              const near = didYouMean(ruleset, state.maker);
              return near.length ? [seg('? not on the supplier register as typed — did you mean ', 'yellow'), seg(near.join(' or '), 'bold'), seg('?', 'yellow')] : [seg('○ not on the supplier register as typed (at a sensitive site you will be asked to confirm who produced it)')];
            })()} />
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
          <ScrolledLines lines={lines} top={state.answerTop} height={answerHeight} />
        ) : (
          <Text>Checking…</Text>
        )
      ) : null}
    </Box>
  );
}
