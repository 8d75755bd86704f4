// The directory walk survives what a shared drive or a checked-out repository can hold: symlink
// loops, files nobody may read, FIFOs (which would block a plain read forever) and dangling links.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, openSync, closeSync, constants, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverFiles, loadInventory, loadSiteFile } from '../../src/input/sites.js';
import { folderWith, runCli, scratch } from './helpers.js';
import { nodeAsNobody, reachableBuild } from '../support/unprivileged.js';
import { DEFAULT_RULES_DIR } from '../../src/check.js';

const good = (id: string): string => `id: ${id}\nname: Site ${id}\n`;

function mkfifo(path: string): void {
  execFileSync('mkfifo', [path]);
}

/** Whether this process can read a file whatever its mode (root, or CAP_DAC_OVERRIDE). */
function readsEverything(dir: string): boolean {
  const probe = join(dir, '.probe');
  writeFileSync(probe, 'x');
  chmodSync(probe, 0);
  try {
    closeSync(openSync(probe, constants.O_RDONLY));
    return true;
  } catch {
    return false;
  } finally {
    chmodSync(probe, 0o600);
  }
}

function hasSetpriv(): boolean {
  return spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'true']).status === 0;
}

const restore: string[] = [];
afterEach(() => {
  for (const p of restore.splice(0)) chmodSync(p, 0o700);
});

describe('directory walk', () => {
  it('a symlink loop is walked once and the run ends', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'a/b'), { recursive: true });
    writeFileSync(join(dir, 'a/b/site.yaml'), good('L-1'));
    symlinkSync('..', join(dir, 'a/b/up')); // a/b/up → a: a cycle
    symlinkSync(join(dir, 'a'), join(dir, 'a/b/again'));
    symlinkSync('self', join(dir, 'self')); // a link to itself: ELOOP on stat
    const { files, errors } = discoverFiles([dir]);
    expect(files.map((f) => f.slice(dir.length))).toEqual(['/a/b/site.yaml']);
    expect(errors).toEqual([]);
    const run = await runCli(['check', '--fail-on', 'errors', dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/1 site/);
  });

  it('a FIFO is skipped, never read (a read would block forever)', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'good.yaml'), good('P-1'));
    mkfifo(join(dir, 'pipe.yaml'));
    // In a folder: skipped silently like any other non-file.
    expect(discoverFiles([dir]).files.map((f) => f.slice(dir.length))).toEqual(['/good.yaml']);
    // Named on the command line: an error naming it, and the other files still checked.
    const run = await runCli(['check', '--format', 'json', join(dir, 'pipe.yaml'), join(dir, 'good.yaml')]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.errors).toMatchObject([{ code: 'not-a-file', line: 1 }]);
    expect(report.errors[0].file).toMatch(/pipe\.yaml$/);
    expect(report.sites.map((s: { id: string }) => s.id)).toEqual(['P-1']);
  });

  it('a FIFO swapped in after the walk is still not blocked on (the read is non-blocking)', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'a.yaml'), good('R-1'));
    mkfifo(join(dir, 'b.yaml'));
    // The walk saw a regular file; by the time it is opened, it is a FIFO. Opening it directly
    // stands in for that race: fstat on the opened descriptor catches it, without blocking.
    expect(loadInventory([join(dir, 'a.yaml')]).errors).toEqual([]);
    const loaded = loadSiteFile(join(dir, 'b.yaml'));
    expect(loaded.errors).toMatchObject([{ code: 'not-a-file', line: 1 }]);
  });

  it('an unreadable file or folder is an error naming it; the rest is still read', async (ctx) => {
    const dir = scratch();
    writeFileSync(join(dir, 'good.yaml'), good('U-1'));
    writeFileSync(join(dir, 'secret.yaml'), good('U-2'));
    mkdirSync(join(dir, 'locked'));
    writeFileSync(join(dir, 'locked/inner.yaml'), good('U-3'));
    chmodSync(join(dir, 'secret.yaml'), 0);
    chmodSync(join(dir, 'locked'), 0);
    restore.push(join(dir, 'secret.yaml'), join(dir, 'locked'));
    let stdout: string;
    let code: number;
    if (!readsEverything(dir)) {
      ({ stdout, code } = await runCli(['check', '--format', 'json', dir]));
    } else {
      // Running as root, mode 000 does not stop a read. Run the built CLI as an unprivileged user
      // instead (setpriv), or skip: an assertion that cannot fail proves nothing.
      // (From a copy every user can reach: the clone itself may be in a 0700 folder.)
      if (!existsSync(join(import.meta.dirname, '../../dist/cli/main.js')) || !hasSetpriv()) return ctx.skip();
      const bin = join(reachableBuild(), 'bin/sitecheck.js');
      chmodSync(dir, 0o755);
      for (const f of ['good.yaml']) chmodSync(join(dir, f), 0o644);
      const r = nodeAsNobody([bin, 'check', '--format', 'json', dir]);
      stdout = r.stdout;
      code = r.status ?? -1;
    }
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.errors.map((e: { code: string; file: string }) => [e.code, e.file.split('/').pop()])).toEqual([
      ['unreadable', 'locked'],
      ['unreadable', 'secret.yaml'],
    ]);
    expect(report.errors[1].message).toMatch(/cannot read: EACCES/);
    expect(report.sites.map((s: { id: string }) => s.id)).toEqual(['U-1']);
  });

  it('a dangling symlink is skipped; a missing path named on the command line is exit 2', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'good.yaml'), good('D-1'));
    symlinkSync(join(dir, 'nowhere.yaml'), join(dir, 'dangling.yaml'));
    expect(discoverFiles([dir]).files.map((f) => f.slice(dir.length))).toEqual(['/good.yaml']);
    const run = await runCli(['check', join(dir, 'nowhere.yaml')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no such file or folder: .*nowhere\.yaml/);
  });

  it('a rules folder holding a FIFO or a folder named like a rules file is exit 2 naming it (was a hang / a crash)', async () => {
    for (const make of [(p: string) => mkfifo(p), (p: string) => mkdirSync(p)]) {
      const rules = scratch('sitecheck-rules-');
      cpSync(DEFAULT_RULES_DIR, rules, { recursive: true });
      make(join(rules, 'odd.yaml'));
      const run = await runCli(['check', '--rules', rules, folderWith({ 'a.yaml': good('X-1') })]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/odd\.yaml:1:1 +(a folder, not a file|not a regular file)/);
      expect(run.stderr).not.toMatch(/internal error/);
    }
  });
});
