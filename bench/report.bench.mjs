// Benchmark: the auditor's report on the bench inventory (bench/generate.mjs, the `stream` layout).
// For each size, in one run: `sitecheck check --format json` (the baseline: what check does anyway),
// `sitecheck report --out r.html` and `--out r.md`, each as its own process, with wall time and
// peak RSS (by /usr/bin/time when present, else Node's own maxRSS reported at exit); the report's
// bytes per site; and, with --browser, the time to open the HTML in Debian's chromium (load event).
// Targets (issue 14): HTML ≤ 2 KB per site, ≤ 512 MB peak RSS at 100,000 sites.
// Run after `npm run build`:
//   node bench/report.bench.mjs [--sites 20000,100000] [--runs 1] [--browser]
// Writes bench/results/report.json.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { generate } from './generate.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'sitecheck.js');
const { values } = parseArgs({ options: { sites: { type: 'string', default: '20000,100000' }, runs: { type: 'string', default: '1' }, browser: { type: 'boolean' } } });
const SIZES = values.sites.split(',').map(Number);
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
    generate({ sites: n, layout: 'stream', out: join(dir, 'sites') });
    const samples = { check: [], html: [], md: [] };
    let htmlBytes = 0;
    let mdBytes = 0;
    for (let i = 0; i < RUNS; i++) {
      // Interleaved, so a change in the machine's load falls on all three alike.
      samples.check.push(await run(['check', 'sites/', '--format', 'json', '--as-of', AS_OF, '--output', 'check.json'], dir));
      samples.html.push(await run(['report', 'sites/', '--out', 'r.html', '--force', '--as-of', AS_OF], dir));
      samples.md.push(await run(['report', 'sites/', '--out', 'r.md', '--force', '--as-of', AS_OF], dir));
      htmlBytes = statSync(join(dir, 'r.html')).size;
      mdBytes = statSync(join(dir, 'r.md')).size;
    }
    const sites = JSON.parse(readFileSync(join(dir, 'check.json'), 'utf8')).summary.sites;
    const pick = (k) => ({ ms: median(samples[k].map((s) => s.ms)), rssMB: median(samples[k].map((s) => s.rssMB)) });
    const check = pick('check');
    const html = pick('html');
    const md = pick('md');
    const openMs = values.browser ? await openInBrowser(join(dir, 'r.html')) : undefined;
    return {
      sites, runs: RUNS, load: loadavg()[0],
      check, html, md,
      htmlBytesPerSite: htmlBytes / sites, mdBytesPerSite: mdBytes / sites,
      ratios: { htmlVsCheck: html.ms / check.ms, mdVsCheck: md.ms / check.ms, htmlRssVsCheck: html.rssMB / check.rssMB },
      openMs,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const results = [];
for (const n of SIZES) {
  const r = await measure(n);
  results.push(r);
  const ok = (x, t) => (x <= t ? 'met' : 'NOT met');
  console.log(
    `report, ${r.sites} sites (load ${r.load.toFixed(1)}): html ${r.htmlBytesPerSite.toFixed(0)} B/site (target ≤ ${HTML_TARGET}: ${ok(r.htmlBytesPerSite, HTML_TARGET)}), md ${r.mdBytesPerSite.toFixed(0)} B/site; ` +
      `peak RSS check ${r.check.rssMB.toFixed(0)} MB, report html ${r.html.rssMB.toFixed(0)} MB (target ≤ ${RSS_TARGET_MB} at 100,000: ${r.sites >= 100000 ? ok(r.html.rssMB, RSS_TARGET_MB) : 'n/a'}), md ${r.md.rssMB.toFixed(0)} MB; ` +
      `time vs check --format json: html ${r.ratios.htmlVsCheck.toFixed(2)}×, md ${r.ratios.mdVsCheck.toFixed(2)}×` +
      (r.openMs !== undefined ? `; opens in chromium in ${(r.openMs / 1000).toFixed(1)} s` : ''),
  );
}
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(join(ROOT, 'bench', 'results', 'report.json'), JSON.stringify({ when: new Date().toISOString(), results }, null, 2) + '\n');
