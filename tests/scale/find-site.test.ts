// explain SITE_ID reads and checks only the files that can hold the id; the answer must be what
// reading every file gives. The reference below is the old full scan, written out.
import { describe, expect, it } from 'vitest';
import { discoverFiles, duplicateIdErrors, filesWithinLimits, loadSiteFile, sortErrors, type SiteRecord } from '../../src/input/sites.js';
import { DEFAULT_LIMITS, type Limits } from '../../src/input/yaml-source.js';
import type { InputError } from '../../src/model.js';
import { findSite, findSiteParallel } from '../../src/scale/find-site.js';
import { folderWith, scratch } from '../hardening/helpers.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function fullScan(paths: string[], id: string, limits: Limits) {
  const found = discoverFiles(paths);
  const { read, errors: cut } = filesWithinLimits(found.files, limits);
  const matches: SiteRecord[] = [];
  const errors: InputError[] = [];
  const ids = new Set<string>();
  for (const f of read) {
    const loaded = loadSiteFile(f, limits);
    for (const s of loaded.sites) {
      ids.add(s.data.id);
      if (s.data.id.toLowerCase() === id.toLowerCase()) matches.push(s);
    }
    for (const e of loaded.errors) if (e.site !== undefined && e.site.toLowerCase() === id.toLowerCase()) errors.push(e);
  }
  const dup = duplicateIdErrors(matches);
  return { chosen: matches.filter((s) => !dup.duplicates.has(s)), errors: sortErrors([...errors, ...dup.errors]), ids: [...ids], unread: sortErrors([...found.errors, ...cut]) };
}

const site = (id: string, extra = ''): string => `id: ${id}\nname: Site ${id}\nministerial_use: routine\n${extra}`;

const DIR = folderWith({
  'a.yaml': site('A-1'),
  'b.yaml': `---\n${site('B-1')}---\n${site('X-1', 'government_location: perhaps\n')}`, // X-1 with an error
  'c.yaml': site('X-1'), // the first valid X-1
  'd.yaml': site('"X-1"'), // a duplicate of it, quoted
  'e.yaml': 'id: "\\x59-1"\nname: Escaped\n', // Y-1, spelt with an escape
  'f.yaml': site('Z-1', 'government_location: perhaps\n'), // an error about Z-1 only
  'g.yaml': 'id: [unclosed\n', // a broken file that names no site
  'h.yaml': site('X-10'), // holds the bytes of X-1 but is another site
  'i.yaml': site('abc'), // an id with no letter-free part to search for
  'j.yaml': site('mixed-9'),
});

describe('explain by id: the files that cannot hold the id are not checked', () => {
  for (const id of ['X-1', 'Y-1', 'Z-1', 'A-1', 'X-10', 'NOPE-1', 'X-', 'a b', 'x-1', 'ABC', 'Abc', 'MiXeD-9', 'mixed9']) {
    it(`${JSON.stringify(id)}: the same site, errors and duplicates as reading every file`, () => {
      const fast = findSite([DIR], id, DEFAULT_LIMITS);
      const full = fullScan([DIR], id, DEFAULT_LIMITS);
      expect(fast.chosen).toEqual(full.chosen);
      expect(fast.errors).toEqual(full.errors);
      expect(fast.unread).toEqual(full.unread);
      // The hint list is complete whenever it is needed (nothing found).
      if (full.chosen.length === 0 && full.errors.length === 0) expect(fast.ids).toEqual(full.ids);
    });
  }

  it('finds the first use and reports the later one as a duplicate', () => {
    const fast = findSite([DIR], 'X-1', DEFAULT_LIMITS);
    expect(fast.chosen.map((s) => s.file)).toEqual([expect.stringMatching(/c\.yaml$/)]);
    expect(fast.errors.map((e) => e.code)).toEqual(expect.arrayContaining(['duplicate-id', 'bad-value']));
  });

  it('a site written with a backslash escape is still found', () => {
    expect(findSite([DIR], 'Y-1', DEFAULT_LIMITS).chosen).toHaveLength(1);
  });

  it('the inventory limits cut the same files', () => {
    for (const limits of [{ ...DEFAULT_LIMITS, maxFiles: 3 }, { ...DEFAULT_LIMITS, maxTotalSize: 120 }, { ...DEFAULT_LIMITS, maxFileSize: 60 }]) {
      for (const id of ['X-1', 'B-1', 'Z-1']) {
        const fast = findSite([DIR], id, limits);
        const full = fullScan([DIR], id, limits);
        expect(fast.chosen).toEqual(full.chosen);
        expect(fast.errors).toEqual(full.errors);
        expect(fast.unread).toEqual(full.unread);
      }
    }
  });

  it('walked in a worker and scanned by both threads, the answer is the same', async () => {
    for (const limits of [DEFAULT_LIMITS, { ...DEFAULT_LIMITS, maxFiles: 3 }, { ...DEFAULT_LIMITS, maxTotalSize: 120 }, { ...DEFAULT_LIMITS, maxFileSize: 60 }]) {
      await Promise.all(['X-1', 'B-1', 'Z-1', 'Y-1', 'j', 'x-10', 'NOPE-1', 'abc'].map(async (id) => {
        let ran = 0;
        const parallel = await findSiteParallel([DIR], id, limits, () => ++ran, 2, 1);
        expect(ran).toBe(1);
        expect(parallel.found).toEqual(findSite([DIR], id, limits));
      }));
    }
  });

  it('scanned in batches while the worker walks, with cuts in the middle of them, the answer is the same', async () => {
    // Walked 'a', 'a/…', then 'a-b': shown and cut in the order 'a-b/…', 'a.yaml', 'a/…', so a
    // file-count cut keeps files the walk meets last, and a size cut falls inside a batch.
    const tree = scratch();
    mkdirSync(join(tree, 'a'));
    mkdirSync(join(tree, 'a-b'));
    for (let i = 0; i < 6; i++) writeFileSync(join(tree, 'a', `${i}.yaml`), site(i === 4 ? 'X-1' : `A-${i}`));
    for (let i = 0; i < 5; i++) writeFileSync(join(tree, 'a-b', `${i}.yaml`), site(i === 3 ? 'X-1' : `B-${i}`));
    writeFileSync(join(tree, 'a.yaml'), site('X-1'));
    const size = site('A-0').length;
    // Sorted first, walked last, and over a small size limit: its error is the answer for a missing id.
    writeFileSync(join(tree, 'a-b', '00.yaml'), site('B-00', `assessment:\n  notes: ${'x'.repeat(3 * size)}\n`));
    const cuts = [{ maxFiles: 3 }, { maxFiles: 7 }, { maxTotalSize: 5 * size }, { maxTotalSize: 9 * size }, { maxFiles: 3, maxFileSize: 2 * size }, { maxFiles: 9, maxFileSize: 2 * size }];
    for (const limits of [DEFAULT_LIMITS, ...cuts.map((c) => ({ ...DEFAULT_LIMITS, ...c }))]) {
      // (Several searches at once, each with its own worker: they share nothing.)
      await Promise.all(['X-1', 'A-5', 'B-0', 'NOPE-1'].map(async (id) => {
        const one = findSite([tree], id, limits);
        expect(one).toEqual(fullScanResult(tree, id, limits));
        for (const batch of id === 'X-1' ? [1, 3] : [1]) {
          const parallel = await findSiteParallel([tree], id, limits, () => 0, 2, batch);
          expect(parallel.found, `${id} ${JSON.stringify(limits)} batch ${batch}`).toEqual(one);
        }
        if (id === 'NOPE-1' && limits.maxFileSize < DEFAULT_LIMITS.maxFileSize) expect(one.unreadable.map((e) => e.code)).toContain('file-too-large');
      }));
    }
  });
});

/** findSite's answer as reading every file gives it (for the fields fullScan works out). */
function fullScanResult(dir: string, id: string, limits: Limits) {
  const full = fullScan([dir], id, limits);
  const fast = findSite([dir], id, limits);
  expect(fast.chosen).toEqual(full.chosen);
  expect(fast.errors).toEqual(full.errors);
  expect(fast.unread).toEqual(full.unread);
  return fast;
}
