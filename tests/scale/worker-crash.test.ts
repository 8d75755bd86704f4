// A worker that dies while reading a file (as a parser bug would) costs only that file: it is an
// input error like any other, the other files are all checked, and the run never hangs.
import { appendFileSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARALLEL_MIN_BYTES } from '../../src/scale/pipeline.js';
import { AS_OF, checkInProcess, inventory, type Inventory } from './helpers.js';

describe('a worker crash', () => {
  let inv: Inventory;
  beforeAll(() => {
    // 6 stream files of 50 sites; the third one will "crash the parser".
    inv = inventory(300, 'stream', {}, 50);
  });
  afterAll(() => inv.cleanup());

  it('is reported as an input error on that file and the rest of the inventory is still checked', async () => {
    // In-process, the crash switch set in process.env for the run (its worker threads read it there);
    // the worker threads, and their deaths, are real either way. The run to compare with is -j1
    // (which parallel-output.test.ts proves gives what -j2 gives): no worker threads to start.
    const clean = await checkInProcess(['check', '--format', 'json', '--as-of', AS_OF, '--jobs', '1', inv.dir]);
    const crashed = await checkInProcess(['check', '--format', 'json', '--as-of', AS_OF, '--jobs', '2', inv.dir], {}, { SITECHECK_TEST_WORKER_CRASH: 'estate-0002.yaml' });
    expect(crashed.code).toBe(1);
    const before = JSON.parse(clean.stdout);
    const after = JSON.parse(crashed.stdout);
    const crashError = after.errors.find((e: { code: string }) => e.code === 'internal-error');
    expect(crashError).toMatchObject({ line: 1, column: 1 });
    expect(crashError.file).toMatch(/estate-0002\.yaml$/);
    expect(crashError.message).toMatch(/sitecheck failed while reading this file .*injected crash/);
    // Every site outside the crashed file is still reported, unchanged.
    const outside = (r: { sites: { file: string }[] }) => r.sites.filter((s) => !s.file.endsWith('estate-0002.yaml'));
    expect(outside(after)).toEqual(outside(before));
    expect(after.summary.sites).toBe(250);
  });

  it('costs only that file when it was sent in a batch of small files', async () => {
    const small = inventory(150, 'files', { 'crash-me.yaml': 'id: CRASH-1\nname: The file that kills a worker\n' });
    try {
      const args = ['check', '--format', 'json', '--as-of', AS_OF, small.dir];
      const clean = JSON.parse((await checkInProcess([...args, '--jobs', '1'])).stdout);
      const crashed = JSON.parse((await checkInProcess([...args, '--jobs', '2'], {}, { SITECHECK_TEST_WORKER_CRASH: 'crash-me' })).stdout);
      expect(crashed.errors.map((e: { code: string; file: string }) => [e.code, e.file.split('/').pop()])).toEqual([['internal-error', 'crash-me.yaml']]);
      expect(crashed.sites).toEqual(clean.sites.filter((s: { id: string }) => s.id !== 'CRASH-1'));
    } finally {
      small.cleanup();
    }
  });

  it('does not hang when every file crashes its worker', async () => {
    const r = await checkInProcess(['check', '--format', 'json', '--as-of', AS_OF, '--jobs', '2', inv.dir], {}, { SITECHECK_TEST_WORKER_CRASH: 'estate-' });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.sites).toEqual([]);
    expect(out.errors.filter((e: { code: string }) => e.code === 'internal-error')).toHaveLength(6);
  });
});

describe('the default --jobs', () => {
  it('uses worker threads for --format json alone, and one thread for any other output (where workers do not pay)', async () => {
    // Over 512 KB of site files, so that the default would start workers; a worker that reads
    // the crash file dies, so whether one read it shows in the errors. The default goes by the
    // bytes, not the sites: 400 sites in 4 files (about 200 KB), each file ending in 100 KB of
    // comment lines, make some 600 KB (as 1,200 sites did) for a third of the checking.
    const big = inventory(400, 'stream', {}, 100);
    const padding = `# ${'a comment line that adds bytes to the file and no site '.repeat(2)}\n`.repeat(900);
    for (const f of readdirSync(big.dir)) appendFileSync(join(big.dir, f), padding);
    try {
      const bytes = readdirSync(big.dir).reduce((n, f) => n + statSync(join(big.dir, f)).size, 0);
      expect(bytes).toBeGreaterThan(PARALLEL_MIN_BYTES + 64 * 1024);
      const env = { SITECHECK_TEST_WORKER_CRASH: 'estate-0003.yaml' };
      const crashed = (out: string, json: boolean): boolean => (json ? JSON.parse(out).errors.some((e: { code: string }) => e.code === 'internal-error') : out.includes('sitecheck failed while reading this file'));
      const json = await checkInProcess(['check', '--format', 'json', '--as-of', AS_OF, big.dir], {}, env);
      expect(crashed(json.stdout, true)).toBe(true);
      // (Every output but json alone takes the same path: text, and json beside a text output.)
      const text = await checkInProcess(['check', '--format', 'text', '--as-of', AS_OF, big.dir], {}, env);
      expect(crashed(text.stdout, false)).toBe(false);
      const out = join(big.dir, '..', 'report.json');
      const both = await checkInProcess(['check', '--format', 'json', '--output', out, '--format', 'text', '--as-of', AS_OF, big.dir], {}, env);
      expect(crashed(both.stdout, false)).toBe(false);
      expect(crashed(readFileSync(out, 'utf8'), true)).toBe(false);
      // Asked for, workers are still used.
      const asked = await checkInProcess(['check', '--format', 'text', '--as-of', AS_OF, '--jobs', '2', big.dir], {}, env);
      expect(crashed(asked.stdout, false)).toBe(true);
    } finally {
      big.cleanup();
    }
  });
});
