// Inputs that crashed, hung or flooded the loader before the hardening work; each must now give a
// short, clean error with a real position (line ≥ 1), and the CLI exit code 1 (never 2).
import { describe, expect, it } from 'vitest';
import { loadSiteBytes } from '../../src/input/sites.js';
import { MAX_ERRORS_PER_FILE, parseYaml } from '../../src/input/yaml-source.js';
import { folderWith, runCli } from './helpers.js';

describe('loader regressions', () => {
  it('hundreds of levels of block nesting is a too-deep error, not "Maximum call stack size exceeded"', async () => {
    for (const text of ['- '.repeat(20_000) + 'x\n', '? '.repeat(20_000) + 'x\n']) {
      const loaded = loadSiteBytes('deep.yaml', text);
      expect(loaded.errors).toHaveLength(1);
      expect(loaded.errors[0]).toMatchObject({ code: 'too-deep', line: 1 });
      expect(loaded.errors[0]!.message).not.toMatch(/call stack/);
    }
    const run = await runCli(['check', folderWith({ 'deep.yaml': '- '.repeat(20_000) + 'x\n' })]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/deep\.yaml:1:\d+ +the YAML is nested too deeply/);
  });

  it('deep brackets that the bracket pre-scan cannot see (after a stray quote) still give too-deep, not a crash', () => {
    // `x "` is a plain scalar to YAML, but the pre-scan takes the quote as opening a string.
    const loaded = loadSiteBytes('b.yaml', 'a: x "\nb: ' + '['.repeat(20_000) + ']'.repeat(20_000) + '\n');
    expect(loaded.errors).toHaveLength(1);
    expect(loaded.errors[0]).toMatchObject({ code: 'too-deep', line: 2 });
  });

  it('deep brackets on the first line are reported at line 1 (was line 0)', () => {
    const parsed = parseYaml('b.yaml', '["'.repeat(100));
    expect(parsed.errors[0]).toMatchObject({ code: 'too-deep', line: 1 });
  });

  it('a file with thousands of problems lists the first 100 and says so, without overflowing the stack', async () => {
    const flood = 'a: [\n' + '}\n'.repeat(20_000); // one syntax error per line
    const keys = Array.from({ length: 10_000 }, (_, i) => `k${i}: x`).join('\n'); // one unknown key each
    const items = 'id: Q-1\nname: q\nequipment:\n' + Array.from({ length: 5_000 }, (_, i) => `  - {a: ${i}}`).join('\n');
    for (const text of [flood, keys, items]) {
      const loaded = loadSiteBytes('flood.yaml', text);
      expect(loaded.errors.length).toBeLessThanOrEqual(MAX_ERRORS_PER_FILE + 1);
      expect(loaded.errors.at(-1)).toMatchObject({ code: 'too-many-errors' });
      expect(loaded.errors.every((e) => e.line >= 1 && e.column >= 1)).toBe(true);
    }
    const run = await runCli(['check', folderWith({ 'flood.yaml': flood, 'good.yaml': 'id: G-1\nname: Good\n' })]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/only the first 100 problems in this file are listed/);
    expect(run.stdout).toMatch(/1 site/); // the good file is still evaluated
  }, 60_000);

  it('a mapping with 60,000 keys is read in linear time (the duplicate-key check was quadratic)', () => {
    // Before: over a minute. The test timeout is the guard; the assertion is the behaviour.
    const text = 'id: K-1\nname: k\n' + Array.from({ length: 60_000 }, (_, i) => `k${i}: x`).join('\n') + '\n';
    const loaded = loadSiteBytes('keys.yaml', text);
    expect(loaded.errors[0]).toMatchObject({ code: 'unknown-key', line: 3 });
  }, 20_000);

  it('keys that become the same property name are duplicates, whatever their YAML type', () => {
    const parsed = parseYaml('dup.yaml', 'id: D-1\n1: a\n"1": b\n');
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]).toMatchObject({ code: 'duplicate-key', line: 3, column: 1 });
    expect(parsed.errors[0]!.message).toBe('the key "1" is written twice in the same mapping');
  });

  it('a stream of 200,000 empty documents is refused before it is parsed', () => {
    const parsed = parseYaml('docs.yaml', '---\n'.repeat(200_000));
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]).toMatchObject({ code: 'too-many-documents', line: 1 });
    expect(parsed.errors[0]!.message).toContain('--max-documents');
  });

  it('a blank or spaced name in a --params file is quoted in the message (found by the params fuzz)', async () => {
    for (const [key, shown] of [['" "', '" "'], ['""', '""'], ['"a b"', '"a b"']] as const) {
      const dir = folderWith({ 'p.yaml': `${key}:\n  value: 0.3\n`, 's.yaml': 'id: S-1\nname: s\n' });
      const run = await runCli(['check', '--params', `${dir}/p.yaml`, `${dir}/s.yaml`]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`p.yaml:2:3  ${shown}: must be a number or text (found a mapping)`);
    }
  });

  it('past the error cap, later documents are still read: a good site after 5,000 broken ones is evaluated', () => {
    let text = '';
    for (let i = 0; i < 5_000; i++) text += '---\nid: [\n';
    text += '---\nid: GOOD-1\nname: Good\n';
    const loaded = loadSiteBytes('many.yaml', text);
    expect(loaded.sites.map((s) => s.data.id)).toEqual(['GOOD-1']);
    expect(loaded.errors).toHaveLength(MAX_ERRORS_PER_FILE + 1);
    expect(loaded.errors.at(-1)).toMatchObject({ code: 'too-many-errors' });
  });

  it('a "[" in plain text in each of many documents does not add up to "too deep" (was: counted across documents)', () => {
    let text = '';
    for (let i = 0; i < 40; i++) text += `---\nid: S-${i}\nname: Unit ${i} [rear\n`;
    const loaded = loadSiteBytes('plain.yaml', text);
    expect(loaded.errors).toEqual([]);
    expect(loaded.sites).toHaveLength(40);
  });
});
