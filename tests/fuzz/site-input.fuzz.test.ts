// Fuzzing the site loader and the CLI with hostile input: random bytes, random text, and example
// sites mutated the way spreadsheets and hurried edits mutate them. Whatever comes in:
//   - loading and checking never throws and never hangs;
//   - every document gives either a site with a verdict or an error with the file, line ≥ 1 and column ≥ 1;
//   - the CLI's exit code is 1 exactly when there are input errors (with --fail-on errors), never 2.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/check.js';
import { Evaluator } from '../../src/engine/evaluate.js';
import { loadSiteBytes } from '../../src/input/sites.js';
import { VERDICTS, type InputError } from '../../src/model.js';
import { FULL_SITE, TERMINAL_CONTROL, UNKNOWN_SITE, runCli, scratch } from '../hardening/helpers.js';
import { fuzz, HANG_MS, TIMEOUT } from './config.js';

const evaluator = new Evaluator(loadRules());

/** The seeds: two complete sites of our own plus the example inventory, one file each. */
function seeds(): string[] {
  const out = [FULL_SITE, UNKNOWN_SITE];
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const n of names.sort()) {
      const p = join(dir, n);
      if (n.endsWith('.yaml')) out.push(readFileSync(p, 'utf8'));
      else if (!n.includes('.')) walk(p);
    }
  };
  walk(join(import.meta.dirname, '../../sites'));
  return out;
}
const SEEDS = seeds();

// Values a hand or a spreadsheet puts where they do not belong.
const ODD_VALUES = [
  'SECRET', 'TOP SECRET', 'OFFICIAL', 'secret', 'Secret ', 'routine', 'Routine', 'occasional', 'never', 'none', 'unknown', 'Unknown',
  'true', 'false', 'yes', 'no', 'on', 'off', 'True', 'FALSE', '~', 'null', '', '""', "''",
  '0', '-1', '-0', '1e308', '1e309', '-1e309', '9007199254740993', '99999999999999999999999999', '0x1F', '0o17', '1_000', '.inf', '-.inf', '.nan', '3.5', '12:30:00',
  '2025-02-30', '2025-04-30', '2025-04-30T10:00:00Z', '20250430',
  'Hikvision', 'HIKVISION', 'hikvision ', 'Hikvision\u200b', 'Ηikvision', '海康威视', '😀', '\u202eevil', '"\\u0000"', '"\\ud800"', '"a\\nb"',
  '&anchor value', '*anchor', '*nowhere', '&a [*a]', '!!str x', '!!js/function "f"', '!custom x', '!!binary aGk=',
  '[', ']', '{', '}', '[a, b', '{a: 1', '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
  '|', '>-', '|+\n  x', '? x', '- x', '"unterminated', "'unterminated", '#', 'a: b: c', '---', '...', '%YAML 1.1', '%TAG ! tag:x,2000:',
  '"\\e[2J\\e]0;title\\a"', '\u001b[31mred', '"a\\rb"', '"\\u0085"', '"\\u2066x"',
  '__proto__', 'constructor', '{__proto__: {polluted: 1}}', '$..[?(@.x)]', 'x'.repeat(12_000),
];
const INDENTS = ['', ' ', '  ', '    ', '\t', '  \t', '        '];

type Mutation = (lines: string[]) => string[];

const pick = <T>(items: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...items);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map((i): Mutation => (ls) => ls.filter((_, j) => j !== i % Math.max(ls.length, 1))), // delete a line
  fc.nat().map((i): Mutation => (ls) => (ls.length ? [...ls.slice(0, i % ls.length + 1), ls[i % ls.length]!, ...ls.slice(i % ls.length + 1)] : ls)), // duplicate
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]): Mutation => (ls) => {
    if (!ls.length) return ls;
    const out = [...ls];
    const [i, j] = [a % ls.length, b % ls.length];
    [out[i], out[j]] = [out[j]!, out[i]!];
    return out;
  }), // swap two lines
  fc.tuple(fc.nat(), pick(INDENTS)).map(([i, indent]): Mutation => (ls) =>
    ls.map((l, j) => (ls.length && j === i % ls.length ? indent + l.trimStart() : l))), // re-indent a line
  fc.tuple(fc.nat(), pick(ODD_VALUES)).map(([i, v]): Mutation => (ls) =>
    ls.map((l, j) => (ls.length && j === i % ls.length && l.includes(':') ? l.slice(0, l.indexOf(':') + 1) + ' ' + v : l))), // replace a value
  fc.tuple(fc.nat(), pick(ODD_VALUES)).map(([i, v]): Mutation => (ls) => [...ls.slice(0, i % (ls.length + 1)), v, ...ls.slice(i % (ls.length + 1))]), // insert a line
  fc.tuple(fc.nat(), fc.string({ maxLength: 4, unit: 'binary' })).map(([i, s]): Mutation => (ls) => {
    const text = ls.join('\n');
    const at = i % (text.length + 1);
    return (text.slice(0, at) + s + text.slice(at)).split('\n');
  }), // insert random characters anywhere
  fc.nat().map((i): Mutation => (ls) => ls.join('\n').slice(0, i % (ls.join('\n').length + 1)).split('\n')), // truncate
  fc.nat().map((i): Mutation => (ls) => ls.map((l, j) => (ls.length && j === i % ls.length && /: \S/.test(l) ? l.replace(/: (\S.*)$/, ': &v $1') : l))), // add an anchor
  fc.nat().map((i): Mutation => (ls) => ls.map((l, j) => (ls.length && j === i % ls.length && /: \S/.test(l) ? l.replace(/: (\S.*)$/, ': *v') : l))), // replace a value by an alias
);

const mutatedSite: fc.Arbitrary<string> = fc
  .tuple(fc.nat({ max: SEEDS.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }))
  .map(([s, ms]) => ms.reduce((lines, m) => m(lines), SEEDS[s]!.split('\n')).join('\n'));

const hostileInput: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 600 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 300, unit: 'binary' }).map((s) => new Uint8Array(Buffer.from(s, 'utf8'))) },
  { weight: 5, arbitrary: mutatedSite.map((s) => new Uint8Array(Buffer.from(s, 'utf8'))) },
);

function checkErrors(errors: readonly InputError[], file: string): void {
  for (const e of errors) {
    expect(e.file).toBe(file);
    expect(Number.isInteger(e.line) && e.line >= 1, `line of ${JSON.stringify(e)}`).toBe(true);
    expect(Number.isInteger(e.column) && e.column >= 1, `column of ${JSON.stringify(e)}`).toBe(true);
    expect(e.code).toMatch(/^[a-z0-9-]+$/);
    expect(e.message.length).toBeGreaterThan(0);
    expect(e.message).not.toMatch(/\n\s+at |undefined|\[object Object\]/);
  }
}

describe('fuzz: hostile site files', () => {
  it('loading and evaluating never throws; every document gives a verdict or a positioned error', async () => {
    await fc.assert(
      fc.asyncProperty(hostileInput, async (bytes) => {
        const t0 = Date.now();
        const loaded = loadSiteBytes('fuzz.yaml', bytes);
        expect(Date.now() - t0, 'hang guard').toBeLessThan(HANG_MS);
        checkErrors(loaded.errors, 'fuzz.yaml');
        expect(loaded.sites.length + loaded.errors.length).toBeGreaterThan(0);
        for (const site of loaded.sites) {
          const result = await evaluator.evaluate(site, '2026-11-22');
          expect(VERDICTS).toContain(result.verdict);
          expect(result.limbs).toHaveLength(4);
          expect(result.line).toBeGreaterThanOrEqual(1);
        }
      }),
      fuzz(400),
    );
  }, TIMEOUT);

  it('the CLI exit code matches: 1 exactly when there are input errors, never 2, output always parses', async () => {
    const dir = scratch('sitecheck-fuzz-');
    const file = join(dir, 'site.yaml');
    await fc.assert(
      fc.asyncProperty(hostileInput, async (bytes) => {
        writeFileSync(file, bytes);
        const run = await runCli(['check', '--format', 'json', '--fail-on', 'errors', '--as-of', '2026-11-22', dir]);
        expect(run.stderr).toBe('');
        const report = JSON.parse(run.stdout) as { errors: InputError[]; sites: unknown[]; summary: { errors: number; sites: number } };
        expect(run.code).toBe(report.errors.length > 0 ? 1 : 0);
        expect(report.summary.errors).toBe(report.errors.length);
        expect(report.summary.sites).toBe(report.sites.length);
        checkErrors(report.errors, report.errors[0]?.file ?? '');
        expect(report.sites.length + report.errors.length).toBeGreaterThan(0);
        // The default --fail-on and the text format agree on the verdict of the run.
        const text = await runCli(['check', '--as-of', '2026-11-22', dir]);
        expect([0, 1]).toContain(text.code);
        if (report.errors.length > 0) expect(text.code).toBe(1);
        expect(text.stderr).toBe('');
        // Nothing from the file reaches the terminal as a command (colour is off: NO_COLOR).
        expect(text.stdout).not.toMatch(TERMINAL_CONTROL);
      }),
      fuzz(150),
    );
  }, TIMEOUT);

  it('one bad file never hides another: a good site next to any hostile file is still evaluated', async () => {
    const dir = scratch('sitecheck-fuzz-');
    writeFileSync(join(dir, 'a-good.yaml'), 'id: GOOD-1\nname: Good\nministerial_use: routine\n');
    await fc.assert(
      fc.asyncProperty(hostileInput, async (bytes) => {
        writeFileSync(join(dir, 'b-fuzz.yaml'), bytes);
        const run = await runCli(['check', '--format', 'json', '--fail-on', 'none', dir]);
        expect(run.code).toBe(0);
        const report = JSON.parse(run.stdout) as { sites: { id: string; verdict: string }[]; errors: InputError[] };
        const good = report.sites.filter((s) => s.id === 'GOOD-1');
        // a-good.yaml sorts first, so even a fuzzed file claiming GOOD-1 is the duplicate, not it.
        expect(good).toMatchObject([{ verdict: 'sensitive' }]);
      }),
      fuzz(100),
    );
  }, TIMEOUT);

  it('the mutated sites reach both paths: some still load as sites, others are errors', () => {
    // A guard on the fuzzer itself: if every mutation broke the file (or none did), the properties
    // above would only ever test one side. Fixed seed, so this is the same sample on every run.
    const sample = fc.sample(mutatedSite, { numRuns: 150, seed: 7 });
    let withSites = 0;
    let withErrors = 0;
    for (const text of sample) {
      const loaded = loadSiteBytes('m.yaml', text);
      if (loaded.sites.length > 0) withSites++;
      if (loaded.errors.length > 0) withErrors++;
    }
    expect(withSites / sample.length).toBeGreaterThan(0.15);
    expect(withErrors / sample.length).toBeGreaterThan(0.3);
  });
});
