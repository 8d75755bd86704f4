// "May I buy this?": completions from the supplier register, the reducer, and the answers the core
// Evaluator gives for each kind of site.
import { describe, expect, it, afterAll } from 'vitest';
import { buyAnswer, completions, buyReducer, EQUIPMENT_KINDS, initialBuy, KIND_LABEL, type BuyAction, type BuyState } from '../../src/tui/buy-state.js';
import { readSchema } from '../../src/input/schemas.js';
import { mayIBuy } from '../../src/tui/ask.js';
import { answerLines } from '../../src/tui/buy-lines.js';
import { lineText } from '../../src/tui/lines.js';
import { siteLines } from '../../src/tui/site-lines.js';
import { AS_OF, fixtureData, removeFixtures } from './tui-fixtures.js';

afterAll(removeFixtures);

const data = await fixtureData();

async function ask(id: string, maker: string) {
  const { answer, problems } = await mayIBuy(data.evaluator, data.records.get(id)!, maker, 'cctv-camera', AS_OF);
  expect(problems).toEqual([]);
  return answer!;
}

describe('completion from the supplier register', () => {
  it('offers the register’s names and aliases containing what was typed', () => {
    expect(completions(data.ruleset.suppliers, 'hik')[0]).toBe('Hikvision');
    expect(completions(data.ruleset.suppliers, 'HANGZHOU')).toContain('Hangzhou Hikvision Digital Technology');
    expect(completions(data.ruleset.suppliers, 'axis')).toEqual([]);
    expect(completions(data.ruleset.suppliers, '')).toEqual([]);
  });
});

describe('equipment kinds', () => {
  it('are exactly the kinds the site schema allows, each with a label', () => {
    const schema = readSchema('site') as { properties: { equipment: { items: { properties: { kind: { enum: string[] } } } } } };
    expect([...EQUIPMENT_KINDS]).toEqual(schema.properties.equipment.items.properties.kind.enum);
    for (const k of EQUIPMENT_KINDS) expect(KIND_LABEL[k]).toBeTruthy();
  });
});

describe('buy reducer', () => {
  const index = data.index;
  const run = (s: BuyState, ...actions: BuyAction[]) => actions.reduce((x, a) => buyReducer(x, a, index), s);

  it('walks site → manufacturer → kind → answer, and back', () => {
    let s = initialBuy(index, 10);
    s = run(s, { type: 'input', text: 'cedar' });
    expect(s.rows.map((i) => index.sites[i]!.id)).toEqual(['T-UND']);
    s = run(s, { type: 'accept', completions: [] });
    expect(s).toMatchObject({ step: 'maker', siteId: 'T-UND' });
    expect(run(s, { type: 'accept', completions: [] }).error).toMatch(/manufacturer/);
    const comps = completions(data.ruleset.suppliers, 'hik');
    s = run(s, { type: 'input', text: 'hik' }, { type: 'complete', completions: comps }, { type: 'accept', completions: comps });
    expect(s).toMatchObject({ step: 'kind', maker: 'Hikvision' });
    s = run(s, { type: 'move', delta: 1 }, { type: 'accept', completions: [] });
    expect(s.step).toBe('answer');
    expect(run(s, { type: 'back' }).step).toBe('kind');
  });

  it('starts at the manufacturer when opened from a site', () => {
    expect(initialBuy(index, 10, 'T-SENS')).toMatchObject({ step: 'maker', siteId: 'T-SENS' });
  });
});

describe('the answer', () => {
  it('not permitted on a sensitive site, with the limb met and the quoted law', async () => {
    const a = await ask('T-SENS', 'Hikvision');
    expect(a.kind).toBe('not-permitted');
    if (a.kind !== 'not-permitted') return;
    expect(a.limbs.map((l) => l.limb)).toEqual([1]);
    const text = answerLines(a, data.index.sites[data.index.indexOf('T-SENS')]!, 'Hikvision', 'cctv-camera', data.ruleset).map(lineText).join('\n');
    expect(text).toContain('NOT PERMITTED');
    expect(text).toContain('“any building or complex that routinely holds secret material or above”');
    expect(text).toContain('[hl-2023-09-11]');
  });

  it('matches aliases inside a longer name (“Hikvision UK Ltd”)', async () => {
    expect((await ask('T-SENS', 'Hikvision UK Ltd')).kind).toBe('not-permitted');
    // Not a register match, but never a green tick at a sensitive site.
    expect((await ask('T-SENS', 'Hikvisionary Ltd')).kind).toBe('confirm-maker');
  });

  it('a maker not on the register at a sensitive site: amber “confirm who produced it”, never ✔', async () => {
    for (const maker of ['Axis Communications', 'Bosch Security']) {
      const a = await ask('T-SENS', maker);
      expect(a).toMatchObject({ kind: 'confirm-maker', standing: 'sensitive' });
      const text = answerLines(a, data.index.sites[data.index.indexOf('T-SENS')]!, maker, 'cctv-camera', data.ruleset).map(lineText).join('\n');
      expect(text).toContain('NOT ON THE REGISTER — CONFIRM WHO PRODUCED IT');
      expect(text).not.toContain('✔ PERMITTED');
      expect(text).toContain('Core networks:');
    }
  });

  it('a near miss (“Hikvison”) asks “did you mean Hikvision?”; `unknown` asks who produced it', async () => {
    const near = await ask('T-SENS', 'Hikvison');
    expect(near).toMatchObject({ kind: 'confirm-maker', reason: 'near-miss' });
    const text = answerLines(near, data.index.sites[data.index.indexOf('T-SENS')]!, 'Hikvison', 'cctv-camera', data.ruleset).map(lineText).join('\n');
    expect(text).toMatch(/did you mean Hikvision/);
    expect(await ask('T-SENS', 'unknown')).toMatchObject({ kind: 'confirm-maker', reason: 'unknown' });
    expect(await ask('T-UND', 'unknown')).toMatchObject({ kind: 'confirm-maker', reason: 'unknown', standing: 'undetermined' });
    expect(await ask('T-UND', 'Hikvison')).toMatchObject({ kind: 'confirm-maker', reason: 'near-miss', standing: 'undetermined' });
  });

  it('green ✔ only where every limb is not met and the maker is known and not listed', async () => {
    const a = await ask('T-NOT', 'Axis Communications');
    expect(a.kind).toBe('permitted');
    if (a.kind === 'permitted') expect(a.limbs.map((l) => l.outcome)).toEqual(['not-met', 'not-met', 'not-met', 'not-met']);
    // A listed maker, an unknown one or a near miss there: not stopped by the exclusion, but no tick.
    for (const maker of ['Hikvision', 'unknown', 'Hikvison']) {
      const b = await ask('T-NOT', maker);
      expect(b.kind).toBe('not-stopped');
      const text = answerLines(b, data.index.sites[data.index.indexOf('T-NOT')]!, maker, 'cctv-camera', data.ruleset).map(lineText).join('\n');
      expect(text).not.toContain('✔');
      expect(text).toContain('NOT STOPPED BY THE EXCLUSION');
    }
  });

  it('out of scope: the instruction does not apply, quoted — read from the result’s scope', () => {
    const site = data.index.sites[data.index.indexOf('T-SENS')]!;
    const citation = { source: 'hcws386', quote: 'It does not apply to private individuals or businesses' };
    const result = { ...site, scope: { outcome: 'out-of-scope' as const, estate: 'private' as const, estateFrom: 'site' as const, rule: 'scope', title: 'Scope', citation, citations: [citation], facts: {}, missing: [], locations: {}, parameters: {}, conditions: [] } };
    const a = buyAnswer(result, 'proposed-purchase', data.ruleset.suppliers[0], 'Hikvision');
    expect(a.kind).toBe('out-of-scope');
    const text = answerLines(a, result, 'Hikvision', 'cctv-camera', data.ruleset).map(lineText).join('\n');
    expect(text).toContain('THE INSTRUCTION DOES NOT APPLY');
    expect(text).toContain('“It does not apply to private individuals or businesses”');
  });

  it('cannot say yet on an undetermined site, with the questions that would settle it', async () => {
    const a = await ask('T-UND', 'Hikvision');
    expect(a.kind).toBe('cannot-say');
    if (a.kind !== 'cannot-say') return;
    expect(a.decidingFacts).toEqual(['government_location']);
    const text = answerLines(a, data.index.sites[data.index.indexOf('T-UND')]!, 'Hikvision', 'cctv-camera', data.ruleset).map(lineText).join('\n');
    expect(text).toContain('CANNOT SAY YET');
    expect(text).toContain('Is the site owned or occupied by a government body?');
  });

  it('does not change the site: the report still has its own equipment only', async () => {
    await ask('T-SENS', 'Hikvision');
    expect(data.records.get('T-SENS')!.data.equipment).toHaveLength(1);
  });
});

describe('the site screen’s text', () => {
  it('shows the assessment as written, every equipment item with its findings, and any scope and determination', () => {
    const site = data.index.sites[data.index.indexOf('T-SENS')]!;
    const citation = { source: 'hcws386', quote: 'It does not apply to private individuals or businesses' };
    const v2 = {
      ...site,
      scope: { outcome: 'out-of-scope' as const, estate: 'private' as const, estateFrom: 'site' as const, rule: 'scope', title: 'Scope', citation, citations: [citation], facts: {}, missing: [], locations: {}, parameters: {}, conditions: [] },
      determination: { verdict: 'not-sensitive' as const, by: 'Security Unit', on: '2026-01-05', agrees: false },
    };
    const text = siteLines(v2, data.ruleset, data.records.get('T-SENS')).map(lineText).join('\n');
    expect(text).toContain('Scope: outside the instruction’s scope: it does not apply here');
    expect(text).toContain('“It does not apply to private individuals or businesses”');
    expect(text).toContain('Determination: not-sensitive by Security Unit on 2026-01-05 — differs from the computed verdict');
    expect(text).toContain('Assessment: none recorded');
    expect(text).toMatch(/CAM-1 {2}cctv-camera, Hikvision, installed/);
    expect(text).toContain('Equipment (1 item in the file)');
  });
});
