// --marking: where each format carries the protective marking, the defaults (Markdown and reports
// marked OFFICIAL-SENSITIVE, the rest only when asked), --marking none, and the validation of TEXT.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AS_OF, sitecheck } from '../ci/helpers.js';
import { markingOption } from '../../src/handling/marking.js';

let out: string;
beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'sitecheck-marking-'));
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

const check = (...args: string[]) => sitecheck(['check', 'sites', '--as-of', AS_OF, '--fail-on', 'none', ...args]);

function firstAndLast(text: string): [string, string] {
  const lines = text.trimEnd().split('\n');
  return [lines[0]!, lines[lines.length - 1]!];
}

describe('--marking', () => {
  it('marks Markdown by default, top and bottom; text, JSON, SARIF, JUnit and CSV only when asked', async () => {
    expect(firstAndLast((await check('-f', 'markdown')).stdout)).toEqual(['**OFFICIAL-SENSITIVE**', '**OFFICIAL-SENSITIVE**']);
    expect((await check('-f', 'markdown', '--marking', 'none')).stdout).not.toContain('OFFICIAL');
    for (const f of ['text', 'json', 'sarif', 'junit', 'csv', 'github']) expect((await check('-f', f)).stdout).not.toContain('OFFICIAL-SENSITIVE');
    expect(firstAndLast((await check('-f', 'text', '--marking', 'OFFICIAL-SENSITIVE PERSONAL')).stdout)).toEqual(['OFFICIAL-SENSITIVE PERSONAL', 'OFFICIAL-SENSITIVE PERSONAL']);
  });

  it('is the first field of the JSON report, streamed or not, and the rest is unchanged', async () => {
    const plain = JSON.parse((await check('-f', 'json')).stdout) as Record<string, unknown>;
    for (const j of ['1', '2']) {
      const marked = JSON.parse((await check('-f', 'json', '--marking', 'SECRET', '-j', j)).stdout) as Record<string, unknown>;
      expect(Object.keys(marked)[0]).toBe('marking');
      expect(marked.marking).toBe('SECRET');
      const { marking: _m, ...rest } = marked;
      expect(rest).toEqual(plain);
    }
    // Several outputs at once (rendered, not streamed): the JSON file is marked the same way.
    const file = join(out, 'c.json');
    expect((await check('-f', 'json', '-o', file, '-f', 'text', '--marking', 'SECRET')).code).toBe(0);
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')) as object)[0]).toBe('marking');
  });

  it('is the first field of the --compact JSON report too: the marked report on one line', async () => {
    const pretty = (await check('-f', 'json', '--marking', 'SECRET "x"')).stdout;
    for (const j of ['1', '2']) {
      const r = await check('-f', 'json', '--compact', '--marking', 'SECRET "x"', '-j', j);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(JSON.stringify(JSON.parse(pretty)) + '\n');
    }
  });

  it('goes in SARIF run properties, a JUnit property and a CSV column that parsers still read', async () => {
    const sarif = JSON.parse((await check('-f', 'sarif', '--marking', 'OFFICIAL')).stdout) as { runs: { properties: Record<string, unknown> }[] };
    expect(sarif.runs[0]!.properties.marking).toBe('OFFICIAL');
    const xml = new XMLParser({ ignoreAttributes: false, isArray: (n) => ['testsuite', 'property'].includes(n) }).parse((await check('-f', 'junit', '--marking', 'OFFICIAL')).stdout) as {
      testsuites: { testsuite: { properties: { property: { '@_name': string; '@_value': string }[] } }[] };
    };
    for (const s of xml.testsuites.testsuite) expect(s.properties.property).toContainEqual({ '@_name': 'marking', '@_value': 'OFFICIAL' });
    const rows = parseCsv((await check('-f', 'csv', '--marking', 'OFFICIAL')).stdout, { bom: true, relax_column_count: false }) as string[][];
    expect(rows[0]![rows[0]!.length - 1]).toBe('marking');
    for (const r of rows.slice(1)) expect(r[r.length - 1]).toBe('OFFICIAL');
  });

  it('marks the reports by default (html, md) and verify still holds for them', async () => {
    for (const ext of ['html', 'md']) {
      const file = join(out, `r.${ext}`);
      expect((await sitecheck(['report', 'sites', '--out', file, '--as-of', AS_OF])).code).toBe(0);
      const text = readFileSync(file, 'utf8');
      expect(text.split('OFFICIAL').length - 1).toBeGreaterThanOrEqual(2);
      const v = await sitecheck(['verify', file]);
      expect(v.stdout).toContain('The report holds');
    }
    const file = join(out, 'x.html');
    expect((await sitecheck(['report', 'sites', '--out', file, '--as-of', AS_OF, '--marking', '<script>alert(1)</script>'])).code).toBe(0);
    expect(readFileSync(file, 'utf8')).not.toContain('<script>alert');
    expect((await sitecheck(['verify', file])).stdout).toContain('The report holds');
  });

  it('takes one line of printable text of at most 64 characters', async () => {
    expect(markingOption('OFFICIAL-SENSITIVE')).toEqual({ text: 'OFFICIAL-SENSITIVE' });
    expect(markingOption('none')).toBe('none');
    for (const bad of ['a\nb', 'a\u202eb', 'a\u0007', '', '   ', 'x'.repeat(65)]) {
      const r = await check('--marking', bad);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^sitecheck: --marking /);
    }
    expect((await check('--marking', 'x'.repeat(64))).code).toBe(0);
  });
});
