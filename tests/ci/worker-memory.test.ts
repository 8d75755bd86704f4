// A file that exhausts a worker thread's heap gives the same answer as with -j1: it is read again
// in the main thread (as -j1 reads it), never reported as "Worker terminated due to reaching
// memory limit". The worker is made to run out of heap for real (its resourceLimits) while
// reading the named file (SITECHECK_TEST_WORKER_OOM, a test hook in src/scale/worker.ts, set in
// process.env for the in-process run, where its worker threads read it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AS_OF, checkInProcess, inventory, type Inventory } from '../scale/helpers.js';

describe('a file that exhausts a worker\'s memory', () => {
  let inv: Inventory;
  beforeAll(() => {
    inv = inventory(300, 'stream', {}, 50);
  });
  afterAll(() => inv.cleanup());

  it.each(['json', 'text'])('gives the -j1 output byte for byte (%s)', async (format) => {
    const args = ['check', '--format', format, '--as-of', AS_OF, inv.dir];
    const one = await checkInProcess([...args, '--jobs', '1']);
    const many = await checkInProcess([...args, '--jobs', '2'], {}, { SITECHECK_TEST_WORKER_OOM: 'estate-0002.yaml' });
    expect(many.stderr).not.toMatch(/memory limit/);
    expect(many.stdout).not.toMatch(/memory limit|internal-error/);
    expect(many.stdout).toBe(one.stdout);
    expect(many.code).toBe(one.code);
  });
});
