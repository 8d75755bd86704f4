// Rules that are tested and proved against their sources: `rules test` (fixtures, coverage against
// the minimum in rules/tests/coverage.yaml), the lint additions, and the pinned list of rule ids.
import { readFileSync, writeFileSync, unlinkSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/check.js';
import { loadRuleset } from '../../src/rules/ruleset.js';
import { run, scratch } from './helpers.js';

function edit(path: string, from: string | RegExp, to: string): void {
  const text = readFileSync(path, 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`test setup: ${String(from)} not found in ${path}`);
  writeFileSync(path, next);
}

describe('rule ids are stable', () => {
  it('pins the list of rules and the limbs they claim (changing it breaks saved reports and CI baselines)', () => {
    expect(loadRules().rules.map((r) => [r.limb, r.id])).toEqual([
      [1, 'secret-material'],
      [2, 'developed-vetting'],
      [3, 'ministerial-use'],
      [4, 'socpa-government-location'],
    ]);
  });
});

describe('sitecheck rules test', () => {
  it('passes on the shipped rules with full condition coverage', async () => {
    const dir = scratch();
    const r = await run(dir, ['rules', 'test', '--coverage', '--rules', 'rules']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\d+ cases in 14 files: \d+ passed, 0 failed/);
    expect(r.stdout).toContain('Coverage 100% (minimum 100%, from rules/tests/coverage.yaml)');
    for (const id of ['secret-material', 'developed-vetting', 'ministerial-use', 'socpa-government-location']) expect(r.stdout).toContain(`rules/tests/${id}.yaml`);
  });

  it('fails when a case does not get the outcome it expects, naming the case and both outcomes', async () => {
    const dir = scratch();
    edit(join(dir, 'rules/tests/ministerial-use.yaml'), /(occasional use does not meet it\n\s+site:\n\s+ministerial_use: occasional\n\s+expect: \{ outcome: )not-met/, '$1met');
    const r = await run(dir, ['rules', 'test', '--rules', 'rules']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✘ occasional use does not meet it {2}\(rules\/tests\/ministerial-use\.yaml:\d+\)\n\s+ministerial-use: expected met, got not-met/);
    expect(r.stdout).toContain('1 failed');
  });

  it('fails on the verdict, missing facts and findings a case expects', async () => {
    const dir = scratch();
    edit(join(dir, 'rules/tests/secret-material.yaml'), 'missing: [classified_material.frequency, classified_material.routinely_held]', 'missing: [classified_material.highest]');
    edit(join(dir, 'rules/tests/ministerial-use.yaml'), 'findings: [deployment-undecided]', 'findings: []');
    const r = await run(dir, ['rules', 'test', '--rules', 'rules']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('missing facts: expected [classified_material.highest], got [classified_material.frequency, classified_material.routinely_held]');
    expect(r.stdout).toContain('findings: expected [], got [deployment-undecided]');
  });

  it('reports a condition never seen false, and fails --coverage below the minimum (a number kept in the repo)', async () => {
    const dir = scratch();
    // Remove the only case in which the removal-date-later-than-the-timeline condition is true.
    const path = join(dir, 'rules/tests/removal-due-after-timeline.yaml');
    edit(path, /- name: a removal date after April 2025 is later than the timeline\n[\s\S]*?(?=- name: a removal date within)/, '');
    edit(path, /2027-03-31/g, '2025-03-31');
    let r = await run(dir, ['rules', 'test', '--rules', 'rules', '--coverage']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✘ its removal_due is later than the published timeline \(parameter replacement\.complete_by\) {2}true 0, false \d+/);
    expect(r.stdout).toMatch(/Coverage 98\.6% \(minimum 100%/);
    // Without --coverage the cases still pass.
    expect((await run(dir, ['rules', 'test', '--rules', 'rules'])).code).toBe(0);
    // The minimum is data.
    writeFileSync(join(dir, 'rules/tests/coverage.yaml'), 'minimum: 0.8\n');
    r = await run(dir, ['rules', 'test', '--rules', 'rules', '--coverage']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('(minimum 80%, from rules/tests/coverage.yaml)');
  });

  it('requires fixtures for every rule, and rejects fixtures for an unknown rule or in a bad shape', async () => {
    const dir = scratch();
    renameSync(join(dir, 'rules/tests/socpa-government-location.yaml'), join(dir, 'rules/tests/socpa.yaml'));
    writeFileSync(join(dir, 'rules/tests/bad.yaml'), 'rule: bad\ncases:\n  - name: x\n    site: {}\n    expect: { outcome: maybe }\n    extra: 1\n');
    const r = await run(dir, ['rules', 'test', '--rules', 'rules']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('rule socpa-government-location (limb 4) has no fixtures');
    expect(r.stdout).toContain('rules/tests/socpa.yaml:1  rule "socpa-government-location" must match the file name "socpa"');
    expect(r.stdout).toMatch(/rules\/tests\/bad\.yaml:5 .*outcome/);
    expect(r.stdout).toMatch(/rules\/tests\/bad\.yaml:6 .*extra/);
  });

  it('reports a fixture site that is not a valid site', async () => {
    const dir = scratch();
    edit(join(dir, 'rules/tests/ministerial-use.yaml'), 'ministerial_use: none', 'ministeral_use: none');
    const r = await run(dir, ['rules', 'test', '--rules', 'rules']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/the site is not valid: .*ministeral_use/);
  });

  it('keeps fixtures out of the rules themselves: the loader reads only the top of the rules folder', () => {
    const dir = scratch();
    const before = loadRuleset(join(dir, 'rules'));
    expect(before.files.map((f) => f.name)).not.toContain('coverage.yaml');
    expect(before.files.some((f) => f.name.includes('tests'))).toBe(false);
    writeFileSync(join(dir, 'rules/tests/extra.yaml'), 'rule: extra\n');
    expect(loadRuleset(join(dir, 'rules')).sha256).toBe(before.sha256);
  });
});

describe('sitecheck rules lint (additions)', () => {
  it('passes on the shipped rules', async () => {
    const r = await run(scratch(), ['rules', 'lint', '--rules', 'rules']);
    expect(r.stdout).toContain('every citation checks out');
    expect(r.code).toBe(0);
  });

  it('names a rule with no fixtures', async () => {
    const dir = scratch();
    unlinkSync(join(dir, 'rules/tests/developed-vetting.yaml'));
    const r = await run(dir, ['rules', 'lint', '--rules', 'rules']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('rules/tests/developed-vetting.yaml:1  rule developed-vetting (limb 2) has no fixtures');
  });

  it('names a limb no rule claims, and refuses two rules claiming one limb', async () => {
    const dir = scratch();
    edit(join(dir, 'rules/definition/ministerial-use.yaml'), 'limb: 3', 'limb: 5');
    let r = await run(dir, ['rules', 'lint', '--rules', 'rules']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('limb 3 is claimed by no rule (rules claim limbs 1, 2, 4, 5)');
    edit(join(dir, 'rules/definition/ministerial-use.yaml'), 'limb: 5', 'limb: 2');
    r = await run(dir, ['rules', 'lint', '--rules', 'rules']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/rules\/definition\/(developed-vetting|ministerial-use)\.yaml:\d+:\d+ {2}limb 2 is already claimed by rule "(developed-vetting|ministerial-use)"/);
  });

  it('catches an edited excerpt, and a quote that is not in its source', async () => {
    const dir = scratch();
    edit(join(dir, 'rules/sources.yaml'), 'hosts a significant proportion', 'hosts a large proportion');
    const r = await run(dir, ['rules', 'lint', '--rules', 'rules']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('source "hl-2023-09-11": the stored excerpt does not match its recorded sha256');
    expect(r.stdout).toMatch(/rule developed-vetting: the quoted words do not appear in the stored excerpt/);
  });

  it('names a citation whose source has no stored excerpt to check the quote against', async () => {
    const dir = scratch();
    edit(join(dir, 'rules/definition/ministerial-use.yaml'), 'source: hl-2023-09-11', 'source: procurement-act-2023');
    const r = await run(dir, ['rules', 'lint', '--rules', 'rules']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('rule ministerial-use: source "procurement-act-2023" has no stored excerpt to check the quote against');
  });

  it('requires a citation or an interpretation marker on every parameter', async () => {
    const dir = scratch();
    edit(join(dir, 'rules/parameters.yaml'), /  interpretation: true\n/, '');
    const r = await run(dir, ['rules', 'lint', '--rules', 'rules']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('rules/parameters.yaml');
  });
});
