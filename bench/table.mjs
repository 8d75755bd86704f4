// Print bench/results/latest.json (or the file named) as the Markdown table used in the README.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? new URL('./results/latest.json', import.meta.url);
const r = JSON.parse(readFileSync(file, 'utf8'));
const names = Object.keys(r.results[0]).filter((k) => r.results[0][k]?.medianMs !== undefined);
const rows = ['| sites | layout | files | run | wall s | sites/s | × floor (wall) | × floor (CPU) | × baseline | peak RSS MB |', '|---:|---|---:|---|---:|---:|---:|---:|---:|---:|'];
for (const e of r.results) {
  for (const n of names) {
    const v = e[n];
    rows.push(`| ${e.sites.toLocaleString('en-GB')} | ${e.layout} | ${e.files.toLocaleString('en-GB')} | ${n} | ${(v.medianMs / 1000).toFixed(2)} | ${v.sitesPerSecond.toLocaleString('en-GB')} | ${v.ratioToFloor ?? 1} | ${v.cpuRatioToFloor ?? 1} | ${v.ratioToBaseline ?? (n === 'floor' ? '' : 1)} | ${v.peakRssMB} |`);
  }
}
process.stdout.write(rows.join('\n') + '\n');
process.stdout.write(`\n${r.machine.cpus} cores (${r.machine.model}), Node ${r.machine.node}; medians of ${r.runs} runs (${r.runsLarge ?? r.runs} at 100,000 sites); 1-minute load average at the end ${r.machine.loadAtEnd.map((x) => x.toFixed(1)).join(', ')}. Every report of every -j1 and -jN run identical: ${r.results.every((e) => e.identical) ? 'yes' : 'NO'}.\n`);
process.stdout.write(`Start-up: check of one small file ${r.startup.checkOneFileMs} ms wall, ${r.startup.checkOneFileCpuMs} ms CPU (node alone: ${r.startup.nodeAloneMs} ms wall, ${r.startup.nodeAloneCpuMs} ms CPU). explain of one site in ${r.explain.sites.toLocaleString('en-GB')} sites: ${(r.explain.medianMs / 1000).toFixed(2)} s, ${r.explain.peakRssMB} MB.\n`);
