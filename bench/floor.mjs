// The floor: the `yaml` package alone parsing the same files to plain data, in one thread, with
// its default options. Nothing sitecheck does can be cheaper than reading its input.
//   node bench/floor.mjs DIR [K/N]   → prints {"sites":N,"ms":T,"maxRssKB":R}
// With K/N, only every N-th file from the K-th (0-based): one part of bench/floor-parallel.mjs.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const dir = process.argv[2];
const [part, parts] = (process.argv[3] ?? '0/1').split('/').map(Number);
const files = readdirSync(dir, { recursive: true }).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(dir, f)).filter((_, i) => i % parts === part);
const t0 = performance.now();
let sites = 0;
for (const f of files) {
  for (const doc of parseAllDocuments(readFileSync(f, 'utf8'))) {
    if (doc.toJS() !== null) sites++;
  }
}
const ms = performance.now() - t0;
process.stdout.write(JSON.stringify({ sites, ms, maxRssKB: process.resourceUsage().maxRSS }) + '\n');
