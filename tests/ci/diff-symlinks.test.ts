// Symbolic links in git history are read as the walk on disk reads them (issue 11: diff skipped
// them without a word, so an unchanged tree with a link showed "input errors introduced"): a link
// inside the paths named is followed, one leading outside is the same error as on disk, a broken
// one or a loop is passed over, and a folder reached twice is walked once.
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadInventory } from '../../src/input/sites.js';
import { DEFAULT_LIMITS } from '../../src/input/yaml-source.js';
import { loadInventoryAt, resolveCommit } from '../../src/diff/git.js';
import { git, sitecheck } from './helpers.js';

let repo: string;
const site = (id: string): string => `id: ${id}\nname: Site ${id}\nministerial_use: routine\n`;

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'sitecheck-diff-links-'));
  git(repo, 'init', '-q', '-b', 'main');
  mkdirSync(join(repo, 'sites/ho'), { recursive: true });
  mkdirSync(join(repo, 'sites/real'), { recursive: true });
  mkdirSync(join(repo, 'other'));
  writeFileSync(join(repo, 'sites/ho/a.yaml'), site('A-1'));
  writeFileSync(join(repo, 'sites/real/r.yaml'), site('R-1'));
  writeFileSync(join(repo, 'other/b.yaml'), site('B-1'));
  symlinkSync('../../other/b.yaml', join(repo, 'sites/ho/out.yaml')); // a file outside
  symlinkSync('../other', join(repo, 'sites/outdir')); // a folder outside
  symlinkSync('a.yaml', join(repo, 'sites/ho/same.yaml')); // a file inside: followed (a duplicate id)
  symlinkSync('real', join(repo, 'sites/alias')); // a folder inside, listed before the real one
  symlinkSync('nowhere.yaml', join(repo, 'sites/ho/broken.yaml')); // broken
  symlinkSync('loop2.yaml', join(repo, 'sites/ho/loop1.yaml'));
  symlinkSync('loop1.yaml', join(repo, 'sites/ho/loop2.yaml')); // a loop
  symlinkSync('../other/b.yaml', join(repo, 'sites/notes.txt')); // not a site file: not wanted
  // Out of the repository: an absolute target, and `..` past its top (to a file and a folder that
  // are there, and to nothing). The same as on disk: outside, or broken (it once passed over all).
  const away = mkdtempSync(join(tmpdir(), 'sitecheck-diff-links-away-'));
  writeFileSync(join(away, 'secret.yaml'), site('S-1'));
  symlinkSync(join(away, 'secret.yaml'), join(repo, 'sites/abs.yaml'));
  symlinkSync(join(away, 'nothing.yaml'), join(repo, 'sites/absbroken.yaml'));
  symlinkSync(`../../${away.split('/').pop()}`, join(repo, 'sites/updir'));
  symlinkSync('../../../../../../../../../../../../etc', join(repo, 'sites/etc'));
  symlinkSync(join(repo, 'sites/ho/a.yaml'), join(repo, 'sites/ho/absin.yaml')); // absolute, but inside: followed
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'links');
});

describe('diff: symbolic links in git history', () => {
  it('the revision gives the inventory the working tree gives (sites, errors, files)', () => {
    const cwd = process.cwd();
    try {
      process.chdir(repo);
      for (const paths of [['sites'], ['sites/ho'], ['sites', 'other'], ['sites/ho/out.yaml']]) {
        const disk = loadInventory(paths, DEFAULT_LIMITS);
        const then = loadInventoryAt(resolveCommit('HEAD', repo), paths, DEFAULT_LIMITS, repo);
        expect(then.errors, paths.join(' ')).toEqual(disk.errors);
        expect(then.sites.map((s) => [s.file, s.data.id]), paths.join(' ')).toEqual(disk.sites.map((s) => [s.file, s.data.id]));
        expect(then.files.map((f) => f.file), paths.join(' ')).toEqual(disk.files.map((f) => f.file));
      }
      // What is being compared: links outside are errors, the one inside a duplicate.
      const codes = loadInventoryAt(resolveCommit('HEAD', repo), ['sites'], DEFAULT_LIMITS, repo).errors.map((e) => `${e.file} ${e.code}`);
      expect(codes).toEqual(['sites/abs.yaml symlink-outside', 'sites/etc symlink-outside', 'sites/ho/absin.yaml duplicate-id', 'sites/ho/out.yaml symlink-outside', 'sites/ho/same.yaml duplicate-id', 'sites/outdir symlink-outside', 'sites/updir symlink-outside']);
    } finally {
      process.chdir(cwd);
    }
  });

  it('an unchanged tree with links reports no change', async () => {
    const r = await sitecheck(['diff', 'HEAD', 'sites', '--as-of', '2026-11-22'], { cwd: repo });
    expect(r.stdout).toContain('no verdict, limb outcome, finding or input error changed');
    expect(r.code).toBe(0);
  });

  it('an --output never replaces a site file of the inventory (exit 2, the file untouched)', async () => {
    const r = await sitecheck(['diff', 'HEAD', 'sites', '--format', 'markdown', '--output', 'sites/real/r.yaml', '--as-of', '2026-11-22'], { cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot write sites/real/r.yaml: it is a site file this run reads (under sites)');
    expect(readFileSync(join(repo, 'sites/real/r.yaml'), 'utf8')).toBe(site('R-1'));
  });
});
