// The walk works out each file's shown path once per folder (the folder's shown path and the
// name), lists folders as text unless a name is not UTF-8, and keeps no set of paths for one path
// named. None of that may change what is found, how it is shown or the order it comes in: here
// against the plain definition, displayPath of every file and a sort.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverFiles } from '../../src/input/sites.js';
import { displayPath } from '../../src/util/paths.js';
import { scratch } from '../hardening/helpers.js';

const site = (id: string): string => `id: ${id}\nname: Site ${id}\n`;

/** A tree whose walk order is not its sorted order ('co' is walked before 'co-x', shown after it). */
function tree(): string {
  const dir = scratch();
  for (const [folder, names] of Object.entries({
    co: ['b.yaml', 'a.yml', 'tab\there.yaml', 'line\nbreak.yaml', 'bidi\u202eevil.yaml', 'x\tz.yaml', 'xA.yaml'], // a tab shown as \x09 sorts after 'A'
    'co-x': ['z.yaml', 'A.YAML'],
    'co/sub': ['m.yaml'],
    'co.d': ['n.yaml'],
    'ü': ['ö.yaml', '\ufffdreal.yaml'], // a name that really holds U+FFFD (its UTF-8 bytes)
  })) {
    mkdirSync(join(dir, folder), { recursive: true });
    for (const n of names) writeFileSync(join(dir, folder, n), site(n.length.toString()));
  }
  writeFileSync(join(dir, 'top.yaml'), site('T'));
  writeFileSync(join(dir, 'not-a-site.txt'), 'x');
  return dir;
}

function sortedAsShown(files: readonly string[]): string[] {
  return [...files].sort((a, b) => (displayPath(a) < displayPath(b) ? -1 : displayPath(a) > displayPath(b) ? 1 : 0));
}

function inDir<T>(dir: string, f: () => T): T {
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    return f();
  } finally {
    process.chdir(cwd);
  }
}

describe('the walk: found, shown and ordered as displayPath and a sort say', () => {
  const dir = tree();
  const expected = ['co-x/A.YAML', 'co-x/z.yaml', 'co.d/n.yaml', 'co/a.yml', 'co/b.yaml', 'co/bidi\u202eevil.yaml', 'co/line\nbreak.yaml', 'co/sub/m.yaml', 'co/tab\there.yaml', 'co/xA.yaml', 'co/x\tz.yaml', 'top.yaml', 'ü/ö.yaml', 'ü/\ufffdreal.yaml'];

  it('an absolute path, from outside the tree, inside it and below it', () => {
    for (const cwd of [scratch(), dir, join(dir, 'co'), join(dir, 'co/sub')]) {
      const { files, errors } = inDir(cwd, () => discoverFiles([dir]));
      expect(errors).toEqual([]);
      expect(files.map((f) => relative(dir, f)).sort()).toEqual([...expected].sort());
      // The order is the order of the shown paths, whatever the working folder.
      expect(inDir(cwd, () => sortedAsShown(files))).toEqual(files);
    }
  });

  it('a relative path, and the folder itself as "."', () => {
    const below = inDir(join(dir, '..'), () => discoverFiles([relative(join(dir, '..'), dir)]).files);
    expect(below).toEqual(expected.map((f) => join(relative(join(dir, '..'), dir), f)));
    const here = inDir(dir, () => discoverFiles(['.']).files);
    expect(here).toEqual(expected);
    expect(inDir(dir, () => here.map(displayPath))).toContain('co/tab\\x09here.yaml');
  });

  it('a file named again, before or after its folder, is found once', () => {
    for (const paths of [[dir, join(dir, 'top.yaml')], [join(dir, 'top.yaml'), dir], [dir, dir], [join(dir, 'co'), dir]]) {
      const { files } = discoverFiles(paths);
      expect(new Set(files).size).toBe(files.length);
      expect(files.filter((f) => f.endsWith('top.yaml'))).toHaveLength(1);
      expect(sortedAsShown(files)).toEqual(files);
    }
  });

  it('`found` maps each file to the order the walk met it in', () => {
    const walked: string[] = [];
    const { files, found } = discoverFiles([dir], {}, (f) => walked.push(f));
    expect(found.map((i) => walked[i])).toEqual(files);
    expect(walked).not.toEqual(files); // this tree's walk order is not its sorted order
  });

  it('a name that is not UTF-8 is an error beside the names that are, U+FFFD in a real name included', () => {
    const bad = scratch();
    writeFileSync(join(bad, 'ok.yaml'), site('OK'));
    writeFileSync(join(bad, '\ufffd.yaml'), site('R'));
    writeFileSync(Buffer.concat([Buffer.from(bad + '/'), Buffer.from([0x66, 0xff, 0x2e, 0x79, 0x61, 0x6d, 0x6c])]), site('B'));
    const { files, errors } = discoverFiles([bad]);
    expect(files.map((f) => relative(bad, f))).toEqual(['ok.yaml', '\ufffd.yaml']);
    expect(errors.map((e) => [e.code, e.file.endsWith('f\\xff.yaml')])).toEqual([['name-not-utf8', true]]);
  });
});

describe('the walk from inside a folder named like the probe name of the per-folder shown path', () => {
  // The shown path of a folder's files is worked out from a probe child named 'x'; when the
  // working folder is that very 'x' (or below it), the probe's path relative to it is '' or '..'
  // and says nothing about the folder: the files must still sort by their own displayPath.
  it('an absolute path named from inside its folder x, and from below x', () => {
    const dir = scratch();
    mkdirSync(join(dir, 'x/below'), { recursive: true });
    writeFileSync(join(dir, 'zb.yaml'), site('Z'));
    writeFileSync(join(dir, 'x/a.yaml'), site('A'));
    writeFileSync(join(dir, 'x/below/c.yaml'), site('C'));
    for (const cwd of [join(dir, 'x'), join(dir, 'x/below')]) {
      const files = inDir(cwd, () => discoverFiles([dir]).files);
      expect(inDir(cwd, () => sortedAsShown(files))).toEqual(files);
      expect(files[0]).toBe(join(dir, 'zb.yaml')); // shown as ../zb.yaml (../../zb.yaml), first
    }
  });
});
