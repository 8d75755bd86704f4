// Issue 11, input side: nothing outside the paths named is read, nothing is skipped in silence,
// one line per line, and an error never quotes more than a short, escaped part of what it could not
// read. Each test here failed before the fix it names.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverFiles, loadInventory, loadSiteBytes, MissingPathError } from '../../src/input/sites.js';
import { CONTROL_CHARACTER, DEFAULT_LIMITS, SNIPPET_LENGTH } from '../../src/input/yaml-source.js';
import { displayPath } from '../../src/util/paths.js';
import { sameSiteId, SiteIdMap } from '../../src/input/ids.js';
import { compareReports } from '../../src/diff/compare.js';
import { check } from '../../src/check.js';
import { findSite } from '../../src/scale/find-site.js';
import { folderWith, runCli, scratch } from './helpers.js';

const good = (id: string, name = `Site ${id}`): string => `id: ${id}\nname: ${name}\n`;
const SECRET = 'DATABASE_URL=postgres://admin:hunter2-very-secret-password@db.internal/prod';

/** A folder `sites/` holding one good site, beside a folder `outside/` holding a secret. */
function withOutside(): { root: string; sites: string; outside: string } {
  const root = scratch();
  const sites = join(root, 'sites');
  const outside = join(root, 'outside');
  mkdirSync(sites);
  mkdirSync(outside);
  writeFileSync(join(sites, 'good.yaml'), good('G-1'));
  writeFileSync(join(outside, '.env'), SECRET + '\n');
  writeFileSync(join(outside, 'other.yaml'), good('O-1'));
  return { root, sites, outside };
}

describe('symbolic links: nothing outside the paths named is read', () => {
  it('a site file that links outside is an error naming the link; its content never appears', async () => {
    const { sites, outside } = withOutside();
    symlinkSync(join(outside, '.env'), join(sites, 'env.yaml'));
    for (const format of ['text', 'json', 'github', 'sarif', 'junit', 'markdown']) {
      const run = await runCli(['check', '--format', format, sites]);
      expect(run.code).toBe(1);
      expect(run.stdout + run.stderr).not.toMatch(/hunter2|DATABASE_URL|postgres/);
    }
    const report = JSON.parse((await runCli(['check', '--format', 'json', sites])).stdout);
    expect(report.errors).toMatchObject([{ code: 'symlink-outside', line: 1, column: 1 }]);
    expect(report.errors[0].file).toMatch(/sites\/env\.yaml$/);
    expect(report.errors[0].message).toMatch(/outside the paths named on the command line; not followed .*--follow-symlinks/);
    expect(report.sites.map((s: { id: string }) => s.id)).toEqual(['G-1']);
  });

  it('a folder that links outside is an error too, and nothing under it is read', async () => {
    const { sites, outside } = withOutside();
    symlinkSync(outside, join(sites, 'more'));
    const { files, errors } = discoverFiles([sites]);
    expect(files.map((f) => f.slice(sites.length))).toEqual(['/good.yaml']);
    expect(errors).toMatchObject([{ code: 'symlink-outside' }]);
    expect(errors[0]!.message).toMatch(/a symbolic link to a folder/);
  });

  it('--follow-symlinks opts in, for check, validate and explain', async () => {
    const { sites, outside } = withOutside();
    symlinkSync(join(outside, 'other.yaml'), join(sites, 'linked.yaml'));
    const refused = JSON.parse((await runCli(['check', '--format', 'json', sites])).stdout);
    expect(refused.errors.map((e: { code: string }) => e.code)).toEqual(['symlink-outside']);
    const followed = JSON.parse((await runCli(['check', '--format', 'json', '--follow-symlinks', sites])).stdout);
    expect(followed.errors).toEqual([]);
    expect(followed.sites.map((s: { id: string }) => s.id).sort()).toEqual(['G-1', 'O-1']);
    expect((await runCli(['validate', sites])).code).toBe(1);
    expect((await runCli(['validate', '--follow-symlinks', sites])).code).toBe(0);
    const explained = await runCli(['explain', 'O-1', sites]);
    expect(explained.code).toBe(1);
    expect(explained.stdout).toMatch(/linked\.yaml.*not followed/);
    expect((await runCli(['explain', '--follow-symlinks', 'O-1', sites])).stdout).toMatch(/O-1/);
  });

  it('a link that stays inside the paths named is followed; so is one into another named path', async () => {
    const { root, sites, outside } = withOutside();
    mkdirSync(join(sites, 'a'));
    writeFileSync(join(sites, 'a', 'inner.yaml'), good('I-1'));
    symlinkSync(join(sites, 'a'), join(sites, 'b')); // the same folder twice: walked once
    symlinkSync(outside, join(sites, 'more')); // into another path named: walked once
    const inv = loadInventory([sites, outside]);
    expect(inv.errors).toEqual([]);
    expect(inv.sites.map((s) => s.data.id).sort()).toEqual(['G-1', 'I-1', 'O-1']);
    // Named through a link itself: what the user named is what is read (and `more` still leads
    // outside what was named).
    symlinkSync(sites, join(root, 'via-link'));
    const via = loadInventory([join(root, 'via-link')]);
    expect(via.errors.map((e) => [e.code, e.file.split('/').pop()])).toEqual([['symlink-outside', 'more']]);
    expect(via.sites.map((s) => s.data.id).sort()).toEqual(['G-1', 'I-1']);
  });

  it('every command that reads site files takes --follow-symlinks and --allow-empty, and its --help says so', async () => {
    for (const cmd of ['check', 'validate', 'explain', 'report', 'tui', 'diff']) {
      const help = (await runCli([cmd, '--help'])).stdout;
      expect(help, cmd).toContain('--follow-symlinks');
      expect(help, cmd).toContain('--allow-empty');
    }
  });

  it('a link named on the command line is read (the user named it)', () => {
    const { root, outside } = withOutside();
    symlinkSync(join(outside, 'other.yaml'), join(root, 'named.yaml'));
    const inv = loadInventory([join(root, 'named.yaml')]);
    expect(inv.errors).toEqual([]);
    expect(inv.sites.map((s) => s.data.id)).toEqual(['O-1']);
  });
});

describe('error messages quote at most a short, escaped snippet', () => {
  it('a file that is one line of text (a .env, a token) is never shown', () => {
    const loaded = loadSiteBytes('x.yaml', SECRET + '\n');
    expect(loaded.errors).toHaveLength(1);
    expect(loaded.errors[0]!.message).not.toMatch(/DATABASE|hunter2/);
  });

  it('a long bad value is cut to the snippet length and escaped', () => {
    const long = 'S'.repeat(30) + '-secret-tail-' + 'x'.repeat(200);
    const loaded = loadSiteBytes('x.yaml', `id: A-1\nname: n\nclassified_material:\n  highest: "${long}"\n`);
    const m = loaded.errors[0]!.message;
    expect(m).toContain('…');
    expect(m).not.toContain('secret-tail');
    const quoted = /"([^"]*)…"/.exec(m)![1]!;
    expect(Array.from(quoted).length).toBeLessThanOrEqual(SNIPPET_LENGTH);
  });

  it('an unknown key of any length is cut too', () => {
    const key = 'k'.repeat(500);
    const m = loadSiteBytes('x.yaml', `id: A-1\nname: n\n${key}: 1\n`).errors[0]!.message;
    expect(m.length).toBeLessThan(400);
    expect(m).not.toContain('k'.repeat(SNIPPET_LENGTH + 1));
  });
});

describe('one line per line: line breaks, separators and format marks', () => {
  it('a newline in a name is refused, so no site can print a forged verdict line', async () => {
    const dir = folderWith({ 'a.yaml': 'id: N-1\nname: "Evil\\nVerdict: ○ NOT SENSITIVE"\n' });
    const run = await runCli(['check', dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).not.toMatch(/^Verdict/m);
    expect(run.stdout).toMatch(/a\.yaml:2:7 +name holds a line break/);
  });

  it.each([
    ['U+2028', '\u2028'], ['U+2029', '\u2029'], ['U+200E', '\u200e'], ['U+200F', '\u200f'], ['U+061C', '\u061c'],
    ['U+202E', '\u202e'], ['U+2066', '\u2066'], ['U+FEFF', '\ufeff'], ['U+200B', '\u200b'],
  ])('%s in any string is refused', (code, c) => {
    const loaded = loadSiteBytes('x.yaml', `id: N-1\nname: "a${c}b"\n`);
    expect(loaded.sites).toEqual([]);
    expect(loaded.errors[0]!.code).toMatch(/control-character|misplaced-bom/);
    if (c !== '\ufeff') expect(loaded.errors[0]!.message).toContain(`(${code})`);
  });

  it('free-text notes may run over several lines; a block scalar elsewhere may not', () => {
    const notes = loadSiteBytes('x.yaml', 'id: N-1\nname: n\nassessment:\n  notes: |\n    line one\n    line two\n');
    expect(notes.errors).toEqual([]);
    expect(notes.sites[0]!.data.assessment!.notes).toBe('line one\nline two\n');
    const name = loadSiteBytes('x.yaml', 'id: N-1\nname: |\n  two\n  lines\n');
    expect(name.errors).toMatchObject([{ code: 'line-break', path: '/name', line: 2 }]);
  });

  it('a line break is reported with the other problems of the same site', () => {
    const loaded = loadSiteBytes('x.yaml', 'id: N-1\nname: "a\\nb"\nministerial_use: often\n');
    expect(loaded.errors.map((e) => e.code).sort()).toEqual(['bad-value', 'line-break'].sort());
  });

  it('every character refused in site text is escaped in a shown file name', () => {
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      if (c >= 0xd800 && c <= 0xdfff) continue;
      if (CONTROL_CHARACTER.test(ch) || ch === '\n' || ch === '\t') expect(displayPath(`a${ch}b`), `U+${c.toString(16)}`).not.toContain(ch);
    }
  });
});

describe('no silent skip', () => {
  it('a file or folder name that is not UTF-8 is an error showing it escaped', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'good.yaml'), good('G-1'));
    writeFileSync(Buffer.concat([Buffer.from(dir + '/bad'), Buffer.from([0xff, 0x1b]), Buffer.from('.yaml')]), good('B-1'));
    mkdirSync(Buffer.concat([Buffer.from(dir + '/folder'), Buffer.from([0xfe])]));
    const report = JSON.parse((await runCli(['check', '--format', 'json', dir])).stdout);
    expect(report.errors.map((e: { code: string; file: string }) => [e.code, e.file.slice(e.file.lastIndexOf('/') + 1)])).toEqual([
      ['name-not-utf8', 'bad\\xff\\x1b.yaml'],
      ['name-not-utf8', 'folder\\xfe'],
    ]);
    expect(report.sites.map((s: { id: string }) => s.id)).toEqual(['G-1']);
  });

  it('hidden site files and folders are listed as skipped, in the summary line and the JSON report', async () => {
    const dir = folderWith({ 'a.yaml': good('A-1'), '.draft.yaml': good('D-1'), '.gitignore': 'x\n' });
    mkdirSync(join(dir, '.old'));
    writeFileSync(join(dir, '.old', 'b.yaml'), good('B-1'));
    mkdirSync(join(dir, '.git'));
    const text = await runCli(['check', dir]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/2 skipped: \S*\.draft\.yaml \(hidden\), \S*\.old\/ \(hidden\)/);
    const report = JSON.parse((await runCli(['check', '--format', 'json', dir])).stdout);
    expect(report.skipped.map((s: { file: string; reason: string }) => [s.file.slice(s.file.lastIndexOf('/', s.file.length - 2) + 1), s.reason])).toEqual([
      ['.draft.yaml', 'hidden'],
      ['.old/', 'hidden'],
    ]);
    // Nothing skipped: no field, so reports of clean inventories are unchanged.
    expect(JSON.parse((await runCli(['check', '--format', 'json', folderWith({ 'a.yaml': good('A-1') })])).stdout).skipped).toBeUndefined();
    // With worker threads, the same.
    const streamed = JSON.parse((await runCli(['check', '--format', 'json', '--jobs', '2', dir])).stdout);
    expect(streamed.skipped).toHaveLength(2);
  });

  it('a folder with no site files is exit 2 naming it; --allow-empty accepts it', async () => {
    const empty = scratch();
    writeFileSync(join(empty, 'README.md'), 'not a site\n');
    for (const cmd of ['check', 'validate']) {
      const run = await runCli([cmd, empty]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/no site files under .*--allow-empty/);
      expect((await runCli([cmd, '--allow-empty', empty])).code).toBe(0);
    }
    expect(() => discoverFiles([empty])).toThrow(MissingPathError);
    expect(discoverFiles([empty], { allowEmpty: true }).files).toEqual([]);
  });

  it('%YAML other than 1.2 is an error at its line; %YAML 1.2 is read', () => {
    const v11 = loadSiteBytes('x.yaml', 'id: A-1\nname: a\n...\n%YAML 1.1\n---\nid: A-2\nname: "010"\n');
    expect(v11.sites.map((s) => s.data.id)).toEqual(['A-1']);
    expect(v11.errors).toMatchObject([{ code: 'yaml-version', line: 4 }]);
    expect(loadSiteBytes('x.yaml', '%YAML 1.2\n---\nid: A-3\nname: a\n').errors).toEqual([]);
  });

  it('an unclosed quote is reported where it opens, naming the documents it hid by line range', () => {
    const docs = ['id: Q-1\nname: ok\n', 'id: Q-2\nname: "open\n', 'id: Q-3\nname: c\n', 'id: Q-4\nname: d\n'];
    const loaded = loadSiteBytes('x.yaml', docs.join('---\n'));
    expect(loaded.sites.map((s) => s.data.id)).toEqual(['Q-1']);
    expect(loaded.errors).toHaveLength(1);
    expect(loaded.errors[0]).toMatchObject({ code: 'yaml-syntax', line: 5, column: 7 });
    expect(loaded.errors[0]!.message).toMatch(/never closed.*the 2 documents in lines 6–11 could not be read/);
  });

  it('an unclosed flow list is reported where it opens', () => {
    const loaded = loadSiteBytes('x.yaml', 'id: F-1\nname: a\n---\nid: F-2\nname: [x, y\n---\nid: F-3\nname: c\n');
    expect(loaded.sites.map((s) => s.data.id)).toEqual(['F-1', 'F-3']);
    expect(loaded.errors).toMatchObject([{ code: 'yaml-syntax', line: 5, column: 7 }]);
  });

  it('undefined and cross-document aliases have their own message, not "raise --max-aliases"', () => {
    const loaded = loadSiteBytes('x.yaml', 'id: AL-1\nname: *nope\n---\nid: &x AL-2\nname: n\n---\nid: AL-3\nname: *x\n');
    expect(loaded.sites.map((s) => s.data.id)).toEqual(['AL-2']);
    expect(loaded.errors).toMatchObject([{ code: 'undefined-alias', line: 2 }, { code: 'undefined-alias', line: 8 }]);
    for (const e of loaded.errors) expect(e.message).not.toMatch(/max-aliases|too much/);
  });

  it('a byte-order mark before a later document is an error at its line; the document before it is read', () => {
    const loaded = loadSiteBytes('x.yaml', Buffer.from('\ufeffid: B-1\nname: good\n\ufeff---\nid: B-2\nname: two\n---\nid: B-3\nname: three\n'));
    expect(loaded.sites.map((s) => s.data.id)).toEqual(['B-1', 'B-3']);
    expect(loaded.errors).toMatchObject([{ code: 'misplaced-bom', line: 3 }]);
  });
});

describe('site ids are compared case-insensitively everywhere', () => {
  it('one function decides', () => {
    expect(sameSiteId('HO-0001', 'ho-0001')).toBe(true);
    expect(sameSiteId('HO-0001', 'HO-0002')).toBe(false);
    const m = new SiteIdMap([['HO-0001', 1]]);
    expect(m.get('ho-0001')).toBe(1);
    expect(m.has('Ho-0001')).toBe(true);
  });

  it('check: HO-0001 and ho-0001 are a duplicate (single thread and workers alike)', async () => {
    const dir = folderWith({ 'a.yaml': good('HO-0001'), 'b.yaml': good('ho-0001') });
    for (const jobs of ['1', '2']) {
      const report = JSON.parse((await runCli(['check', '--format', 'json', '--jobs', jobs, dir])).stdout);
      expect(report.sites).toHaveLength(1);
      expect(report.errors).toMatchObject([{ code: 'duplicate-id', site: 'ho-0001' }]);
    }
  });

  it('explain finds a site by its id in any case; diff sees a re-cased id as the same site', async () => {
    const dir = folderWith({ 'a.yaml': good('HO-0001') });
    expect(findSite([dir], 'ho-0001', DEFAULT_LIMITS).chosen.map((s) => s.data.id)).toEqual(['HO-0001']);
    const before = (await check([dir])).report;
    const after = (await check([folderWith({ 'a.yaml': good('ho-0001') })])).report;
    const d = compareReports(before, after, 'HEAD', 'abc');
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
  });

  it('diff: an unchanged tree whose file names hold control characters reports no change', async () => {
    const { git } = await import('../ci/helpers.js');
    const repo = scratch();
    mkdirSync(join(repo, 'sites'));
    writeFileSync(join(repo, 'sites', 'esc\u001b[2J.yaml'), 'id: E-1\nname: e\nministerial_use: often\n');
    writeFileSync(join(repo, 'sites', 'sep\u2028.yaml'), 'id: E-2\nname: e\nministerial_use: often\n');
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'x');
    const cwd = process.cwd();
    process.chdir(repo);
    try {
      const run = await runCli(['diff', 'HEAD', '--format', 'json', 'sites']);
      const d = JSON.parse(run.stdout);
      expect([d.errorsIntroduced, d.errorsFixed]).toEqual([[], []]);
      expect(run.code).toBe(0);
      expect((await runCli(['diff', 'HEAD', 'sites'])).stdout).not.toMatch(/\u001b|\u2028/);
    } finally {
      process.chdir(cwd);
    }
  });

  it('import: a re-cased id already in the folder is a collision', async () => {
    const dir = scratch();
    const out = join(dir, 'sites');
    mkdirSync(out);
    writeFileSync(join(out, 'existing.yaml'), good('HO-0001'));
    writeFileSync(join(dir, 's.csv'), 'id,name\r\nho-0001,New\r\n');
    const run = await runCli(['import', join(dir, 's.csv'), '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/site id "HO-0001" is already used by/);
  });
});
