// The loader's fast path (src/input/fast-*.ts) against the full path (parseYaml and yaml's Document
// trees), on generated, fuzzed and hostile inputs: for every input, loadSiteBytes gives exactly the
// same sites (values, positions, equipment positions, document indexes) and exactly the same errors
// (file, line, column, path, code, message, order) whichever path reads it. Short runs in
// `npm test`; many under `npm run fuzz` (FUZZ_RUNS).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { setFastPath } from '../../src/input/fast-load.js';
import { fastParse } from '../../src/input/fast-yaml.js';
import { loadSiteBytes, type LoadedFile } from '../../src/input/sites.js';
import { DEFAULT_LIMITS, type Limits } from '../../src/input/yaml-source.js';
// @ts-expect-error: the benchmark's generator is plain JavaScript
import { rng, siteYaml } from '../../bench/generate.mjs';
import { FULL_SITE, UNKNOWN_SITE } from '../hardening/helpers.js';
import { fuzz, TIMEOUT } from './config.js';

afterEach(() => setFastPath(true));

/** Both paths on the same input. */
function both(text: string | Uint8Array, limits: Limits = DEFAULT_LIMITS): { fast: LoadedFile; full: LoadedFile } {
  setFastPath(false);
  const full = loadSiteBytes('in.yaml', text, limits);
  setFastPath(true);
  const fast = loadSiteBytes('in.yaml', text, limits);
  return { fast, full };
}

function same(text: string | Uint8Array, limits: Limits = DEFAULT_LIMITS): LoadedFile {
  const { fast, full } = both(text, limits);
  expect(fast.errors).toEqual(full.errors);
  expect(fast.sha256).toBe(full.sha256);
  expect(fast.sites.length).toBe(full.sites.length);
  fast.sites.forEach((s, i) => {
    const f = full.sites[i]!;
    expect(s.data).toEqual(f.data);
    // The same keys in the same order (the report is written from them).
    expect(JSON.stringify(s.data)).toBe(JSON.stringify(f.data));
    expect(s.document).toBe(f.document);
    expect(s.position).toEqual(f.position);
    expect([...s.positions]).toEqual([...f.positions]);
    expect(s.equipmentPositions).toEqual(f.equipmentPositions);
  });
  return fast;
}

/** Sites written the way the benchmark writes them (a mix of facts, equipment, bad sites). */
const r = rng(7) as () => number;
const BENCH_SITES: string[] = Array.from({ length: 3000 }, (_, n) => (siteYaml(r, n + 1) as { text: string }).text).filter(
  (t, n) => n < 300 || /ministeral_use|vetting_notes|: maybe/.test(t),
);

function exampleSites(): string[] {
  const out = [FULL_SITE, UNKNOWN_SITE];
  const walk = (dir: string): void => {
    for (const n of readdirSync(dir).sort()) {
      const p = join(dir, n);
      if (n.endsWith('.yaml')) out.push(readFileSync(p, 'utf8'));
      else if (!n.includes('.')) walk(p);
    }
  };
  walk(join(import.meta.dirname, '../../sites'));
  return out;
}
const SEEDS = [...exampleSites(), ...BENCH_SITES];

// What hands, spreadsheets and attackers put into YAML.
const ODD = [
  'true', 'True', 'TRUE', 'false', 'yes', 'no', 'on', '~', 'null', 'Null', '', '""', "''", "'it''s'", '"a\\"b"', '"tab\\there"',
  '0', '-0', '+1', '007', '0x1F', '0o17', '0b1', '1_000', '1e3', '1e309', '-.inf', '.nan', '.5', '5.', '3.50', '9007199254740993',
  '2025-02-30', '2025-04-30', '12:30', 'SECRET', 'unknown', 'Hikvision', '海康威视', '😀', '\u202eevil', '"\\u0000"', '"\\ud800"',
  '"\\e[2J"', '\u001b[31m', '\u0085', '&a x', '*a', '!!str x', '!x y', '[a, b]', '{a: 1}', '[', '{', '|', '|\n  block', '>-\n  folded',
  '? x', '- x', '"unterminated', "'unterminated", '# comment', 'x # comment', 'x#y', 'a: b: c', 'a:b', '---', '...', '--- x',
  '%YAML 1.2', '%TAG ! tag:x,2000:', '\uFEFF', 'x\uFEFFy', '__proto__', 'constructor', 'prototype', 'x'.repeat(10_001), 'k'.repeat(1025),
  '"multi\n  line"', 'plain\n  continued', ':', '-', '@x', '`x', '%x', '"\\x41"', "'a\n\n  b'",
];
const INDENTS = ['', ' ', '  ', '   ', '    ', '\t', ' \t', '      '];

type Mutation = (lines: string[]) => string[];
const pick = <T,>(xs: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...xs);
const at = (i: number, n: number): number => (n === 0 ? 0 : i % n);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map((i): Mutation => (ls) => ls.filter((_, j) => j !== at(i, ls.length))),
  fc.nat().map((i): Mutation => (ls) => (ls.length ? [...ls.slice(0, at(i, ls.length) + 1), ls[at(i, ls.length)]!, ...ls.slice(at(i, ls.length) + 1)] : ls)),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]): Mutation => (ls) => {
    if (!ls.length) return ls;
    const out = [...ls];
    [out[at(a, ls.length)], out[at(b, ls.length)]] = [out[at(b, ls.length)]!, out[at(a, ls.length)]!];
    return out;
  }),
  fc.tuple(fc.nat(), pick(INDENTS)).map(([i, ind]): Mutation => (ls) => ls.map((l, j) => (j === at(i, ls.length) ? ind + l.trimStart() : l))),
  fc.tuple(fc.nat(), pick(ODD)).map(([i, v]): Mutation => (ls) =>
    ls.map((l, j) => (j === at(i, ls.length) && l.includes(':') ? l.slice(0, l.indexOf(':') + 1) + ' ' + v : l))),
  fc.tuple(fc.nat(), pick(ODD)).map(([i, v]): Mutation => (ls) =>
    ls.map((l, j) => (j === at(i, ls.length) && l.includes(':') ? l.replace(/^(\s*(?:- )?)[^:]*/, `$1${v}`) : l))), // a key
  fc.tuple(fc.nat(), pick(ODD)).map(([i, v]): Mutation => (ls) => [...ls.slice(0, at(i, ls.length + 1)), v, ...ls.slice(at(i, ls.length + 1))]),
  fc.tuple(fc.nat(), fc.string({ maxLength: 3, unit: 'binary' })).map(([i, s]): Mutation => (ls) => {
    const text = ls.join('\n');
    const k = at(i, text.length + 1);
    return (text.slice(0, k) + s + text.slice(k)).split('\n');
  }),
  fc.tuple(fc.nat(), pick([' ', '  ', ' # note', ':', ' :'])).map(([i, s]): Mutation => (ls) => ls.map((l, j) => (j === at(i, ls.length) ? l + s : l))),
  fc.nat().map((i): Mutation => (ls) => ls.join('\n').slice(0, at(i, ls.join('\n').length + 1)).split('\n')),
);

const mutatedSite: fc.Arbitrary<string> = fc
  .tuple(fc.nat({ max: SEEDS.length - 1 }), fc.array(mutation, { minLength: 0, maxLength: 4 }))
  .map(([s, ms]) => ms.reduce((lines, m) => m(lines), SEEDS[s]!.split('\n')).join('\n'));

/** One site per file, or a stream of sites with `---` markers, some of them mutated. */
const inputText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: mutatedSite },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.array(mutatedSite, { minLength: 1, maxLength: 6 }), fc.boolean(), pick(['', '\n', '\n\n', '...\n', '# end\n']))
      .map(([docs, first, tail]) => (first ? '---\n' : '') + docs.map((d) => (d.endsWith('\n') ? d : d + '\n')).join('---\n') + tail),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 200, unit: 'binary' }) },
);

const hostile: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  { weight: 8, arbitrary: inputText },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) },
);

describe('fuzz: the fast path reads exactly what the full path reads', () => {
  it('the same sites, positions and errors for generated, mutated and hostile files', () => {
    fc.assert(fc.property(hostile, (input) => void same(input)), fuzz(300, 6_000));
  }, TIMEOUT);

  it('the same at tight limits (depth, strings, documents), where the fast path must step aside', () => {
    const tight = fc.record({
      maxDepth: fc.integer({ min: 1, max: 4 }),
      maxStringLength: fc.integer({ min: 1, max: 40 }),
      maxDocuments: fc.integer({ min: 1, max: 4 }),
      maxAliases: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(fc.property(inputText, tight, (text, l) => void same(text, { ...DEFAULT_LIMITS, ...l })), fuzz(150, 4_000));
  }, TIMEOUT);

  it('whole bench-style streams with bad sites among good ones', () => {
    // 40 documents with the benchmark's bad sites among them: the bad ones go to the full path
    // one by one, the good ones stay on the fast path, and the file reads the same.
    const docs = SEEDS.slice(2).slice(0, 400);
    for (let start = 0; start < docs.length; start += 40) {
      const text = '---\n' + docs.slice(start, start + 40).join('---\n');
      same(text);
    }
  });

  it('the fast path is taken: plain site files are read by it, whole or document by document', () => {
    // A guard on the property above: if the fast path gave up on everything, it would prove nothing.
    let read = 0;
    let docs = 0;
    for (const t of BENCH_SITES.slice(0, 300)) {
      const p = fastParse(t, DEFAULT_LIMITS);
      if (p) {
        docs++;
        if (p.docs.every((d) => !('other' in d))) read++;
      }
    }
    expect(read).toBeGreaterThan(280);
    expect(docs).toBe(300);
    const sample = fc.sample(inputText, { numRuns: 200, seed: 11 });
    const taken = sample.filter((t) => fastParse(t, DEFAULT_LIMITS)?.docs.some((d) => !('other' in d))).length;
    expect(taken).toBeGreaterThan(40);
    expect(taken).toBeLessThan(200);
  });
});

describe('the fast path on known cases', () => {
  const cases: Record<string, string> = {
    'a duplicate key': 'id: A-1\nname: x\nname: y\n',
    'an alias': 'id: A-1\nname: &n x\norganisation: *n\n',
    'a tag': 'id: A-1\nname: !!str x\n',
    'a comment': '# site\nid: A-1 # here\nname: x\n',
    'a %YAML directive': '%YAML 1.2\n---\nid: A-1\nname: x\n',
    'a byte order mark mid-file': 'id: A-1\nname: x\uFEFFy\n',
    'an unterminated quote': 'id: A-1\nname: "x\n---\nid: B-1\nname: y\n',
    'a schema error among good documents': '---\nid: A-1\nname: a\n---\nid: B-1\nname: b\nministerial_use: often\n---\nid: C-1\nname: c\n',
    'a YAML error among good documents': '---\nid: A-1\nname: a\n---\nid: B-1\nname: b\nname: c\n---\nid: C-1\nname: c\n',
    'an empty document among good ones': '---\nid: A-1\nname: a\n---\n---\nid: C-1\nname: c\n',
    'DV above staff': 'id: A-1\nname: a\nvetting:\n  staff_total: 2\n  developed_vetting: 3\n',
    'a duplicate equipment id': 'id: A-1\nname: a\nequipment:\n  - id: C\n    kind: nvr\n    manufacturer: X\n    status: installed\n  - id: C\n    kind: nvr\n    manufacturer: Y\n    status: installed\n',
    'numbers and booleans': 'id: A-1\nname: "007"\ngovernment_location: true\nvetting:\n  staff_total: 10\n  developed_vetting: 0x3\n',
    'a value on the next line': 'id:\n  A-1\nname:\n  "x"\n',
    'a null value': 'id: A-1\nname:\n',
  };
  for (const [what, text] of Object.entries(cases)) {
    it(`${what}: the same sites and errors`, () => {
      same(text);
    });
  }

  it('a stream of good sites is read by the fast path document by document', () => {
    const text = '---\n' + BENCH_SITES.slice(0, 50).join('---\n');
    const p = fastParse(text, DEFAULT_LIMITS);
    expect(p?.docs).toHaveLength(50);
    expect(p!.docs.filter((d) => 'other' in d).length).toBeLessThan(3);
    expect(same(text).sites.length).toBeGreaterThan(45);
  });
});
