// Table tests for each limb of the definition: met, not-met and unknown, as the spec's table says.
import { describe, expect, it } from 'vitest';
import { evaluate, limbOutcome } from './helpers.js';

type Case = [string, Record<string, unknown>, 'met' | 'not-met' | 'unknown'];

const limb1: Case[] = [
  ['SECRET held routinely', { classified_material: { highest: 'SECRET', frequency: 'routine' } }, 'met'],
  ['TOP SECRET held routinely', { classified_material: { highest: 'TOP SECRET', frequency: 'routine' } }, 'met'],
  ['OFFICIAL only', { classified_material: { highest: 'OFFICIAL', frequency: 'routine' } }, 'not-met'],
  ['OFFICIAL, frequency unknown', { classified_material: { highest: 'OFFICIAL' } }, 'not-met'],
  ['SECRET occasionally', { classified_material: { highest: 'SECRET', frequency: 'occasional' } }, 'not-met'],
  ['SECRET never', { classified_material: { highest: 'SECRET', frequency: 'never' } }, 'not-met'],
  ['(v2) frequency never, classification unknown: routinely_held could still meet it', { classified_material: { frequency: 'never' } }, 'unknown'],
  ['SECRET, frequency absent', { classified_material: { highest: 'SECRET' } }, 'unknown'],
  ['SECRET, frequency "unknown"', { classified_material: { highest: 'SECRET', frequency: 'unknown' } }, 'unknown'],
  ['classification unknown, routine', { classified_material: { highest: 'unknown', frequency: 'routine' } }, 'unknown'],
  ['nothing recorded', {}, 'unknown'],
];

const limb2: Case[] = [
  ['judged significant', { vetting: { significant: true } }, 'met'],
  ['judged significant despite a low share', { vetting: { staff_total: 100, developed_vetting: 1, significant: true } }, 'met'],
  ['judged not significant despite a high share', { vetting: { staff_total: 100, developed_vetting: 90, significant: false } }, 'not-met'],
  ['share exactly at the parameter (25 of 100)', { vetting: { staff_total: 100, developed_vetting: 25 } }, 'met'],
  ['share above the parameter', { vetting: { staff_total: 10, developed_vetting: 9 } }, 'met'],
  ['share below the parameter (24 of 100)', { vetting: { staff_total: 100, developed_vetting: 24 } }, 'not-met'],
  ['no judgement recorded ("unknown"), share below', { vetting: { staff_total: 100, developed_vetting: 5, significant: 'unknown' } }, 'not-met'],
  ['no officials based there', { vetting: { staff_total: 0 } }, 'not-met'],
  ['no officials, DV count unknown', { vetting: { staff_total: 0, developed_vetting: 'unknown' } }, 'not-met'],
  ['DV count unknown', { vetting: { staff_total: 100, developed_vetting: 'unknown' } }, 'unknown'],
  ['staff total unknown', { vetting: { developed_vetting: 30 } }, 'unknown'],
  ['nothing recorded', {}, 'unknown'],
];

const limb3: Case[] = [
  ['routine ministerial use', { ministerial_use: 'routine' }, 'met'],
  ['occasional use', { ministerial_use: 'occasional' }, 'not-met'],
  ['no ministerial use', { ministerial_use: 'none' }, 'not-met'],
  ['"unknown"', { ministerial_use: 'unknown' }, 'unknown'],
  ['absent', {}, 'unknown'],
];

const limb4: Case[] = [
  ['government location designated under SOCPA', { government_location: true, socpa: { designated: true } }, 'met'],
  ['designated, but not a government location', { government_location: false, socpa: { designated: true } }, 'not-met'],
  ['government location, not designated', { government_location: true, socpa: { designated: false } }, 'not-met'],
  ['not designated, location unknown', { socpa: { designated: false } }, 'not-met'],
  ['not a government location, designation unknown', { government_location: false }, 'not-met'],
  ['government location, designation unknown', { government_location: true, socpa: { designated: 'unknown' } }, 'unknown'],
  ['designated, government location unknown', { government_location: 'unknown', socpa: { designated: true } }, 'unknown'],
  ['nothing recorded', {}, 'unknown'],
];

describe.each([
  [1, limb1],
  [2, limb2],
  [3, limb3],
  [4, limb4],
] as const)('limb %i', (limb, cases) => {
  it.each(cases)('%s → %s', async (_name, data, expected) => {
    expect(await limbOutcome(limb, data)).toBe(expected);
  });
});

describe('verdicts', () => {
  const allNotMet = {
    government_location: true,
    classified_material: { highest: 'OFFICIAL', frequency: 'routine' },
    vetting: { staff_total: 50, developed_vetting: 2 },
    ministerial_use: 'occasional',
    socpa: { designated: false },
  };

  it('one limb met makes the site sensitive, whatever else is unknown', async () => {
    const r = await evaluate({ ministerial_use: 'routine' });
    expect(r.verdict).toBe('sensitive');
    expect(r.decidingFacts).toEqual([]);
  });

  it('every limb not met makes the site not-sensitive', async () => {
    const r = await evaluate(allNotMet);
    expect(r.verdict).toBe('not-sensitive');
    expect(r.limbs.map((l) => l.outcome)).toEqual(['not-met', 'not-met', 'not-met', 'not-met']);
  });

  it('one unknown fact is enough to leave the site undetermined, and is named as deciding', async () => {
    const r = await evaluate({ ...allNotMet, ministerial_use: 'unknown' });
    expect(r.verdict).toBe('undetermined');
    expect(r.decidingFacts).toEqual(['ministerial_use']);
    expect(r.limbs[2]!.missing).toEqual(['ministerial_use']);
  });

  it('an absent fact is never treated as "no"', async () => {
    const r = await evaluate({ ...allNotMet, government_location: true, socpa: {} });
    expect(r.limbs[3]!.outcome).toBe('unknown');
    expect(r.limbs[3]!.missing).toEqual(['socpa.designated']);
    expect(r.verdict).toBe('undetermined');
  });

  it('decided limbs list no missing facts; unknown limbs list only what they lack', async () => {
    const r = await evaluate({ classified_material: { highest: 'OFFICIAL' }, vetting: { staff_total: 10 } });
    expect(r.limbs[0]!.missing).toEqual([]);
    // vetting.significant is a recorded judgement, not a fact: never a deciding fact, offered apart.
    expect(r.limbs[1]!.missing).toEqual(['vetting.developed_vetting']);
    expect(r.decidingFacts).toEqual(['vetting.developed_vetting', 'ministerial_use', 'government_location', 'socpa.designated']);
    expect(r.judgements).toEqual(['vetting.significant']);
  });

  it('reports the facts used with their line in the file, and the parameter with its status', async () => {
    const r = await evaluate({ vetting: { staff_total: 100, developed_vetting: 30 } });
    const limb2 = r.limbs[1]!;
    expect(limb2.outcome).toBe('met');
    expect(limb2.facts).toEqual({ 'vetting.developed_vetting': 30, 'vetting.staff_total': 100 });
    expect(limb2.locations['vetting.staff_total']!.line).toBeGreaterThan(1);
    expect(limb2.parameters['developed_vetting.significant_proportion']).toMatchObject({ value: 0.25, interpretation: true });
    expect(limb2.citation.quote).toBe('any location which hosts a significant proportion of officials holding developed vetting clearance');
  });
});
