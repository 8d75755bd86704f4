// sitecheck diff between two commits of a temporary git repository: sites added, removed, verdict
// and limb changes, findings added and removed, input errors introduced; read through git without
// touching the working tree; and in a shallow clone, as a pull-request job has.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AS_OF, git, golden, sitecheck, sitecheckProcess } from './helpers.js';

const FIX = 'tests/ci/fixtures/sites/ho';
let repo: string;

function edit(file: string, from: string | RegExp, to: string): void {
  const text = readFileSync(file, 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`no change made to ${file}`);
  writeFileSync(file, next);
}

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'sitecheck-diff-'));
  git(repo, 'init', '-q', '-b', 'main');
  mkdirSync(join(repo, 'sites'));
  cpSync(join(FIX, 'marsham.yaml'), join(repo, 'sites/marsham.yaml'));
  cpSync(join(FIX, 'regional.yaml'), join(repo, 'sites/regional.yaml'));
  writeFileSync(join(repo, 'sites/gone.yaml'), 'id: GONE-1\nname: Closed depot\nministerial_use: routine\n');
  writeFileSync(join(repo, 'sites/broken.yaml'), 'id: BR-1\nname: Broken\nministerial_use: sometimes\n');
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'first');
  // The second commit: HO-0003 becomes sensitive (limb 3), HO-0001 loses its overdue camera,
  // one site removed, one added with planned Hikvision kit, the broken file fixed, a new one broken.
  edit(join(repo, 'sites/regional.yaml'), 'ministerial_use: none', 'ministerial_use: routine');
  edit(join(repo, 'sites/marsham.yaml'), /  - id: CAM-12\n(    .*\n)+?  - id: CAM-13/, '  - id: CAM-13');
  rmSync(join(repo, 'sites/gone.yaml'));
  writeFileSync(join(repo, 'sites/new.yaml'), 'id: NEW-1\nname: New annexe\nsocpa:\n  designated: true\ngovernment_location: true\nequipment:\n  - id: NVR-7\n    kind: nvr\n    manufacturer: Hikvision\n    status: planned\n');
  writeFileSync(join(repo, 'sites/broken.yaml'), 'id: BR-1\nname: Broken\nministerial_use: occasional\n');
  writeFileSync(join(repo, 'sites/typo.yaml'), 'id: TY-1\nname: Typo\nministeral_use: routine\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'second');
});

describe('sitecheck diff', () => {
  it('reads the revision with the same file rule and limits as the working tree', async () => {
    const r = mkdtempSync(join(tmpdir(), 'sitecheck-diff-hidden-'));
    git(r, 'init', '-q', '-b', 'main');
    mkdirSync(join(r, '.inv/sites/.drafts'), { recursive: true });
    writeFileSync(join(r, '.inv/sites/a.yaml'), 'id: A-1\nname: A\n');
    writeFileSync(join(r, '.inv/sites/b.yaml'), 'id: B-1\nname: B\n');
    writeFileSync(join(r, '.inv/sites/.drafts/c.yaml'), 'id: C-1\nname: C\n');
    git(r, 'add', '-A');
    git(r, 'commit', '-q', '-m', 'one');
    // A folder the user names may be hidden; hidden folders below it are skipped on both sides.
    const same = JSON.parse((await sitecheck(['diff', 'HEAD', '.inv/sites', '--format', 'json', '--as-of', AS_OF], { cwd: r })).stdout);
    expect(same.added).toEqual([]);
    expect(same.removed).toEqual([]);
    expect(same.before.sites).toBe(2);
    // --max-files cuts both sides alike: nothing appears removed because of the limit.
    const cut = JSON.parse((await sitecheck(['diff', 'HEAD', '.inv/sites', '--format', 'json', '--as-of', AS_OF, '--max-files', '1', '--fail-on', 'none'], { cwd: r })).stdout);
    expect(cut.removed).toEqual([]);
    expect(cut.before.sites).toBe(1);
    expect(cut.after.sites).toBe(1);
  });

  it('reports sites added and removed, verdict, limb and finding changes, and input errors', async () => {
    const r = await sitecheck(['diff', 'HEAD~1', '--format', 'json', '--as-of', AS_OF, '--fail-on', 'none'], { cwd: repo });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.ref).toBe('HEAD~1');
    expect(d.commit).toBe(git(repo, 'rev-parse', 'HEAD~1').trim());
    expect(d.added.map((s: { id: string }) => s.id)).toEqual(['BR-1', 'NEW-1']); // sorted by file
    expect(d.removed.map((s: { id: string }) => s.id)).toEqual(['GONE-1']);
    const changed = Object.fromEntries(d.changed.map((c: { id: string }) => [c.id, c]));
    expect(Object.keys(changed).sort()).toEqual(['HO-0001', 'HO-0003']);
    expect(changed['HO-0003']).toMatchObject({ before: 'not-sensitive', after: 'sensitive', limbs: [{ limb: 3, rule: 'ministerial-use', before: 'not-met', after: 'met' }] });
    expect(changed['HO-0001'].before).toBe('sensitive');
    expect(changed['HO-0001'].limbs).toEqual([]);
    expect(changed['HO-0001'].findingsAdded).toEqual([]);
    expect(changed['HO-0001'].findingsRemoved.map((f: { kind: string; equipment: string }) => `${f.kind} ${f.equipment}`)).toEqual(['core-network-unknown CAM-12', 'removal-overdue CAM-12', 'removal-overdue CAM-12']);
    expect(d.errorsIntroduced.map((e: { file: string; path: string }) => `${e.file} ${e.path}`)).toEqual(['sites/typo.yaml /ministeral_use']);
    expect(d.errorsFixed.map((e: { file: string }) => e.file)).toEqual(['sites/broken.yaml']);
  });

  it('compares the working tree, not just commits, and never modifies it', async () => {
    const status = git(repo, 'status', '--porcelain');
    edit(join(repo, 'sites/new.yaml'), 'status: planned', 'status: removed');
    try {
      const r = await sitecheck(['diff', 'HEAD', '--format', 'json', '--as-of', AS_OF], { cwd: repo });
      const d = JSON.parse(r.stdout);
      expect(d.changed).toHaveLength(1);
      expect(d.changed[0].findingsRemoved[0]).toMatchObject({ kind: 'prohibited-equipment', equipment: 'NVR-7' });
      expect(r.code).toBe(0); // removing a finding introduces nothing --fail-on names
    } finally {
      git(repo, 'checkout', '-q', '--', 'sites/new.yaml');
    }
    expect(git(repo, 'status', '--porcelain')).toBe(status);
  });

  it('exits 1 when the change introduces what --fail-on names', async () => {
    const r = await sitecheck(['diff', 'HEAD~1', '--as-of', AS_OF], { cwd: repo });
    expect(r.code).toBe(1); // a new input error and a new site with planned Hikvision kit
    expect((await sitecheck(['diff', 'HEAD~1', '--as-of', AS_OF, '--fail-on', 'undetermined'], { cwd: repo })).code).toBe(1); // BR-1 is added undetermined
    expect((await sitecheck(['diff', 'HEAD~1', '--as-of', AS_OF, '--fail-on', 'removal-overdue'], { cwd: repo })).code).toBe(0); // an overdue camera went away
  });

  it('writes the text and Markdown a reviewer reads (golden)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sitecheck-diffout-'));
    const r = await sitecheck(['diff', 'HEAD~1', 'sites/', '--as-of', AS_OF, '--format', 'markdown', '--output', join(dir, 'c.md'), '--format', 'text', '--no-color'], { cwd: repo });
    const sha = git(repo, 'rev-parse', 'HEAD~1').trim().slice(0, 12);
    golden('diff.txt', r.stdout.replaceAll(sha, '<sha>'));
    const md = readFileSync(join(dir, 'c.md'), 'utf8');
    golden('diff.md', md.replaceAll(sha, '<sha>'));
    expect(md).toMatch(/^\| `HO-0003` \| Passport office \| ○ not-sensitive → \*\*● sensitive\*\* \| limb 3 `ministerial-use`: not-met → \*\*met\*\* \|/m);
  });

  it('says so when nothing changed', async () => {
    const r = await sitecheck(['diff', 'HEAD', '--as-of', AS_OF, '--format', 'markdown'], { cwd: repo });
    expect(r.stdout).toContain('No site was added or removed, and no verdict, limb outcome, finding or input error changed.');
    expect(r.code).toBe(0);
  });

  it('works in a shallow clone once the base commit is fetched, and says how when it is not', async () => {
    const clone = mkdtempSync(join(tmpdir(), 'sitecheck-shallow-'));
    git(clone, 'clone', '-q', '--depth=1', `file://${repo}`, 'c');
    const cwd = join(clone, 'c');
    expect(git(cwd, 'rev-parse', '--is-shallow-repository').trim()).toBe('true');
    const missing = await sitecheck(['diff', 'HEAD~1', '--as-of', AS_OF], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/git revision "HEAD~1" was not found; in a shallow clone fetch it first/);
    const first = git(repo, 'rev-parse', 'HEAD~1').trim();
    git(cwd, 'fetch', '-q', '--depth=1', 'origin', first);
    const r = await sitecheck(['diff', first, '--format', 'json', '--as-of', AS_OF, '--fail-on', 'none'], { cwd });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).removed.map((s: { id: string }) => s.id)).toEqual(['GONE-1']);
  });

  it('refuses bad refs and non-repositories with exit 2', async () => {
    expect(await sitecheck(['diff', 'no-such-ref'], { cwd: repo })).toMatchObject({ code: 2, stderr: expect.stringMatching(/git revision "no-such-ref" was not found/) });
    expect(await sitecheck(['diff', '--', '--upload-pack=x'], { cwd: repo })).toMatchObject({ code: 2, stderr: expect.stringMatching(/is not a git revision/) });
    expect(await sitecheck(['diff'], { cwd: repo })).toMatchObject({ code: 2, stderr: expect.stringMatching(/diff needs a git revision/) });
    const plain = mkdtempSync(join(tmpdir(), 'sitecheck-nogit-'));
    mkdirSync(join(plain, 'sites'));
    // (a process: git, which sitecheck runs, reads GIT_CEILING_DIRECTORIES from the process environment)
    expect(sitecheckProcess(['diff', 'HEAD'], { cwd: plain, env: { GIT_CEILING_DIRECTORIES: tmpdir() } })).toMatchObject({ code: 2, stderr: expect.stringMatching(/not inside a git repository/) });
    expect(await sitecheck(['diff', 'HEAD', '--format', 'sarif'], { cwd: repo })).toMatchObject({ code: 2, stderr: expect.stringMatching(/valid formats: text, json, markdown/) });
  });
});
