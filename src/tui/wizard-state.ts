// The assessment wizard's state: the questions, the answers so far, the live verdict and the save.
// A plain reducer, tested without rendering. The verdict itself always comes from the core
// Evaluator (see hooks/use-live-verdict.ts); this file only records it.
import type { InputError, Outcome, SiteResult } from '../model.js';
import { DONT_KNOW, type AnswerValue, type Question } from './questions.js';

export type WizardStatus = 'editing' | 'saving' | 'saved' | 'confirm-leave';

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
  readonly savedTo?: string;
}

export type WizardAction =
  | { readonly type: 'input'; readonly text: string }
  | { readonly type: 'backspace' }
  | { readonly type: 'choice-move'; readonly delta: number }
  | { readonly type: 'choose'; readonly index: number }
  | { readonly type: 'accept' }
  | { readonly type: 'skip' }
  | { readonly type: 'back' }
  | { readonly type: 'evaluated'; readonly revision: number; readonly result?: SiteResult; readonly problems: readonly InputError[] }
  | { readonly type: 'save' }
  | { readonly type: 'save-failed'; readonly message: string }
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
    choice: 0,
    problems: [],
    status: 'editing',
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
  if (!q) return { ...base, input: state.mode === 'new' && state.file === '' ? defaultFile(state) : state.file };
  const prior = state.answers[q.path];
  if (q.kind === 'choice') {
    const at = q.choices!.findIndex((c) => c.value === prior);
    return { ...base, choice: at >= 0 ? at : 0, input: '' };
  }
  return { ...base, input: prior === undefined || prior === DONT_KNOW ? '' : String(prior) };
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
  return { ...state, answers, revision: state.revision + 1 };
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
  if (q.path === 'id' && !ID.test(t)) return { error: 'Use 1 to 64 letters, digits, dots, hyphens or underscores, starting with a letter or digit.' };
  return { value: t };
}

export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  if (state.status === 'saving' && action.type !== 'save-failed' && action.type !== 'saved' && action.type !== 'evaluated') return state;
  const q = currentQuestion(state);
  switch (action.type) {
    case 'input':
      if (q?.kind === 'choice') return state;
      return { ...state, input: state.input + action.text, inputError: undefined };
    case 'backspace':
      if (q?.kind === 'choice') return state;
      return { ...state, input: state.input.slice(0, -1), inputError: undefined };
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
      const missing = state.questions.find((x) => x.required && state.answers[x.path] === undefined);
      if (missing) return { ...enter(state, state.questions.indexOf(missing)), inputError: 'This is needed to save the site.' };
      if (state.mode === 'existing' && Object.keys(state.answers).length === 0) return { ...state, saveError: 'Nothing to save: no question has been answered.' };
      const file = onReview(state) && state.mode === 'new' ? state.input.trim() : state.file || defaultFile(state);
      if (file === '') return { ...state, saveError: 'Type the file to save to.' };
      if (state.mode === 'new' && !/\.ya?ml$/i.test(file)) return { ...state, saveError: 'The file name must end in .yaml or .yml, so that sitecheck reads it.' };
      return { ...state, file, status: 'saving', saveError: undefined };
    }
    case 'save-failed':
      // The answers stay exactly as they were: only the error is added.
      return { ...state, status: 'editing', saveError: action.message };
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
    if (v === undefined) continue;
    const segs = q.path.split('.');
    let cur = out;
    for (const seg of segs.slice(0, -1)) {
      const next = cur[seg];
      if (next === null || typeof next !== 'object' || Array.isArray(next)) cur[seg] = {};
      cur = cur[seg] as Record<string, unknown>;
    }
    cur[segs[segs.length - 1]!] = v;
  }
  return out;
}
