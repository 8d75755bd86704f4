// --format json --compact: the same report as --format json, without indentation, for any --jobs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AS_OF, checkInProcess as sitecheck, inventory, type Inventory } from './helpers.js';

describe('check --compact', () => {
  let inv: Inventory;
  beforeAll(() => {
    inv = inventory(120, 'stream', { 'zz-bad.yaml': 'id: BAD-1\nname: Bad\nministeral_use: routine\n', 'zz-dup.yaml': 'id: HO-000001\nname: Again\n' }, 40);
  });
  afterAll(() => inv.cleanup());

  it('is JSON.stringify of the very report --format json writes, on one line, for 1 and 2 workers and to a file', async () => {
    const out = join(inv.dir, '..', 'compact.json');
    const [pretty, one, two, toFile] = await Promise.all([
      sitecheck(['check', '--format', 'json', '--as-of', AS_OF, '--jobs', '1', inv.dir]),
      sitecheck(['check', '--format', 'json', '--compact', '--as-of', AS_OF, '--jobs', '1', inv.dir]),
      sitecheck(['check', '--format', 'json', '--compact', '--as-of', AS_OF, '--jobs', '2', inv.dir]),
      sitecheck(['check', '--compact', '--format', 'json', '--output', out, '--as-of', AS_OF, inv.dir]),
    ]);
    const expected = JSON.stringify(JSON.parse(pretty.stdout)) + '\n';
    expect(one.stdout).toBe(expected);
    expect(two.stdout).toBe(expected);
    expect(toFile.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(expected);
    expect(one.stdout.split('\n')).toHaveLength(2);
    expect([pretty.code, one.code, two.code, toFile.code]).toEqual([1, 1, 1, 1]);
    const report = JSON.parse(one.stdout) as { sites: unknown[]; errors: { code: string }[] };
    expect(report.sites.length).toBe(120);
    expect(report.errors.map((e) => e.code)).toEqual(expect.arrayContaining(['unknown-key', 'duplicate-id']));
  });

  it('with no sites at all, still the compact report', async () => {
    const pretty = await sitecheck(['check', '--format', 'json', '--as-of', AS_OF, join(inv.dir, 'zz-bad.yaml')]);
    const compact = await sitecheck(['check', '--format', 'json', '--compact', '--as-of', AS_OF, join(inv.dir, 'zz-bad.yaml')]);
    expect(compact.stdout).toBe(JSON.stringify(JSON.parse(pretty.stdout)) + '\n');
  });

  it('is refused with another format, or with the text output', async () => {
    const text = await sitecheck(['check', '--compact', inv.dir]);
    expect(text.code).toBe(2);
    expect(text.stderr).toMatch(/--compact applies to the JSON report/);
    const two = await sitecheck(['check', '--format', 'json', '--compact', '--format', 'sarif', '--output', join(inv.dir, '..', 'x.sarif'), inv.dir]);
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/--compact/);
  });
});
