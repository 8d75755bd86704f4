// `--format csv`: one row per site, read back with a real CSV parser (csv-parse, strict RFC 4180
// mode), with CRLF record ends, quoting, and no cell a spreadsheet would run as a formula.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/check.js';
import { FORMATS } from '../../src/format/registry.js';
import { renderToString } from '../../src/format/types.js';
import { csvField } from '../../src/format/csv.js';
import { colors } from '../../src/util/color.js';
import type { Report } from '../../src/model.js';
import { shippedFailOn } from '../../src/check.js';

const DEFAULT_FAIL_ON = shippedFailOn().defaults;
import { AS_OF, sitecheck } from './helpers.js';

async function csvOf(paths: string[], edit: (r: Report) => Report = (r) => r) {
  const { report, ruleset } = await check(paths, { asOf: AS_OF });
  const r = edit(report);
  const text = renderToString(FORMATS.csv, r, { colors: colors(false), ruleset, failOn: DEFAULT_FAIL_ON });
  const rows = parse(text, { bom: true, relax_quotes: false, relax_column_count: false, record_delimiter: '\r\n' }) as string[][];
  return { text, rows, report: r, ruleset };
}

describe('csv format', () => {
  it('has one row per site with the columns a spreadsheet needs, matching the JSON report', async () => {
    const { rows, report, ruleset, text } = await csvOf(['sites/']);
    const [header, ...body] = rows;
    const kinds = ruleset.failOn.kinds;
    expect(kinds.length).toBeGreaterThan(0);
    expect(header).toEqual(['id', 'name', 'organisation', 'file', 'line', 'verdict', ...ruleset.rules.map((r) => `limb ${r.limb}: ${r.id}`), 'scope', 'determination', 'exclusion', ...kinds, 'finding rules', 'finding sources', 'deciding facts']);
    expect(body).toHaveLength(report.sites.length);
    report.sites.forEach((s, i) => {
      const row = Object.fromEntries(header!.map((h, k) => [h, body[i]![k]]));
      expect(row).toMatchObject({ id: s.id, name: s.name, organisation: s.organisation ?? '', file: s.file, line: String(s.line), verdict: s.verdict });
      for (const l of s.limbs) expect(row[`limb ${l.limb}: ${l.rule}`]).toBe(l.outcome);
      for (const k of kinds) expect(row[k]).toBe(String(s.findings.filter((f) => f.kind === k).length));
      expect(row.scope).toBe(s.scope?.outcome ?? '');
      expect(row.determination).toBe(s.determination ? s.determination.verdict + (s.determination.agrees === false ? ' (disagrees)' : '') : '');
      expect(row['finding rules']).toBe([...new Set(s.findings.map((f) => f.rule))].join('; '));
      expect(row['finding sources']).toBe([...new Set(s.findings.map((f) => f.citation.source))].join('; '));
      expect(row['deciding facts']).toBe(s.decidingFacts.join('; '));
    });
    // RFC 4180: every record ends in CRLF, and there is no bare LF.
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(text.startsWith('\ufeffid,')).toBe(true);
  });

  it('quotes commas and quotes, and neutralises cells a spreadsheet would read as formulas', async () => {
    const lures = ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\r=1', 'a, "b"'];
    const { rows } = await csvOf(['sites/'], (r) => ({ ...r, sites: r.sites.slice(0, lures.length).map((s, i) => ({ ...s, name: lures[i]!, organisation: lures[i]! })) }));
    const body = rows.slice(1);
    expect(body.map((r) => r[1])).toEqual(["'=HYPERLINK(\"http://evil.example\",\"x\")", "'+1+1", "'-2+3", "'@SUM(A1)", "'\\x09cmd", "'\\x0d=1", 'a, "b"']);
    for (const row of body) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('escapes one field as RFC 4180 says', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=1')).toBe("'=1");
    expect(csvField(-3)).toBe('-3'); // numbers we write are numbers
  });

  it('is offered by the CLI', async () => {
    const r = await sitecheck(['check', 'sites/', '--format', 'csv', '--as-of', AS_OF]);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\r\n')[0]).toMatch(/^\ufeffid,name,organisation,file,line,verdict,/);
  });
});
