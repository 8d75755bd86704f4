import { Box, Text } from 'ink';
import { VERDICT_SYMBOL } from '../../format/symbols.js';
import type { Ruleset } from '../../rules/ruleset.js';
import { seg, wrapLine } from '../lines.js';
import { DONT_KNOW } from '../questions.js';
import { VERDICT_TONE } from '../site-lines.js';
import { currentQuestion, limbOutcome, onReview, settled, unanswered, type WizardState } from '../wizard-state.js';
import { KeyBar } from './KeyBar.js';
import { StyledLine } from './StyledLine.js';

export interface WizardScreenProps {
  readonly state: WizardState;
  readonly ruleset: Ruleset;
  readonly width: number;
}

const shown = (v: unknown): string => (v === true ? 'yes' : v === false ? 'no' : v === DONT_KNOW ? 'unknown (don’t know)' : String(v));

/** The assessment wizard: one question at a time, the live verdict, and the save. */
export function WizardScreen({ state, width }: WizardScreenProps) {
  const q = currentQuestion(state);
  const r = state.result;
  const met = r?.limbs.filter((l) => l.outcome === 'met').map((l) => l.limb) ?? [];
  const remaining = unanswered(state).length;
  const outcome = limbOutcome(state, q?.limb);
  const wrap = (text: string, tone?: Parameters<typeof seg>[1]) =>
    wrapLine([seg(text, tone)], width - 1, 2).map((l, i) => <StyledLine key={i} line={l} />);
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">
        {state.mode === 'new' ? 'Assess a new site' : `Answer the unknown facts of ${state.siteId}`}
        {'  '}<Text dimColor>{onReview(state) ? 'review and save' : `question ${state.step + 1} of ${state.questions.length}`}</Text>
      </Text>
      <StyledLine
        line={r
          ? [seg('Verdict so far: '), seg(`${VERDICT_SYMBOL[r.verdict]} ${r.verdict}`, VERDICT_TONE[r.verdict]), seg(met.length ? ` (limb ${met.join(', ')} met)` : r.verdict === 'undetermined' ? ` — still to settle: ${r.decidingFacts.join(', ')}` : ' (every limb not met)')]
          : state.problems.length
            ? [seg('Not yet a valid site: ', 'red'), seg(state.problems[0]!.message)]
            : [seg('Verdict so far: …')]}
      />
      {settled(state) && remaining > 0 && !onReview(state) && state.status === 'editing' ? (
        <StyledLine line={[seg('The verdict is settled: ', 'bold'), seg(`no answer still to come can change it. ${q?.kind === 'choice' ? 'Press s to save now' : 'Answer or skip (Tab) this one, then press s to save'}, or carry on (${remaining} left).`)]} />
      ) : null}
      <Text> </Text>
      {state.status === 'saved' ? (
        <Box flexDirection="column">
          <StyledLine line={[seg('✔ Saved ', 'green'), seg(`to ${state.savedTo}.`)]} />
          <Text>The inventory has been read again with it. Press Enter to go back.</Text>
        </Box>
      ) : state.status === 'confirm-leave' ? (
        <Text>Leave without saving? Your answers will be lost. <Text bold>y</Text> leave / <Text bold>n</Text> stay</Text>
      ) : q ? (
        <Box flexDirection="column">
          {q.limb !== undefined ? (
            <StyledLine line={[seg(`Limb ${q.limb}: ${q.title}`, 'bold'), ...(outcome && outcome !== 'unknown' ? [seg(`  (already ${outcome}: this answer cannot change it)`, 'dim')] : [])]} />
          ) : null}
          {wrap(q.prompt)}
          {q.kind === 'choice' ? (
            q.choices!.map((c, i) => (
              <Text key={String(c.value)} inverse={i === state.choice}>{i === state.choice ? '› ' : '  '}{i + 1}. {c.label}</Text>
            ))
          ) : (
            <Text>› <Text inverse>{state.input}▏</Text></Text>
          )}
          {state.inputError ? <StyledLine line={[seg(state.inputError, 'red')]} /> : null}
          {q.quote ? (
            <Box flexDirection="column" marginTop={1}>
              {wrapLine([seg('The definition: ', 'dim'), seg(`“${q.quote}”`, 'cyan')], width - 1, 2).map((l, i) => <StyledLine key={i} line={l} />)}
              {q.source ? <StyledLine line={[seg(`  — ${q.source}`, 'dim')]} /> : null}
            </Box>
          ) : null}
        </Box>
      ) : (
        <Box flexDirection="column">
          {state.questions.length === 0 ? <Text>Every fact the rules read is already known for this site: there is nothing to ask. Esc goes back.</Text> : <Text bold>Your answers</Text>}
          {state.questions.map((x) => (
            <Text key={x.path} wrap="truncate-end">  {x.path}: {state.answers[x.path] === undefined ? '(left out: not known)' : shown(state.answers[x.path])}</Text>
          ))}
          {state.mode === 'new' ? (
            <Text>Save as: <Text inverse>{state.input}▏</Text></Text>
          ) : (
            <Text>Save into: {state.file} (comments and layout kept)</Text>
          )}
        </Box>
      )}
      {state.saveError ? (
        <Box flexDirection="column" marginTop={1}>
          {wrap(`Not saved: ${state.saveError}`, 'red')}
          <Text>Your answers are kept. Fix the problem and save again.</Text>
        </Box>
      ) : null}
      {state.status === 'saving' ? <Text>Saving…</Text> : null}
      <KeyBar
        keys={state.status === 'saved'
          ? [['Enter', 'back'], ['?', 'keys']]
          : onReview(state)
          ? [['Enter', 'save'], ['←', 'previous'], ['Esc', 'leave']]
          : q?.kind === 'choice'
            ? [['↑↓ 1-9', 'choose'], ['Enter', 'next'], ['Tab', 'skip'], ['←', 'previous'], ...(settled(state) ? [['s', 'save now'] as const] : []), ['?', 'keys'], ['Esc', 'leave']]
            : [['Enter', 'next'], ['Tab', 'skip'], ['←', 'previous'], ['Esc', 'leave']]}
      />
    </Box>
  );
}
