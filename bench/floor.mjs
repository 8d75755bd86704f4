// The floor: the `yaml` package alone parsing the same files to plain data, in one thread, with
// its default options. Nothing sitecheck does can be cheaper than reading its input.
//   node bench/floor.mjs DIR   → prints {"sites":N,"ms":T,"maxRssKB":R}
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const dir = process.argv[2];
const files = readdirSync(dir, { recursive: true }).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(dir, f));
const t0 = performance.now();
let sites = 0;
for (const f of files) {
  for (const doc of parseAllDocuments(readFileSync(f, 'utf8'))) {
    if (doc.toJS() !== null) sites++;
  }
}
const ms = performance.now() - t0;
process.stdout.write(JSON.stringify({ sites, ms, maxRssKB: process.resourceUsage().maxRSS }) + '\n');
