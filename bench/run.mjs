// `npm run bench`: generate seeded inventories and time, in the same run and on the same files,
//   floor     the `yaml` package alone parsing the files in one thread (bench/floor.mjs)
//   floor ×N  the same split over N processes at once, nothing shared (bench/floor-parallel.mjs):
//             context for check -jN, what N cores give a read with no coordination at all
//   baseline  json-rules-engine run once per site, undefined facts allowed (bench/baseline.mjs)
//   check -j1 / check -jN   `sitecheck check --format json` end to end, as a process
// interleaved run by run so that load from other work on the machine hits them alike. Prints the
// medians, the ratios to the floor and the baseline, and peak RSS, and writes them all to
// bench/results/latest.json. Also checks that -j1 and -jN write byte-identical reports, times
// `check` on one small file (start-up), and `explain` of one site in the largest inventory.
//
// Environment: BENCH_SIZES=20000,100000  BENCH_LAYOUTS=files,stream  BENCH_RUNS=3  BENCH_EXPLAIN_RUNS=7
//              BENCH_JOBS=N (default: the number of cores)  BENCH_DIR=/tmp/sitecheck-bench
//              BENCH_FORMATS=none to skip the output-format benchmark (bench/formats.mjs, its own variables)
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, openSync, closeSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.mjs';
import { benchFormats, formatsTable } from './formats.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'bin', 'sitecheck.js');
const RULES = join(ROOT, 'rules');
const SIZES = (process.env.BENCH_SIZES ?? '20000,100000').split(',').map(Number);
const LAYOUTS = (process.env.BENCH_LAYOUTS ?? 'files,stream').split(',');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
// Runs at 100,000 sites or more (each takes minutes on a busy 2-core machine).
const RUNS_LARGE = Number(process.env.BENCH_RUNS_LARGE ?? RUNS);
const JOBS = Number(process.env.BENCH_JOBS ?? availableParallelism());
// explain takes about a second a run: enough runs for a median whatever RUNS_LARGE is.
const EXPLAIN_RUNS = Number(process.env.BENCH_EXPLAIN_RUNS ?? Math.max(7, RUNS));
const DIR = process.env.BENCH_DIR ?? join(tmpdir(), 'sitecheck-bench');
const AS_OF = '2026-11-22';
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const GENERATOR_HASH = createHash('sha256').update(readFileSync(join(ROOT, 'bench', 'generate.mjs'))).digest('hex').slice(0, 12);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Run a command to completion; wall time measured here, peak RSS by /usr/bin/time (KB). */
function measure(cmd, args, { stdout = 'ignore' } = {}) {
  return new Promise((resolve, reject) => {
    const rssFile = join(DIR, `.rss-${process.pid}`);
    const argv = TIME ? [TIME, '-f', '%M %U %S', '-o', rssFile, cmd, ...args] : [cmd, ...args];
    const out = stdout === 'ignore' ? openSync('/dev/null', 'w') : 'pipe';
    const t0 = performance.now();
    const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', out, 'pipe'] });
    const hash = createHash('sha256');
    let text = '';
    let err = '';
    if (out === 'pipe') child.stdout.on('data', (d) => (stdout === 'hash' ? hash.update(d) : (text += d)));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      if (typeof out === 'number') closeSync(out);
      let rssKB;
      let cpuMs;
      if (TIME && existsSync(rssFile)) {
        const [rss, user, sys] = readFileSync(rssFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
        rssKB = rss;
        cpuMs = (user + sys) * 1000;
        rmSync(rssFile);
      }
      // sitecheck exits 1 when the inventory has findings or input errors: that is a result.
      if (code !== 0 && code !== 1) return reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${err.slice(-2000)}`));
      resolve({ ms, rssKB, cpuMs, text, sha256: stdout === 'hash' ? hash.digest('hex') : undefined });
    });
  });
}

function dataset(sites, layout) {
  const dir = join(DIR, `${layout}-${sites}`);
  const stamp = join(dir, '.generated');
  const want = `${GENERATOR_HASH} seed=42`;
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return { dir, ...JSON.parse(readFileSync(join(DIR, `${layout}-${sites}.json`), 'utf8')) };
  process.stderr.write(`generating ${sites} sites (${layout})…\n`);
  const info = generate({ sites, layout, out: dir, seed: 42 });
  writeFileSync(join(DIR, `${layout}-${sites}.json`), JSON.stringify({ files: info.files, bytes: info.bytes, middleId: info.middleId }));
  writeFileSync(stamp, want);
  return { dir, files: info.files, bytes: info.bytes, middleId: info.middleId };
}

const node = process.execPath;
const variants = {
  floor: (d) => [node, [join(ROOT, 'bench', 'floor.mjs'), d.dir]],
  // (Context, not a target: the floor split over JOBS processes at once, nothing shared.)
  [`floor ×${JOBS}`]: (d) => [node, [join(ROOT, 'bench', 'floor-parallel.mjs'), d.dir, String(JOBS)]],
  baseline: (d) => [node, [join(ROOT, 'bench', 'baseline.mjs'), d.dir, RULES]],
  'check -j1': (d) => [node, [CLI, 'check', '--format', 'json', '--as-of', AS_OF, '--quiet', '--jobs', '1', d.dir]],
  [`check -j${JOBS}`]: (d) => [node, [CLI, 'check', '--format', 'json', '--as-of', AS_OF, '--quiet', '--jobs', String(JOBS), d.dir]],
};
const CHECK_N = `check -j${JOBS}`;

mkdirSync(DIR, { recursive: true });
const results = [];
const explains = [];

/** The file of the inventory that holds the site (found by a byte search; not timed). */
function fileHolding(dir, id) {
  for (const f of readdirSync(dir, { recursive: true }).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    if (readFileSync(join(dir, f), 'utf8').includes(`id: ${id}\n`)) return join(dir, f);
  }
  throw new Error(`no file holds ${id}`);
}

/**
 * `explain SITE_ID` in the whole inventory against `explain FILE` of the one file that holds it
 * (start-up, rules, reading and checking that file, evaluating its sites), run by run.
 */
async function measureExplain(d, sites, layout, runs) {
  const one = fileHolding(d.dir, d.middleId);
  const byId = [];
  const byFile = [];
  for (let r = 0; r < runs; r++) {
    byId.push(await measure(node, [CLI, 'explain', d.middleId, d.dir, '--format', 'json', '--as-of', AS_OF]));
    byFile.push(await measure(node, [CLI, 'explain', one, '--format', 'json', '--as-of', AS_OF]));
  }
  const e = {
    site: d.middleId, sites, layout, runs,
    medianMs: Math.round(median(byId.map((m) => m.ms))),
    medianCpuMs: byId[0].cpuMs !== undefined ? Math.round(median(byId.map((m) => m.cpuMs))) : null,
    oneFileMs: Math.round(median(byFile.map((m) => m.ms))),
    oneFileCpuMs: byFile[0].cpuMs !== undefined ? Math.round(median(byFile.map((m) => m.cpuMs))) : null,
    ratioToOneFile: +median(byId.map((m, i) => m.ms / byFile[i].ms)).toFixed(2),
    cpuRatioToOneFile: byId[0].cpuMs !== undefined ? +median(byId.map((m, i) => m.cpuMs / byFile[i].cpuMs)).toFixed(2) : null,
    peakRssMB: byId[0].rssKB ? Math.round(Math.max(...byId.map((m) => m.rssKB)) / 1024) : null,
    load: loadavg()[0],
  };
  process.stderr.write(`  explain ${d.middleId} in ${sites} ${layout}: ${(e.medianMs / 1000).toFixed(2)} s against ${(e.oneFileMs / 1000).toFixed(2)} s for its one file (${e.ratioToOneFile} ×)\n`);
  return e;
}

/** What is known so far, written after every group so that a run cut short still leaves its figures. */
function save(extra = {}) {
  const partial = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, loadAtEnd: loadavg() },
    runs: RUNS, runsLarge: RUNS_LARGE, jobs: JOBS, results, explains, ...extra,
  };
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench', 'results', 'latest.json'), JSON.stringify(partial, null, 2) + '\n');
}
for (const sites of SIZES) {
  for (const layout of LAYOUTS) {
    const d = dataset(sites, layout);
    const runs = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
    const nRuns = sites >= 100_000 ? RUNS_LARGE : RUNS;
    for (let r = 0; r < nRuns; r++) {
      for (const [name, make] of Object.entries(variants)) {
        const [cmd, args] = make(d);
        // sitecheck's report is hashed as it is read (so every run also checks -j1 = -jN).
        const m = await measure(cmd, args, { stdout: name.startsWith('check') ? 'hash' : 'ignore' });
        runs[name].push(m);
        process.stderr.write(`  ${sites} ${layout} run ${r + 1}/${nRuns} ${name}: ${(m.ms / 1000).toFixed(2)} s wall, ${m.cpuMs !== undefined ? (m.cpuMs / 1000).toFixed(2) + ' s CPU, ' : ''}${m.rssKB ? Math.round(m.rssKB / 1024) + ' MB' : ''} (load ${loadavg()[0].toFixed(1)})\n`);
      }
    }
    // The reports of every -j1 and -jN run must be byte-identical.
    const hashes = new Set([...runs['check -j1'], ...runs[CHECK_N]].map((m) => m.sha256));
    const entry = { sites, layout, files: d.files, bytes: d.bytes, runs: nRuns, identical: hashes.size === 1, reportSha256: [...hashes][0], load: loadavg()[0] };
    for (const [name, ms] of Object.entries(runs)) {
      const med = median(ms.map((m) => m.ms));
      entry[name] = {
        medianMs: Math.round(med),
        runsMs: ms.map((m) => Math.round(m.ms)),
        sitesPerSecond: Math.round(sites / (med / 1000)),
        medianCpuMs: ms[0].cpuMs !== undefined ? Math.round(median(ms.map((m) => m.cpuMs))) : null,
        peakRssMB: ms[0].rssKB ? Math.round(Math.max(...ms.map((m) => m.rssKB)) / 1024) : null,
      };
    }
    for (const name of ['baseline', `floor ×${JOBS}`, 'check -j1', CHECK_N]) {
      // Ratios per run (same run, same load), then the median of those.
      entry[name].ratioToFloor = +median(runs[name].map((m, i) => m.ms / runs.floor[i].ms)).toFixed(2);
      entry[name].ratioToBaseline = +median(runs[name].map((m, i) => m.ms / runs.baseline[i].ms)).toFixed(2);
      // CPU time spent (all threads): what the work costs, whatever else the machine is doing.
      if (runs[name][0].cpuMs !== undefined) entry[name].cpuRatioToFloor = +median(runs[name].map((m, i) => m.cpuMs / runs.floor[i].cpuMs)).toFixed(2);
    }
    results.push(entry);
    save();
    if (sites === Math.max(...SIZES)) {
      explains.push(await measureExplain(d, sites, layout, EXPLAIN_RUNS));
      save();
    }
  }
}

// Start-up: `check` on one small file, and `explain` of one site in the largest inventory.
const small = join(DIR, 'one-site.yaml');
writeFileSync(small, readFileSync(join(dataset(Math.min(...SIZES), 'stream').dir, 'estate-0000.yaml'), 'utf8').split('\n---\n')[0].replace(/^---\n/, '') + '\n');
const startup = [];
for (let r = 0; r < Math.max(5, RUNS); r++) startup.push(await measure(node, [CLI, 'check', '--as-of', AS_OF, small]));
const nodeStart = [];
for (let r = 0; r < Math.max(5, RUNS); r++) nodeStart.push(await measure(node, ['-e', '0']));
const explain = explains[0];

const summary = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, loadAtEnd: loadavg() },
  runs: RUNS,
  runsLarge: RUNS_LARGE,
  jobs: JOBS,
  results,
  explains,
  startup: {
    checkOneFileMs: Math.round(median(startup.map((m) => m.ms))),
    checkOneFileCpuMs: startup[0].cpuMs !== undefined ? Math.round(median(startup.map((m) => m.cpuMs))) : null,
    nodeAloneMs: Math.round(median(nodeStart.map((m) => m.ms))),
    nodeAloneCpuMs: nodeStart[0].cpuMs !== undefined ? Math.round(median(nodeStart.map((m) => m.cpuMs))) : null, peakRssMB: startup[0].rssKB ? Math.round(startup[0].rssKB / 1024) : null },
  explain,
};
// Every output format at 10k/40k/100k minimal sites: time per site across sizes, and peak RSS (bench/formats.mjs).
if (process.env.BENCH_FORMATS !== 'none') summary.formats = await benchFormats({ jobs: JOBS, dir: DIR });
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(join(ROOT, 'bench', 'results', 'latest.json'), JSON.stringify(summary, null, 2) + '\n');

// The table.
const pad = (s, n) => String(s).padStart(n);
const lines = [];
lines.push(`sitecheck benchmark — ${summary.machine.cpus} cores, Node ${process.version}, medians of ${RUNS} runs (${RUNS_LARGE} at 100k+), load at end ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
lines.push('');
lines.push(`${'sites'.padStart(7)} ${'layout'.padEnd(7)} ${'files'.padStart(6)}  ${'what'.padEnd(12)} ${'wall s'.padStart(8)} ${'CPU s'.padStart(7)} ${'sites/s'.padStart(8)} ${'×floor'.padStart(7)} ${'×base'.padStart(6)} ${'CPU×floor'.padStart(9)} ${'RSS MB'.padStart(7)}`);
for (const e of results) {
  for (const name of Object.keys(variants)) {
    const v = e[name];
    lines.push(`${pad(e.sites, 7)} ${e.layout.padEnd(7)} ${pad(e.files, 6)}  ${name.padEnd(12)} ${pad((v.medianMs / 1000).toFixed(2), 8)} ${pad(v.medianCpuMs !== null ? (v.medianCpuMs / 1000).toFixed(2) : '?', 7)} ${pad(v.sitesPerSecond, 8)} ${pad(v.ratioToFloor ?? '1', 7)} ${pad(v.ratioToBaseline ?? (name === 'floor' ? '' : '1'), 6)} ${pad(v.cpuRatioToFloor ?? (name === 'floor' ? '1' : '?'), 9)} ${pad(v.peakRssMB ?? '?', 7)}`);
  }
  lines.push(`${' '.repeat(16)}-j1 and -j${JOBS} reports ${e.identical ? 'byte-identical' : 'DIFFER'}`);
}
lines.push('');
lines.push(`check on one small file: ${summary.startup.checkOneFileMs} ms wall, ${summary.startup.checkOneFileCpuMs} ms CPU (node alone: ${summary.startup.nodeAloneMs} ms wall, ${summary.startup.nodeAloneCpuMs} ms CPU), ${summary.startup.peakRssMB} MB`);
for (const e of explains) lines.push(`explain of one site (${e.site}) in ${e.sites} sites (${e.layout}): ${(e.medianMs / 1000).toFixed(2)} s, ${e.peakRssMB} MB; explain of its one file ${(e.oneFileMs / 1000).toFixed(2)} s: ${e.ratioToOneFile} × (CPU ${e.cpuRatioToOneFile} ×)`);
if (summary.formats) lines.push('', formatsTable(summary.formats), '');
lines.push(`written to bench/results/latest.json`);
process.stdout.write(lines.join('\n') + '\n');
if (results.some((e) => !e.identical)) process.exitCode = 1;
if (summary.formats && (!summary.formats.jobsCheck.every((j) => j.identical) || summary.formats.rssWithinLimitAt40k === false)) process.exitCode = 1;

// The TUI at 10,000 sites: first frame, and key latency against the same keys at 100 sites (bench/tui-frame.mjs).
const tui = spawnSync(node, [join(ROOT, 'bench', 'tui-frame.mjs'), '--sites', '10000'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
process.stdout.write(`\n${tui.stdout ?? ''}`);
if (tui.status !== 0) process.exitCode = 1;
