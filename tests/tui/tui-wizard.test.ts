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
    s = run(s, { type: 'choose', index: 2 }); // significant: don't know
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
    s = run(s, { type: 'save' });
    expect(s.status).toBe('saving');
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
    let s = run(fresh(), ...type('N-1'), ...type('New House'), { type: 'skip' }, { type: 'skip' }, { type: 'skip' }, { type: 'skip' }, ...type('5'), ...type('9'));
    s = await verdictOf(s);
    expect(s.result).toBeUndefined();
    expect(s.problems[0]!.message).toMatch(/developed_vetting \(9\) is more than vetting.staff_total \(5\)/);
  });
});
