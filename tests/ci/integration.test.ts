// The ready-made integration files do what they say: the GitHub Actions workflow's `run:` steps are
// run as written (with `npx sitecheck` pointing at this build) in a shallow clone of a temporary
// repository, as on a pull request; the pre-commit hooks' entries and the git hook script are run
// on good and bad inventories.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, git, ROOT } from './helpers.js';

interface Step { name?: string; run?: string; uses?: string; env?: Record<string, string> }
const workflow = parse(readFileSync(resolve('docs/ci/github-workflow.yml'), 'utf8')) as { jobs: Record<string, { steps: Step[] }> };
const hooks = parse(readFileSync(resolve('.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; args?: string[]; files: string; pass_filenames: boolean }[];

function step(job: string, name: string): Step {
  const s = workflow.jobs[job]!.steps.find((x) => x.name === name);
  if (!s?.run) throw new Error(`the workflow has no run step "${name}" in job ${job}`);
  expect(s.run).not.toContain('${{'); // expressions go through env, never into the script text
  return s;
}

/** Run a workflow step's script with bash, as the runner does, with `npx --no-install sitecheck` → this build. */
function runStep(s: Step, cwd: string, env: Record<string, string>) {
  const script = s.run!.replaceAll(/npx (?:--no-install )?sitecheck/g, `"${process.execPath}" "${BIN}"`);
  const stepEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(s.env ?? {})) stepEnv[k] = /\$\{\{\s*github\.base_ref\s*\}\}/.test(v) ? 'main' : v;
  const r = spawnSync('bash', ['-e', '-o', 'pipefail', '-c', script], { cwd, encoding: 'utf8', env: cleanEnv({ ...env, ...stepEnv, HOME: cwd }) });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('GitHub Actions workflow', () => {
  let clone: string;
  let summary: string;
  beforeAll(() => {
    const base = mkdtempSync(join(tmpdir(), 'sitecheck-wf-'));
    const origin = join(base, 'origin');
    mkdirSync(origin);
    git(origin, 'init', '-q', '-b', 'main');
    cpSync(join(ROOT, 'sites'), join(origin, 'sites'), { recursive: true });
    git(origin, 'add', '.');
    git(origin, 'commit', '-q', '-m', 'inventory');
    // The pull request: a shallow checkout (as actions/checkout makes) with one site edited.
    git(base, 'clone', '-q', '--depth=1', `file://${origin}`, 'pr');
    clone = join(base, 'pr');
    git(clone, 'checkout', '-q', '-b', 'change');
    const file = join(clone, 'sites/office-for-public-safety.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/ministerial_use: none/, 'ministerial_use: routine'));
    git(clone, 'commit', '-q', '-am', 'OPS-0003 now hosts ministers');
    summary = join(base, 'step-summary.md');
    writeFileSync(summary, '');
  });

  it('check job: annotations on stdout, a SARIF file, a Markdown summary, and a failing exit code', () => {
    const check = runStep(step('check', 'Check the inventory'), clone, {});
    expect(check.code).toBe(1); // the example inventory has prohibited and overdue equipment
    expect(check.stdout).toMatch(/^::error file=sites\/[^,]+,line=\d+,col=\d+,title=sitecheck prohibited-equipment%3A /m);
    const sarif = JSON.parse(readFileSync(join(clone, 'sitecheck.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.length).toBeGreaterThan(0);
    const s = runStep(step('check', 'Job summary'), clone, { GITHUB_STEP_SUMMARY: summary });
    expect(s.code).toBe(0);
    expect(readFileSync(summary, 'utf8')).toMatch(/^## sitecheck: failed$/m);
    const upload = workflow.jobs.check!.steps.find((x) => x.uses?.startsWith('github/codeql-action/upload-sarif'));
    expect((upload as { with: { sarif_file: string } }).with.sarif_file).toBe('sitecheck.sarif');
  });

  it('diff job: fetches the base commit into the shallow clone and writes the comment', () => {
    expect(git(clone, 'rev-parse', '--is-shallow-repository').trim()).toBe('true');
    const fetch = runStep(step('diff', 'Fetch the base branch'), clone, {});
    expect(fetch.stderr).not.toMatch(/fatal/);
    expect(fetch.code).toBe(0);
    const diff = runStep(step('diff', 'Compare verdicts with the base branch'), clone, {});
    expect(diff.code).toBe(0);
    expect(diff.stdout).toMatch(/^Compared with origin\/main /);
    const md = readFileSync(join(clone, 'sitecheck-diff.md'), 'utf8');
    // Marked OFFICIAL-SENSITIVE at the top and bottom, as Markdown is by default (README, Handling).
    expect(md).toMatch(/^\*\*OFFICIAL-SENSITIVE\*\*\n\n## sitecheck: inventory changes against `origin\/main`/);
    expect(md.trimEnd().endsWith('**OFFICIAL-SENSITIVE**')).toBe(true);
    expect(md).toMatch(/^\| `OPS-0003` \| .* \| ○ not-sensitive → \*\*● sensitive\*\* \| limb 3 `ministerial-use`: not-met → \*\*met\*\*/m);
    expect(step('diff', 'Comment on the pull request').run).toContain('--body-file sitecheck-diff.md');
  });
});

describe('pre-commit hooks', () => {
  const inventory = (files: Record<string, string>): string => {
    const dir = mkdtempSync(join(tmpdir(), 'sitecheck-hook-'));
    mkdirSync(join(dir, 'sites'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'sites', name), text);
    return dir;
  };
  // (v2: a planned listed item on an undetermined site is deployment-undecided, which fails by
  // default, so the good inventory records that item as removed.)
  const good = readFileSync(resolve('tests/ci/fixtures/sites/ho/regional.yaml'), 'utf8').replace('status: planned', 'status: removed');
  const bad = readFileSync(resolve('tests/ci/fixtures/sites/mod/bad.yaml'), 'utf8');

  function runHook(id: string, cwd: string, filenames: string[]) {
    const hook = hooks.find((h) => h.id === id)!;
    const [npx, noInstall, cmd, ...entryArgs] = hook.entry.split(' ');
    expect([npx, noInstall, cmd]).toEqual(['npx', '--no-install', 'sitecheck']);
    const args = [...entryArgs, ...(hook.args ?? []), ...(hook.pass_filenames ? filenames : [])];
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: cleanEnv() });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr, hook };
  }

  it.each(['sitecheck', 'sitecheck-validate'])('%s passes a good inventory and stops a bad one', (id) => {
    const ok = runHook(id, inventory({ 'a.yaml': good }), ['sites/a.yaml']);
    expect(new RegExp(ok.hook.files).test('sites/a.yaml')).toBe(true);
    expect(ok.code).toBe(0);
    const broken = runHook(id, inventory({ 'a.yaml': good, 'b.yaml': bad }), ['sites/b.yaml']);
    expect(broken.code).toBe(1);
    expect(broken.stdout + broken.stderr).toMatch(/sites\/b\.yaml:5:1 .*unknown field "ministeral_use"/);
  });

  it('scripts/pre-commit checks the inventory only when a commit touches it', () => {
    const repo = inventory({ 'a.yaml': good });
    git(repo, 'init', '-q');
    writeFileSync(join(repo, 'README'), 'x');
    const hook = (sitecheckCmd: string) => spawnSync('sh', [join(ROOT, 'scripts/pre-commit')], { cwd: repo, encoding: 'utf8', env: cleanEnv({ SITECHECK: sitecheckCmd }) });
    const real = `${process.execPath} ${BIN}`; // a command with arguments, as a user sets it
    git(repo, 'add', 'README');
    expect(hook('false').status).toBe(0); // no site file staged: sitecheck is not even run
    git(repo, 'add', 'sites/a.yaml');
    const ok = hook(real);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    writeFileSync(join(repo, 'sites/b.yaml'), bad);
    git(repo, 'add', 'sites/b.yaml');
    const stopped = hook(real);
    expect(stopped.status).toBe(1);
    expect(stopped.stdout).toMatch(/unknown field "ministeral_use"/);
    expect(stopped.stderr).toMatch(/commit stopped/);
    expect(existsSync(join(repo, 'sites/b.yaml'))).toBe(true);
  });
});
