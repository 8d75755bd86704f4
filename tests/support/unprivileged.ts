// Running the built CLI as an unprivileged user (nobody, via setpriv) from tests that run as root
// (mode 000 does not stop root). That user must be able to reach the program, and the clone may
// live anywhere (a 0700 home folder included), so it runs from a copy made here: bin/, dist/,
// rules/, schema/, package.json and the production dependencies, in a temporary folder every user
// can read. The copy is made once per test file that asks for it.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, cpSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
export const NOBODY = 65534;

/** True when running as root with setpriv able to drop to nobody. */
export function canDropToNobody(): boolean {
  return process.getuid?.() === 0 && spawnSync('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', 'true']).status === 0;
}

/** Top-level node_modules entries needed at run time: the dependencies' closure. */
function productionPackages(): string[] {
  const modules = join(ROOT, 'node_modules');
  const found = new Set<string>();
  const seen = new Set<string>();
  const deps = (dir: string): string[] => {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    return [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})];
  };
  const queue: { name: string; from: string }[] = deps(ROOT).map((name) => ({ name, from: ROOT }));
  while (queue.length) {
    const { name, from } = queue.shift()!;
    let at: string | undefined;
    for (let dir = from; dir.startsWith(ROOT); dir = dirname(dir)) {
      if (existsSync(join(dir, 'node_modules', name, 'package.json'))) {
        at = join(dir, 'node_modules', name);
        break;
      }
      if (dir === ROOT) break;
    }
    if (!at || seen.has(at)) continue; // an optional or peer dependency not installed
    seen.add(at);
    // Top level (node_modules/x or node_modules/@scope/x); a nested one comes with its parent.
    if (at === join(modules, name)) found.add(name);
    for (const d of deps(at)) queue.push({ name: d, from: at });
  }
  return [...found].sort();
}

function openUp(p: string): void {
  const st = lstatSync(p);
  if (st.isSymbolicLink()) return;
  chmodSync(p, st.isDirectory() || st.mode & 0o111 ? 0o755 : 0o644);
  if (st.isDirectory()) for (const e of readdirSync(p)) openUp(join(p, e));
}

let copy: string | undefined;

/** The folder of the readable copy (made on first use); run `<copy>/bin/sitecheck.js`. */
export function reachableBuild(): string {
  if (copy) return copy;
  if (!existsSync(join(ROOT, 'dist/cli/main.js'))) throw new Error('build first: npm run build (npm test does)');
  const dir = mkdtempSync(join(tmpdir(), 'sitecheck-build-'));
  for (const part of ['bin', 'dist', 'rules', 'schema', 'package.json']) cpSync(join(ROOT, part), join(dir, part), { recursive: true });
  for (const name of productionPackages()) cpSync(join(ROOT, 'node_modules', name), join(dir, 'node_modules', name), { recursive: true, dereference: true });
  openUp(dir);
  copy = dir;
  return dir;
}

/** Run node as nobody with `args` (paths inside reachableBuild() for the program), from /. */
export function nodeAsNobody(args: string[]): SpawnSyncReturns<string> {
  return spawnSync('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, ...args], { encoding: 'utf8', cwd: '/' });
}
