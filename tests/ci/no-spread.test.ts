// No spread of an unbounded array into a call anywhere in src/: `Math.max(...xs)`,
// `out.push(...xs)` and the like pass every element as an argument, and past about 120,000
// elements V8 throws "Maximum call stack size exceeded" (the text format crashed at ~130,000
// sites, verify at 150,000 inputs). A grep, with a reviewed allow-list of spreads whose arrays
// are bounded by something other than the inventory's size.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Calls that take their arguments one by one, given a spread. */
const SPREAD_CALL = /\b(?:Math\.(?:max|min|hypot)|String\.fromCharCode|String\.fromCodePoint|\.(?:push|unshift|splice|concat|apply|call))\(\s*(?:[^(){}]*,\s*)?\.\.\./g;

// file → the lines (trimmed) allowed, each with why its array is bounded.
const ALLOWED: Record<string, Record<string, string>> = {
  'src/tui/buy-lines.ts': {
    'lines.push(...citationLines(ruleset, l.citation, \'  \', last));': 'the lines of one citation',
    'lines.push(...listed());': 'the register entries of one purchase (bounded by the supplier register)',
  },
  'src/tui/site-lines.ts': {
    'lines.push(...citationLines(ruleset, limb.citation));': 'the lines of one citation',
    'lines.push(...limbLines(limb, site, ruleset));': 'the lines of one limb',
  },
  'src/scale/worker.ts': { 'transfer.push(...encoded.transfer);': 'the buffers of one encoded result (one per batch of at most 64 files)' },
  'src/scale/pool.ts': { 'retry.unshift(...(culprit && culprit.length > 1 ? culprit.map((i) => [i]) : []), ...queued);': 'one batch (at most 64 files) and at most 2 queued batches' },
  'src/rules/fixtures.ts': {
    'failures.push(...loaded.errors.map((e) => `the site is not valid: ${e.path ? `${e.path.slice(1).replace(/\\//g, \'.\')}: ` : \'\'}${e.message}`));': 'the errors of one rule fixture (the rules folder, not the inventory)',
    'problems.push(...missingFixtures(ruleset));': 'one per rule in the rules folder',
  },
  'src/rules/lint.ts': {
    'problems.push(...limbProblems(ruleset), ...missingFixtures(ruleset));': 'per rule in the rules folder',
    'const max = Math.max(0, ...claimed);': 'the limb numbers of the rules folder',
  },
  'src/report/html.ts': { 'const max = Math.max(1, ...VERDICTS.map((v) => counts[v] ?? 0));': 'one per verdict (three)' },
  'src/rules/ruleset.ts': {
    'errors.push(...parsed.errors);': 'the errors of one rules file (size-limited)',
    'errors.push(...problems);': 'the problems of one rules file (size-limited)',
    'if (existsSync(sub) && statSync(sub).isDirectory()) names.push(...readdirSync(sub).filter((n) => /\\.ya?ml$/.test(n)).sort().map((n) => `${family}/${n}`));': 'the files of one rules folder',
  },
  'src/import/columns.ts': { 'out.push(...columnsOf(root, s, path));': 'the columns of the site schema' },
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(name) ? [p] : [];
  });
}

describe('no spread of unbounded arrays in src/', () => {
  it('finds the pattern it looks for (so the check can fail)', () => {
    for (const bad of ['Math.max(...xs)', 'Math.max(0, ...xs.map(f))', 'out.push(...found)', 'a.unshift(...b)', 'String.fromCharCode(...codes)', 'f.apply(null, ...x)']) {
      SPREAD_CALL.lastIndex = 0;
      expect(SPREAD_CALL.test(bad), bad).toBe(true);
    }
    for (const ok of ['push({ a, ...rest })', 'push(...lines: string[])', '[...a, ...b]', '{ ...o }', 'f(x)']) {
      SPREAD_CALL.lastIndex = 0;
      expect(SPREAD_CALL.test(ok), ok).toBe(false);
    }
  });

  it('finds none outside the reviewed allow-list', () => {
    const found: string[] = [];
    for (const file of sources('src')) {
      const allowed = ALLOWED[file.replace(/\\/g, '/')] ?? {};
      readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
        SPREAD_CALL.lastIndex = 0;
        if (SPREAD_CALL.test(line) && !(line.trim() in allowed)) found.push(`${file}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(found).toEqual([]);
  });
});
