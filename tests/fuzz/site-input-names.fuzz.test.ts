// Fuzzing what the directory walk meets and what reaches an error message (issue 11):
//   - file and folder names of any bytes (not UTF-8, control characters, newlines, direction
//     marks), hidden names, and symbolic links inside, outside and to nothing: every site file is
//     read, or an error names it, or it is listed as skipped; nothing outside the named folder is
//     read; nothing from a name reaches the terminal raw;
//   - refused characters (line breaks, separators, format and direction marks) anywhere in a site
//     string: the site is refused, or the character is in free-text notes (only \n allowed there);
//   - an error message never holds more than a short snippet of a value it could not read.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadSiteBytes } from '../../src/input/sites.js';
import { CONTROL_CHARACTER, SNIPPET_LENGTH } from '../../src/input/yaml-source.js';
import type { InputError } from '../../src/model.js';
import { runCli, scratch, TERMINAL_CONTROL } from '../hardening/helpers.js';
import { fuzz, TIMEOUT } from './config.js';

const SECRET = 'hunter2-outside-the-inventory';
/** Everything refused in site text, and the line break refused outside free text. */
const REFUSED = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u180e\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/;

/** Bytes of one file name: anything but NUL and '/', often not UTF-8, sometimes hidden. */
const nameBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 12 }).map((b) => b.map((x) => (x === 0 || x === 0x2f ? 0x5f : x))),
  fc.string({ minLength: 1, maxLength: 10 }).map((s) => new Uint8Array(Buffer.from(s.replace(/[\0/]/g, '_')))),
  fc.constantFrom('\u001b[2Jx', 'a\nb', 'r\u202eevil', 'l\u2028s', '.hidden', 'm\u200ek', 'x\ty').map((s) => new Uint8Array(Buffer.from(s))),
).map((b) => (b.length === 1 && b[0] === 0x2e) || (b.length === 2 && b[0] === 0x2e && b[1] === 0x2e) ? new Uint8Array([0x5f]) : b);

type Entry =
  | { kind: 'file'; name: Uint8Array; hidden: boolean }
  | { kind: 'link-outside'; name: Uint8Array }
  | { kind: 'link-inside'; name: Uint8Array }
  | { kind: 'dangling'; name: Uint8Array };

const entry: fc.Arbitrary<Entry> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(nameBytes, fc.boolean()).map(([name, hidden]): Entry => ({ kind: 'file', name, hidden })) },
  { weight: 1, arbitrary: nameBytes.map((name): Entry => ({ kind: 'link-outside', name })) },
  { weight: 1, arbitrary: nameBytes.map((name): Entry => ({ kind: 'link-inside', name })) },
  { weight: 1, arbitrary: nameBytes.map((name): Entry => ({ kind: 'dangling', name })) },
);

const utf8 = (b: Uint8Array): string | undefined => {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    return undefined;
  }
};

describe('fuzz: file names and links', () => {
  it('every site file is read, named by an error or listed as skipped; nothing outside is read or shown raw', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(entry, { minLength: 1, maxLength: 8, selector: (e) => Buffer.from(e.name).toString('hex') }), fc.boolean(), async (entries, inFolder) => {
        const root = scratch('sitecheck-fuzz-names-');
        const outside = join(root, 'outside');
        const sites = join(root, 'sites');
        mkdirSync(outside);
        mkdirSync(sites);
        writeFileSync(join(outside, 'secret.yaml'), `id: OUT-1\nname: ${SECRET}\n`);
        writeFileSync(join(sites, 'anchor.yaml'), 'id: ANCHOR-1\nname: Anchor\n');
        // Some entries go into a subfolder whose own name is fuzzed too.
        const folderName = Buffer.concat([Buffer.from('d-'), Buffer.from(entries[0]!.name)]);
        const folderOk = utf8(folderName) !== undefined && !folderName.toString().startsWith('.');
        const base = inFolder ? Buffer.concat([Buffer.from(sites + '/'), folderName]) : Buffer.from(sites);
        if (inFolder) mkdirSync(base);
        const expected: { id: string; name: Uint8Array; kind: Entry['kind']; hidden: boolean }[] = [];
        for (const e of entries) {
          const hidden = e.kind === 'file' && e.hidden;
          const name = Buffer.concat([Buffer.from(hidden ? '.' : ''), Buffer.from(e.name), Buffer.from('.yaml')]);
          const path = Buffer.concat([base, Buffer.from('/'), name]);
          const id = `F-${++n}`;
          if (e.kind === 'file') writeFileSync(path, `id: ${id}\nname: File ${id}\n`);
          else if (e.kind === 'link-outside') symlinkSync(join(outside, 'secret.yaml'), path);
          else if (e.kind === 'link-inside') symlinkSync(join(sites, 'anchor.yaml'), path);
          else symlinkSync(join(root, 'nowhere.yaml'), path);
          expected.push({ id, name, kind: e.kind, hidden: name[0] === 0x2e });
        }
        const run = await runCli(['check', '--format', 'json', '--fail-on', 'none', sites]);
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        const report = JSON.parse(run.stdout) as { sites: { id: string; name: string }[]; errors: InputError[]; skipped?: { file: string; reason: string }[] };
        const ids = new Set(report.sites.map((s) => s.id));
        // Nothing outside the inventory: not its sites, not its content.
        expect(ids.has('OUT-1')).toBe(false);
        expect(run.stdout).not.toContain(SECRET);
        expect(ids.has('ANCHOR-1')).toBe(true);
        const codes = report.errors.map((e) => e.code);
        for (const x of expected) {
          const shownOk = utf8(x.name) !== undefined;
          if (inFolder && !folderOk) continue; // the folder itself is refused or skipped (below)
          if (!shownOk) {
            expect(codes).toContain('name-not-utf8');
          } else if (x.hidden) {
            expect(report.skipped?.some((s) => s.reason === 'hidden')).toBe(true);
          } else if (x.kind === 'file') {
            expect(ids.has(x.id), `site ${x.id} from ${Buffer.from(x.name).toString('hex')}`).toBe(true);
          } else if (x.kind === 'link-outside') {
            expect(codes).toContain('symlink-outside');
          } else if (x.kind === 'dangling') {
            expect(report.skipped?.some((s) => s.reason === 'broken-link')).toBe(true);
          }
        }
        if (inFolder && !folderOk) {
          expect(codes.includes('name-not-utf8') || report.skipped?.some((s) => s.reason === 'hidden')).toBe(true);
        }
        // Every shown file name is escaped: no control or direction character reaches the terminal.
        for (const e of report.errors) expect(e.file).not.toMatch(REFUSED);
        for (const s of report.skipped ?? []) expect(s.file).not.toMatch(REFUSED);
        const text = await runCli(['check', '--fail-on', 'none', sites]);
        expect(text.stdout).not.toMatch(TERMINAL_CONTROL);
        expect(text.stdout).not.toContain(SECRET);
        // With --follow-symlinks the outside file is read through every link to it, and no link
        // error remains.
        if (expected.some((x) => x.kind === 'link-outside' && !x.hidden && utf8(x.name) !== undefined && (!inFolder || folderOk))) {
          const followed = JSON.parse((await runCli(['check', '--format', 'json', '--fail-on', 'none', '--follow-symlinks', sites])).stdout) as { sites: { id: string }[]; errors: InputError[] };
          expect(followed.sites.some((s) => s.id === 'OUT-1')).toBe(true);
          expect(followed.errors.map((e) => e.code)).not.toContain('symlink-outside');
        }
      }),
      fuzz(25, 4_000),
    );
  }, TIMEOUT);
});

/** Text that mixes ordinary letters with the characters that would forge or hide a line. */
const riskyText: fc.Arbitrary<string> = fc
  .array(fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('a', 'Z', ' ', '9', 'é', '海', ':', '#', '"') },
    { weight: 1, arbitrary: fc.constantFrom('\n', '\r', '\u2028', '\u2029', '\u200e', '\u200f', '\u061c', '\u202a', '\u202e', '\u2066', '\u2069', '\u200b', '\ufeff', '\u0085', '\u001b', '\u0007', '\u180e', '\u2060') },
  ), { minLength: 1, maxLength: 30 })
  .map((cs) => cs.join(''));

const FIELDS = ['name', 'organisation', 'address', 'notes', 'model', 'manufacturer'] as const;

function siteWith(field: (typeof FIELDS)[number], value: string): string {
  const v = JSON.stringify(value);
  const base = 'id: R-1\nname: Plain\n';
  if (field === 'name') return `id: R-1\nname: ${v}\n`;
  if (field === 'notes') return `${base}assessment:\n  notes: ${v}\n`;
  if (field === 'model' || field === 'manufacturer') {
    return `${base}equipment:\n  - id: E-1\n    kind: cctv-camera\n    manufacturer: ${field === 'manufacturer' ? v : 'Axis'}\n    status: installed\n${field === 'model' ? `    model: ${v}\n` : ''}`;
  }
  return `${base}${field}: ${v}\n`;
}

describe('fuzz: one line per line', () => {
  it('a site with a refused character anywhere is refused; notes may hold only a plain line break', async () => {
    await fc.assert(
      fc.property(fc.constantFrom(...FIELDS), riskyText, (field, value) => {
        const loaded = loadSiteBytes('r.yaml', siteWith(field, value));
        const allowed = field === 'notes' ? !CONTROL_CHARACTER.test(value) : !REFUSED.test(value);
        if (allowed) {
          expect(loaded.errors.filter((e) => e.code === 'control-character' || e.code === 'line-break')).toEqual([]);
        } else {
          expect(loaded.sites).toEqual([]);
          expect(loaded.errors.length).toBeGreaterThan(0);
        }
        for (const s of loaded.sites) {
          const strings = JSON.stringify(s.data);
          expect(JSON.parse(strings).name).not.toMatch(REFUSED);
        }
        for (const e of loaded.errors) expect(e.message).not.toMatch(REFUSED);
      }),
      fuzz(500),
    );
  }, TIMEOUT);

  it('the text output never starts a line from inside a site string', async () => {
    const dir = scratch('sitecheck-fuzz-lines-');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...FIELDS), riskyText, async (field, value) => {
        writeFileSync(join(dir, 'r.yaml'), siteWith(field, `Verdict: FORGED ${value} Verdict: FORGED`));
        const run = await runCli(['check', '--fail-on', 'none', dir]);
        expect(run.stdout).not.toMatch(/^\s*Verdict: FORGED/m);
        expect(run.stdout).not.toMatch(TERMINAL_CONTROL);
      }),
      fuzz(60),
    );
  }, TIMEOUT);
});

describe('fuzz: error messages quote only a snippet', () => {
  it('no message holds more than SNIPPET_LENGTH characters of a value it could not read', async () => {
    const secretish = fc.string({ minLength: SNIPPET_LENGTH + 1, maxLength: 400, unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789=:/@+_'.split('')) });
    const placement = fc.constantFrom(
      (s: string) => `${s}\n`, // the whole file
      (s: string) => `id: A-1\nname: n\nministerial_use: "${s}"\n`, // a bad enum value
      (s: string) => `id: A-1\nname: n\n${s}: 1\n`, // an unknown key
      (s: string) => `id: "${s}"\nname: n\n`, // a bad id
      (s: string) => `id: A-1\nname: n\nvetting:\n  staff_total: "${s}"\n`, // a bad count
      (s: string) => `id: A-1\nname: n\n- "${s}"\n`, // a syntax error
      (s: string) => `id: A-1\nname: [${s}\n`, // an unclosed list
    );
    await fc.assert(
      fc.property(secretish, placement, (value, place) => {
        const loaded = loadSiteBytes('s.yaml', place(value));
        for (const e of loaded.errors) {
          // Any SNIPPET_LENGTH + 1 consecutive characters of the value would be too many.
          for (let i = 0; i + SNIPPET_LENGTH < value.length; i += 7) {
            expect(e.message).not.toContain(value.slice(i, i + SNIPPET_LENGTH + 1));
          }
        }
      }),
      fuzz(300),
    );
  }, TIMEOUT);
});

describe('fuzz: file names from git history (diff)', () => {
  it('diff of an unchanged tree reports no change, whatever the names; no name reaches the terminal raw', async () => {
    const { git } = await import('../ci/helpers.js');
    const name = fc.string({ minLength: 1, maxLength: 8 }).chain((s) => fc.constantFrom(s, `${s}\u001b[2J`, `a\u202e${s}`, `${s}\nVerdict`, `l\u2028${s}`, `t\t${s}`))
      .map((s) => s.replace(/[\0/]/g, '_').replace(/^\.+/, '_'));
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(name, { minLength: 1, maxLength: 4 }), async (names) => {
        const repo = scratch('sitecheck-fuzz-git-');
        mkdirSync(join(repo, 'sites'));
        // Every other file has an input error, so the names are in what diff compares and prints.
        names.forEach((n, i) => writeFileSync(join(repo, 'sites', `${n}.yaml`), `id: GIT-${i}\nname: Site ${i}\nministerial_use: ${i % 2 ? 'often' : 'routine'}\n`));
        git(repo, 'init', '-q', '-b', 'main');
        git(repo, 'add', '.');
        git(repo, 'commit', '-q', '-m', 'x');
        const cwd = process.cwd();
        process.chdir(repo);
        try {
          const text = await runCli(['diff', 'HEAD', '--fail-on', 'errors', '--format', 'markdown', 'sites']);
          expect(text.stderr).toBe('');
          expect(text.code).toBe(0);
          expect(text.stdout).not.toMatch(TERMINAL_CONTROL);
          const json = await runCli(['diff', 'HEAD', '--format', 'json', 'sites']);
          const d = JSON.parse(json.stdout) as { added: unknown[]; removed: unknown[]; changed: unknown[]; errorsIntroduced: unknown[]; errorsFixed: unknown[] };
          expect([d.added, d.removed, d.changed, d.errorsIntroduced, d.errorsFixed]).toEqual([[], [], [], [], []]);
        } finally {
          process.chdir(cwd);
        }
      }),
      fuzz(10, 4_000),
    );
  }, TIMEOUT);
});
