// Nothing from an input file reaches the terminal as a command: escape sequences, other control
// characters and bidirectional overrides in site text, keys or file names are refused or escaped.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSiteBytes } from '../../src/input/sites.js';
import { displayPath } from '../../src/util/paths.js';
import { runCli, scratch, TERMINAL_CONTROL } from './helpers.js';


describe('terminal safety', () => {
  it.each([
    ['an escape sequence in a name', 'name: "evil \\e[2J\\e]0;pwned\\a"\n', 2, 7, '/name', 'U+001B'],
    ['a raw ESC byte in a plain scalar', 'name: evil \u001b[31m red\n', 2, 7, '/name', 'U+001B'],
    ['a C1 control (NEL) in an address', 'name: n\naddress: "a\\u0085b"\n', 3, 10, '/address', 'U+0085'],
    ['a right-to-left override in an organisation', 'name: n\norganisation: "Home \u202eeciffO"\n', 3, 15, '/organisation', 'U+202E'],
    ['a carriage return in a note', 'name: n\nassessment:\n  notes: "line\\roverwritten"\n', 4, 10, '/assessment/notes', 'U+000D'],
    ['an escape sequence in a key', 'name: n\n"\\e[2J": 1\n', 3, 1, '', 'U+001B'],
  ])('%s is refused at its line', (_what, body, line, column, path, code) => {
    const loaded = loadSiteBytes('t.yaml', `id: T-1\n${body}`);
    expect(loaded.sites).toEqual([]);
    expect(loaded.errors[0]).toMatchObject({ code: 'control-character', line, column, path });
    expect(loaded.errors[0]!.message).toContain(code);
    expect(loaded.errors[0]!.message).not.toMatch(TERMINAL_CONTROL);
  });

  it('tabs, newlines, accents, right-to-left scripts and emoji are ordinary text', () => {
    const loaded = loadSiteBytes('t.yaml', 'id: T-1\nname: "Tŷ Hywel\\tمبنى 🏛"\nassessment:\n  notes: |\n    two\n    lines\n');
    expect(loaded.errors).toEqual([]);
    expect(loaded.sites[0]!.data.name).toBe('Tŷ Hywel\tمبنى 🏛');
  });

  it('a file name with an escape sequence is shown escaped, in every format', async () => {
    const dir = scratch();
    const evil = join(dir, 'evil\u001b[2J\u202e.yaml');
    writeFileSync(evil, 'id: F-1\nname: n\nbad_key: 1\n');
    expect(displayPath(evil)).toMatch(/evil\\x1b\[2J\\u202e\.yaml$/);
    for (const format of ['text', 'json']) {
      const run = await runCli(['check', '--format', format, dir]);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('evil\\');
      expect(run.stdout).not.toMatch(TERMINAL_CONTROL);
    }
  });

  it('YAML syntax errors that quote the input escape what they quote (found by the site fuzz)', async () => {
    for (const bad of ['"\\u2066x"\nid: HX-0001\n\u202e', 'a: b\n\u001b[2J\n', '[\u001b]0;x\u0007']) {
      const loaded = loadSiteBytes('q.yaml', bad);
      expect(loaded.errors.length).toBeGreaterThan(0);
      for (const e of loaded.errors) expect(e.message).not.toMatch(TERMINAL_CONTROL);
    }
    const dir = scratch();
    writeFileSync(join(dir, 'q.yaml'), '"x"\nid: HX-0001\n\u202e');
    const run = await runCli(['check', dir]);
    expect(run.stdout).toContain('Unexpected scalar token in YAML stream: "\\u202e"');
    expect(run.stdout).not.toMatch(TERMINAL_CONTROL);
  });
});
