// sitecheck import: the RFC 4180 reader, good and bad spreadsheets, never writing partial or invalid
// files or overwriting without --force, and the round trip: import → check gives the same verdicts
// and findings as the hand-written YAML of the same sites.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/import/csv.js';
import { importColumns } from '../../src/import/columns.js';
import { loadInventory } from '../../src/input/sites.js';
import { AS_OF, sitecheck } from './helpers.js';

const FIX = resolve('tests/ci/fixtures/import');
const tmp = (): string => mkdtempSync(join(tmpdir(), 'sitecheck-import-'));

describe('CSV reader (RFC 4180)', () => {
  it.each([
    ['plain, CRLF', 'a,b\r\n1,2\r\n', [['a', 'b'], ['1', '2']]],
    ['bare LF, no final newline', 'a,b\n1,2', [['a', 'b'], ['1', '2']]],
    ['quoted commas', 'a,b\r\n"x, y",2\r\n', [['a', 'b'], ['x, y', '2']]],
    ['quoted CRLF and doubled quotes', 'a,b\r\n"line 1\r\nline 2","say ""hi"""\r\n', [['a', 'b'], ['line 1\r\nline 2', 'say "hi"']]],
    ['empty fields', 'a,b,c\r\n,,\r\n', [['a', 'b', 'c'], ['', '', '']]],
    ['byte-order mark', '\uFEFFid,name\r\nX,Y\r\n', [['id', 'name'], ['X', 'Y']]],
    ['blank lines skipped', 'a\r\n\r\n1\r\n\r\n', [['a'], ['1']]],
    ['an empty quoted field is a record', 'a\r\n""\r\n', [['a'], ['']]],
  ])('%s', async (_name, input, expected) => {
    const r = parseCsv(input);
    expect(r.problems).toEqual([]);
    expect(r.records.map((x) => x.fields)).toEqual(expected);
  });

  it('numbers rows as a spreadsheet does and keeps the line each starts on', async () => {
    const r = parseCsv('h\r\n"two\r\nlines"\r\nthree\r\n');
    expect(r.records.map((x) => [x.row, x.line])).toEqual([[1, 1], [2, 2], [3, 4]]);
  });

  it.each([
    ['a,b\r\n1,x"y\r\n', /a double quote inside a field that is not quoted/, 2],
    ['a\r\n"x"y\r\n', /text after the closing quote/, 2],
    ['a\r\n"never closed\r\n', /never closed/, 2],
  ])('reports malformed quoting: %j', async (input, message, row) => {
    const r = parseCsv(input);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.message).toMatch(message);
    expect(r.problems[0]!.row).toBe(row);
  });
});

describe('sitecheck import', () => {
  it('imports good CSVs, and check gives the same verdicts and findings as the hand-written YAML', async () => {
    const out = join(tmp(), 'sites');
    const r = await sitecheck(['import', join(FIX, 'sites.csv'), '--equipment', join(FIX, 'equipment.csv'), '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Imported 3 sites into /);
    expect(readdirSync(out).sort()).toEqual(['HO-0001.yaml', 'HO-0002.yaml', 'HO-0003.yaml']);
    const summary = async (path: string) => {
      const rep = JSON.parse((await sitecheck(['check', path, '--format', 'json', '--as-of', AS_OF])).stdout);
      expect(rep.errors).toEqual([]);
      return rep.sites.map((s: { id: string; name: string; verdict: string; limbs: { outcome: string }[]; findings: { kind: string; equipment: string; message: string }[] }) => ({
        id: s.id, name: s.name, verdict: s.verdict, limbs: s.limbs.map((l) => l.outcome),
        findings: s.findings.map((f) => `${f.kind} ${f.equipment} ${f.message}`),
      })).sort((a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1));
    };
    const imported = await summary(out);
    expect(imported).toEqual(await summary('tests/ci/fixtures/sites/ho'));
    expect(imported.map((s: { verdict: string }) => s.verdict)).toEqual(['sensitive', 'undetermined', 'not-sensitive']);
    // Empty cells stay absent (unknown), never false or zero.
    const ho2 = readFileSync(join(out, 'HO-0002.yaml'), 'utf8');
    expect(ho2).not.toMatch(/frequency|developed_vetting|ministerial_use|socpa/);
    expect(ho2).toContain('name: "Regional office: Croydon, 100% remote-ready"');
  });

  it('round-trips the whole example inventory: spreadsheet of sites/ → import → the same verdicts, limbs and findings', async () => {
    // A spreadsheet as an estates team would export it: every field quoted, CRLF line ends.
    const cols = importColumns();
    const cell = (v: unknown): string => (v === undefined ? '' : `"${String(v).replace(/"/g, '""')}"`);
    const get = (obj: unknown, path: readonly string[]): unknown => path.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
    const inv = loadInventory(['sites/']);
    expect(inv.errors).toEqual([]);
    const sitesCsv = [cols.site.map((c) => c.name).join(','), ...inv.sites.map((s) => cols.site.map((c) => cell(get(s.data, c.path))).join(','))].join('\r\n') + '\r\n';
    const equipmentCsv = [['site', ...cols.equipment.map((c) => c.name)].join(','), ...inv.sites.flatMap((s) => (s.data.equipment ?? []).map((e) => [cell(s.data.id), ...cols.equipment.map((c) => cell(get(e, c.path)))].join(',')))].join('\r\n') + '\r\n';
    const dir = tmp();
    writeFileSync(join(dir, 'sites.csv'), sitesCsv);
    writeFileSync(join(dir, 'equipment.csv'), equipmentCsv);
    const r = await sitecheck(['import', join(dir, 'sites.csv'), '--equipment', join(dir, 'equipment.csv'), '--out', join(dir, 'out')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const view = async (path: string) => {
      const rep = JSON.parse((await sitecheck(['check', path, '--format', 'json', '--as-of', AS_OF])).stdout);
      expect(rep.errors).toEqual([]);
      return rep.sites
        .map((s: { id: string; verdict: string; limbs: { outcome: string; facts: unknown }[]; decidingFacts: string[]; findings: { kind: string; message: string }[] }) => ({
          id: s.id, verdict: s.verdict, limbs: s.limbs.map((l) => [l.outcome, l.facts]), deciding: s.decidingFacts, findings: s.findings.map((f) => `${f.kind}: ${f.message}`),
        }))
        .sort((a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1));
    };
    const original = await view('sites/');
    expect(original).toHaveLength(inv.sites.length);
    expect(await view(join(dir, 'out'))).toEqual(original);
  });

  it('reports every bad row by row and column, and writes nothing', async () => {
    const out = join(tmp(), 'sites');
    const r = await sitecheck(['import', join(FIX, 'bad-sites.csv'), '--equipment', join(FIX, 'bad-equipment.csv'), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    // 9 since issue 11: a line break in a one-line field (the name) is refused on input.
    expect(lines[0]).toBe('sitecheck import: 9 problems; nothing was written:');
    const body = lines.slice(1).map((l) => l.trim().replace(/^.*?fixtures\/import\//, ''));
    expect(body).toEqual([
      'bad-equipment.csv row 2, column kind: "camera" is not allowed; use cctv-camera, nvr, access-control or other',
      expect.stringMatching(/^bad-equipment\.csv row 3, column site: no site "HO-9999" in /),
      expect.stringMatching(/^bad-sites\.csv row 1, column ministeral_use: unknown column "ministeral_use" \(did you mean "ministerial_use"\?\)/),
      expect.stringMatching(/^bad-sites\.csv row 3, column id: "bad id!" is not a valid id/),
      expect.stringMatching(/^bad-sites\.csv row 3, column classified_material\.highest: "SECRETISH" is not allowed.*did you mean "SECRET"/),
      expect.stringMatching(/^bad-sites\.csv row 3, column vetting\.staff_total: must be a whole number/),
      expect.stringMatching(/^bad-sites\.csv row 3, column name: name holds a line break/),
      'bad-sites.csv row 4 (line 5): the row has 5 fields but the header has 6',
      'bad-sites.csv row 5 (line 6), column id: site id "HO-0001" is already used in row 2; ids must be unique',
    ]);
    expect(existsSync(out)).toBe(false);
  });

  it('checks what the schema cannot, such as more DV holders than staff', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 's.csv'), 'id,name,vetting.staff_total,vetting.developed_vetting\r\nA-1,Ok,10,2\r\nA-2,Odd,10,20\r\n');
    const r = await sitecheck(['import', join(dir, 's.csv'), '--out', join(dir, 'out')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/s\.csv row 3, column vetting\.developed_vetting: .*more than vetting\.staff_total/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('never overwrites an existing site file without --force, and replaces it with --force', async () => {
    const dir = tmp();
    const out = join(dir, 'sites');
    const args = ['import', join(FIX, 'sites.csv'), '--out', out];
    expect((await sitecheck(args)).code).toBe(0);
    writeFileSync(join(out, 'HO-0002.yaml'), 'id: HO-0002\nname: Edited by hand\n');
    const before = readFileSync(join(out, 'HO-0001.yaml'), 'utf8');
    const refused = await sitecheck(args);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/HO-0002\.yaml already exists; not overwritten \(use --force to replace it\)/);
    expect(readFileSync(join(out, 'HO-0002.yaml'), 'utf8')).toBe('id: HO-0002\nname: Edited by hand\n');
    const forced = await sitecheck([...args, '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/\(3 replaced\)/);
    expect(readFileSync(join(out, 'HO-0002.yaml'), 'utf8')).toContain('Regional office');
    expect(readFileSync(join(out, 'HO-0001.yaml'), 'utf8')).toBe(before);
  });

  it('refuses an id already used by another file in the folder', async () => {
    const dir = tmp();
    const out = join(dir, 'sites');
    expect((await sitecheck(['import', join(FIX, 'sites.csv'), '--out', out])).code).toBe(0);
    writeFileSync(join(dir, 'more.csv'), 'id,name\r\nHO-0001x,Other\r\n');
    writeFileSync(join(out, 'legacy.yaml'), 'id: HO-0001x\nname: Legacy\n');
    const r = await sitecheck(['import', join(dir, 'more.csv'), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/site id "HO-0001x" is already used by .*legacy\.yaml:1/);
  });

  it('exit 2 for bad arguments and unreadable files', async () => {
    expect(await sitecheck(['import', join(FIX, 'sites.csv')])).toMatchObject({ code: 2, stderr: expect.stringMatching(/needs --out DIR/) });
    expect(await sitecheck(['import', '--out', 'x'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/one sites CSV file/) });
    expect(await sitecheck(['import', 'nope.csv', '--out', tmp()])).toMatchObject({ code: 2, stderr: expect.stringMatching(/cannot read the sites CSV nope\.csv: ENOENT/) });
    expect((await sitecheck(['import', '--help'])).stdout).toMatch(/classified_material\.highest/);
    const latin1 = join(tmp(), 'latin1.csv');
    writeFileSync(latin1, Buffer.from('id,name\r\nA-1,Caf\xe9\r\n', 'latin1'));
    expect(await sitecheck(['import', latin1, '--out', tmp()])).toMatchObject({ code: 2, stderr: expect.stringMatching(/is not UTF-8 text; save it from the spreadsheet as "CSV UTF-8"/) });
  });
});
