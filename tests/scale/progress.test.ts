// The progress bar: only on a terminal, only after a second, wiped before the report; never on
// stdout. Driven with a fake clock and a fake terminal.
import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { Progress, progressLine, formatDuration } from '../../src/scale/progress.js';
import { cliEnv } from '../support/cli.js';
import { AS_OF, checkInProcess as sitecheck, inventory } from './helpers.js';

function fakeTerminal(isTTY = true) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns: 100, write: (s: string) => writes.push(s) } };
}

describe('progress bar', () => {
  it('draws nothing during the first second, then sites/s and the time left', () => {
    const term = fakeTerminal();
    let now = 0;
    const p = new Progress(term.stream, true, () => now);
    now = 900;
    p.update(900, 900, 10_000);
    expect(term.writes).toEqual([]);
    now = 2000;
    p.update(2000, 2500, 10_000);
    expect(term.writes).toHaveLength(1);
    expect(term.writes[0]).toMatch(/^\r\x1b\[2Kchecking /);
    expect(term.writes[0]).toContain(' 25%');
    expect(term.writes[0]).toContain('2,000 sites');
    expect(term.writes[0]).toContain('1,000 sites/s');
    expect(term.writes[0]).toContain('ETA 0:06'); // a quarter done in 2 s: 6 s to go
    p.clear();
    expect(term.writes.at(-1)).toBe('\r\x1b[2K');
  });

  it('redraws at most ten times a second', () => {
    const term = fakeTerminal();
    let now = 0;
    const p = new Progress(term.stream, true, () => now);
    for (now = 1000; now < 2000; now += 10) p.update(1, 1, 100);
    expect(term.writes.length).toBeLessThanOrEqual(10);
  });

  it('is off when stderr is not a terminal, with --quiet, or on a dumb terminal', () => {
    expect(Progress.wanted({ isTTY: true, write: () => true }, false, {})).toBe(true);
    expect(Progress.wanted({ isTTY: false, write: () => true }, false, {})).toBe(false);
    expect(Progress.wanted({ isTTY: true, write: () => true }, true, {})).toBe(false);
    expect(Progress.wanted({ isTTY: true, write: () => true }, false, { TERM: 'dumb' })).toBe(false);
    const term = fakeTerminal();
    let now = 0;
    const p = new Progress(term.stream, false, () => now);
    now = 5000;
    p.update(10, 10, 100);
    p.clear();
    expect(term.writes).toEqual([]);
  });

  it('formats durations and the bar', () => {
    expect(formatDuration(5)).toBe('0:05');
    expect(formatDuration(125)).toBe('2:05');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(progressLine(0, 0, 0, 0)).toContain('ETA --:--');
    expect(progressLine(50, 50, 100, 1000, 80)).toMatch(/█+░+ +50%/);
  });

  it('leaves stderr empty when it is not a terminal, even on a run longer than the one-second delay', async () => {
    // The run lasts longer than the delay by the clock rather than by its size: each reading of
    // Date.now (the bar's clock) is a quarter of a second after the one before. (It took 3,000
    // sites and 14 s of a loaded machine to get there for real.) The same run on a terminal shows
    // that this is long enough for the bar.
    const inv = inventory(200, 'files');
    const realNow = Date.now.bind(Date);
    let skew = 0;
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => realNow() + (skew += 250));
    try {
      const args = ['check', '--as-of', AS_OF, '--jobs', '2', inv.dir];
      const env = { TERM: 'xterm-256color' };
      const r = await sitecheck(args, env);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/^\d+ sites: /m);
      const terminal = new (class extends Writable {
        readonly isTTY = true;
        readonly columns = 100;
        text = '';
        override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
          this.text += chunk.toString();
          cb();
        }
      })();
      const stdout = new (class extends Writable {
        text = '';
        override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
          this.text += chunk.toString();
          cb();
        }
      })();
      const code = await main(args, { stdout, stderr: terminal, env: cliEnv({ ...env, NO_COLOR: '1' }) });
      expect(code).toBe(r.code);
      // On a terminal: the bar, redrawn in place, then wiped; the report on stdout is the same.
      expect(terminal.text).toMatch(/^(\r\x1b\[2Kchecking [^\r]+)+\r\x1b\[2K$/);
      expect(stdout.text).toBe(r.stdout);
    } finally {
      clock.mockRestore();
      inv.cleanup();
    }
  });
});
