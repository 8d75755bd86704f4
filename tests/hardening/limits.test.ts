// Every resource limit: past it, a clear input error naming the limit's flag (exit 1, the other
// files still read); raised with its flag, the same input passes. Bad flag values are exit 2.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, LIMIT_FLAGS, parseYaml, type Limits } from '../../src/input/yaml-source.js';
import { loadInventory } from '../../src/input/sites.js';
import { FULL_SITE, folderWith, runCli } from './helpers.js';

const site = (id: string, extra = ''): string => `id: ${id}\nname: Site ${id}\n${extra}`;

interface LimitCase {
  readonly flag: string;
  readonly code: string;
  readonly files: Record<string, string>;
  readonly tight: string;
  readonly loose: string;
  readonly unknownKey?: boolean;
}

const cases: LimitCase[] = [
  { flag: '--max-file-size', code: 'file-too-large', files: { 'a.yaml': FULL_SITE }, tight: '200', loose: '4k' },
  {
    flag: '--max-documents', code: 'too-many-documents',
    files: { 'a.yaml': [site('A-1'), site('A-2'), site('A-3')].join('---\n') }, tight: '2', loose: '3',
  },
  {
    flag: '--max-documents', code: 'too-many-documents',
    files: { 'a.yaml': ['', site('A-1'), site('A-2'), site('A-3'), site('A-4')].join('---\n') }, tight: '3', loose: '4',
  },
  // equipment (1) → item (2): a mapping at depth 2.
  { flag: '--max-depth', code: 'too-deep', files: { 'a.yaml': FULL_SITE }, tight: '2', loose: '3' },
  {
    flag: '--max-aliases', code: 'alias-limit',
    files: { 'a.yaml': 'id: AL-1\nname: &n Alias House\norganisation: *n\naddress: *n\n' }, tight: '1', loose: '2',
  },
  { flag: '--max-string-length', code: 'string-too-long', files: { 'a.yaml': site('S-1', `address: ${'x'.repeat(60)}\n`) }, tight: '50', loose: '60' },
  { flag: '--max-string-length', code: 'string-too-long', files: { 'a.yaml': site('S-1', `${'k'.repeat(60)}: 1\n`) }, tight: '50', loose: '60', unknownKey: true },
  { flag: '--max-files', code: 'too-many-files', files: { 'a.yaml': site('F-1'), 'b.yaml': site('F-2'), 'c.yaml': site('F-3') }, tight: '2', loose: '3' },
  {
    flag: '--max-total-size', code: 'inventory-too-large',
    files: { 'a.yaml': FULL_SITE, 'b.yaml': FULL_SITE.replace('HX-0001', 'HX-0002'), 'c.yaml': FULL_SITE.replace('HX-0001', 'HX-0003') },
    tight: String(FULL_SITE.length * 2 + 10), loose: String(FULL_SITE.length * 3 + 10),
  },
];

describe('resource limits', () => {
  it.each(cases)('$flag: past the limit is an error naming $flag; raised, it passes', async (c) => {
    const dir = folderWith(c.files);
    const tight = await runCli(['check', '--format', 'json', '--fail-on', 'errors', c.flag, c.tight, dir]);
    expect(tight.code).toBe(1);
    const report = JSON.parse(tight.stdout) as { errors: { code: string; message: string; line: number; file: string }[] };
    const hit = report.errors.find((e) => e.code === c.code);
    expect(hit, JSON.stringify(report.errors)).toBeDefined();
    expect(hit!.message).toContain(c.flag);
    expect(hit!.line).toBeGreaterThanOrEqual(1);
    expect(hit!.file).toContain(dir.split('/').pop()!);

    const loose = await runCli(['check', '--format', 'json', '--fail-on', 'errors', c.flag, c.loose, dir]);
    const after = (JSON.parse(loose.stdout) as typeof report).errors;
    expect(after.filter((e) => e.code === c.code)).toEqual([]);
    // Except the deliberately unknown key, every case is a valid inventory once the limit is raised.
    if (!c.unknownKey) {
      expect(after).toEqual([]);
      expect(loose.code).toBe(0);
    }
  });

  it('past the file-count or total-size limit, the files before the cut are still evaluated', () => {
    const dir = folderWith({ 'a.yaml': site('F-1'), 'b.yaml': site('F-2'), 'c.yaml': site('F-3') });
    const inv = loadInventory([dir], { ...DEFAULT_LIMITS, maxFiles: 2 });
    expect(inv.sites.map((s) => s.data.id)).toEqual(['F-1', 'F-2']);
    expect(inv.errors).toHaveLength(1);
    expect(inv.errors[0]!.file).toMatch(/c\.yaml$/);
    expect(inv.errors[0]!.message).toMatch(/3 site files, over the limit of 2; this file was not read/);
  });

  it('the defaults hold without any flag: 17 levels of nesting and 51 aliases are refused', () => {
    const flow = parseYaml('deep.yaml', 'a: ' + '['.repeat(17) + ']'.repeat(17) + '\n');
    expect(flow.errors[0]).toMatchObject({ code: 'too-deep', line: 1 });
    const brackets = parseYaml('deep.yaml', 'a: ' + '['.repeat(40) + ']'.repeat(40) + '\n'); // refused before parsing
    expect(brackets.errors[0]).toMatchObject({ code: 'too-deep', line: 1, column: 36 });
    const nested = parseYaml('deep.yaml', Array.from({ length: 18 }, (_, i) => '  '.repeat(i) + 'k:').join('\n') + ' 1\n');
    expect(nested.errors[0]).toMatchObject({ code: 'too-deep', line: 17 });
    const aliases = parseYaml('alias.yaml', 'a: &x 1\n' + Array.from({ length: 51 }, (_, i) => `b${i}: *x`).join('\n') + '\n');
    expect(aliases.errors[0]).toMatchObject({ code: 'alias-limit', line: 52 });
    expect(DEFAULT_LIMITS).toMatchObject({ maxFileSize: 1024 * 1024, maxDocuments: 10_000, maxDepth: 16, maxAliases: 50, maxStringLength: 10_000 });
  });

  it('a few aliases that name each other cannot expand exponentially, whatever --max-aliases says', () => {
    // 48 alias nodes, each level doubling the last: 2^24 leaves if expanded.
    const lines = ['id: B-1', 'name: Bomb', 'a0: &a0 [x, x]'];
    for (let i = 1; i < 25; i++) lines.push(`a${i}: &a${i} [*a${i - 1}, *a${i - 1}]`);
    for (const maxAliases of [DEFAULT_LIMITS.maxAliases, 1000]) {
      const parsed = parseYaml('bomb.yaml', lines.join('\n') + '\n', { ...DEFAULT_LIMITS, maxAliases });
      expect(parsed.documents).toEqual([]);
      expect(parsed.errors).toHaveLength(1);
      expect(parsed.errors[0]).toMatchObject({ code: 'alias-limit', line: 1 });
      expect(parsed.errors[0]!.message).toContain('--max-aliases');
    }
  });

  it.each([
    ['--max-depth', 'deep'],
    ['--max-files', '0'],
    ['--max-total-size', '-5'],
    ['--max-aliases', '1.5'],
    ['--max-file-size', '2t'],
  ])('%s %s is a usage error (exit 2) naming the flag', async (flag, value) => {
    const run = await runCli(['check', flag, value, folderWith({ 'a.yaml': site('U-1') })]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(flag);
    expect(run.stdout).toBe('');
  });

  it('validate and explain honour the limit flags too', async () => {
    const dir = folderWith({ 'a.yaml': site('F-1'), 'b.yaml': site('F-2') });
    const validate = await runCli(['validate', '--max-files', '1', dir]);
    expect(validate.code).toBe(1);
    expect(validate.stdout).toMatch(/b\.yaml:1:1 +the inventory holds 2 site files, over the limit of 1; this file was not read \(raise the limit with --max-files\)/);
    const explain = await runCli(['explain', 'F-1', dir, '--max-string-length', '3']);
    expect(explain.code).not.toBe(0); // the name "Site F-1" is now too long: F-1 is not a valid site
    for (const command of ['validate', 'explain']) {
      const bad = await runCli([command, ...(command === 'explain' ? ['F-1'] : []), '--max-depth', 'x', dir]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--max-depth');
    }
  });

  it('every limit is in --help and in SECURITY.md with its flag', async () => {
    const help = (await runCli(['check', '--help'])).stdout;
    const security = readFileSync(join(import.meta.dirname, '../../SECURITY.md'), 'utf8');
    for (const flag of Object.values(LIMIT_FLAGS)) {
      expect(help).toContain(flag);
      expect(security).toContain(flag);
    }
    expect(Object.keys(LIMIT_FLAGS).sort()).toEqual(Object.keys(DEFAULT_LIMITS satisfies Limits).sort());
  });
});
