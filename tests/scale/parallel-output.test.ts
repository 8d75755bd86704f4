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
