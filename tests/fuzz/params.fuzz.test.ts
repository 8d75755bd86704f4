// Fuzzing --params files. A parameters file is accepted only when it is a YAML mapping of known
// parameter names to values each parameter allows (a number in range, one of its words, a date); anything else is exit 2 with a
// message that names the file and a line, and nothing on stdout (no half-checked report).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/check.js';
import { parameterProblem, RulesError, withParams } from '../../src/rules/ruleset.js';
import type { InputError } from '../../src/model.js';
import { displayPath } from '../../src/util/paths.js';
import { runCli, scratch } from '../hardening/helpers.js';
import { fuzz, TIMEOUT } from './config.js';

const ruleset = loadRules();
const KNOWN = [...ruleset.parameters.keys()];

const dir = scratch('sitecheck-fuzz-params-');
const siteDir = join(dir, 'sites');
const paramsFile = join(dir, 'params.yaml');
writeFileSync(join(dir, 'site.yaml'), 'id: P-1\nname: Params\nvetting: {staff_total: 100, developed_vetting: 30}\n');

const name = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...KNOWN) },
  { weight: 1, arbitrary: fc.constantFrom('developed_vetting.significant', 'developed_vetting', 'Developed_Vetting.Significant_Proportion', 'x.y', '__proto__.x', 'constructor', '', ' ', 'a..b', '.a', '1.2') },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
);
const value = fc.oneof(
  { weight: 3, arbitrary: fc.double({ noNaN: false }) },
  { weight: 3, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(0, 1, -0, 1e-300, 1.0000001, null, true, 'yes', '0.3', '', [], [0.3], { value: 0.3 }, 'unknown', 'central-government', 'private', '2025-04-30', '2025-02-30', '30/04/2025') },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
);
const entries = fc.array(fc.tuple(name, value), { maxLength: 4 });

/** The oracle: is this mapping an acceptable parameters file? */
function acceptable(map: Map<string, unknown>): boolean {
  if (map.size === 0) return false;
  for (const [k, v] of map) {
    const p = ruleset.parameters.get(k);
    // A number in range for a threshold; one of its words for an estate; a real date for a date.
    if (!p || parameterProblem(p, v) !== undefined) return false;
  }
  return true;
}

async function run(): Promise<Awaited<ReturnType<typeof runCli>>> {
  return runCli(['check', '--format', 'json', '--fail-on', 'none', '--params', paramsFile, join(dir, 'site.yaml')]);
}

function expectRejected(r: Awaited<ReturnType<typeof runCli>>): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^sitecheck: the rules or parameters are invalid:\n/);
  expect(r.stderr).toMatch(/params\.yaml:[1-9]\d*:[1-9]\d*  \S/);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
}

/** What the loader does with the file: the ruleset it gives, or the errors it throws. */
function load(): { ok: true; parameters: Record<string, number> } | { ok: false; errors: readonly InputError[] } {
  try {
    const r = withParams(ruleset, paramsFile);
    return { ok: true, parameters: Object.fromEntries([...r.parameters].map(([k, p]) => [k, p.value])) };
  } catch (e) {
    if (!(e instanceof RulesError)) throw e; // anything else is a crash (exit 2 "internal error")
    return { ok: false, errors: e.errors };
  }
}

function expectNamedErrors(errors: readonly InputError[]): void {
  expect(errors.length).toBeGreaterThan(0);
  for (const e of errors) {
    expect(e.file).toBe(displayPath(paramsFile));
    expect(e.line).toBeGreaterThanOrEqual(1);
    expect(e.column).toBeGreaterThanOrEqual(1);
    expect(e.message).toMatch(/\S/);
    expect(e.message).not.toMatch(/undefined|\[object Object\]/);
  }
}

const mapping = entries.map((pairs) => {
  const map = new Map(pairs);
  const obj: Record<string, unknown> = {};
  for (const [k, v] of map) Object.defineProperty(obj, k, { value: v, enumerable: true });
  return { map, text: stringify(obj) };
});

const notAMapping = fc.oneof(
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
  fc.string({ maxLength: 100, unit: 'binary' }),
  fc.constantFrom('', '---\n', '- 0.3\n', '0.3\n', '"a"\n', 'developed_vetting.significant_proportion: 0.3\n---\nx: 1\n', '!!map {}\n', '{}\n',
    'developed_vetting.significant_proportion: &a 0.3\nx: *a\n', 'developed_vetting.significant_proportion: 0x10\n', 'developed_vetting.significant_proportion: .nan\n'),
);

describe('fuzz: --params files', () => {
  it('a mapping is accepted exactly when every name is known and every value in range; otherwise every error names the file', () => {
    fc.assert(
      fc.property(mapping, ({ map, text }) => {
        writeFileSync(paramsFile, text);
        const r = load();
        if (acceptable(map)) {
          expect(r.ok, JSON.stringify(r)).toBe(true);
          if (r.ok) for (const [k, v] of map) expect(r.parameters[k]).toBe(v);
        } else {
          expect(r.ok, text).toBe(false);
          if (!r.ok) expectNamedErrors(r.errors);
        }
      }),
      fuzz(500),
    );
  }, TIMEOUT);

  it('any other file (random bytes, lists, scalars, several documents) is refused with errors naming the file', () => {
    fc.assert(
      fc.property(notAMapping, (content) => {
        writeFileSync(paramsFile, content);
        const r = load();
        if (!r.ok) expectNamedErrors(r.errors);
        else expect(Object.keys(r.parameters).length).toBeGreaterThan(0); // random text that happens to be valid
      }),
      fuzz(500),
    );
  }, TIMEOUT);

  it('through the CLI: accepted files give a report (exit 0), refused ones exit 2 with the file:line on stderr and nothing on stdout', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(mapping.map((m) => m.text), notAMapping), async (content) => {
        writeFileSync(paramsFile, content);
        const expected = load();
        const r = await run();
        if (expected.ok) {
          expect(r.code, r.stderr).toBe(0);
          expect(JSON.parse(r.stdout).rules.parameters).toEqual(expected.parameters);
        } else {
          expectRejected(r);
        }
      }),
      fuzz(40),
    );
  }, TIMEOUT);

  it('a params path that is a folder, missing, or a FIFO is exit 2 naming it, never a hang', async () => {
    const { execFileSync } = await import('node:child_process');
    const fifo = join(dir, 'fifo.yaml');
    execFileSync('mkfifo', [fifo]);
    for (const p of [siteDir, join(dir, 'missing.yaml'), fifo, dir]) {
      const r = await runCli(['check', '--params', p, join(dir, 'site.yaml')]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(p.split('/').pop()!);
      expect(r.stderr).not.toMatch(/internal error/);
    }
  });
});
