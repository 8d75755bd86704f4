// The v2 result model in the CI formats: each finding's obligation rule and citation source, and a
// site's scope, determination and exclusion where it has them, in JUnit, GitHub, SARIF, Markdown
// and CSV. (The scope and determination are set on the Report here, so this does not depend on
// which rules produce them.)
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { check, shippedFailOn } from '../../src/check.js';
import { FORMATS, type Format } from '../../src/format/registry.js';
import { renderToString } from '../../src/format/types.js';
import { colors } from '../../src/util/color.js';
import type { Report, ScopeResult, SiteResult } from '../../src/model.js';
import { AS_OF } from './helpers.js';

async function v2Report(): Promise<{ report: Report; ruleset: Awaited<ReturnType<typeof check>>['ruleset']; site: SiteResult }> {
  const { report, ruleset } = await check(['tests/ci/fixtures/sites'], { asOf: AS_OF });
  const target = report.sites.find((s) => s.verdict === 'undetermined' && s.findings.length > 0)!;
  const scope = {
    outcome: 'out-of-scope', estate: 'private', estateFrom: 'site', rule: 'scope-central-government', title: 'Scope',
    citation: { source: 'scope-source', quote: 'q' }, citations: [], facts: {}, missing: [], locations: {}, parameters: {}, conditions: [],
  } as unknown as ScopeResult;
  const site: SiteResult = { ...target, scope, determination: { verdict: 'sensitive', agrees: null } };
  return { report: { ...report, sites: report.sites.map((s) => (s === target ? site : s)) }, ruleset, site };
}

const out = (format: Format, report: Report, ruleset: Awaited<ReturnType<typeof check>>['ruleset'], failOn = ['errors', 'undetermined', ...shippedFailOn().kinds]) =>
  renderToString(FORMATS[format], report, { colors: colors(false), ruleset, failOn });

describe('v2 results in the CI formats', () => {
  it('every finding names its obligation rule and source (junit, github, sarif, markdown, csv)', async () => {
    const { report, ruleset } = await v2Report();
    const findings = report.sites.flatMap((s) => s.findings);
    expect(findings.length).toBeGreaterThan(0);
    const basis = (f: (typeof findings)[number]) => `[rule ${f.rule}; source ${f.citation.source}]`;
    for (const format of ['junit', 'github'] as const) {
      const text = out(format, report, ruleset);
      for (const f of findings) expect(text, format).toContain(basis(f));
    }
    const sarif = JSON.parse(out('sarif', report, ruleset)) as { runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; properties: { source?: string; kind?: string } }[] }[] };
    const ids = new Set(sarif.runs[0]!.tool.driver.rules.map((r) => r.id));
    for (const f of findings) expect(ids.has(f.rule) || ids.has(f.kind)).toBe(true);
    const fr = sarif.runs[0]!.results.filter((r) => r.properties.kind !== undefined);
    expect(fr).toHaveLength(findings.length);
    for (const r of fr) expect(r.properties.source).toBeTruthy();
    const md = out('markdown', report, ruleset);
    for (const f of findings) expect(md).toContain(`(rule \`${f.rule}\`, source \`${f.citation.source}\`)`);
    const rows = parse(out('csv', report, ruleset), { bom: true }) as string[][];
    const col = (name: string) => rows[0]!.indexOf(name);
    for (const [i, s] of report.sites.entries()) {
      expect(rows[i + 1]![col('finding rules')]).toBe([...new Set(s.findings.map((f) => f.rule))].join('; '));
      expect(rows[i + 1]![col('finding sources')]).toBe([...new Set(s.findings.map((f) => f.citation.source))].join('; '));
    }
  });

  it('a site\'s scope and determination are shown (junit, github, sarif, markdown, csv)', async () => {
    const { report, ruleset, site } = await v2Report();
    expect(out('junit', report, ruleset)).toContain('scope: out-of-scope (rule scope-central-government; source scope-source)\ndetermination: sensitive');
    expect(out('github', report, ruleset)).toMatch(new RegExp(`${site.id} \\(.*\\) is undetermined: .*\\(scope: out-of-scope\\)`));
    const sarif = JSON.parse(out('sarif', report, ruleset)) as { runs: { results: { properties: Record<string, unknown> }[] }[] };
    expect(sarif.runs[0]!.results.find((r) => r.properties.site === site.id && r.properties.scope)!.properties).toMatchObject({ scope: 'out-of-scope', scopeRule: 'scope-central-government', determination: 'sensitive' });
    expect(out('markdown', report, ruleset)).toMatch(new RegExp(`\\| \`${site.id}\` \\|.*\\| \\? undetermined<br>scope: out-of-scope<br>determined sensitive \\|`));
    const rows = parse(out('csv', report, ruleset), { bom: true }) as string[][];
    const row = rows.find((r) => r[0] === site.id)!;
    expect(row[rows[0]!.indexOf('scope')]).toBe('out-of-scope');
    expect(row[rows[0]!.indexOf('determination')]).toBe('sensitive');
  });
});
