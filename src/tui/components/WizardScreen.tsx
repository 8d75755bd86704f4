import { Box, Text } from 'ink';
import { VERDICT_SYMBOL } from '../../format/symbols.js';
import type { Ruleset } from '../../rules/ruleset.js';
import { seg, wrapLine, type Line } from '../lines.js';
import { DONT_KNOW, NO_JUDGEMENT } from '../questions.js';
import type { Recorder } from '../audit.js';
import { FieldText } from './FieldText.js';
import { completions, didYouMean } from '../buy-state.js';
import { ScrolledLines } from './ScrolledLines.js';
import { VERDICT_TONE } from '../site-lines.js';
import { currentQuestion, limbOutcome, onReview, settled, unanswered, type WizardState } from '../wizard-state.js';
import { StyledLine } from './StyledLine.js';

export interface WizardScreenProps {
  readonly state: WizardState;
  readonly ruleset: Ruleset;
  readonly width: number;
  readonly recorder?: Recorder;
  /** The change about to be written, as diff lines wrapped to the width. */
  readonly previewLines: readonly Line[];
  readonly previewHeight: number;
  /** Where the id being typed is already used, if it is. */
  readonly taken?: string;
}

const shown = (v: unknown): string => (v === true ? 'yes' : v === false ? 'no' : v === DONT_KNOW ? 'unknown (don’t know)' : v === NO_JUDGEMENT ? 'no judgement recorded (nothing written)' : String(v));

/** The assessment wizard: one question at a time, the live verdict, and the save. */
/** What the supplier register says about the manufacturer typed (completion, or did you mean). */
function registerHint(ruleset: Ruleset, typed: string): Line {
  const names = completions(ruleset.suppliers, typed);
  if (names.length) return [seg('⚠ on the supplier register: ', 'yellow'), seg(names.slice(0, 3).join(', '))];
  const near = didYouMean(ruleset, typed);
  if (near.length) return [seg('? not on the register as typed — did you mean ', 'yellow'), seg(near.join(' or '), 'bold'), seg('?', 'yellow')];
  return [seg('○ not on the supplier register as typed', 'dim')];
}

export function WizardScreen({ state, ruleset, width, recorder, previewLines, previewHeight, taken }: WizardScreenProps) {
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
        {state.mode === 'new' ? 'Assess a new site' : state.addEquipment?.length ? `Record planned equipment at ${state.siteId}` : state.equipmentForm ? `${state.equipmentForm.type === 'add' ? 'Add an equipment item' : state.equipmentForm.type === 'edit' ? 'Edit an equipment item' : 'Remove an equipment item'} at ${state.siteId}` : `Answer the unknown facts of ${state.siteId}`}
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
      {state.status === 'preview' && state.plan ? (
        <Box flexDirection="column">
          <StyledLine line={[seg(`The change to ${state.plan.file}`, 'bold'), seg(state.plan.isNew ? ' (a new file)' : ' (every other line stays as written)', 'dim')]} />
          <ScrolledLines lines={previewLines} top={state.previewTop} height={previewHeight} />
          {state.plan.flags.slice(0, 4).map((f, i) => (
            <StyledLine key={f.line} line={[seg(`${i + 1}. `, 'bold'), seg(state.dropped.includes(f.line) ? '✖ dropped: ' : '⚠ kept on a changed fact — still true? ', state.dropped.includes(f.line) ? 'red' : 'yellow'), seg(`line ${f.line} (${f.path}): ${f.comment}`)]} />
          ))}
        </Box>
      ) : state.status === 'who' && state.who ? (
        <Box flexDirection="column">
          <Text bold>Before saving: who is recording these answers, and on what authority?</Text>
          <Text dimColor wrap="truncate-end">Asked once this session; written to assessment.by, assessment.on (today) and assessment.notes.</Text>
          <Text> </Text>
          <Text>{state.who.focus === 0 ? '› ' : '  '}Recorded by: {state.who.focus === 0 ? <FieldText field={{ text: state.who.by, cursor: state.who.cursor }} /> : state.who.by}</Text>
          <Text>{state.who.focus === 1 ? '› ' : '  '}On the authority of: {state.who.focus === 1 ? <FieldText field={{ text: state.who.authority, cursor: state.who.cursor }} /> : state.who.authority}</Text>
          {state.who.error ? <StyledLine line={[seg(state.who.error, 'red')]} /> : null}
        </Box>
      ) : state.status === 'saved' ? (
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
            <Text>› <FieldText field={{ text: state.input, cursor: state.cursor }} /></Text>
          )}
          {state.inputError ? <StyledLine line={[seg(state.inputError, 'red')]} /> : taken ? <StyledLine line={[seg(`⚠ already used at ${taken}: choose another id`, 'yellow')]} /> : null}
          {q.path.endsWith('.manufacturer') && state.input.trim() !== '' ? <StyledLine line={registerHint(ruleset, state.input)} /> : null}
          {q.quote ? (
            <Box flexDirection="column" marginTop={1}>
              {wrapLine([seg('The definition: ', 'dim'), seg(`“${q.quote}”`, 'cyan')], width - 1, 2).map((l, i) => <StyledLine key={i} line={l} />)}
              {q.source ? <StyledLine line={[seg(`  — ${q.source}`, 'dim')]} /> : null}
            </Box>
          ) : null}
        </Box>
      ) : (
        <Box flexDirection="column">
          {state.equipmentForm?.type === 'remove' ? (
            <Text wrap="truncate-end">Remove equipment: {state.equipmentForm.label}</Text>
          ) : state.addEquipment?.length ? (
            state.addEquipment.map((e) => <Text key={String(e.id)} wrap="truncate-end">Add equipment: {String(e.id)}  {String(e.kind)}, {String(e.manufacturer)}, {String(e.status)}</Text>)
          ) : state.questions.length === 0 ? <Text>Every fact the rules read is already known for this site: there is nothing to ask. Esc goes back.</Text> : <Text bold>Your answers</Text>}
          {state.questions.map((x) => (
            <Text key={x.path} wrap="truncate-end">  {x.path}: {state.answers[x.path] === undefined ? '(left out: not known)' : shown(state.answers[x.path])}</Text>
          ))}
          {state.mode === 'new' ? (
            <Text>Save as: <FieldText field={{ text: state.input, cursor: state.cursor }} /></Text>
          ) : (
            <Text wrap="truncate-end">Save into: {state.file} (every line you did not answer stays as written)</Text>
          )}
          <Text dimColor wrap="truncate-end">{recorder ? `Recorded by ${recorder.by} on the authority of ${recorder.authority}.` : 'Saving asks who records and on what authority, then shows the change.'}</Text>
        </Box>
      )}
      {state.saveError ? (
        <Box flexDirection="column" marginTop={1}>
          {wrap(`Not saved: ${state.saveError}`, 'red')}
          <Text>{state.conflict ? 'Your answers are kept. R reads the file again and re-applies them.' : 'Your answers are kept. Fix the problem and save again.'}</Text>
        </Box>
      ) : null}
      {state.status === 'saving' ? <Text>Saving…</Text> : state.status === 'preparing' ? <Text>Working out the change…</Text> : null}
    </Box>
  );
}
