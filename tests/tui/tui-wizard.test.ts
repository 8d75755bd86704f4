// The assessment wizard: questions from the rules and schema, the reducer, and the live verdict.
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/check.js';
import { Evaluator } from '../../src/engine/evaluate.js';
import { factQuestions, identityQuestions, type Question } from '../../src/tui/questions.js';
import { answersAsData, currentQuestion, initialWizard, onReview, settled, wizardReducer, type WizardAction, type WizardState } from '../../src/tui/wizard-state.js';
import { evaluateData } from '../../src/tui/ask.js';

const ruleset = loadRules();
const facts = factQuestions(ruleset);
const questions: Question[] = [...identityQuestions(), ...facts];

function run(state: WizardState, ...actions: WizardAction[]): WizardState {
  return actions.reduce(wizardReducer, state);
}

const fresh = (): WizardState => initialWizard({ mode: 'new', questions, file: '', dir: 'sites' });
const type = (text: string): WizardAction[] => [{ type: 'input', text }, { type: 'accept' }];

describe('wizard questions', () => {
  it('asks every fact the rules read, limb by limb, with the quoted definition as help', () => {
    expect(facts.map((q) => [q.limb, q.path])).toEqual([
      [1, 'classified_material.highest'],
      [1, 'classified_material.frequency'],
      [1, 'classified_material.routinely_held'],
      [2, 'vetting.significant'],
      [2, 'vetting.staff_total'],
      [2, 'vetting.developed_vetting'],
      [3, 'ministerial_use'],
      [4, 'government_location'],
      [4, 'socpa.designated'],
    ]);
    const limb1 = facts[0]!;
    expect(limb1.quote).toBe(ruleset.rules[0]!.citation.quote);
    expect(limb1.source).toContain('2023-09-11');
  });

  it('offers the schema’s answers in plain words, always with “don’t know”', () => {
    const highest = facts.find((q) => q.path === 'classified_material.highest')!;
    expect(highest.choices!.map((c) => c.label)).toEqual(['OFFICIAL', 'SECRET', 'TOP SECRET', 'don’t know']);
    const gov = facts.find((q) => q.path === 'government_location')!;
    expect(gov.choices!.map((c) => [c.label, c.value])).toEqual([['yes', true], ['no', false], ['don’t know', 'unknown']]);
    expect(facts.find((q) => q.path === 'vetting.staff_total')!.kind).toBe('count');
  });
});

describe('wizard reducer', () => {
  it('needs an id and a name, and checks the id’s form', () => {
    let s = run(fresh(), { type: 'accept' });
    expect(s.step).toBe(0);
    expect(s.inputError).toMatch(/needed/);
    s = run(s, ...type('bad id!'));
    expect(s.inputError).toMatch(/letters, digits/);
    expect(s.step).toBe(0);
    s = run(s, { type: 'backspace' }, { type: 'backspace' }, { type: 'backspace' }, { type: 'backspace' }, { type: 'accept' });
    expect(s.answers.id).toBe('bad');
    expect(currentQuestion(s)!.path).toBe('name');
    expect(run(s, { type: 'skip' }).inputError).toMatch(/needed/);
  });

  it('records choices, numbers and “don’t know” (as unknown), and goes back with the answer kept', () => {
    let s = run(fresh(), ...type('N-1'), ...type('New House'), { type: 'skip' });
    expect(s.answers.organisation).toBeUndefined();
    expect(currentQuestion(s)!.path).toBe('classified_material.highest');
    s = run(s, { type: 'choice-move', delta: 1 }, { type: 'accept' }); // SECRET
    s = run(s, { type: 'choose', index: 3 }); // frequency: don't know
    expect(s.answers).toMatchObject({ 'classified_material.highest': 'SECRET', 'classified_material.frequency': 'unknown' });
    expect(currentQuestion(s)!.path).toBe('classified_material.routinely_held');
    s = run(s, { type: 'skip' });
    s = run(s, { type: 'choose', index: 3 }); // significant: don't know whether a judgement was recorded
    s = run(s, ...type('12x'));
    expect(s.inputError).toMatch(/whole number/);
    s = run(s, { type: 'backspace' }, { type: 'accept' });
    expect(s.answers['vetting.staff_total']).toBe(12);
    s = run(s, { type: 'accept' }); // empty: don't know
    expect(s.answers['vetting.developed_vetting']).toBe('unknown');
    const back = run(s, { type: 'back' });
    expect(currentQuestion(back)!.path).toBe('vetting.developed_vetting');
    const back2 = run(back, { type: 'back' });
    expect(back2.input).toBe('12');
    expect(answersAsData(questions, s.answers)).toEqual({
      id: 'N-1',
      name: 'New House',
      classified_material: { highest: 'SECRET', frequency: 'unknown' },
      vetting: { significant: 'unknown', staff_total: 12, developed_vetting: 'unknown' },
    });
  });

  it('ignores a live verdict for answers that have since changed', () => {
    const s = run(fresh(), ...type('N-1'));
    const stale = run(s, { type: 'evaluated', revision: s.revision - 1, problems: [] , result: undefined });
    expect(stale).toBe(s);
  });

  it('keeps every answer when saving fails, with the error', () => {
    let s = run(fresh(), ...type('N-1'), ...type('New House'));
    s = run(s, { type: 'save', recorded: true });
    expect(s.status).toBe('preparing');
    expect(s.file).toBe('sites/N-1.yaml');
    const failed = run(s, { type: 'save-failed', message: 'disk full' });
    expect(failed.status).toBe('editing');
    expect(failed.saveError).toBe('disk full');
    expect(failed.answers).toEqual(s.answers);
    // While saving, keys change nothing.
    expect(run(s, { type: 'input', text: 'x' })).toBe(s);
  });

  it('reaches a review step that proposes <folder>/<id>.yaml and insists on a .yaml name', () => {
    let s = run(fresh(), ...type('N-2'), ...type('Two'), { type: 'skip' });
    while (!onReview(s)) s = run(s, { type: 'skip' });
    expect(s.input).toBe('sites/N-2.yaml');
    s = run(s, { type: 'backspace' }, { type: 'backspace' }, { type: 'backspace' }, { type: 'backspace' }, { type: 'input', text: 'txt' }, { type: 'accept' });
    expect(s.status).toBe('editing');
    expect(s.saveError).toMatch(/\.yaml/);
  });
});

describe('live verdict through the core Evaluator', () => {
  const evaluator = new Evaluator(ruleset);
  const verdictOf = async (s: WizardState) => {
    const { result, problems } = await evaluateData(evaluator, { id: 'x', name: 'x', ...answersAsData(questions, s.answers) }, 'new.yaml', '2026-11-22');
    return run(s, { type: 'evaluated', revision: s.revision, problems, ...(result ? { result } : {}) });
  };

  it('says the verdict is settled as soon as one limb is met', async () => {
    let s = run(fresh(), ...type('N-1'), ...type('New House'), { type: 'skip' }, { type: 'choose', index: 1 });
    s = await verdictOf(s);
    expect(s.result!.verdict).toBe('undetermined');
    expect(settled(s)).toBe(false);
    s = await verdictOf(run(s, { type: 'choose', index: 0 })); // routinely
    expect(s.result!.verdict).toBe('sensitive');
    expect(settled(s)).toBe(true);
  });

  it('reports answers that do not make a valid site (more DV holders than staff)', async () => {
    let s = run(fresh(), ...type('N-1'), ...type('New House'), { type: 'skip' }, { type: 'skip' }, { type: 'skip' }, { type: 'skip' }, { type: 'skip' }, ...type('5'), ...type('9'));
    s = await verdictOf(s);
    expect(s.result).toBeUndefined();
    expect(s.problems[0]!.message).toMatch(/developed_vetting \(9\) is more than vetting.staff_total \(5\)/);
  });
});

describe('the judgement question (vetting.significant)', () => {
  const q = facts.find((x) => x.path === 'vetting.significant')!;

  it('offers three explicit choices and “don’t know”; “no judgement recorded” writes nothing, never false', () => {
    expect(q.kind).toBe('choice');
    expect(q.choices!.map((c) => c.label)).toEqual([
      'judged significant (the department has recorded that judgement)',
      'judged not significant (the department has recorded that judgement)',
      'no judgement recorded (writes nothing)',
      'don’t know whether one was recorded (writes unknown)',
    ]);
    const s = initialWizard({ mode: 'new', questions: [q], file: 'x.yaml' });
    const none = run(s, { type: 'choose', index: 2 });
    expect(answersAsData([q], none.answers)).toEqual({});
    const dontKnow = run(s, { type: 'choose', index: 3 });
    expect(answersAsData([q], dontKnow.answers)).toEqual({ vetting: { significant: 'unknown' } });
    expect(answersAsData([q], run(s, { type: 'choose', index: 1 }).answers)).toEqual({ vetting: { significant: false } });
  });

  it('a site of 50 DV-cleared staff out of 50 with no judgement recorded stays undetermined, not not-sensitive', async () => {
    const evaluator = new Evaluator(ruleset);
    const base = { id: 'J-1', name: 'Judgement House', government_location: true, classified_material: { highest: 'OFFICIAL' }, ministerial_use: 'none', socpa: { designated: false }, vetting: { staff_total: 50, developed_vetting: 50 } };
    const qs = [q];
    const none = answersAsData(qs, { 'vetting.significant': q.choices![2]!.value }, base);
    const { result } = await evaluateData(evaluator, none, 'j.yaml', '2026-11-22');
    expect(result!.verdict).not.toBe('not-sensitive');
    expect(result!.limbs.find((l) => l.limb === 2)!.outcome).not.toBe('not-met');
  });
});

describe('saving: who records, the preview, conflicts', () => {
  const ready = (): WizardState => run(fresh(), ...type('N-1'), ...type('New House'));

  it('asks who records and on what authority before the first save, and will not go on with either empty', () => {
    let s = run(ready(), { type: 'save' });
    expect(s.status).toBe('who');
    s = run(s, { type: 'who-next' });
    expect(s.who!.error).toMatch(/who is recording/);
    s = run(s, { type: 'who-edit', op: { type: 'insert', text: 'A. Officer' } }, { type: 'who-next' });
    expect(s.who!.focus).toBe(1);
    s = run(s, { type: 'who-next' });
    expect(s.who!.error).toMatch(/authority/);
    s = run(s, { type: 'who-edit', op: { type: 'insert', text: 'site survey 3 Nov' } }, { type: 'who-next' });
    expect(s.status).toBe('preparing');
    // Esc from the question goes back to the answers, keeping them.
    const back = run(run(ready(), { type: 'save' }), { type: 'cancel-preview' });
    expect(back.status).toBe('editing');
    expect(back.answers).toEqual(ready().answers);
  });

  it('shows the plan, toggles a flagged comment, and writes only on confirm', () => {
    const plan = { file: 'a.yaml', isNew: false, id: 'A', before: 'a: 1 # old\n', after: 'a: 2 # old\n', flags: [{ line: 1, comment: '# old', path: 'a', where: 'end-of-line' as const }], sha256: 'x' };
    let s = run(ready(), { type: 'save', recorded: true }, { type: 'planned', plan });
    expect(s.status).toBe('preview');
    s = run(s, { type: 'toggle-comment', index: 0 });
    expect(s.dropped).toEqual([1]);
    expect(run(s, { type: 'toggle-comment', index: 0 }).dropped).toEqual([]);
    expect(run(s, { type: 'toggle-comment', index: 5 })).toBe(s);
    expect(run(s, { type: 'cancel-preview' }).status).toBe('editing');
    expect(run(s, { type: 'write' }).status).toBe('saving');
  });

  it('a conflict keeps the answers and offers to re-apply them after reading the file again', () => {
    const s = run(ready(), { type: 'save', recorded: true }, { type: 'save-failed', message: 'changed on disk', conflict: true });
    expect(s.conflict).toBe(true);
    expect(s.status).toBe('editing');
    const again = run(s, { type: 'reapply' });
    expect(again.status).toBe('preparing');
    expect(again.answers).toEqual(s.answers);
    // Without a conflict there is nothing to re-apply.
    expect(run(ready(), { type: 'reapply' }).status).toBe('editing');
  });

  it('refuses an id already used (as typed), and a save error goes once the answers change', () => {
    let s = run(fresh(), { type: 'input', text: 'T-SENS' }, { type: 'accept', taken: 'sites/a.yaml:3' });
    expect(s.inputError).toMatch(/T-SENS is already used at sites\/a\.yaml:3/);
    expect(currentQuestion(s)!.path).toBe('id');
    s = run(s, { type: 'backspace' });
    expect(s.inputError).toBeUndefined();
    const failed = run(ready(), { type: 'save', recorded: true }, { type: 'save-failed', message: 'id used' });
    expect(failed.saveError).toBe('id used');
    const fixed = run({ ...failed, step: 0 }, { type: 'edit', op: { type: 'insert', text: 'x' } }, { type: 'accept' });
    expect(fixed.saveError).toBeUndefined();
  });

  it('← and → move the cursor in a text box; typing goes in at the cursor', () => {
    let s = run(fresh(), { type: 'input', text: 'HO42' });
    s = run(s, { type: 'edit', op: { type: 'left' } }, { type: 'edit', op: { type: 'left' } }, { type: 'input', text: '-00' });
    expect(s.input).toBe('HO-0042');
    expect(s.cursor).toBe(5);
    s = run(s, { type: 'edit', op: { type: 'home' } }, { type: 'edit', op: { type: 'delete' } });
    expect(s.input).toBe('O-0042');
    expect(currentQuestion(s)!.path).toBe('id');
  });
});
