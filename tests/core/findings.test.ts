// Equipment findings: what a verdict means for the equipment listed at a site.
import { describe, expect, it } from 'vitest';
import { supplierMatcher } from '../../src/engine/findings.js';
import { evaluate, ruleset } from './helpers.js';

const sensitive = { ministerial_use: 'routine' };
const notSensitive = {
  government_location: false,
  classified_material: { highest: 'OFFICIAL' },
  vetting: { significant: false },
  ministerial_use: 'none',
};
const undetermined = { ...notSensitive, ministerial_use: 'unknown' };

const item = (over: Record<string, unknown>) => ({ id: 'CAM-1', kind: 'cctv-camera', manufacturer: 'Hikvision', status: 'installed', ...over });

describe('equipment findings', () => {
  it('a planned item from a listed maker on a sensitive site is prohibited (procurement would breach)', async () => {
    const r = await evaluate({ ...sensitive, equipment: [item({ status: 'planned' })] });
    expect(r.findings.map((f) => f.kind)).toEqual(['prohibited-equipment']);
    expect(r.findings[0]!.message).toMatch(/planned for a sensitive site: buying it would breach the exclusion/);
  });

  it('an installed item is prohibited, and overdue once its removal date has passed', async () => {
    const data = { ...sensitive, equipment: [item({ removal_due: '2025-04-30' })] };
    expect((await evaluate(data, '2025-04-30')).findings.map((f) => f.kind)).toEqual(['prohibited-equipment']);
    expect((await evaluate(data, '2025-05-01')).findings.map((f) => f.kind)).toEqual(['prohibited-equipment', 'removal-overdue']);
  });

  it('removed items and unlisted makers give nothing', async () => {
    const r = await evaluate({ ...sensitive, equipment: [item({ status: 'removed', removal_due: '2020-01-01' }), item({ id: 'CAM-2', manufacturer: 'Axis Communications' })] });
    expect(r.findings).toEqual([]);
  });

  it('on an undetermined site the same items are at risk', async () => {
    const r = await evaluate({ ...undetermined, equipment: [item({ status: 'planned' }), item({ id: 'CAM-2', removal_due: '2020-01-01' })] });
    expect(r.verdict).toBe('undetermined');
    expect(r.findings.map((f) => [f.kind, f.equipment])).toEqual([['equipment-at-risk', 'CAM-1'], ['equipment-at-risk', 'CAM-2']]);
  });

  it('nothing is reported for a not-sensitive site', async () => {
    const r = await evaluate({ ...notSensitive, equipment: [item({ removal_due: '2020-01-01' })] });
    expect(r.verdict).toBe('not-sensitive');
    expect(r.findings).toEqual([]);
  });

  it('findings point at the equipment entry in the file', async () => {
    const r = await evaluate({ ...sensitive, equipment: [item({ id: 'A', manufacturer: 'Bosch' }), item({ id: 'B' })] });
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ equipment: 'B', supplier: 'hikvision' });
    expect(r.findings[0]!.line).toBeGreaterThan(3);
  });
});

describe('supplier register matching', () => {
  const match = supplierMatcher(ruleset.suppliers);
  it.each([
    ['Hikvision', true],
    ['HIKVISION', true],
    ['hikvision uk ltd', true],
    ['Hik-Vision', true],
    ['Hangzhou Hikvision Digital Technology Co., Ltd.', true],
    ['Hangzhou Hikvision System Technology Co Ltd', true],
    ['Hikvisionary Cameras Ltd', false],
    ['Axis Communications', false],
    ['Vision Hik', false],
  ])('%s → %s', (name, listed) => {
    expect(match(name) !== undefined).toBe(listed);
  });
});
