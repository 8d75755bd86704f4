// Every output format at scale: `sitecheck check --format F` end to end, as a process, on
// inventories of minimal sites (id and name, so undetermined; every 4th with ministerial use, so
// sensitive; every 10th with a listed camera, so a finding), for each format at each size.
// Each is run with -j1 (one thread: the main thread does everything) and with the default jobs (no
// --jobs: worker threads, one per core). Measures wall time and peak RSS (/usr/bin/time), and
// reports the time per site at each size as a ratio to the smallest size's (linear time: about 1;
// quadratic: grows with the size), and whether peak RSS at 40,000 sites is within 512 MB for every
// format and jobs. Also checks that -j1 and the default write the same bytes for every format and size.
//
//   node bench/formats.mjs            (also run by `npm run bench`, after the check benchmark)
//   BENCH_FORMAT_SIZES=10000,40000,100000  BENCH_FORMAT_RUNS=1  BENCH_FORMATS=text,json,…
//   BENCH_FORMAT_JOBS=1,default (or 1,2: --jobs values; default: no --jobs)  BENCH_DIR=/tmp/sitecheck-bench
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'bin', 'sitecheck.js');
const AS_OF = '2026-11-22';
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
export const ALL_FORMATS = ['text', 'json', 'junit', 'sarif', 'github', 'markdown', 'csv'];
const RSS_LIMIT_MB = 512;
const RSS_AT = 40_000;

/** A minimal inventory of `n` sites, 1,000 to a file. Deterministic. */
export function minimalInventory(n, dir) {
  const stamp = join(dir, '.generated');
  const want = `minimal ${n} v1`;
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (let f = 0; f * 1000 < n; f++) {
    const docs = [];
    for (let i = f * 1000; i < Math.min(n, (f + 1) * 1000); i++) {
      let doc = `id: M-${String(i).padStart(6, '0')}\nname: Site ${i}\n`;
      if (i % 4 === 0) doc += 'ministerial_use: routine\n';
      if (i % 10 === 0) doc += 'equipment:\n  - id: CAM-1\n    kind: cctv-camera\n    manufacturer: Hikvision\n    status: installed\n';
      docs.push(doc);
    }
    writeFileSync(join(dir, `part-${String(f).padStart(4, '0')}.yaml`), docs.join('---\n'));
  }
  writeFileSync(stamp, want);
  return dir;
}

/** Run sitecheck once; wall ms here, peak RSS (KB) from /usr/bin/time; the output hashed, not kept. */
function measure(args, rssFile) {
  return new Promise((resolve, reject) => {
    const argv = TIME ? [TIME, '-f', '%M', '-o', rssFile, process.execPath, CLI, ...args] : [process.execPath, CLI, ...args];
    const t0 = performance.now();
    const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    const hash = createHash('sha256');
    let bytes = 0;
    let err = '';
    child.stdout.on('data', (d) => {
      hash.update(d);
      bytes += d.length;
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      let rssKB;
      if (TIME && existsSync(rssFile)) {
        rssKB = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
        rmSync(rssFile);
      }
      // Exit 1 is a result (findings); anything else is a failure of the run.
      if (code !== 0 && code !== 1) return reject(new Error(`sitecheck ${args.join(' ')} exited ${code}: ${err.slice(-2000)}`));
      resolve({ ms, rssKB, bytes, sha256: hash.digest('hex') });
    });
  });
}

export async function benchFormats({
  sizes = (process.env.BENCH_FORMAT_SIZES ?? '10000,40000,100000').split(',').map(Number),
  formats = (process.env.BENCH_FORMATS ?? ALL_FORMATS.join(',')).split(','),
  runs = Number(process.env.BENCH_FORMAT_RUNS ?? 1),
  jobs, // (bench/run.mjs passes its --jobs: then -j1 and that)
  jobsList = Array.from(new Set((process.env.BENCH_FORMAT_JOBS ?? (jobs !== undefined ? `1,${jobs}` : process.env.BENCH_JOBS ? `1,${process.env.BENCH_JOBS}` : '1,default')).split(','))),
  dir = process.env.BENCH_DIR ?? join(tmpdir(), 'sitecheck-bench'),
  log = (s) => process.stderr.write(s),
} = {}) {
  mkdirSync(dir, { recursive: true });
  const rssFile = join(dir, `.rss-formats-${process.pid}`);
  const results = [];
  const load = [];
  for (const sites of sizes) {
    const inv = minimalInventory(sites, join(dir, `minimal-${sites}`));
    for (const format of formats) {
      for (const jobs of jobsList) {
        const ms = [];
        let rssKB = 0;
        let out;
        for (let r = 0; r < runs; r++) {
          out = await measure(['check', inv, '--format', format, '--as-of', AS_OF, '--quiet', ...(jobs === 'default' ? [] : ['--jobs', jobs])], rssFile);
          ms.push(out.ms);
          rssKB = Math.max(rssKB, out.rssKB ?? 0);
          load.push(loadavg()[0]);
          log(`  formats: ${sites} sites, ${format}, jobs ${jobs}, run ${r + 1}/${runs}: ${(out.ms / 1000).toFixed(2)} s, ${rssKB ? Math.round(rssKB / 1024) + ' MB' : '? MB'}, ${(out.bytes / 1e6).toFixed(1)} MB out, load ${loadavg()[0].toFixed(1)}\n`);
        }
        ms.sort((a, b) => a - b);
        const med = ms[ms.length >> 1];
        results.push({ sites, format, jobs, medianMs: Math.round(med), msPerSite: med / sites, peakRssMB: rssKB ? Math.round(rssKB / 1024) : null, outputBytes: out.bytes, sha256: out.sha256 });
      }
    }
  }
  // Linearity: time per site at each size over time per site at the smallest (same format and jobs).
  const smallest = sizes[0];
  for (const r of results) {
    const base = results.find((x) => x.format === r.format && x.jobs === r.jobs && x.sites === smallest);
    r.perSiteRatio = +(r.msPerSite / base.msPerSite).toFixed(2);
  }
  // The same bytes for every --jobs, at every size.
  const jobsCheck = [];
  for (const format of formats) {
    for (const sites of sizes) {
      const rows = results.filter((x) => x.format === format && x.sites === sites);
      jobsCheck.push({ format, sites, identical: rows.every((x) => x.sha256 === rows[0].sha256) });
    }
  }
  const rss = results.filter((r) => r.sites === RSS_AT);
  return {
    sizes, formats, runs, jobs: jobsList, cores: availableParallelism(), results, jobsCheck,
    loadAverage: { min: +Math.min(...load).toFixed(1), max: +Math.max(...load).toFixed(1) },
    rssLimitMB: RSS_LIMIT_MB,
    rssWithinLimitAt40k: rss.length ? rss.every((r) => r.peakRssMB === null || r.peakRssMB <= RSS_LIMIT_MB) : null,
  };
}

export function formatsTable(f) {
  const pad = (s, n) => String(s).padStart(n);
  const lines = [`output formats (check --format F, minimal sites, median of ${f.runs}; jobs ${f.jobs.join(' and ')} on ${f.cores} cores, load average ${f.loadAverage.min}–${f.loadAverage.max}): time per site as a ratio to ${f.sizes[0]} sites (linear: about 1)`];
  lines.push(`${'format'.padEnd(9)} ${'jobs'.padEnd(7)} ${f.sizes.map((s) => `${pad(s, 7)}: ${'s'.padStart(7)} ${'µs/site'.padStart(8)} ${'×'.padStart(5)} ${'MB'.padStart(5)}`).join('  ')}`);
  for (const format of f.formats) {
    for (const jobs of f.jobs) {
      const cells = f.sizes.map((s) => {
        const r = f.results.find((x) => x.format === format && x.jobs === jobs && x.sites === s);
        return `${pad('', 7)}  ${pad((r.medianMs / 1000).toFixed(2), 7)} ${pad(Math.round(r.msPerSite * 1000), 8)} ${pad(r.perSiteRatio, 5)} ${pad(r.peakRssMB ?? '?', 5)}`;
      });
      lines.push(`${format.padEnd(9)} ${jobs.padEnd(7)} ${cells.join('  ')}`);
    }
  }
  lines.push(`output for jobs ${f.jobs.join(' and ')}: ${f.jobsCheck.every((j) => j.identical) ? 'byte-identical for every format and size' : `DIFFER for ${f.jobsCheck.filter((j) => !j.identical).map((j) => `${j.format} at ${j.sites}`).join(', ')}`}`);
  if (f.rssWithinLimitAt40k !== null) lines.push(`peak RSS at ${RSS_AT} sites: ${f.rssWithinLimitAt40k ? `within ${f.rssLimitMB} MB for every format and jobs` : `OVER ${f.rssLimitMB} MB for ${f.results.filter((r) => r.sites === RSS_AT && r.peakRssMB > f.rssLimitMB).map((r) => `${r.format} -j ${r.jobs} (${r.peakRssMB} MB)`).join(', ')}`}`);
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const f = await benchFormats();
  const outDir = join(ROOT, 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'formats-latest.json'), JSON.stringify(f, null, 2) + '\n');
  process.stdout.write(formatsTable(f) + '\nwritten to bench/results/formats-latest.json\n');
  if (!f.jobsCheck.every((j) => j.identical) || f.rssWithinLimitAt40k === false) process.exitCode = 1;
}

