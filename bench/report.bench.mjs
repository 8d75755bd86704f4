// Benchmark: the auditor's report on the bench inventory (bench/generate.mjs, the `stream` layout).
// For each size, in one run: `sitecheck check --format json` (the baseline: what check does anyway),
// then `sitecheck report --out r.html` and `--out r.md` with each --jobs setting (1, and the
// default: the number of cores), each as its own process, with wall time and peak RSS of the
// whole process, worker threads included (by /usr/bin/time when present, else Node's own maxRSS
// reported at exit); the report's bytes per site; and, with --browser, the time to open the HTML
// in Debian's chromium (load event).
// Targets (issue 14): HTML ≤ 2 KB per site, ≤ 512 MB peak RSS at 100,000 sites.
// Run after `npm run build`:
//   node bench/report.bench.mjs [--sites 20000,100000] [--runs 1] [--jobs 1,default] [--kinds html,md]
//                               [--from DIR] [--browser]
// --from DIR uses DIR/stream-N as the inventory of N sites when it exists (a copy made by
// bench/generate.mjs with the same seed) instead of generating it again.
// Writes bench/results/report.json.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, fstatSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { generate } from './generate.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'sitecheck.js');
const { values } = parseArgs({
  options: {
    sites: { type: 'string', default: '20000,100000' }, runs: { type: 'string', default: '1' }, browser: { type: 'boolean' },
    jobs: { type: 'string', default: '1,default' }, kinds: { type: 'string', default: 'html,md' }, from: { type: 'string' },
  },
});
const SIZES = values.sites.split(',').map(Number);
const JOBS = values.jobs.split(',');
const KINDS = values.kinds.split(',');
const RUNS = Number(values.runs);
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const AS_OF = '2026-11-22';
const HTML_TARGET = 2048;
const RSS_TARGET_MB = 512;

/** Run `node bin/sitecheck.js ARGS` in `cwd`: wall ms and peak RSS (MB). */
function run(args, cwd) {
  return new Promise((resolve, reject) => {
    const rssFile = join(cwd, `.rss-${process.pid}`);
    const node = [process.execPath, BIN, ...args];
    const argv = TIME ? [TIME, '-f', '%M', '-o', rssFile, ...node] : [process.execPath, '--require', join(ROOT, 'bench', 'maxrss.cjs'), BIN, ...args];
    const t0 = performance.now();
    const child = spawn(argv[0], argv.slice(1), { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      let rssKB;
      if (TIME) rssKB = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
      else rssKB = Number(/maxrss (\d+)/.exec(err)?.[1]);
      if (code !== 0 && code !== 1) return reject(new Error(`sitecheck ${args.join(' ')} exited ${code}: ${err.slice(0, 400)}`));
      resolve({ ms, rssMB: rssKB / 1024 });
    });
  });
}

/** The summary's site count, from the end of check's JSON report (at 100,000 sites the file is too long for one string). */
function summarySites(file) {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const n = Math.min(size, 64 * 1024);
    const buf = Buffer.alloc(n);
    readSync(fd, buf, 0, n, size - n);
    const at = buf.toString('utf8').lastIndexOf('"summary": {');
    return Number(/"sites": (\d+)/.exec(buf.toString('utf8').slice(at))[1]);
  } finally {
    closeSync(fd);
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function openInBrowser(path) {
  const { chromium } = await import('playwright-core');
  const ctx = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'sitecheck-bench-chromium-')), {
    executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await ctx.newPage();
    const t = performance.now();
    await page.goto(`file://${path}`, { waitUntil: 'load', timeout: 600_000 });
    return performance.now() - t;
  } finally {
    await ctx.close();
  }
}

async function measure(n) {
  const dir = mkdtempSync(join(tmpdir(), 'sitecheck-report-bench-'));
  try {
    const cached = values.from ? join(values.from, `stream-${n}`) : undefined;
    const inventory = cached && existsSync(cached) ? cached : join(dir, 'sites');
    if (inventory !== cached) generate({ sites: n, layout: 'stream', out: inventory });
    const runs = [{ key: 'check', args: ['check', inventory, '--format', 'json', '--as-of', AS_OF, '--output', 'check.json'] }];
    for (const kind of KINDS) {
      for (const j of JOBS) runs.push({ key: `${kind} -j${j}`, kind, args: ['report', inventory, '--out', `r.${kind}`, '--force', '--as-of', AS_OF, ...(j === 'default' ? [] : ['--jobs', j])] });
    }
    const samples = Object.fromEntries(runs.map((r) => [r.key, []]));
    const bytes = {};
    for (let i = 0; i < RUNS; i++) {
      // Interleaved, so a change in the machine's load falls on all alike.
      for (const r of runs) {
        samples[r.key].push(await run(r.args, dir));
        if (r.kind) bytes[r.kind] = statSync(join(dir, `r.${r.kind}`)).size;
        console.error(`  ${n} sites, ${r.key}: ${(samples[r.key].at(-1).ms / 1000).toFixed(1)} s, ${samples[r.key].at(-1).rssMB.toFixed(0)} MB`);
      }
    }
    const sites = summarySites(join(dir, 'check.json'));
    const pick = (k) => ({ ms: median(samples[k].map((s) => s.ms)), rssMB: median(samples[k].map((s) => s.rssMB)) });
    const measured = Object.fromEntries(runs.map((r) => [r.key, pick(r.key)]));
    const check = measured.check;
    const openMs = values.browser && bytes.html ? await openInBrowser(join(dir, 'r.html')) : undefined;
    return {
      sites, runs: RUNS, load: loadavg()[0],
      measured,
      bytesPerSite: Object.fromEntries(Object.entries(bytes).map(([k, b]) => [k, b / sites])),
      vsCheck: Object.fromEntries(runs.filter((r) => r.kind).map((r) => [r.key, { time: measured[r.key].ms / check.ms, rss: measured[r.key].rssMB / check.rssMB }])),
      openMs,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const results = [];
const save = () => {
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench', 'results', 'report.json'), JSON.stringify({ when: new Date().toISOString(), results }, null, 2) + '\n');
};
for (const n of SIZES) {
  const r = await measure(n);
  results.push(r);
  save(); // after each size, so that a long run interrupted keeps what it measured
  const ok = (x, t) => (x <= t ? 'met' : 'NOT met');
  console.log(`report, ${r.sites} sites (load ${r.load.toFixed(1)}): check --format json ${(r.measured.check.ms / 1000).toFixed(1)} s, ${r.measured.check.rssMB.toFixed(0)} MB`);
  for (const [kind, b] of Object.entries(r.bytesPerSite)) console.log(`  ${kind}: ${b.toFixed(0)} B/site${kind === 'html' ? ` (target ≤ ${HTML_TARGET}: ${ok(b, HTML_TARGET)})` : ''}`);
  for (const [key, m] of Object.entries(r.measured)) {
    if (key === 'check') continue;
    console.log(
      `  ${key}: ${(m.ms / 1000).toFixed(1)} s (${r.vsCheck[key].time.toFixed(2)}× check), peak RSS ${m.rssMB.toFixed(0)} MB` +
        (r.sites >= 100000 ? ` (target ≤ ${RSS_TARGET_MB}: ${ok(m.rssMB, RSS_TARGET_MB)})` : ''),
    );
  }
  if (r.openMs !== undefined) console.log(`  opens in chromium in ${(r.openMs / 1000).toFixed(1)} s`);
}
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(join(ROOT, 'bench', 'results', 'report.json'), JSON.stringify({ when: new Date().toISOString(), results }, null, 2) + '\n');
