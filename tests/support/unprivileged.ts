// Running the built CLI as an unprivileged user (nobody, via setpriv) from tests that run as root
// (mode 000 does not stop root). That user must be able to reach the program, and the clone may
// live anywhere (a 0700 home folder included), so it runs from a copy made here, in temporary
// folders every user can read:
// - the production dependencies (about 90 MB, most of the cost: it took seconds of system time per
//   test file) are copied once per machine into a folder named by a digest of what was copied (each
//   package's name, version and place), shared by every test file and run that finds it;
// - bin/, dist/, rules/, schema/ and package.json (3 MB) are copied once per test process, with a
//   node_modules link to that shared copy, into `sitecheck-build-<pid>-…`; the next process to
//   make one removes those whose process has ended (a test worker is stopped without an exit event).
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
export const NOBODY = 65534;

/** True when running as root with setpriv able to drop to nobody. */
export function canDropToNobody(): boolean {
  return process.getuid?.() === 0 && spawnSync('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', 'true']).status === 0;
}

/** Top-level node_modules entries needed at run time (the dependencies' closure), with their versions. */
function productionPackages(): { name: string; version: string }[] {
  const modules = join(ROOT, 'node_modules');
  const found = new Map<string, string>();
  const seen = new Set<string>();
  const manifest = (dir: string): Record<string, Record<string, string> | string | undefined> => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const deps = (pkg: ReturnType<typeof manifest>): string[] => {
    const keys = (o: unknown): string[] => (o && typeof o === 'object' ? Object.keys(o) : []);
    return [...keys(pkg.dependencies), ...keys(pkg.optionalDependencies), ...keys(pkg.peerDependencies)];
  };
  const queue: { name: string; from: string }[] = deps(manifest(ROOT)).map((name) => ({ name, from: ROOT }));
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
    const pkg = manifest(at);
    // Top level (node_modules/x or node_modules/@scope/x); a nested one comes with its parent.
    if (at === join(modules, name)) found.set(name, String(pkg.version));
    for (const d of deps(pkg)) queue.push({ name: d, from: at });
  }
  return [...found].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, version]) => ({ name, version }));
}

function openUp(p: string): void {
  const st = lstatSync(p);
  if (st.isSymbolicLink()) return;
  chmodSync(p, st.isDirectory() || st.mode & 0o111 ? 0o755 : 0o644);
  if (st.isDirectory()) for (const e of readdirSync(p)) openUp(join(p, e));
}

/**
 * The shared copy of the production dependencies: `<tmp>/sitecheck-nobody-modules-<digest>`, whose
 * node_modules holds them. Made whole in a folder of its own and then renamed into place, so that a
 * copy found under that name is complete, also when two test processes make it at once.
 */
function sharedModules(): string {
  const packages = productionPackages();
  // The lock file too: a package changed in place keeps its version but changes the lock's integrity.
  const digest = createHash('sha256').update(JSON.stringify({ packages, lock: readFileSync(join(ROOT, 'package-lock.json'), 'utf8') })).digest('hex').slice(0, 16);
  const final = join(tmpdir(), `sitecheck-nobody-modules-${digest}`);
  if (ours(final)) return final;
  const building = mkdtempSync(join(tmpdir(), 'sitecheck-nobody-modules-new-'));
  for (const { name } of packages) cpSync(join(ROOT, 'node_modules', name), join(building, 'node_modules', name), { recursive: true, dereference: true });
  openUp(building);
  try {
    renameSync(building, final);
  } catch (e) {
    // Another process put its (equally complete) copy there first.
    rmSync(building, { recursive: true, force: true });
    if (!ours(final)) throw e;
  }
  return final;
}

/** A folder made by this user that no one else may write to (the shared temporary folder is everyone's). */
function ours(dir: string): boolean {
  try {
    const st = lstatSync(dir);
    return st.isDirectory() && st.uid === process.getuid?.() && (st.mode & 0o022) === 0 && lstatSync(join(dir, 'node_modules')).isDirectory();
  } catch {
    return false;
  }
}

let copy: string | undefined;

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the copies of test processes that have ended. */
function removeEnded(): void {
  for (const name of readdirSync(tmpdir())) {
    const pid = /^sitecheck-build-(\d+)-/.exec(name)?.[1];
    if (pid && Number(pid) !== process.pid && !running(Number(pid))) rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
}

/** The folder of the readable copy (made on first use); run `<copy>/bin/sitecheck.js`. */
export function reachableBuild(): string {
  if (copy) return copy;
  if (!existsSync(join(ROOT, 'dist/cli/main.js'))) throw new Error('build first: npm run build (npm test does)');
  const modules = sharedModules();
  removeEnded();
  const dir = mkdtempSync(join(tmpdir(), `sitecheck-build-${process.pid}-`));
  for (const part of ['bin', 'dist', 'rules', 'schema', 'package.json']) cpSync(join(ROOT, part), join(dir, part), { recursive: true });
  symlinkSync(join(modules, 'node_modules'), join(dir, 'node_modules'));
  openUp(dir);
  copy = dir;
  return dir;
}

/** Run node as nobody with `args` (paths inside reachableBuild() for the program), from /. */
export function nodeAsNobody(args: string[]): SpawnSyncReturns<string> {
  return spawnSync('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, ...args], { encoding: 'utf8', cwd: '/' });
}
