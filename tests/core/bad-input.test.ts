// One tiny bad file per failure mode: each must give a clean error naming the file, line, column
// and field — never a stack trace, never a silent default — and never stop other files being read.
import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInventory, loadSiteFile } from '../../src/input/sites.js';
import { DEFAULT_LIMITS } from '../../src/input/yaml-source.js';

const BAD = 'tests/fixtures/bad';

type Expect = { file: string; line: number; column: number; code: string; path?: string; message: RegExp };

const cases: Expect[] = [
  { file: 'wrong-enum.yaml', line: 4, column: 12, code: 'bad-value', path: '/classified_material/highest', message: /"SECRETT" is not allowed; use OFFICIAL, SECRET, TOP SECRET or unknown \(did you mean "SECRET"\?\)/ },
  { file: 'wrong-type.yaml', line: 4, column: 16, code: 'bad-value', path: '/vetting/staff_total', message: /vetting\.staff_total: must be a whole number of 0 or more, or unknown \(found "lots"\)/ },
  { file: 'unknown-key.yaml', line: 3, column: 1, code: 'unknown-key', path: '/ministeral_use', message: /unknown field "ministeral_use" \(did you mean "ministerial_use"\?\)/ },
  { file: 'missing-name.yaml', line: 1, column: 1, code: 'missing-field', path: '', message: /missing the required field "name"/ },
  { file: 'dv-exceeds-staff.yaml', line: 5, column: 22, code: 'dv-exceeds-staff', path: '/vetting/developed_vetting', message: /developed_vetting \(12\) is more than vetting\.staff_total \(10\)/ },
  { file: 'negative-count.yaml', line: 4, column: 16, code: 'invalid', path: '/vetting/staff_total', message: /must be 0 or more \(found -3\)/ },
  { file: 'bad-id.yaml', line: 1, column: 5, code: 'bad-value', path: '/id', message: /is not a valid id/ },
  // Reported where the list opens (line 3), not where the parser gave up (4:1): issue 11.
  { file: 'yaml-syntax.yaml', line: 3, column: 22, code: 'yaml-syntax', message: /Flow sequence/ },
  { file: 'duplicate-key.yaml', line: 4, column: 1, code: 'duplicate-key', message: /the key "ministerial_use" is written twice/ },
  { file: 'proto-key.yaml', line: 3, column: 1, code: 'forbidden-key', path: '/__proto__', message: /"__proto__" is not allowed as a key/ },
  { file: 'constructor-key.yaml', line: 4, column: 3, code: 'forbidden-key', path: '/vetting/constructor', message: /"constructor" is not allowed/ },
  { file: 'custom-tag.yaml', line: 3, column: 18, code: 'yaml-tag', message: /!!js\/function; YAML tags are not allowed/ },
  { file: 'bad-date.yaml', line: 8, column: 18, code: 'bad-value', path: '/equipment/0/removal_due', message: /"2025-02-30" is not a real date/ },
  { file: 'alias-bomb.yaml', line: 10, column: 12, code: 'alias-limit', message: /more than 50 YAML aliases/ },
  { file: 'empty.yaml', line: 1, column: 1, code: 'empty-file', message: /holds no site/ },
];

describe('bad site files', () => {
  it.each(cases)('$file → $code at $line:$column', (c) => {
    const loaded = loadSiteFile(join(BAD, c.file));
    expect(loaded.sites).toEqual([]);
    expect(loaded.errors).toHaveLength(1);
    const e = loaded.errors[0]!;
    expect(e).toMatchObject({ file: `${BAD}/${c.file}`, line: c.line, column: c.column, code: c.code });
    if (c.path !== undefined) expect(e.path).toBe(c.path);
    expect(e.message).toMatch(c.message);
    expect(e.message).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('never pollutes Object.prototype', () => {
    loadSiteFile(join(BAD, 'proto-key.yaml'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  const tmp = mkdtempSync(join(tmpdir(), 'sitecheck-bad-'));
  const write = (name: string, data: string | Uint8Array) => {
    const p = join(tmp, name);
    writeFileSync(p, data);
    return p;
  };

  it('binary data (a NUL byte) is refused with its line', () => {
    const e = loadSiteFile(write('binary.yaml', Buffer.from('id: X\nname: a\u0000b\n'))).errors[0]!;
    expect(e).toMatchObject({ code: 'binary-file', line: 2, column: 8 });
  });

  it('text that is not UTF-8 is refused with the line of the first bad byte', () => {
    const e = loadSiteFile(write('latin1.yaml', Buffer.concat([Buffer.from('id: X\nname: Caf'), Buffer.from([0xe9]), Buffer.from('\n')]))).errors[0]!;
    expect(e).toMatchObject({ code: 'not-utf8', line: 2, column: 10 });
    expect(e.message).toMatch(/not valid UTF-8/);
  });

  it('pathological nesting is refused before the parser recurses', () => {
    const e = loadSiteFile(write('deep.yaml', `id: X\nname: Deep\nassessment:\n  notes: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`)).errors[0]!;
    expect(e).toMatchObject({ code: 'too-deep', line: 4 });
  });

  it('block nesting past the limit is refused', () => {
    const deep = Array.from({ length: 30 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ' 1\n';
    const e = loadSiteFile(write('deep-block.yaml', `id: X\nname: Deep\nassessment:\n${deep.replace(/^/gm, '  ')}`)).errors[0]!;
    expect(e.code).toBe('too-deep');
  });

  it('a file over the size limit is refused without being parsed, and says how to raise it', () => {
    const p = write('big.yaml', `id: X\nname: Big\nassessment:\n  notes: "${'x'.repeat(2048)}"\n`);
    const e = loadSiteFile(p, { ...DEFAULT_LIMITS, maxFileSize: 1024 }).errors[0]!;
    expect(e.code).toBe('file-too-large');
    expect(e.message).toMatch(/over the limit of 1024 bytes \(raise it with --max-file-size\)/);
  });

  it('a site id used twice across the inventory is reported at the second use, naming the first', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sitecheck-dup-'));
    writeFileSync(join(dir, 'a.yaml'), 'id: SAME\nname: First\n');
    writeFileSync(join(dir, 'b.yaml'), '# second\nid: SAME\nname: Second\n');
    const inv = loadInventory([dir]);
    expect(inv.sites.map((s) => s.data.name)).toEqual(['First']);
    expect(inv.errors).toHaveLength(1);
    expect(inv.errors[0]).toMatchObject({ code: 'duplicate-id', line: 2, column: 5, path: '/id' });
    expect(inv.errors[0]!.message).toMatch(/site id "SAME" is already used at .*a\.yaml:1/);
  });

  it('one bad file never hides the others: every file is read and every problem reported', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sitecheck-mixed-'));
    for (const c of cases) copyFileSync(join(BAD, c.file), join(dir, c.file));
    writeFileSync(join(dir, 'good.yaml'), 'id: GOOD-1\nname: Good\n---\nid: GOOD-2\nname: Also good\n');
    writeFileSync(join(dir, 'mixed.yaml'), 'id: M-1\nname: Fine\n---\nid: M-2\nname: Broken\nministerial_use: sometimes\n---\nid: M-3\nname: Fine too\n');
    const inv = loadInventory([dir]);
    expect(inv.sites.map((s) => s.data.id).sort()).toEqual(['GOOD-1', 'GOOD-2', 'M-1', 'M-3']);
    const files = new Set(inv.errors.map((e) => e.file.split('/').pop()));
    for (const c of cases) expect(files).toContain(c.file);
    expect(inv.errors.find((e) => e.file.endsWith('mixed.yaml'))).toMatchObject({ line: 6, site: 'M-2' });
  });
});

describe('(v2) contradictory classification facts are an input error naming both lines', () => {
  const load = (cm: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'sitecheck-cm-'));
    const file = join(dir, 's.yaml');
    writeFileSync(file, `id: S-1\nname: s\nclassified_material:\n${cm}`);
    return loadSiteFile(file).errors;
  };
  it.each([
    ['routinely_held above highest', '  highest: SECRET\n  frequency: occasional\n  routinely_held: TOP SECRET\n', /routinely_held \(TOP SECRET, line 6\) is above classified_material\.highest \(SECRET, line 4\)/],
    ['routine with routinely_held below highest', '  highest: TOP SECRET\n  frequency: routine\n  routinely_held: SECRET\n', /routinely_held \(SECRET, line 6\) is below classified_material\.highest \(TOP SECRET, line 4\) although classified_material\.frequency is routine \(line 5\)/],
    ['occasional with routinely_held equal to highest', '  highest: SECRET\n  frequency: occasional\n  routinely_held: SECRET\n', /routinely_held \(SECRET, line 6\) equals classified_material\.highest \(SECRET, line 4\) although classified_material\.frequency is occasional \(line 5\)/],
    ['never with routinely_held equal to highest', '  highest: OFFICIAL\n  frequency: never\n  routinely_held: OFFICIAL\n', /equals classified_material\.highest \(OFFICIAL, line 4\) although classified_material\.frequency is never \(line 5\)/],
  ])('%s', (_name, cm, message) => {
    const errors = load(cm);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 6, path: '/classified_material/routinely_held', code: 'contradictory-facts' });
    expect(errors[0]!.message).toMatch(message);
  });
  it('consistent facts are not an error', () => {
    expect(load('  highest: TOP SECRET\n  frequency: occasional\n  routinely_held: SECRET\n')).toEqual([]);
    expect(load('  highest: SECRET\n  frequency: routine\n  routinely_held: SECRET\n')).toEqual([]);
  });
});
