// The floor on N cores: bench/floor.mjs run as N processes at once, each on every N-th file, so
// that nothing is shared between them. What N cores give a read with no coordination at all: the
// best that sitecheck's worker threads could do on this machine.
//   node bench/floor-parallel.mjs DIR N   → prints {"sites":S}
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const [dir, n] = [process.argv[2], Number(process.argv[3] ?? 2)];
const floor = fileURLToPath(new URL('./floor.mjs', import.meta.url));
const parts = await Promise.all(Array.from({ length: n }, (_, k) => new Promise((resolve, reject) => {
  const child = spawn(process.execPath, [floor, dir, `${k}/${n}`], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.on('error', reject);
  child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`floor part ${k}/${n} exited ${code}`))));
})));
process.stdout.write(JSON.stringify({ sites: parts.reduce((a, p) => a + p.sites, 0) }) + '\n');
