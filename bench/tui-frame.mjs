// Benchmark: how soon the TUI shows something at 10,000 sites, and how long a key takes there,
// as ratios against baselines measured in the same run (so a busy machine shifts both alike):
//   - first frame, first rows and all sites evaluated, against `check` of the same inventory
//     in the same process (what the TUI used to wait for before drawing anything);
//   - key latency (key written → new frame) at 10,000 sites against the same keys at 100 sites.
// The App is rendered into ink-testing-library's terminal (80×24), exactly as the tests do.
// With tmux installed, the first frame of the real `sitecheck tui` in a terminal is measured too,
// against `sitecheck --version` (node's start and the CLI's imports).
//   npm run build && node bench/tui-frame.mjs [--sites 10000]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { generate } from './generate.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { sites: { type: 'string', default: '10000' }, repeat: { type: 'string', default: '15' } } });
const SITES = Number(values.sites);
const REPEAT = Number(values.repeat);
const AS_OF = '2026-11-22';
const work = mkdtempSync(join(tmpdir(), 'sitecheck-tui-bench-'));
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];

const React = (await import('react')).default;
const { render } = await import('ink-testing-library');
const { App } = await import('../dist/tui/components/App.js');
const { emptyData, loadData } = await import('../dist/tui/data.js');
const { check } = await import('../dist/check.js');

/** Wait (polling every tick) until the frame passes `ok`; returns ms from `t0`. */
async function until(frame, ok, t0, timeoutMs = 120_000) {
  for (;;) {
    const f = frame();
    if (ok(f)) return performance.now() - t0;
    if (performance.now() - t0 > timeoutMs) throw new Error(`timed out; last frame:\n${f}`);
    await new Promise((r) => setImmediate(r));
  }
}

async function session(dir, sites) {
  const t0 = performance.now();
  const opts = { asOf: AS_OF };
  const initial = emptyData([dir], opts);
  const r = render(React.createElement(App, { data: initial, newSiteDir: dir, load: (onBatch) => loadData([dir], opts, initial, onBatch) }));
  Object.defineProperty(r.stdout, 'columns', { configurable: true, get: () => 80 });
  Object.defineProperty(r.stdout, 'rows', { configurable: true, get: () => 24 });
  const frame = () => r.lastFrame() ?? '';
  const firstFrame = await until(frame, (f) => f.includes('sitecheck —'), t0);
  const firstRows = await until(frame, (f) => /› [●○?] /.test(f), t0);
  const loaded = await until(frame, (f) => /› [●○?] /.test(f) && !f.includes('reading'), t0);
  r.stdout.emit('resize');
  await pause(100);
  // Key latency: write the key, wait for the frame to change.
  const KEYS = [['↓ move', '\u001b[B'], ['PgDn', '\u001b[6~'], ['G end', 'G'], ['g home', 'g'], ['s filter', 's'], ['a all', 'a'], ['/ search', '/'], ['type a letter', 'x'], ['Backspace', '\u007f'], ['Esc', '\u001b'], ['Enter: open a site', '\r'], ['Esc: back', '\u001b']];
  const latency = {};
  for (const [name, key] of KEYS) latency[name] = [];
  for (let n = 0; n < REPEAT; n++) {
    for (const [name, key] of KEYS) {
      const before = frame();
      const t = performance.now();
      r.stdin.write(key);
      latency[name].push(await until(frame, (f) => f !== before, t, 10_000));
      await pause(key === '\u001b' ? 40 : 5);
    }
    // Back to the top for the next round.
    r.stdin.write('g');
    await pause(20);
  }
  r.unmount();
  return { firstFrame, firstRows, loaded, latency };
}

function dataset(sites) {
  const dir = join(work, `s${sites}`);
  generate({ sites, layout: 'files', out: dir });
  return dir;
}

const small = dataset(100);
const large = dataset(SITES);
const t = performance.now();
await check([large], { asOf: AS_OF });
const checkMs = performance.now() - t;
const s100 = await session(small, 100);
const sLarge = await session(large, SITES);

let terminal = null;
if (spawnSync('tmux', ['-V']).status === 0) {
  const sock = `sitecheck-bench-${process.pid}`;
  const tm = (...a) => spawnSync('tmux', ['-L', sock, ...a], { encoding: 'utf8' });
  const cli = join(ROOT, 'bin/sitecheck.js');
  const versions = [];
  for (let i = 0; i < 3; i++) {
    const v0 = performance.now();
    spawnSync(process.execPath, [cli, '--version']);
    versions.push(performance.now() - v0);
  }
  const firsts = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    tm('new-session', '-d', '-s', `b${i}`, '-x', '80', '-y', '24', `${process.execPath} ${cli} tui --as-of ${AS_OF} ${large}; sleep 60`);
    for (;;) {
      const f = tm('capture-pane', '-p', '-t', `b${i}`).stdout ?? '';
      if (f.includes('sitecheck —')) break;
      if (performance.now() - t0 > 60_000) break;
      await pause(10);
    }
    firsts.push(performance.now() - t0);
    tm('kill-session', '-t', `b${i}`);
  }
  tm('kill-server');
  terminal = { firstFrameMs: Math.round(median(firsts)), versionMs: Math.round(median(versions)) };
}
rmSync(work, { recursive: true, force: true });

const ms = (x) => `${Math.round(x).toLocaleString('en-GB')} ms`;
const lines = [];
lines.push(`sitecheck TUI at ${SITES.toLocaleString('en-GB')} sites (files layout, 80×24), medians of ${REPEAT} key presses`);
lines.push(`  check of the same inventory (baseline, one thread): ${ms(checkMs)}`);
lines.push(`  first frame ${ms(sLarge.firstFrame)} (${(sLarge.firstFrame / checkMs).toFixed(3)}× check)  first rows ${ms(sLarge.firstRows)} (${(sLarge.firstRows / checkMs).toFixed(2)}× check)  every site ${ms(sLarge.loaded)} (${(sLarge.loaded / checkMs).toFixed(2)}× check)`);
if (terminal) lines.push(`  in a real terminal (tmux): first frame ${ms(terminal.firstFrameMs)}; sitecheck --version ${ms(terminal.versionMs)} (${(terminal.firstFrameMs / terminal.versionMs).toFixed(2)}×)`);
lines.push('');
lines.push(`${'key'.padEnd(20)} ${'100 sites'.padStart(10)} ${`${SITES} sites`.padStart(12)} ${'p95'.padStart(8)} ${'ratio'.padStart(7)}`);
for (const name of Object.keys(sLarge.latency)) {
  const a = median(s100.latency[name]), b = median(sLarge.latency[name]);
  lines.push(`${name.padEnd(20)} ${`${a.toFixed(1)} ms`.padStart(10)} ${`${b.toFixed(1)} ms`.padStart(12)} ${`${p95(sLarge.latency[name]).toFixed(1)}`.padStart(8)} ${`${(b / a).toFixed(1)}×`.padStart(7)}`);
}
process.stdout.write(lines.join('\n') + '\n');
