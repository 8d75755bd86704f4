// Benchmark: the auditor's report for a large inventory. Times, in one run, the evaluation of N
// sites (the baseline: what `check` does anyway) and the rendering of the HTML and Markdown reports
// for them, at N/4 and N sites. Rendering should cost a fraction of evaluation, and grow linearly
// (the N / N/4 ratio near 4, not 16). Prints a table and writes bench/results/report.json.
// Run after `npm run build`:  node bench/report.bench.mjs [N] [--browser]   (default 10000)
// With --browser, also times opening the N-site HTML report in Debian's chromium (load event).
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gatherEvidence } from '../dist/report/build.js';
import { renderHtml } from '../dist/report/html.js';
import { renderMarkdown } from '../dist/report/markdown.js';

const args = process.argv.slice(2);
const N = Number(args.find((a) => /^\d+$/.test(a)) ?? 10_000);
const BROWSER = args.includes('--browser');
const PER_FILE = 50;

function site(i) {
  const highest = ['OFFICIAL', 'SECRET', 'TOP SECRET', 'unknown'][i % 4];
  const use = ['routine', 'occasional', 'none', 'unknown'][(i >> 2) % 4];
  const staff = 100 + (i % 900);
  return [
    `id: B-${String(i).padStart(6, '0')}`,
    `name: "Bench site ${i} <b>&</b>"`,
    `organisation: Department ${i % 17}`,
    `government_location: ${i % 3 === 0 ? 'unknown' : i % 3 === 1}`,
    'classified_material:',
    `  highest: ${highest}`,
    `  frequency: ${i % 5 === 0 ? 'occasional' : 'routine'}`,
    'vetting:',
    `  staff_total: ${staff}`,
    `  developed_vetting: ${(i * 37) % staff}`,
    `ministerial_use: ${use}`,
    'socpa:',
    `  designated: ${i % 7 === 0}`,
    'equipment:',
    `  - { id: CAM-1, kind: cctv-camera, manufacturer: ${i % 2 ? 'Hikvision' : 'Axis'}, status: installed, removal_due: 2025-04-30 }`,
  ].join('\n');
}

function inventory(n) {
  const dir = mkdtempSync(join(tmpdir(), 'sitecheck-bench-'));
  mkdirSync(join(dir, 'sites'));
  for (let f = 0; f * PER_FILE < n; f++) {
    const docs = [];
    for (let i = f * PER_FILE; i < Math.min(n, (f + 1) * PER_FILE); i++) docs.push(site(i));
    writeFileSync(join(dir, 'sites', `f${String(f).padStart(4, '0')}.yaml`), docs.join('\n---\n') + '\n');
  }
  return dir;
}

async function openInBrowser(path, html) {
  const { chromium } = await import('playwright-core');
  writeFileSync(path, html);
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
  const dir = inventory(n);
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    let t = performance.now();
    const evidence = await gatherEvidence({ paths: ['sites/'], asOf: '2026-11-22' });
    const evaluate = performance.now() - t;
    t = performance.now();
    const html = renderHtml(evidence);
    const htmlMs = performance.now() - t;
    t = performance.now();
    const md = renderMarkdown(evidence);
    const mdMs = performance.now() - t;
    if (evidence.report.sites.length !== n) throw new Error(`expected ${n} sites, got ${evidence.report.sites.length}`);
    const openMs = BROWSER ? await openInBrowser(join(dir, 'report.html'), html) : undefined;
    return { sites: n, evaluateMs: evaluate, htmlMs, mdMs, htmlBytes: html.length, mdBytes: md.length, openMs };
  } finally {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  }
}

const small = await measure(Math.round(N / 4));
const large = await measure(N);
const ratios = {
  htmlVsEvaluate: large.htmlMs / large.evaluateMs,
  mdVsEvaluate: large.mdMs / large.evaluateMs,
  htmlGrowth: large.htmlMs / small.htmlMs,
  mdGrowth: large.mdMs / small.mdMs,
};
const fmt = (x) => x.toFixed(0).padStart(8);
console.log('sites     evaluate ms   html ms   md ms   html MB');
for (const r of [small, large]) console.log(`${String(r.sites).padEnd(8)}${fmt(r.evaluateMs)}    ${fmt(r.htmlMs)}${fmt(r.mdMs)}   ${(r.htmlBytes / 1e6).toFixed(1)}`);
console.log(`render / evaluate at ${N}: html ${ratios.htmlVsEvaluate.toFixed(3)}, md ${ratios.mdVsEvaluate.toFixed(3)}`);
if (BROWSER) console.log(`opening the HTML in chromium: ${small.sites} sites ${small.openMs.toFixed(0)} ms, ${large.sites} sites ${large.openMs.toFixed(0)} ms`);
console.log(`growth ${small.sites} → ${large.sites} sites (linear is 4): html ${ratios.htmlGrowth.toFixed(2)}, md ${ratios.mdGrowth.toFixed(2)}`);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/report.json', import.meta.url), JSON.stringify({ small, large, ratios }, null, 2) + '\n');
