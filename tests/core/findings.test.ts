// Equipment findings: what the scope, the verdict and the decisions of record mean for the equipment
// listed at a site (policy.md's obligations, each a rule in rules/obligations/).
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

describe('equipment findings (v2: the obligations in rules/obligations/)', () => {
  it('a planned item from a listed maker on a sensitive site: the instruction is to cease deploying it', async () => {
    const r = await evaluate({ ...sensitive, equipment: [item({ status: 'planned' })] });
    expect(r.findings.map((f) => f.kind)).toEqual(['prohibited-equipment']);
    const f = r.findings[0]!;
    expect(f.message).toMatch(/planned for a sensitive site: the instruction is to cease deploying such equipment there \(HCWS386\)/);
    expect(f).toMatchObject({ rule: 'cease-deployment', outcome: 'met', severity: 'error', failsByDefault: true, citation: { source: 'wms-hcws386' } });
    expect(f.citations.map((c) => c.source)).toContain('npsa-surveillance-update');
  });

  it('no message says "must", "breach" or "illegal"', async () => {
    const sites = [
      { ...sensitive, equipment: [item({ status: 'planned' }), item({ id: 'CAM-2', removal_due: '2020-01-01', network: 'core' }), item({ id: 'CAM-3', removal_due: '2030-01-01' })] },
      { ...undetermined, equipment: [item({ status: 'planned' }), item({ id: 'CAM-2' })] },
      { ...sensitive, estate: 'private', equipment: [item({})] },
      { ...notSensitive, determination: { verdict: 'sensitive' } },
    ];
    for (const site of sites) {
      for (const f of (await evaluate(site, '2026-01-01')).findings) expect(f.message).not.toMatch(/\b(must|breach|illegal)\b/i);
    }
  });

  it('an installed item is to be replaced up to the published timeline, and overdue after it or after its own date', async () => {
    const data = { ...sensitive, equipment: [item({ removal_due: '2025-04-30', network: 'segregated' })] };
    expect((await evaluate(data, '2025-04-30')).findings.map((f) => f.kind)).toEqual(['replacement-due']);
    const after = (await evaluate(data, '2025-05-01')).findings;
    expect(after.map((f) => [f.kind, f.rule])).toEqual([['removal-overdue', 'removal-date-passed'], ['removal-overdue', 'replacement-timeline-passed']]);
    expect(after[0]!.message).toContain("after the department's own removal date (2025-04-30)");
    expect(after[1]!.message).toContain('the published timeline was complete replacement no later than April 2025');
    // Without a removal date of its own, the published timeline alone makes it overdue (v1 ignored it).
    const noDate = { ...sensitive, equipment: [item({ network: 'segregated' })] };
    expect((await evaluate(noDate, '2026-01-01')).findings.map((f) => f.rule)).toEqual(['replacement-timeline-passed']);
  });

  it('removed items and unlisted makers give nothing', async () => {
    const r = await evaluate({ ...sensitive, equipment: [item({ status: 'removed', removal_due: '2020-01-01' }), item({ id: 'CAM-2', manufacturer: 'Axis Communications' })] });
    expect(r.findings).toEqual([]);
  });

  it('on an undetermined site the same items are at risk (undecided, for a planned one), naming what is missing', async () => {
    const r = await evaluate({ ...undetermined, equipment: [item({ status: 'planned' }), item({ id: 'CAM-2', removal_due: '2020-01-01', network: 'segregated' })] });
    expect(r.verdict).toBe('undetermined');
    expect(r.findings.map((f) => [f.kind, f.equipment, f.outcome])).toEqual([['deployment-undecided', 'CAM-1', 'unknown'], ['equipment-at-risk', 'CAM-2', 'unknown']]);
    expect(r.findings[0]!.missing).toEqual(['ministerial_use']);
  });

  it('nothing is reported for a not-sensitive site, unless the item is on a core network (any site in scope)', async () => {
    const r = await evaluate({ ...notSensitive, equipment: [item({ removal_due: '2020-01-01', network: 'segregated' })] });
    expect(r.verdict).toBe('not-sensitive');
    expect(r.findings).toEqual([]);
    const core = await evaluate({ ...notSensitive, equipment: [item({ network: 'core' })] });
    expect(core.findings.map((f) => [f.kind, f.rule])).toEqual([['core-network-connection', 'core-network']]);
  });

  it('an out-of-scope site gets one informational finding and nothing that fails', async () => {
    const r = await evaluate({ ...sensitive, estate: 'other-public-authority', equipment: [item({ status: 'planned', network: 'core' })] });
    expect(r.verdict).toBe('sensitive');
    expect(r.scope).toMatchObject({ outcome: 'out-of-scope', estate: 'other-public-authority', estateFrom: 'site', citation: { source: 'co-letter-2023-08-01' } });
    expect(r.findings.map((f) => [f.kind, f.severity, f.failsByDefault, f.equipment])).toEqual([['out-of-scope', 'note', false, undefined]]);
  });

  it('a file that records no estate takes the scope.default_estate parameter, and says so', async () => {
    const r = await evaluate({ ...sensitive });
    expect(r.scope).toMatchObject({ outcome: 'in-scope', estate: 'central-government', estateFrom: 'parameter' });
    expect(r.scope!.parameters['scope.default_estate']).toMatchObject({ value: 'central-government', interpretation: true });
  });

  it('a determination contradicting a definite verdict is a conflict; on an undetermined site the obligations follow it', async () => {
    const conflict = await evaluate({ ...notSensitive, determination: { verdict: 'sensitive', by: 'DSO', reference: 'DSO/1' } });
    expect(conflict.determination).toMatchObject({ verdict: 'sensitive', agrees: false });
    expect(conflict.findings.map((f) => f.kind)).toEqual(['determination-conflict']);
    expect(conflict.findings[0]!.equipment).toBeUndefined();
    const follows = await evaluate({ ...undetermined, determination: { verdict: 'sensitive', reference: 'DSO/2' }, equipment: [item({ status: 'planned' })] });
    expect(follows.determination).toMatchObject({ agrees: null });
    expect(follows.exclusion).toMatchObject({ outcome: 'met', why: ['determination'] });
    expect(follows.findings.map((f) => f.kind)).toEqual(['prohibited-equipment']);
    expect(follows.findings[0]!.message).toContain('determined sensitive (DSO/2)');
  });

  it('extend_measures makes a not-sensitive site subject to the same measures, and says why', async () => {
    const r = await evaluate({ ...notSensitive, extend_measures: true, equipment: [item({ status: 'planned' })] });
    expect(r.exclusion).toMatchObject({ outcome: 'met', why: ['extend_measures'] });
    expect(r.findings[0]!.message).toContain('measures are extended by the department');
  });

  it('an access-control panel is visual surveillance only when it captures video; unknown makes it at risk', async () => {
    const kinds = async (over: Record<string, unknown>) => (await evaluate({ ...sensitive, equipment: [item({ kind: 'access-control', status: 'planned', ...over })] })).findings.map((f) => f.kind);
    expect(await kinds({ captures_video: false })).toEqual([]);
    expect(await kinds({ captures_video: true })).toEqual(['prohibited-equipment']);
    expect(await kinds({})).toEqual(['deployment-undecided']);
  });

  it('manufacturer "Unknown" or " UNKNOWN " (any case, spaces) is unknown too, never a maker not on the register', async () => {
    for (const word of ['Unknown', 'UNKNOWN', ' unknown ']) {
      const planned = await evaluate({ ...sensitive, equipment: [item({ manufacturer: word, status: 'planned' })] });
      expect(planned.findings.map((f) => [f.kind, f.missing])).toEqual([['deployment-undecided', ['equipment.0.manufacturer']]]);
    }
  });

  it('manufacturer: unknown is unknown, never "not listed"; oem_of names the real producer', async () => {
    const unknownMaker = await evaluate({ ...sensitive, equipment: [item({ manufacturer: 'unknown', status: 'planned' })] });
    expect(unknownMaker.findings.map((f) => [f.kind, f.missing])).toEqual([['deployment-undecided', ['equipment.0.manufacturer']]]);
    const whiteLabel = await evaluate({ ...sensitive, equipment: [item({ manufacturer: 'Acme Security', oem_of: 'Hikvision', status: 'planned' })] });
    expect(whiteLabel.findings.map((f) => f.kind)).toEqual(['prohibited-equipment']);
  });

  it('a removal date later than the published timeline gets a warning saying so', async () => {
    const r = await evaluate({ ...sensitive, equipment: [item({ removal_due: '2027-03-31', network: 'segregated' })] }, '2025-01-15');
    expect(r.findings.map((f) => [f.kind, f.severity])).toEqual([['replacement-due', 'warning'], ['removal-due-after-timeline', 'warning']]);
  });

  it('findings point at the equipment entry in the file', async () => {
    const r = await evaluate({ ...sensitive, equipment: [item({ id: 'A', manufacturer: 'Bosch' }), item({ id: 'B', status: 'planned' })] });
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

describe('finding messages on a site with many items', () => {
  it('the listed items are worked out once per site, not once per finding (it was quadratic in the items)', async () => {
    const { FindingWords } = await import('../../src/engine/findings.js');
    const { siteRecord } = await import('./helpers.js');
    const n = 200;
    const data = { id: 'MANY-1', name: 'Many', ...sensitive, equipment: Array.from({ length: n }, (_, i) => item({ id: `CAM-${i}` })) };
    const r = await evaluate(data);
    let calls = 0;
    const inner = supplierMatcher(ruleset.suppliers, ruleset.supplierSuffixes);
    const counting = (name: string) => {
      calls++;
      return inner(name);
    };
    const words = new FindingWords(siteRecord(data), ruleset, {} as never, '2026-11-22', r.verdict, r.scope, r.exclusion, undefined, counting);
    const first = words.fill('{{listed_items}}', data.equipment[0] as never, []);
    for (let i = 1; i < n; i++) expect(words.fill('{{listed_items}}', data.equipment[i] as never, [])).toBe(first);
    expect(first.split(', ')).toHaveLength(n);
    // n for the list, plus a few per fill for the item's own words.
    expect(calls).toBeLessThan(n + 4 * n);
  });
});
