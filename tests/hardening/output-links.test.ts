// Outputs never follow symlinks: `check --output` (rendered or streamed), `report --out`,
// `import --out` and the TUI's saves refuse a link, even a dangling one and even with --force, and
// say why; a folder given as a file and a missing folder are clear errors (exit 2), not EISDIR.
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { saveExistingSite, saveNewSite } from '../../src/tui/save-site.js';
import { sha256Of } from '../../src/util/safe-write.js';
import { AS_OF, run, scratch as reportScratch } from '../report/helpers.js';
import { scratch } from './helpers.js';

const LINK_REFUSED = /is a symbolic link.*sitecheck never writes through a link \(--force does not change that\)/;

/** A scratch inventory with `out` a symlink to a file outside it (`secret`, or a dangling name). */
function withLink(out: string, dangling = false): { dir: string; target: string } {
  const dir = reportScratch();
  const outside = scratch();
  const target = join(outside, dangling ? 'planted' : 'secret');
  if (!dangling) writeFileSync(target, 'KEEP ME\n');
  symlinkSync(target, join(dir, out));
  return { dir, target };
}

function targetUntouched(target: string, dangling: boolean): void {
  if (dangling) expect(readdirSync(join(target, '..'))).toEqual([]);
  else expect(readFileSync(target, 'utf8')).toBe('KEEP ME\n');
}

describe('outputs never follow symlinks', () => {
  for (const dangling of [false, true]) {
    const what = dangling ? 'a dangling symlink' : 'a symlink to a file outside';
    for (const format of ['sarif', 'json', 'text']) {
      it(`check --format ${format} --output refuses ${what}`, async () => {
        const { dir, target } = withLink('out.txt', dangling);
        const r = await run(dir, ['check', 'sites/', '--format', format, '--output', 'out.txt', '--as-of', AS_OF]);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(LINK_REFUSED);
        expect(r.stderr).not.toContain('internal error');
        targetUntouched(target, dangling);
      });
    }

    it(`report --out refuses ${what}, with or without --force`, async () => {
      const { dir, target } = withLink('report.html', dangling);
      for (const force of [[], ['--force']]) {
        const r = await run(dir, ['report', 'sites/', '--out', 'report.html', '--as-of', AS_OF, ...force]);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(LINK_REFUSED);
      }
      targetUntouched(target, dangling);
    });

    it(`import --out refuses to write a site file that is ${what}, and writes nothing`, async () => {
      const dir = reportScratch();
      mkdirSync(join(dir, 'out'));
      const outside = scratch();
      const target = join(outside, dangling ? 'planted' : 'secret');
      if (!dangling) writeFileSync(target, 'KEEP ME\n');
      symlinkSync(target, join(dir, 'out', 'B-1.yaml'));
      writeFileSync(join(dir, 'sites.csv'), 'id,name\nA-1,Alpha\nB-1,Beta\n');
      for (const force of [[], ['--force']]) {
        const r = await run(dir, ['import', 'sites.csv', '--out', 'out', ...force]);
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(LINK_REFUSED);
        expect(r.stderr).toContain('nothing was written');
      }
      expect(readdirSync(join(dir, 'out'))).toEqual(['B-1.yaml']);
      targetUntouched(target, dangling);
    });
  }

  it('TUI saves refuse a site file that is a symlink (new and existing), and leave its target alone', () => {
    const dir = scratch();
    const outside = scratch();
    const real = join(outside, 'real.yaml');
    const text = 'id: L-1\nname: Linked\nministerial_use: unknown\n';
    writeFileSync(real, text);
    symlinkSync(real, join(dir, 'linked.yaml'));
    expect(() => saveExistingSite(join(dir, 'linked.yaml'), 'L-1', 0, { ministerial_use: 'routine' }, sha256Of(text))).toThrow(LINK_REFUSED);
    expect(readFileSync(real, 'utf8')).toBe(text);
    symlinkSync(join(outside, 'planted.yaml'), join(dir, 'new.yaml'));
    expect(() => saveNewSite(join(dir, 'new.yaml'), { id: 'N-1', name: 'New' })).toThrow(LINK_REFUSED);
    expect(readdirSync(outside)).toEqual(['real.yaml']);
  });

  it('a symlinked folder on the way to an output below the working directory is refused', async () => {
    const dir = reportScratch();
    const outside = scratch();
    symlinkSync(outside, join(dir, 'results'));
    const r = await run(dir, ['check', 'sites/', '--format', 'sarif', '--output', 'results/out.sarif', '--as-of', AS_OF]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the folder results is a symbolic link');
    expect(readdirSync(outside)).toEqual([]);
  });
});

describe('a folder or a missing folder as an output', () => {
  for (const [cmd, args] of [
    ['check --output (rendered)', ['check', 'sites/', '--format', 'sarif', '--output']],
    ['check --output (streamed JSON)', ['check', 'sites/', '--format', 'json', '--output']],
    ['report --out', ['report', 'sites/', '--force', '--out']],
  ] as const) {
    it(`${cmd}: a folder is a clear error, exit 2`, async () => {
      const dir = reportScratch();
      mkdirSync(join(dir, 'out.json'));
      const r = await run(dir, [...args, 'out.json', '--as-of', AS_OF]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('cannot write out.json: it is a folder, not a file');
      expect(r.stderr).not.toMatch(/EISDIR|internal error/);
    });

    it(`${cmd}: a missing folder is a clear error, exit 2`, async () => {
      const dir = reportScratch();
      const r = await run(dir, [...args, 'no/such/out.json', '--as-of', AS_OF]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('cannot write no/such/out.json: its folder does not exist');
      expect(r.stderr).not.toMatch(/ENOENT|internal error/);
    });
  }
});

describe('an output never replaces a site file of the inventory it checks', () => {
  for (const [format, out] of [['text', 'sites/cabinet-office.yaml'], ['json', 'sites/cabinet-office.yaml'], ['sarif', 'sites/v2-cases/new.yml']] as const) {
    it(`check --format ${format} --output ${out}: refused, exit 2, the site file untouched`, async () => {
      const dir = reportScratch();
      const before = readFileSync(join(dir, 'sites/cabinet-office.yaml'), 'utf8');
      const r = await run(dir, ['check', 'sites/', '--format', format, '--output', out, '--as-of', AS_OF]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`cannot write ${out}: it is a site file this run reads (under sites/)`);
      expect(readFileSync(join(dir, 'sites/cabinet-office.yaml'), 'utf8')).toBe(before);
      expect(readdirSync(join(dir, 'sites/v2-cases'))).not.toContain('new.yml');
    });
  }

  it('an output beside the inventory, or a file the walk would not read, is written', async () => {
    const dir = reportScratch();
    for (const out of ['out.yaml', 'sites/out.json', 'sites/.out.yaml']) {
      const r = await run(dir, ['check', 'sites/', '--format', 'json', '--output', out, '--as-of', AS_OF]);
      expect(r.code, out).toBe(1);
      expect(readFileSync(join(dir, out), 'utf8'), out).toMatch(/^\{/);
    }
  });
});
