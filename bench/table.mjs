// Print bench/results/latest.json (or the file named) as the Markdown tables used in the README:
// every measurement, then each target with the measured figure and whether it is met.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? new URL('./results/latest.json', import.meta.url);
const r = JSON.parse(readFileSync(file, 'utf8'));
const n = (x) => x.toLocaleString('en-GB');
const names = Object.keys(r.results[0]).filter((k) => r.results[0][k]?.medianMs !== undefined);
const out = [];
out.push('| sites | layout | files | run | wall s | sites/s | × floor (wall) | × floor (CPU) | × baseline | peak RSS MB |', '|---:|---|---:|---|---:|---:|---:|---:|---:|---:|');
for (const e of r.results) {
  for (const k of names) {
    const v = e[k];
    out.push(`| ${n(e.sites)} | ${e.layout} | ${n(e.files)} | ${k} | ${(v.medianMs / 1000).toFixed(2)} | ${n(v.sitesPerSecond)} | ${v.ratioToFloor ?? 1} | ${v.cpuRatioToFloor ?? 1} | ${v.ratioToBaseline ?? (k === 'floor' ? '' : 1)} | ${v.peakRssMB} |`);
  }
}
out.push('');
const load = r.results.map((e) => e.load.toFixed(1));
out.push(`${r.machine.cpus} cores (${r.machine.model}), Node ${r.machine.node}; medians of ${r.runs} runs (${r.runsLarge ?? r.runs} at 100,000 sites); 1-minute load average after each group ${load.join(', ')}, at the end ${r.machine.loadAtEnd.map((x) => x.toFixed(1)).join(', ')}. Every report of every -j1 and -jN run identical: ${r.results.every((e) => e.identical) ? 'yes' : 'NO'}.`);
if (r.startup) out.push(`Start-up: check of one small file ${r.startup.checkOneFileMs} ms wall, ${r.startup.checkOneFileCpuMs} ms CPU (node alone: ${r.startup.nodeAloneMs} ms wall, ${r.startup.nodeAloneCpuMs} ms CPU).`);
out.push('');

// The targets.
const jN = names.find((k) => /^check -j[2-9]/.test(k));
const met = (ok) => (ok ? 'yes' : '**no**');
const rows = ['| target | sites | layout | measured (wall; CPU) | met? |', '|---|---:|---|---|---|'];
for (const e of r.results) {
  const j1 = e['check -j1'];
  // One thread against one thread: met only when the CPU is too, so that a floor run slowed by
  // the disk or the machine (its wall time far above its CPU time) never makes it look met.
  const wallMet = j1.ratioToFloor <= 1.25;
  const cpuMet = j1.cpuRatioToFloor === null || j1.cpuRatioToFloor === undefined || j1.cpuRatioToFloor <= 1.25;
  rows.push(`| check -j1 ≤ 1.25 × floor | ${n(e.sites)} | ${e.layout} | ${j1.ratioToFloor} ×; CPU ${j1.cpuRatioToFloor} × | ${wallMet && !cpuMet ? '**no** (wall only: the floor waited; CPU not met)' : met(wallMet && cpuMet)} |`);
}
if (jN) {
  for (const e of r.results) {
    const v = e[jN];
    const par = Object.keys(e).find((k) => k.startsWith('floor ×'));
    const context = par ? ` (${par}: ${e[par].ratioToFloor} ×)` : '';
    rows.push(`| ${jN} < 1.0 × floor | ${n(e.sites)} | ${e.layout} | ${v.ratioToFloor} ×; CPU ${v.cpuRatioToFloor} ×${context} | ${met(v.ratioToFloor < 1)} |`);
  }
}
for (const x of r.explains ?? []) {
  rows.push(`| explain SITE_ID ≤ 3 × explain of its one file | ${n(x.sites)} | ${x.layout} | ${(x.medianMs / 1000).toFixed(2)} s against ${(x.oneFileMs / 1000).toFixed(2)} s: ${x.ratioToOneFile} ×; CPU ${x.cpuRatioToOneFile} × | ${met(x.ratioToOneFile <= 3)} |`);
}
const rss = Math.max(...r.results.flatMap((e) => names.filter((k) => k.startsWith('check')).map((k) => e[k].peakRssMB)));
rows.push(`| peak RSS of check ≤ 512 MB | all | both | ${rss} MB at most | ${met(rss <= 512)} |`);
rows.push(`| the same report for any --jobs | all | both | every report of every run hashed | ${met(r.results.every((e) => e.identical))} |`);
if (r.startup) rows.push(`| check of one small file ≤ 400 ms | 1 | | ${r.startup.checkOneFileMs} ms | ${met(r.startup.checkOneFileMs <= 400)} |`);
out.push(...rows);
process.stdout.write(out.join('\n') + '\n');
