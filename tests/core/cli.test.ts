// End to end: the CLI on the example inventory and on broken inputs, checking output, exit codes
// and the JSON contract. The runs are in-process (`main(argv, io)`, what bin/sitecheck.js calls:
// tests/support/cli.ts); one run goes through the launcher as a process, as `npx sitecheck` runs it,
// to show the two print the same bytes and exit with the same code.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { cliEnv, runCli } from '../support/cli.js';

const BIN = resolve('bin/sitecheck.js');
const GOLDEN = 'tests/fixtures/golden/check-sites.json';

function run(args: string[], env: Record<string, string> = {}) {
  return runCli(args, { env });
}

describe('sitecheck check', () => {
  it('matches the golden JSON on the example inventory (UPDATE_GOLDEN=1 to refresh)', async () => {
    const r = await run(['check', 'sites/', '--format', 'json', '--as-of', '2026-11-22']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1); // the inventory has prohibited and overdue equipment
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, r.stdout);
    expect(existsSync(GOLDEN), `missing ${GOLDEN}; run with UPDATE_GOLDEN=1 and review it`).toBe(true);
    expect(r.stdout).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('through the launcher as a process (node bin/sitecheck.js), prints the same bytes and exits with the same code', async () => {
    const args = ['check', 'sites/', '--format', 'json', '--as-of', '2026-11-22'];
    const spawned = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: cliEnv() });
    const inProcess = await run(args);
    expect(spawned.stderr).toBe('');
    expect(spawned.status).toBe(1);
    expect(spawned.status).toBe(inProcess.code);
    expect(spawned.stdout).toBe(inProcess.stdout);
    expect(spawned.stdout).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('follows the JSON contract: all four limbs in order, counts that add up', async () => {
    const out = JSON.parse((await run(['check', '--format', 'json', '--as-of', '2026-11-22'])).stdout);
    expect(out.tool.name).toBe('sitecheck');
    expect(out.rules.parameters).toEqual({ 'developed_vetting.significant_proportion': 0.25, 'replacement.complete_by': '2025-04-30', 'scope.default_estate': 'central-government' });
    expect(out.rules.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(out.sites.length).toBeGreaterThanOrEqual(12);
    for (const s of out.sites) {
      expect(['sensitive', 'not-sensitive', 'undetermined']).toContain(s.verdict);
      expect(s.limbs.map((l: { limb: number }) => l.limb)).toEqual([1, 2, 3, 4]);
      expect(s.limbs.map((l: { rule: string }) => l.rule)).toEqual(['secret-material', 'developed-vetting', 'ministerial-use', 'socpa-government-location']);
      if (s.verdict === 'undetermined') expect(s.decidingFacts.length).toBeGreaterThan(0);
    }
    const { summary } = out;
    expect(summary.sensitive + summary['not-sensitive'] + summary.undetermined).toBe(summary.sites);
    for (const v of ['sensitive', 'not-sensitive', 'undetermined']) expect(summary[v]).toBeGreaterThan(0);
  });

  it('validates against the published report schema (schema/report.schema.json), with and without input errors', async () => {
    const validate = new Ajv2020({ strict: true, allErrors: true }).compile(JSON.parse(readFileSync('schema/report.schema.json', 'utf8')));
    for (const args of [['check', '--format', 'json'], ['check', 'tests/fixtures/bad', 'sites/', '--format', 'json'], ['explain', 'CO-0005', '--format', 'json']]) {
      const out = JSON.parse((await run(args)).stdout);
      expect(validate(out), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it('is deterministic', async () => {
    const a = (await run(['check', '--format', 'json', '--as-of', '2026-11-22'])).stdout;
    expect((await run(['check', 'sites/', '--format', 'json', '--as-of', '2026-11-22'])).stdout).toBe(a);
  });

  it('prints a readable table with symbols and a summary line, without colour when not a terminal', async () => {
    const r = await run(['check', '--as-of', '2026-11-22']);
    expect(r.stdout).toMatch(/● sensitive\s+CO-0001/);
    expect(r.stdout).toMatch(/\? undetermined\s+\S+.*would be decided by: /);
    expect(r.stdout).toMatch(/✖ removal-overdue/);
    expect(r.stdout).toMatch(/^25 sites: ● sensitive 12, ○ not-sensitive 7, \? undetermined 6 · .* · no input errors/m);
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  it('colours with FORCE_COLOR, and NO_COLOR or --no-color turn it off', async () => {
    expect((await run(['check'], { FORCE_COLOR: '1' })).stdout).toMatch(/\u001b\[31m/);
    expect((await run(['check'], { FORCE_COLOR: '1', NO_COLOR: '1' })).stdout).not.toMatch(/\u001b\[/);
    expect((await run(['check', '--no-color'], { FORCE_COLOR: '1' })).stdout).not.toMatch(/\u001b\[/);
  });

  it('--fail-on decides exit code 1', async () => {
    expect((await run(['check', '--fail-on', 'none'])).code).toBe(0);
    expect((await run(['check', '--fail-on', 'errors'])).code).toBe(0);
    expect((await run(['check', 'sites/cabinet-office.yaml', '--fail-on', 'undetermined'])).code).toBe(1);
    expect((await run(['check', 'sites/ministry-of-coastal-affairs/harbour-house.yaml'])).code).toBe(0);
    expect((await run(['check', 'sites/ministry-of-coastal-affairs/', '--fail-on', 'undetermined'])).code).toBe(1);
  });

  it('--as-of moves the removal deadline', async () => {
    const early = JSON.parse((await run(['check', '--format', 'json', '--as-of', '2024-01-01'])).stdout);
    expect(early.summary.findings['removal-overdue']).toBe(0);
    const late = JSON.parse((await run(['check', '--format', 'json', '--as-of', '2026-11-22'])).stdout);
    expect(late.summary.findings['removal-overdue']).toBeGreaterThan(0);
  });

  it('input errors are exit 1, every bad file is listed, and good files are still evaluated', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sitecheck-cli-'));
    cpSync('tests/fixtures/bad', join(dir, 'bad'), { recursive: true });
    cpSync('sites/ministry-of-coastal-affairs/harbour-house.yaml', join(dir, 'good.yaml'));
    const r = await run(['check', dir, '--format', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.sites.map((s: { id: string }) => s.id)).toEqual(['MCA-0001']);
    expect(new Set(out.errors.map((e: { file: string }) => e.file)).size).toBe(15);
    for (const e of out.errors) {
      expect(e.line).toBeGreaterThanOrEqual(1);
      expect(e.column).toBeGreaterThanOrEqual(1);
    }
    expect(r.stderr).toBe('');
  });

  it('bad arguments are exit 2 with a clear message', async () => {
    const f = await run(['check', '--format', 'xml']);
    expect(f.code).toBe(2);
    expect(f.stderr).toMatch(/unknown format "xml"; valid formats: text, json/);
    expect((await run(['check', 'no/such/dir'])).stderr).toMatch(/no such file or folder: no\/such\/dir/);
    expect((await run(['check', 'no/such/dir'])).code).toBe(2);
    expect((await run(['check', '--as-of', '2026-02-30'])).code).toBe(2);
    expect((await run(['check', '--fail-on', 'prohibited'])).stderr).toMatch(/did you mean "prohibited-equipment"/);
    expect((await run(['check', '--fromat', 'json'])).stderr).toMatch(/unknown option --fromat \(did you mean --format\?\)/);
    expect((await run(['chek'])).stderr).toMatch(/unknown command "chek" \(did you mean "check"\?\)/);
  });
});

describe('sitecheck explain', () => {
  it('shows each limb, the facts with file:line, the parameter as an interpretation, and the quoted law', async () => {
    const r = await run(['explain', 'DRR-0001', '--as-of', '2026-11-22']);
    expect(r.stdout).toMatch(/Verdict: ● SENSITIVE/);
    expect(r.stdout).toMatch(/Limb 2 .* ✔ met/);
    expect(r.stdout).toMatch(/vetting\.developed_vetting = 80 {2}\(sites\/dept-regional-resilience\.yaml:\d+\)/);
    expect(r.stdout).toMatch(/Parameter developed_vetting\.significant_proportion = 0\.25 — a local interpretation, found in no source/);
    expect(r.stdout).toMatch(/“any location which hosts a significant proportion of officials holding developed vetting clearance”/);
    expect(r.stdout).toMatch(/✖ removal-overdue/);
  });

  it('for an undetermined site, names the missing facts that would decide it', async () => {
    const r = await run(['explain', 'MCA-0002']);
    expect(r.stdout).toMatch(/UNDETERMINED/);
    expect(r.stdout).toMatch(/Would be decided by: government_location/);
    expect(r.stdout).toMatch(/Missing facts .*: government_location/);
  });

  it('explains every site in a file, and as JSON in the check contract', async () => {
    const out = JSON.parse((await run(['explain', 'sites/ministry-of-coastal-affairs/outstations.yaml', '--format', 'json'])).stdout);
    expect(out.sites.map((s: { id: string }) => s.id)).toEqual(['MCA-0002', 'MCA-0003']);
  });

  it('a site in a file the limits left unread is not "missing": the limit is reported (exit 1)', async () => {
    const r = await run(['explain', 'DRR-0001', '--max-files', '1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/over the limit of 1; .*not read \(raise the limit with --max-files\)/);
  });

  it('a site in a file that could not be read (too big, not UTF-8, broken YAML) is not "missing": the file\'s error is reported (exit 1)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sitecheck-explain-unreadable-'));
    writeFileSync(join(dir, 'a.yaml'), 'id: EX-A\nname: "unclosed\n---\nid: EX-B\nname: b\n');
    writeFileSync(join(dir, 'lat.yaml'), Buffer.from('id: EX-LAT\nname: caf\xe9\n', 'latin1'));
    writeFileSync(join(dir, 'ok.yaml'), 'id: EX-OK\nname: ok\n');
    for (const [id, why] of [['EX-B', /a\.yaml:2:7 .*never closed/], ['EX-LAT', /lat\.yaml:2:\d+ .*not valid UTF-8/]] as const) {
      const r = await run(['explain', id, dir]);
      expect(r.code, id).toBe(1);
      expect(r.stdout, id).toMatch(why);
    }
    writeFileSync(join(dir, 'big.yaml'), 'id: EX-BIG\nname: a name longer than the limit\n');
    const big = await run(['explain', 'EX-BIG', dir, '--max-file-size', '20']);
    expect(big.code).toBe(1);
    expect(big.stdout).toMatch(/over the limit of 20 bytes/);
    // Found: the unreadable files are not mentioned.
    const ok = await run(['explain', 'EX-OK', dir]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).not.toMatch(/never closed|UTF-8/);
  });

  it('an unknown id is exit 2 with a suggestion', async () => {
    const r = await run(['explain', 'CO-001']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no site "CO-001" in sites\/ \(did you mean "CO-0001"\?\)/);
  });

  it('an unknown id with control characters is shown escaped, never printed raw to the terminal', async () => {
    const r = await run(['explain', 'X\x1b[2J\n::error::forged']);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/[\x1b\n]::error/);
    expect(r.stderr).toContain('no site "X\\x1b[2J\\x0a::error::forged" in sites/');
  });
});

describe('sitecheck validate, schema, rules, help', () => {
  it('validate reports parse and schema problems only', async () => {
    expect((await run(['validate'])).stdout).toMatch(/8 files, 25 valid sites, no input errors/);
    const bad = await run(['validate', 'tests/fixtures/bad/wrong-enum.yaml']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/tests\/fixtures\/bad\/wrong-enum\.yaml:4:12/);
  });

  it('schema prints the site JSON Schema', async () => {
    const s = JSON.parse((await run(['schema'])).stdout);
    expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(s.properties.ministerial_use.enum).toContain('routine');
  });

  it('rules list shows every limb with its citation; rules lint passes on the shipped rules', async () => {
    const list = (await run(['rules', 'list'])).stdout;
    for (const id of ['secret-material', 'developed-vetting', 'ministerial-use', 'socpa-government-location']) expect(list).toContain(id);
    expect(list).toMatch(/0\.25 \(local interpretation, found in no source\)/);
    const lint = await run(['rules', 'lint']);
    expect(lint.code).toBe(0);
    expect(lint.stdout).toMatch(/every citation checks out/);
  });

  it('every command has --help, and --version prints the version', async () => {
    for (const cmd of ['check', 'explain', 'validate', 'rules', 'schema']) {
      const r = await run([cmd, '--help']);
      expect(r.code, cmd).toBe(0);
      expect(r.stdout, cmd).toMatch(/^Usage: sitecheck /);
    }
    expect((await run(['--help'])).stdout).toMatch(/Commands:/);
    // Every help text is filled in: no template placeholder left as text (report's --jobs line was).
    for (const cmd of ['check', 'explain', 'validate', 'rules', 'schema', 'diff', 'import', 'report', 'verify', 'init', 'tui']) {
      const r = await run([cmd, '--help']);
      expect(r.code, cmd).toBe(0);
      expect(r.stdout, cmd).not.toMatch(/\$\{/);
    }
    expect((await run(['--version'])).stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });
});

describe('rules and parameters', () => {
  const copyRules = () => {
    const dir = mkdtempSync(join(tmpdir(), 'sitecheck-rules-'));
    cpSync('rules', dir, { recursive: true });
    return dir;
  };

  it('--params overrides the threshold, and the JSON and explanation say so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sitecheck-params-'));
    writeFileSync(join(dir, 'p.yaml'), 'developed_vetting.significant_proportion: 0.5\n');
    const out = JSON.parse((await run(['explain', 'DRR-0001', '--params', join(dir, 'p.yaml'), '--format', 'json'])).stdout);
    expect(out.rules.parameters['developed_vetting.significant_proportion']).toBe(0.5);
    expect(out.sites[0].limbs[1].outcome).toBe('not-met');
    expect((await run(['explain', 'DRR-0001', '--params', join(dir, 'p.yaml')])).stdout).toMatch(/= 0\.5 — a local interpretation.*p\.yaml/);
  });

  it('an invalid parameters file is exit 2 naming the file, line and problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sitecheck-params-'));
    writeFileSync(join(dir, 'p.yaml'), '# threshold\ndeveloped_vetting.significant_proportion: 1.5\n');
    const r = await run(['check', '--params', join(dir, 'p.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/p\.yaml:2:43 .*1\.5 is outside the allowed range \(0, 1\]/);
    writeFileSync(join(dir, 'q.yaml'), 'developed_vetting.significant_share: 0.3\n');
    expect((await run(['check', '--params', join(dir, 'q.yaml')])).stderr).toMatch(/unknown parameter "developed_vetting\.significant_share"/);
  });

  it('a broken rules folder is exit 2 with file, line and field', async () => {
    const dir = copyRules();
    const p = join(dir, 'definition', 'ministerial-use.yaml');
    writeFileSync(p, readFileSync(p, 'utf8').replace('operator: equal', 'operator: equals'));
    const r = await run(['check', '--rules', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ministerial-use\.yaml:\d+:\d+ .*operator: "equals" is not allowed.*\(did you mean "equal"\?\)/);
  });

  it('a rule path naming no site field, or a JSONPath expression, is refused', async () => {
    const dir = copyRules();
    const p = join(dir, 'definition', 'ministerial-use.yaml');
    writeFileSync(p, readFileSync(p, 'utf8').replace('path: ministerial_use', 'path: ministerial_usage'));
    expect((await run(['check', '--rules', dir])).stderr).toMatch(/"ministerial_usage" is not a field of the site format/);
    writeFileSync(p, readFileSync(p, 'utf8').replace('path: ministerial_usage', "path: '$..[?(@.x)]'"));
    expect((await run(['check', '--rules', dir])).code).toBe(2);
  });

  it('rules lint fails when a quote is not in the stored excerpt, or an excerpt was edited', async () => {
    const dir = copyRules();
    const p = join(dir, 'definition', 'ministerial-use.yaml');
    writeFileSync(p, readFileSync(p, 'utf8').replace('routinely used by ministers', 'regularly used by ministers'));
    const r = await run(['rules', 'lint', '--rules', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/rule ministerial-use: the quoted words do not appear in the stored excerpt of "hl-2023-09-11"/);
    const dir2 = copyRules();
    const s = join(dir2, 'sources.yaml');
    writeFileSync(s, readFileSync(s, 'utf8').replace('routinely holds secret material', 'routinely holds SECRET material'));
    const r2 = await run(['rules', 'lint', '--rules', dir2]);
    expect(r2.code).toBe(1);
    expect(r2.stdout).toMatch(/source "hl-2023-09-11": the stored excerpt does not match its recorded sha256/);
  });

  it('a citation naming an unknown source is exit 2 at load', async () => {
    const dir = copyRules();
    const p = join(dir, 'definition', 'ministerial-use.yaml');
    writeFileSync(p, readFileSync(p, 'utf8').replace('source: hl-2023-09-11', 'source: hl-2023-09-12'));
    const r = await run(['rules', 'lint', '--rules', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/citation names source "hl-2023-09-12", which is not in sources\.yaml/);
  });
});
