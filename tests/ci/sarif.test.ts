// SARIF 2.1.0: valid against the published JSON Schema (shipped in @microsoft/jest-sarif), one
// stable rule id per limb rule, finding kind and input errors, with citations, and locations that
// point at real lines of real files relative to the working directory.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import AjvDraft04 from 'ajv-draft-04';
import { AS_OF, golden, render, sitecheck } from './helpers.js';
import { githubIngestionProblems } from './github-sarif.js';
import { check } from '../../src/check.js';
import { FORMAT_NAMES, FORMATS } from '../../src/format/registry.js';
import { renderToString } from '../../src/format/types.js';
import { MAX_RESULTS } from '../../src/format/sarif.js';
import { colors } from '../../src/util/color.js';
import { summarise, type Report } from '../../src/model.js';
import { shippedFailOn } from '../../src/check.js';

const DEFAULT_FAIL_ON = shippedFailOn().defaults;

const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
const isUri = (s: string): boolean => URL.canParse(s);
// ajv-draft-04 is CommonJS: under NodeNext typing its class is the `.default` of the default import.
type AjvCtor = new (opts: object) => { compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown } };
const Ajv04 = ((AjvDraft04 as unknown as { default?: AjvCtor }).default ?? AjvDraft04) as unknown as AjvCtor;
// The published schema's `language` pattern is not a valid Unicode-mode regular expression.
const validate = new Ajv04({
  allErrors: true, strict: false, unicodeRegExp: false,
  formats: { uri: isUri, 'uri-reference': (s: string) => URL.canParse(s, 'file:///'), 'date-time': (s: string) => !Number.isNaN(Date.parse(s)) },
}).compile(schema);

interface SarifLog {
  runs: {
    tool: { driver: { name: string; rules: { id: string; helpUri?: string; help: { text: string; markdown: string } }[] } };
    results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[];
  }[];
}

async function sarifOf(paths: string[]): Promise<{ log: SarifLog; text: string }> {
  const text = await render('sarif', paths);
  return { log: JSON.parse(text) as SarifLog, text };
}

describe('sarif format', () => {
  it('matches the golden file on the example inventory', async () => {
    golden('check-sites.sarif', (await sarifOf(['sites/'])).text);
  });

  it.each([['sites/'], ['tests/ci/fixtures/sites']])('validates against the SARIF 2.1.0 schema (%s)', async (path) => {
    const { log } = await sarifOf([path]);
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check is real: a broken log is rejected', async () => {
    const { log } = await sarifOf(['sites/']);
    const broken = structuredClone(log) as unknown as { runs: { results: { locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
    broken.runs[0]!.results[0]!.locations[0]!.physicalLocation.region.startLine = 0;
    expect(validate(broken)).toBe(false);
    expect(validate({ version: '2.1.0' })).toBe(false);
  });

  it('has one stable rule per limb rule, per obligation rule and for input errors, with citations', async () => {
    const { log } = await sarifOf(['sites/']);
    const rules = log.runs[0]!.tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual([
      'secret-material', 'developed-vetting', 'ministerial-use', 'socpa-government-location',
      'cease-deployment', 'consider-replacement', 'core-network', 'determination-conflict', 'manufacturer-near-miss', 'out-of-scope',
      'removal-date-passed', 'removal-due-after-timeline', 'replacement-timeline-passed', 'input-error',
    ]);
    const limb1 = rules[0]!;
    expect(limb1.help.text).toContain('any building or complex that routinely holds secret material or above');
    expect(limb1.helpUri).toMatch(/^https:\/\/hansard\.parliament\.uk\//);
    expect(rules[4]!.help.text).toContain('Hikvision');
  });

  it('points every result at a real line of a file relative to the working directory', async () => {
    const { log } = await sarifOf(['sites/', 'tests/ci/fixtures/sites']);
    const { results, tool } = log.runs[0]!;
    expect(results.length).toBeGreaterThan(10);
    for (const r of results) {
      expect(tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
      const loc = r.locations[0]!.physicalLocation;
      expect(loc.artifactLocation.uri).not.toMatch(/^\/|^file:|\\/);
      expect(existsSync(decodeURIComponent(loc.artifactLocation.uri))).toBe(true);
      const lines = readFileSync(decodeURIComponent(loc.artifactLocation.uri), 'utf8').split('\n');
      expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
      expect(loc.region.startLine).toBeLessThanOrEqual(lines.length);
      expect(loc.region.startColumn).toBeGreaterThanOrEqual(1);
    }
    const kindOf = (r: (typeof results)[number]): string => String((r as { properties?: { kind?: string } }).properties?.kind ?? r.ruleId);
    const kinds = new Set(results.map((r) => `${kindOf(r)}:${r.level}`));
    expect(kinds).toContain('prohibited-equipment:error');
    expect(kinds).toContain('removal-overdue:error');
    expect(kinds).toContain('equipment-at-risk:warning'); // not named by the default --fail-on
    expect(kinds).toContain('input-error:error');
    const overdue = results.find((r) => kindOf(r) === 'removal-overdue')!;
    const line = readFileSync(overdue.locations[0]!.physicalLocation.artifactLocation.uri, 'utf8').split('\n')[overdue.locations[0]!.physicalLocation.region.startLine - 1]!;
    expect(line).toMatch(/- id: /); // the equipment entry itself
  });

  it('levels follow --fail-on', async () => {
    const r = await sitecheck(['check', 'tests/ci/fixtures/sites', '--format', 'sarif', '--as-of', AS_OF, '--fail-on', 'deployment-undecided,undetermined']);
    const results = (JSON.parse(r.stdout) as SarifLog).runs[0]!.results;
    expect(results.find((x) => (x as { properties?: { kind?: string } }).properties?.kind === 'deployment-undecided')!.level).toBe('error');
    expect(results.find((x) => x.ruleId === 'input-error')!.level).toBe('warning');
    expect(r.code).toBe(1);
  });
});

describe('sarif within GitHub code scanning limits', () => {
  const validateSchema = (log: unknown): boolean => validate(log) as boolean;

  it.each([['sites/'], ['tests/ci/fixtures/sites'], ['tests/ci/fixtures/hostile']])('meets code scanning ingestion rules (%s)', async (path) => {
    const { text } = await sarifOf([path]);
    expect(githubIngestionProblems(text, validateSchema)).toEqual([]);
  });

  it('the ingestion check is real: a result without a location or with an absolute uri is caught', async () => {
    const { log } = await sarifOf(['sites/']);
    const broken = structuredClone(log) as unknown as { runs: { results: { ruleId: string; locations: unknown[] }[] }[] };
    broken.runs[0]!.results[0]!.locations = [];
    broken.runs[0]!.results[1]!.ruleId = 'no-such-rule';
    expect(githubIngestionProblems(JSON.stringify(broken), validateSchema).join('\n')).toMatch(/no location[\s\S]*no-such-rule is not a rule/);
  });

  it('names the tool\'s page (informationUri, SARIF2005)', async () => {
    const { log } = await sarifOf(['sites/']);
    const driver = log.runs[0]!.tool.driver as { informationUri?: string };
    expect(driver.informationUri).toMatch(/^https:\/\//);
    expect(URL.canParse(driver.informationUri!)).toBe(true);
  });

  it('gives at most one result per site plus one per finding and input error', async () => {
    const { report, ruleset } = await check(['sites/', 'tests/ci/fixtures/sites'], { asOf: AS_OF });
    const log = JSON.parse(renderToString(FORMATS.sarif, report, { colors: colors(false), ruleset, failOn: DEFAULT_FAIL_ON })) as SarifLog;
    const findings = report.sites.reduce((n, s) => n + s.findings.length, 0);
    const results = log.runs[0]!.results as unknown as { properties: { site?: string }; ruleId: string }[];
    expect(results.length).toBeLessThanOrEqual(report.sites.length + findings + report.errors.length);
    // The site's own result is one per sensitive or undetermined site, never one per limb.
    const limbRules = new Set(ruleset.rules.map((r) => r.id));
    const perSite = new Map<string, number>();
    for (const r of results) if (limbRules.has(r.ruleId)) perSite.set(r.properties.site!, (perSite.get(r.properties.site!) ?? 0) + 1);
    expect([...perSite.values()].every((n) => n === 1)).toBe(true);
    expect(perSite.size).toBe(report.sites.filter((s) => s.verdict !== 'not-sensitive').length);
  });

  it('keeps the 5,000 most severe results and says how many were left out, and where they all are', async () => {
    const { report, ruleset } = await check(['tests/ci/fixtures/sites'], { asOf: AS_OF });
    // 3,000 copies of each site: thousands of sensitive-site notes, finding errors and warnings.
    const sites = Array.from({ length: 3000 }, (_, k) => report.sites.map((s) => ({ ...s, id: `${s.id}-${k}` }))).flat();
    const big: Report = { ...report, sites, summary: summarise(sites, report.errors) };
    const text = renderToString(FORMATS.sarif, big, { colors: colors(false), ruleset, failOn: DEFAULT_FAIL_ON });
    const log = JSON.parse(text) as SarifLog & { runs: { invocations: { executionSuccessful: boolean; toolExecutionNotifications?: { level: string; message: { text: string } }[] }[]; properties: { results: { total: number; given: number; leftOut: number } } }[] };
    const run = log.runs[0]!;
    expect(run.results).toHaveLength(MAX_RESULTS);
    expect(githubIngestionProblems(text, validateSchema)).toEqual([]);
    const all = sites.length + sites.reduce((n, s) => n + s.findings.length, 0) + report.errors.length;
    const notes = sites.filter((s) => s.verdict !== 'not-sensitive').length;
    const total = all - sites.filter((s) => s.verdict === 'not-sensitive').length;
    expect(notes).toBeGreaterThan(0);
    expect(run.properties.results).toEqual({ total, given: MAX_RESULTS, leftOut: total - MAX_RESULTS });
    const note = run.invocations[0]!.toolExecutionNotifications![0]!;
    expect(note.level).toBe('warning');
    expect(note.message.text).toContain(`${total - MAX_RESULTS} of ${total} results are left out`);
    expect(note.message.text).toMatch(/--format json/);
    // Most severe first: every error is kept before any warning, every warning before any note.
    const levels = run.results.map((r) => r.level);
    const errors = sites.reduce((n, s) => n + s.findings.filter((f) => DEFAULT_FAIL_ON.includes(f.kind as never)).length, 0) + report.errors.length;
    expect(levels.filter((l) => l === 'error')).toHaveLength(Math.min(errors, MAX_RESULTS));
  });

  it('writes in pieces, never as one string', async () => {
    const { report, ruleset } = await check(['tests/ci/fixtures/sites'], { asOf: AS_OF });
    const sites = Array.from({ length: 500 }, (_, k) => report.sites.map((s) => ({ ...s, id: `${s.id}-${k}` }))).flat();
    const big: Report = { ...report, sites, summary: summarise(sites, report.errors) };
    for (const format of FORMAT_NAMES) {
      const chunks: string[] = [];
      FORMATS[format](big, { colors: colors(false), ruleset, failOn: ['errors', 'undetermined'] }, { write: (c) => void chunks.push(c) });
      const total = chunks.reduce((n, c) => n + c.length, 0);
      let longest = 0;
      for (const c of chunks) longest = Math.max(longest, c.length);
      expect(chunks.length, format).toBeGreaterThan(format === 'markdown' ? 100 : sites.length);
      expect(longest, format).toBeLessThan(Math.max(total / 20, 8192));
    }
  });
});
