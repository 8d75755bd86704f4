// The streamed report and its reader: a slow reader slows the run down (the report still arrives
// whole and identical); a reader that goes away stops the run quietly, never with a stack trace
// and never with a "success" exit code.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AS_OF, CLI, checkInProcess, inventory, type Inventory } from './helpers.js';

describe('the report on a pipe', () => {
  let inv: Inventory;
  beforeAll(() => {
    // 4 files of 25 sites: a JSON report of about 2 MB, some 30 times what a pipe holds (64 KB), so
    // the writer meets back-pressure and the early reader leaves long before the end, with
    // -j2 as with -j1 (an explicit --jobs starts worker threads for any 2 files or more).
    inv = inventory(100, 'stream', {}, 25);
  });
  let big: Inventory;
  beforeAll(() => {
    // 500 sites: text about 280 KB, JUnit 480 KB, SARIF 870 KB, each over four times what a pipe holds.
    big = inventory(500, 'stream', {}, 125);
  });
  afterAll(() => {
    inv.cleanup();
    big.cleanup();
  });

  for (const jobs of ['1', '2']) {
    it(`arrives whole to a reader that pauses (--jobs ${jobs})`, async () => {
      // The bytes to expect, from the same check run in-process (the process under test is the paused one).
      const expected = (await checkInProcess(['check', '--format', 'json', '--as-of', AS_OF, '--jobs', jobs, inv.dir])).stdout;
      const child = spawn(process.execPath, [CLI, 'check', '--format', 'json', '--as-of', AS_OF, '--jobs', jobs, inv.dir], { stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.pause();
      await new Promise((r) => setTimeout(r, 800));
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.stdout.resume();
      const code = await new Promise((r) => child.on('close', r));
      expect(code).toBe(1);
      expect(out).toBe(expected);
    });

    it(`stops quietly when the reader goes away (--jobs ${jobs})`, async () => {
      const child = spawn(process.execPath, [CLI, 'check', '--format', 'json', '--as-of', AS_OF, '--jobs', jobs, inv.dir], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.stdout.once('data', () => child.stdout.destroy());
      const code = await new Promise((r) => child.on('close', r));
      expect(code).toBe(141);
      expect(stderr).toBe('');
    });
  }

  // Text, JUnit and SARIF wait for the last site (totals first), so the reader goes away while
  // the run writes its end: the same quiet 141, not the run's own exit code. (Each output here is
  // several times what a pipe holds; Markdown's is too small to test this way.)
  for (const format of ['text', 'junit', 'sarif']) {
    it(`stops quietly when the reader goes away from --format ${format}`, async () => {
      const child = spawn(process.execPath, [CLI, 'check', '--format', format, '--as-of', AS_OF, '--jobs', '1', big.dir], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.stdout.once('data', () => child.stdout.destroy());
      const code = await new Promise((r) => child.on('close', r));
      expect(code).toBe(141);
      expect(stderr).toBe('');
    });
  }
});
