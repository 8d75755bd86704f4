// Ctrl-C during a run stops the worker pool and the process promptly, with exit code 130 and no
// stack trace; nothing is left running.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AS_OF, inventory, start, type Inventory } from './helpers.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('Ctrl-C', () => {
  let inv: Inventory;
  beforeAll(() => {
    inv = inventory(1500, 'files');
  });
  afterAll(() => inv.cleanup());

  for (const jobs of ['2', '1']) {
    it(`stops a run with --jobs ${jobs} promptly and cleanly`, async () => {
      const { child, done } = start(['check', '--format', 'json', '--as-of', AS_OF, '--jobs', jobs, inv.dir]);
      // Interrupt once the report has started to come out: the run is then surely under way.
      await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
      const sentAt = Date.now();
      child.kill('SIGINT');
      const r = await done;
      const took = Date.now() - sentAt;
      expect(r.code).toBe(130);
      expect(r.stderr).toBe('sitecheck: interrupted\n');
      expect(took).toBeLessThan(5000);
      expect(alive(child.pid!)).toBe(false);
      // It stopped part-way: the report was not completed.
      expect(r.stdout).not.toMatch(/"summary"/);
    });
  }

  // A cancelled CI job or `timeout` sends SIGTERM: the same clean stop, and no temporary file
  // (it was left beside the --output, the process killed before it could remove it).
  it('SIGTERM stops a run with --output cleanly (exit 143), leaving no temporary file', async () => {
    const out = join(inv.dir, '..');
    const { child, done } = start(['check', '--format', 'json', '--as-of', AS_OF, '--jobs', '2', inv.dir, '--format', 'text', '--output', join(out, 'report.txt')]);
    await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
    child.kill('SIGTERM');
    const r = await done;
    expect(r.code).toBe(143);
    expect(r.stderr).toBe('sitecheck: terminated\n');
    expect(readdirSync(out).filter((n) => n !== 'sites')).toEqual([]);
  });
});
