// The worker-thread path writes exactly what the single-thread path writes, and both write exactly
// what the in-memory check() + formatter give: same sites, order, duplicate-id and input errors.
// (The CLI runs in-process: the worker threads are real either way.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/check.js';
import { FORMATS } from '../../src/format/registry.js';
import { renderToString } from '../../src/format/types.js';
import { colors } from '../../src/util/color.js';
import { shippedFailOn } from '../../src/check.js';
const DEFAULT_FAIL_ON = shippedFailOn().defaults;
import { AS_OF, checkInProcess as sitecheck, inventory, type Inventory } from './helpers.js';

// Generated sites, plus a duplicate id in a later file, a bad file and an empty one.
const EXTRA = {
  'zz-duplicate.yaml': 'id: HO-000001\nname: A second use of an id\n',
  'zz-bad.yaml': 'id: BAD-1\nname: Bad\nministeral_use: routine\n',
  'zz-empty.yaml': '# nothing here\n',
};

describe('parallel check', () => {
  let inv: Inventory;
  beforeAll(() => {
    inv = inventory(200, 'files', EXTRA);
  });
  afterAll(() => inv.cleanup());

  it('gives byte-identical JSON with 1, 2 and 3 worker threads, equal to check() + the json formatter', async () => {
    const [one, two, three] = await Promise.all(['1', '2', '3'].map((j) => sitecheck(['check', '--format', 'json', '--as-of', AS_OF, '--jobs', j, inv.dir])));
    const { report, ruleset } = await check([inv.dir], { asOf: AS_OF });
    const expected = renderToString(FORMATS.json, report, { colors: colors(false), ruleset, failOn: DEFAULT_FAIL_ON });
    expect(one!.code).toBe(1); // the inventory has input errors and prohibited equipment
    expect(one!.stdout).toBe(expected);
    expect(two!.stdout).toBe(expected);
    expect(three!.stdout).toBe(expected);
    expect(two!.code).toBe(one!.code);
    const parsed = JSON.parse(two!.stdout);
    expect(parsed.summary.sites).toBe(200);
    expect(parsed.errors.map((e: { code: string }) => e.code)).toEqual(expect.arrayContaining(['duplicate-id', 'unknown-key', 'empty-file']));
  });

  it('gives the same JSON, pretty and compact, when the first file has no valid site (the first site written comes from a worker)', async () => {
    const small = inventory(0, 'files', {
      'a-bad.yaml': 'id: BAD-1\nname: Bad\nministeral_use: routine\n',
      'b.yaml': 'id: HO-1\nname: "Caf\u00e9 \u2014 one"\n---\nid: HO-2\nname: Two\nministerial_use: routine\n',
      'c.yaml': 'id: HO-3\nname: Three\n---\nid: HO-1\nname: A second use of an id\n',
    });
    try {
      const { report, ruleset } = await check([small.dir], { asOf: AS_OF });
      const expected = renderToString(FORMATS.json, report, { colors: colors(false), ruleset, failOn: DEFAULT_FAIL_ON });
      expect(report.sites.map((x) => x.id)).toEqual(['HO-1', 'HO-2', 'HO-3']);
      for (const jobs of ['1', '2']) {
        const pretty = await sitecheck(['check', '--format', 'json', '--as-of', AS_OF, '--jobs', jobs, small.dir]);
        expect(pretty.stdout).toBe(expected);
        const compact = await sitecheck(['check', '--format', 'json', '--compact', '--as-of', AS_OF, '--jobs', jobs, small.dir]);
        expect(compact.stdout).toBe(JSON.stringify(JSON.parse(expected)) + '\n');
      }
    } finally {
      small.cleanup();
    }
  });

  it('gives the same text report in parallel as in one thread', async () => {
    const [one, two] = await Promise.all(['1', '2'].map((j) => sitecheck(['check', '--as-of', AS_OF, '--jobs', j, inv.dir])));
    expect(two!.stdout).toBe(one!.stdout);
    expect(two!.stdout).toMatch(/200 sites: /);
  });

  it('refuses a --jobs value that is not a positive whole number', async () => {
    const r = await sitecheck(['check', '--jobs', '0', inv.dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--jobs takes a whole number/);
  });
});

describe('streamed JSON report', () => {
  it('writes "sites": [] exactly as the formatter does when no site is valid', async () => {
    const inv = inventory(0, 'files', { 'a.yaml': 'id: A\nname: A\nvetting: {staff_total: -1}\n', 'b.yaml': '' });
    try {
      const r = await sitecheck(['check', '--format', 'json', '--as-of', AS_OF, '--jobs', '2', inv.dir]);
      const { report, ruleset } = await check([inv.dir], { asOf: AS_OF });
      expect(r.stdout).toBe(renderToString(FORMATS.json, report, { colors: colors(false), ruleset, failOn: DEFAULT_FAIL_ON }));
      expect(JSON.parse(r.stdout).sites).toEqual([]);
    } finally {
      inv.cleanup();
    }
  });
});
