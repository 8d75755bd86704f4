// The assessment wizard's state: the questions, the answers so far, the live verdict and the save.
// A plain reducer, tested without rendering. The verdict itself always comes from the core
// Evaluator (see hooks/use-live-verdict.ts); this file only records it.
import type { InputError, Outcome, SiteResult } from '../model.js';
import { DONT_KNOW, NO_JUDGEMENT, type AnswerValue, type Question } from './questions.js';
import { editField, type EditOp } from './field.js';
import { scrollTo, type ScrollHow } from './scroll.js';
import type { SavePlan } from './save-site.js';

/**
 * editing → (s / Enter on the review) → who (once a session: who records, on what authority) →
 * preparing (the file is read and the change worked out) → preview (the diff; Enter writes) →
 * saving → saved. A conflict or an error goes back to editing with every answer kept.
 */
export type WizardStatus = 'editing' | 'who' | 'preparing' | 'preview' | 'saving' | 'saved' | 'confirm-leave';

export interface WizardState {
  readonly mode: 'new' | 'existing';
  /** The site being assessed (existing mode). */
  readonly siteId?: string;
  /** Where the answers will be written. Editable on the last step for a new site ('' = the default). */
  readonly file: string;
  /** The folder a new site is saved in by default. */
  readonly dir?: string;
  readonly questions: readonly Question[];
  /** Index of the question shown; questions.length is the review-and-save step. */
  readonly step: number;
  readonly answers: Readonly<Record<string, AnswerValue>>;
  /** Bumped whenever the answers change, so a late evaluation of old answers is ignored. */
  readonly revision: number;
  /** What is being typed (text and number questions, and the file name on the last step). */
  readonly input: string;
  /** The cursor in `input` (characters). */
  readonly cursor: number;
  /** The highlighted choice (choice questions). */
  readonly choice: number;
  /** Why the typed answer was not accepted. */
  readonly inputError?: string;
  /** The live verdict of the answers so far, from the core Evaluator. */
  readonly result?: SiteResult;
  /** Why the answers so far do not make a valid site (from the schema checks). */
  readonly problems: readonly InputError[];
  readonly status: WizardStatus;
  readonly saveError?: string;
  /** The save failed because the file changed on disk: R reads it again and re-applies the answers. */
  readonly conflict?: boolean;
  readonly savedTo?: string;
  /** Asking who records and on what authority: the two boxes and which one is being typed in. */
  readonly who?: { readonly by: string; readonly authority: string; readonly focus: 0 | 1; readonly cursor: number; readonly error?: string };
  /** The change about to be written, and the lines of the comments the officer chose to drop. */
  readonly plan?: SavePlan;
  readonly dropped: readonly number[];
  readonly previewTop: number;
  /** Equipment items to add to the site (a buy answer recorded as a planned item). */
  readonly addEquipment?: readonly Readonly<Record<string, AnswerValue>>[];
  /** Editing the site's equipment: adding an item (its answers are `item.<field>`), or removing one. */
  readonly equipmentForm?: { readonly type: 'add' } | { readonly type: 'edit'; readonly index: number } | { readonly type: 'remove'; readonly index: number; readonly label: string };
}

export type WizardAction =
  | { readonly type: 'input'; readonly text: string }
  | { readonly type: 'backspace' }
  | { readonly type: 'edit'; readonly op: EditOp }
  | { readonly type: 'choice-move'; readonly delta: number }
  | { readonly type: 'choose'; readonly index: number }
  /** `taken`: where the id typed is already used (the id question refuses it). */
  | { readonly type: 'accept'; readonly taken?: string }
  | { readonly type: 'skip' }
  | { readonly type: 'back' }
  | { readonly type: 'evaluated'; readonly revision: number; readonly result?: SiteResult; readonly problems: readonly InputError[] }
  /** `recorder`: who records, when already given this session (the question is then not asked). */
  | { readonly type: 'save'; readonly recorded?: boolean }
  | { readonly type: 'who-edit'; readonly op: EditOp }
  | { readonly type: 'who-next' }
  | { readonly type: 'who-focus' }
  | { readonly type: 'planned'; readonly plan: SavePlan }
  | { readonly type: 'preview-scroll'; readonly how: ScrollHow; readonly lines: number; readonly height: number }
  | { readonly type: 'toggle-comment'; readonly index: number }
  | { readonly type: 'write' }
  | { readonly type: 'cancel-preview' }
  | { readonly type: 'reapply' }
  | { readonly type: 'save-failed'; readonly message: string; readonly conflict?: boolean }
  | { readonly type: 'saved'; readonly file: string }
  | { readonly type: 'leave-request' }
  | { readonly type: 'leave-cancel' };

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const MAX_COUNT = 10_000_000;

export function initialWizard(opts: {
  mode: 'new' | 'existing';
  questions: readonly Question[];
  file: string;
  dir?: string;
  siteId?: string;
  answers?: Readonly<Record<string, AnswerValue>>;
  addEquipment?: readonly Readonly<Record<string, AnswerValue>>[];
  equipmentForm?: WizardState['equipmentForm'];
}): WizardState {
  const base: WizardState = {
    mode: opts.mode,
    ...(opts.siteId !== undefined ? { siteId: opts.siteId } : {}),
    file: opts.file,
    ...(opts.dir !== undefined ? { dir: opts.dir } : {}),
    questions: opts.questions,
    step: 0,
    answers: opts.answers ?? {},
    revision: 0,
    input: '',
    cursor: 0,
    choice: 0,
    problems: [],
    status: 'editing',
    dropped: [],
    previewTop: 0,
    ...(opts.addEquipment ? { addEquipment: opts.addEquipment } : {}),
    ...(opts.equipmentForm ? { equipmentForm: opts.equipmentForm } : {}),
  };
  return enter(base, 0);
}

export function currentQuestion(state: WizardState): Question | undefined {
  return state.questions[state.step];
}

export function onReview(state: WizardState): boolean {
  return state.step >= state.questions.length;
}

/** Show question `step`, with its earlier answer (if any) ready to edit. */
function enter(state: WizardState, step: number): WizardState {
  const s = Math.min(Math.max(0, step), state.questions.length);
  const q = state.questions[s];
  const base = { ...state, step: s, inputError: undefined };
  if (!q) {
    const input = state.mode === 'new' && state.file === '' ? defaultFile(state) : state.file;
    return { ...base, input, cursor: [...input].length };
  }
  const prior = state.answers[q.path];
  if (q.kind === 'choice') {
    const at = q.choices!.findIndex((c) => c.value === prior);
    return { ...base, choice: at >= 0 ? at : 0, input: '', cursor: 0 };
  }
  const input = prior === undefined || prior === DONT_KNOW ? '' : String(prior);
  return { ...base, input, cursor: [...input].length };
}

/** A new site is saved as <folder>/<id>.yaml unless another file is typed. */
function defaultFile(state: WizardState): string {
  const id = state.answers.id;
  return typeof id === 'string' ? `${state.dir ?? '.'}/${id}.yaml` : '';
}

function setAnswer(state: WizardState, path: string, value: AnswerValue | undefined): WizardState {
  const answers = { ...state.answers };
  if (value === undefined) delete answers[path];
  else answers[path] = value;
  // A changed answer makes an earlier save error stale.
  return { ...state, answers, revision: state.revision + 1, saveError: undefined, conflict: undefined };
}

/** Check a typed answer: the value to record, undefined to leave the fact out, or an error. */
export function parseTyped(q: Question, typed: string): { value?: AnswerValue; error?: string } {
  const t = typed.trim();
  if (q.kind === 'count') {
    if (t === '' || /^(unknown|don'?t know|\?)$/i.test(t)) return { value: DONT_KNOW };
    if (!/^\d+$/.test(t) || Number(t) > MAX_COUNT) return { error: 'Type a whole number (0 or more), or leave it empty for “don’t know”.' };
    return { value: Number(t) };
  }
  if (t === '') return q.required ? { error: 'This is needed to save the site.' } : {};
  if (q.path === 'item.removal_due' && t !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(t)) return { error: 'A date as YYYY-MM-DD, or empty.' };
  if (q.path === 'id' && !ID.test(t)) return { error: 'Use 1 to 64 letters, digits, dots, hyphens or underscores, starting with a letter or digit.' };
  return { value: t };
}

export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  if ((state.status === 'saving' || state.status === 'preparing') && action.type !== 'save-failed' && action.type !== 'saved' && action.type !== 'evaluated' && action.type !== 'planned') return state;
  const q = currentQuestion(state);
  switch (action.type) {
    case 'input':
      return wizardReducer(state, { type: 'edit', op: { type: 'insert', text: action.text } });
    case 'backspace':
      return wizardReducer(state, { type: 'edit', op: { type: 'backspace' } });
    case 'edit': {
      if (q?.kind === 'choice') return state;
      const f = editField({ text: state.input, cursor: state.cursor }, action.op);
      // The error stays until the text changes (moving the cursor does not clear it).
      return f.text === state.input ? { ...state, cursor: f.cursor } : { ...state, input: f.text, cursor: f.cursor, inputError: undefined, saveError: onReview(state) ? undefined : state.saveError };
    }
    case 'choice-move': {
      if (q?.kind !== 'choice') return state;
      const n = q.choices!.length;
      return { ...state, choice: (state.choice + action.delta + n) % n };
    }
    case 'choose': {
      if (q?.kind !== 'choice' || action.index < 0 || action.index >= q.choices!.length) return state;
      return enter(setAnswer(state, q.path, q.choices![action.index]!.value), state.step + 1);
    }
    case 'accept': {
      if (!q) return wizardReducer(state, { type: 'save' });
      if (q.kind === 'choice') return enter(setAnswer(state, q.path, q.choices![state.choice]!.value), state.step + 1);
      const parsed = parseTyped(q, state.input);
      if (parsed.error) return { ...state, inputError: parsed.error };
      if (q.path === 'id' && action.taken !== undefined) return { ...state, inputError: `The id ${state.input.trim()} is already used at ${action.taken}; ids must be unique across the inventory.` };
      return enter(setAnswer(state, q.path, parsed.value), state.step + 1);
    }
    case 'skip':
      if (!q) return state;
      if (q.required) return { ...state, inputError: 'This is needed to save the site.' };
      return enter(setAnswer(state, q.path, undefined), state.step + 1);
    case 'back':
      if (state.step === 0) return state;
      return enter(onReview(state) && state.mode === 'new' ? { ...state, file: state.input.trim() === defaultFile(state) ? '' : state.input.trim() } : state, state.step - 1);
    case 'evaluated':
      if (action.revision !== state.revision) return state;
      return { ...state, result: action.result, problems: action.problems };
    case 'save': {
      if (state.status !== 'editing') return state;
      const missing = state.questions.find((x) => x.required && state.answers[x.path] === undefined);
      if (missing) return { ...enter(state, state.questions.indexOf(missing)), inputError: 'This is needed to save the site.' };
      if (state.mode === 'existing' && Object.keys(state.answers).length === 0 && !state.addEquipment?.length && state.equipmentForm?.type !== 'remove') return { ...state, saveError: 'Nothing to save: no question has been answered.' };
      const file = onReview(state) && state.mode === 'new' ? state.input.trim() : state.file || defaultFile(state);
      if (file === '') return { ...state, saveError: 'Type the file to save to.' };
      if (state.mode === 'new' && !/\.ya?ml$/i.test(file)) return { ...state, saveError: 'The file name must end in .yaml or .yml, so that sitecheck reads it.' };
      const next: WizardState = { ...state, file, saveError: undefined, conflict: undefined, plan: undefined, dropped: [], previewTop: 0 };
      return action.recorded ? { ...next, status: 'preparing' } : { ...next, status: 'who', who: { by: '', authority: '', focus: 0, cursor: 0 } };
    }
    case 'who-edit': {
      if (state.status !== 'who' || !state.who) return state;
      const key = state.who.focus === 0 ? 'by' : 'authority';
      const f = editField({ text: state.who[key], cursor: state.who.cursor }, action.op);
      return { ...state, who: { ...state.who, [key]: f.text, cursor: f.cursor, error: undefined } };
    }
    case 'who-focus': {
      if (state.status !== 'who' || !state.who) return state;
      const focus = state.who.focus === 0 ? 1 : 0;
      return { ...state, who: { ...state.who, focus, cursor: [...state.who[focus === 0 ? 'by' : 'authority']].length } };
    }
    case 'who-next': {
      if (state.status !== 'who' || !state.who) return state;
      const w = state.who;
      if (w.focus === 0) {
        if (w.by.trim() === '') return { ...state, who: { ...w, error: 'Type who is recording these answers (your name or post).' } };
        return { ...state, who: { ...w, focus: 1, cursor: [...w.authority].length, error: undefined } };
      }
      if (w.authority.trim() === '') return { ...state, who: { ...w, error: 'Type on what authority (a survey, a letter, a meeting…).' } };
      // The App remembers who for the rest of the session (see app-state.ts).
      return { ...state, status: 'preparing' };
    }
    case 'planned':
      if (state.status !== 'preparing') return state;
      return { ...state, status: 'preview', plan: action.plan, dropped: [], previewTop: 0 };
    case 'preview-scroll':
      return state.status === 'preview' ? { ...state, previewTop: scrollTo(state.previewTop, action.how, action.lines, action.height) } : state;
    case 'toggle-comment': {
      const flag = state.plan?.flags[action.index];
      if (state.status !== 'preview' || !flag) return state;
      const dropped = state.dropped.includes(flag.line) ? state.dropped.filter((l) => l !== flag.line) : [...state.dropped, flag.line];
      return { ...state, dropped };
    }
    case 'write':
      return state.status === 'preview' && state.plan ? { ...state, status: 'saving' } : state;
    case 'cancel-preview':
      return state.status === 'preview' || state.status === 'who' ? { ...state, status: 'editing', plan: undefined, who: undefined } : state;
    case 'reapply':
      // After the file was read again: work out the change again from the answers kept.
      return state.conflict ? { ...state, status: 'preparing', conflict: undefined, saveError: undefined, plan: undefined, dropped: [], previewTop: 0 } : state;
    case 'save-failed':
      // The answers stay exactly as they were: only the error is added.
      return { ...state, status: 'editing', saveError: action.message, plan: undefined, who: undefined, ...(action.conflict ? { conflict: true } : { conflict: undefined }) };
    case 'saved':
      return { ...state, status: 'saved', savedTo: action.file, saveError: undefined };
    case 'leave-request':
      return { ...state, status: 'confirm-leave' };
    case 'leave-cancel':
      return { ...state, status: 'editing' };
  }
}

/** Questions about facts (not the site's name) that have no answer yet. */
export function unanswered(state: WizardState): Question[] {
  return state.questions.filter((q) => q.limb !== undefined && state.answers[q.path] === undefined);
}

/** The live verdict is sensitive or not-sensitive: no answer still to come can change it. */
export function settled(state: WizardState): boolean {
  return state.result !== undefined && state.result.verdict !== 'undetermined';
}

/** The outcome, so far, of the limb a question belongs to. */
export function limbOutcome(state: WizardState, limb: number | undefined): Outcome | undefined {
  return limb === undefined ? undefined : state.result?.limbs.find((l) => l.limb === limb)?.outcome;
}

/** The answers as a nested plain object, in question order (`unknown` for "don't know"). */
export function answersAsData(questions: readonly Question[], answers: Readonly<Record<string, AnswerValue>>, base: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone(base);
  for (const q of questions) {
    const v = answers[q.path];
    // "No judgement recorded" writes nothing: a missing judgement is not a "no".
    if (v === undefined || v === NO_JUDGEMENT) continue;
    const segs = q.path.split('.');
    let cur = out;
    for (const seg of segs.slice(0, -1)) {
      const next = cur[seg];
      // A list (equipment) is walked by position (`equipment.0.status`); the clone is already ours.
      if (next === null || typeof next !== 'object' || (Array.isArray(next) && !/^\d+$/.test(segs[segs.indexOf(seg) + 1] ?? ''))) cur[seg] = {};
      cur = cur[seg] as Record<string, unknown>;
    }
    cur[segs[segs.length - 1]!] = v;
  }
  return out;
}
