// report --out x.xlsx, read back with exceljs's own reader: the three sheets and their rows, the
// marking and provenance digest, no formula anywhere (site text that starts with = + - @ stays
// text), redaction, the refusals of the safe writer, and verify's clear refusal of a workbook.
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AS_OF, sitecheck } from '../ci/helpers.js';
import { FORMULA_NAME, makeInventory, readable, siteWords } from './fixture.js';

let dir: string;
let out: string;
beforeAll(() => {
  dir = makeInventory();
  out = mkdtempSync(join(tmpdir(), 'sitecheck-xlsx-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string> = {}) {
  return sitecheck([...args, '--as-of', AS_OF], { cwd: dir, env });
}

async function workbook(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

function rows(ws: ExcelJS.Worksheet): unknown[][] {
  const all: unknown[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => all.push((row.values as unknown[]).slice(1)));
  return all;
}

/** The XML parts of an .xlsx (a zip), read with nothing but zlib: to look for <f> formula elements. */
function xmlParts(file: string): string[] {
  const buf = readFileSync(file);
  const parts: string[] = [];
  let at = 0;
  while ((at = buf.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]), at)) >= 0) {
    const method = buf.readUInt16LE(at + 8);
    const size = buf.readUInt32LE(at + 18);
    const nameLen = buf.readUInt16LE(at + 26);
    const extra = buf.readUInt16LE(at + 28);
    const start = at + 30 + nameLen + extra;
    if (size > 0) {
      const data = buf.subarray(start, start + size);
      parts.push(method === 8 ? inflateRawSync(data).toString('utf8') : data.toString('utf8'));
    }
    at = start;
  }
  return parts;
}

describe('report --out x.xlsx', () => {
  it('has Sites, Findings and Questions to settle, one row per site, finding and open question', async () => {
    const file = join(out, 'r.xlsx');
    const r = await run(['report', 'sites', '--out', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse((await run(['check', 'sites', '-f', 'json', '--fail-on', 'none'])).stdout) as {
      sites: { id: string; name: string; verdict: string; file: string; line: number; limbs: { outcome: string; rule: string }[]; scope?: { outcome: string }; findings: { kind: string; outcome: string; equipment?: string; citation: { source: string; quote: string } }[] }[];
    };
    const wb = await workbook(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Sites', 'Findings', 'Questions to settle', 'About']);
    const sites = rows(wb.getWorksheet('Sites')!);
    expect(sites[0]![0]).toBe('OFFICIAL-SENSITIVE');
    expect(String(sites[0]![2])).toMatch(/^provenance sha256 [0-9a-f]{64}$/);
    expect(r.stdout).toContain(String(sites[0]![2]).slice('provenance sha256 '.length));
    const header = sites[1] as string[];
    expect(header.slice(0, 6)).toEqual(['id', 'name', 'organisation', 'file', 'line', 'verdict']);
    expect(header).toContain('deciding facts');
    const body = sites.slice(2);
    expect(body).toHaveLength(json.sites.length);
    json.sites.forEach((s, i) => {
      const row = body[i]!;
      expect(row.slice(0, 6)).toEqual([s.id, s.name, expect.anything(), s.file, s.line, s.verdict].map((v, k) => (k === 2 ? row[2] : v)));
      for (const l of s.limbs) expect(row[header.findIndex((h) => h.endsWith(`: ${l.rule}`))]).toBe(l.outcome);
    });
    const findings = rows(wb.getWorksheet('Findings')!).slice(2);
    const all = json.sites.flatMap((s) => s.findings.map((f) => ({ s, f })));
    expect(findings).toHaveLength(all.length);
    findings.forEach((row, i) => {
      expect(row[0]).toBe(all[i]!.s.id);
      expect(row[2]).toBe(all[i]!.f.kind);
      expect(row[6]).toBe(all[i]!.f.citation.source);
      expect(row[7]).toBe(all[i]!.f.citation.quote);
    });
    const open = json.sites.reduce((n, s) => n + s.limbs.filter((l) => l.outcome === 'unknown').length + (s.scope?.outcome === 'unknown' ? 1 : 0) + s.findings.filter((f) => f.outcome === 'unknown').length, 0);
    const questions = rows(wb.getWorksheet('Questions to settle')!).slice(2);
    expect(open).toBeGreaterThan(0);
    expect(questions).toHaveLength(open);
    const mca2 = questions.find((q) => q[0] === 'MCA-0002')!;
    expect(mca2[4]).toContain('government_location');
    expect(mca2[5]).toMatch(/^sites\/ministry-of-coastal-affairs\/outstations\.yaml:\d+$/);
    expect(wb.subject).toBe('OFFICIAL-SENSITIVE');
    expect(wb.keywords).toContain('provenance sha256');
  });

  it('writes site text that starts with = + - @ as text, never a formula', async () => {
    const file = join(out, 'formula.xlsx');
    expect((await run(['report', 'sites', '--out', file])).code).toBe(0);
    const wb = await workbook(file);
    const ws = wb.getWorksheet('Sites')!;
    let found = false;
    ws.eachRow((row) => {
      row.eachCell((c) => {
        expect(c.type).not.toBe(ExcelJS.ValueType.Formula);
        if (c.value === FORMULA_NAME) found = true;
      });
    });
    expect(found).toBe(true);
    const org = rows(ws).find((r) => r[0] === 'FX-0001')![2];
    expect(org).toBe('+Department of Formulae');
    for (const xml of xmlParts(file)) expect(xml).not.toMatch(/<f[\s>]/);
  });

  it('takes --marking and --redact', async () => {
    const file = join(out, 'red.xlsx');
    expect((await run(['report', 'sites', '--out', file, '--redact', '--marking', 'OFFICIAL'], { SITECHECK_REDACT_KEY: 'k' })).code).toBe(0);
    const text = readable(xmlParts(file).join('\n'));
    for (const w of siteWords(dir)) expect(text).not.toContain(w);
    const wb = await workbook(file);
    expect(rows(wb.getWorksheet('Findings')!)[0]![0]).toBe('OFFICIAL');
    expect(wb.getWorksheet('Sites')!.headerFooter.oddHeader).toContain('OFFICIAL');
    const none = join(out, 'none.xlsx');
    expect((await run(['report', 'sites', '--out', none, '--marking', 'none'])).code).toBe(0);
    expect(rows((await workbook(none)).getWorksheet('Sites')!)[0]![0]).not.toBe('OFFICIAL-SENSITIVE');
  });

  it('refuses to replace a file without --force, or to write through a linked folder, leaving nothing behind', async () => {
    const file = join(out, 'r.xlsx');
    if (!existsSync(file)) expect((await run(['report', 'sites', '--out', file])).code).toBe(0);
    const again = await run(['report', 'sites', '--out', file]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists; not overwritten \(use --force/);
    expect((await run(['report', 'sites', '--out', file, '--force'])).code).toBe(0);
    mkdirSync(join(dir, 'real'));
    symlinkSync(join(dir, 'real'), join(dir, 'link'));
    const linked = await run(['report', 'sites', '--out', 'link/x.xlsx']);
    expect(linked.code).toBe(2);
    expect(linked.stderr).toMatch(/symbolic link/);
    expect(readdirSync(join(dir, 'real'))).toEqual([]);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('verify refuses a workbook with a message saying what to verify instead', async () => {
    const file = join(out, 'r.xlsx');
    if (!existsSync(file)) expect((await run(['report', 'sites', '--out', file])).code).toBe(0);
    const v = await sitecheck(['verify', file], { cwd: dir });
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(/verify does not read Excel workbooks; verify the \.json, \.html or \.md report/);
    expect(v.stderr).not.toMatch(/\n\s+at /);
  });
});
