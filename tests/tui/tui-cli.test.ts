// `sitecheck tui` and bare `sitecheck` outside a terminal, and the promise that `check` never loads
// Ink or React.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, afterAll } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { IO } from '../../src/cli/options.js';
import { fixtureDir, removeFixtures } from './tui-fixtures.js';

afterAll(removeFixtures);

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function fakeIO(tty: { stdin: boolean; stdout: boolean }): IO & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: Object.assign({ write: (s: string) => ((out += s), true) }, { isTTY: tty.stdout }) as unknown as IO['stdout'],
    stderr: { write: (s: string) => ((err += s), true) } as unknown as IO['stderr'],
    stdin: { isTTY: tty.stdin } as unknown as IO['stdin'],
    env: { NO_COLOR: '1' },
    out: () => out,
    err: () => err,
  };
}

describe('sitecheck tui outside a terminal', () => {
  for (const tty of [{ stdin: false, stdout: true }, { stdin: true, stdout: false }, { stdin: false, stdout: false }]) {
    it(`exits 2 pointing to sitecheck check (stdin ${tty.stdin ? 'TTY' : 'not a TTY'}, stdout ${tty.stdout ? 'TTY' : 'not a TTY'})`, async () => {
      const io = fakeIO(tty);
      expect(await main(['tui', fixtureDir()], io)).toBe(2);
      expect(io.err()).toMatch(/^sitecheck: tui needs an interactive terminal .*use `sitecheck check \[PATH\.\.\.\]` instead\.\n$/);
      expect(io.out()).toBe('');
    });
  }

  it('still checks its arguments first (a bad option is a usage error, not a terminal error)', async () => {
    const io = fakeIO({ stdin: false, stdout: false });
    expect(await main(['tui', '--format', 'json'], io)).toBe(2);
    expect(io.err()).toMatch(/unknown option --format/);
  });

  it('has --help, and is listed in sitecheck --help', async () => {
    const io = fakeIO({ stdin: false, stdout: false });
    expect(await main(['tui', '--help'], io)).toBe(0);
    expect(io.out()).toContain('Usage: sitecheck tui [PATH...]');
    const io2 = fakeIO({ stdin: false, stdout: false });
    await main(['--help'], io2);
    expect(io2.out()).toMatch(/\n {2}tui {7}the interactive terminal UI/);
  });
});

describe('bare sitecheck', () => {
  it('runs check on sites/ when not in a terminal', async () => {
    const io = fakeIO({ stdin: false, stdout: false });
    const code = await main([], io);
    const direct = fakeIO({ stdin: false, stdout: false });
    const directCode = await main(['check', 'sites/'], direct);
    expect(code).toBe(directCode);
    expect(io.out()).toBe(direct.out());
    expect(io.out()).toMatch(/sensitive/);
  });
});

describe('start-up cost of check', () => {
  /** Every module reached from `entry` through static imports (dynamic import() not followed). */
  function staticGraph(entry: string): Set<string> {
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      if (!file.startsWith('/')) return; // a package
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^\s*(?:import|export)\s(?:[^'"()]*?\sfrom\s)?['"]([^'"]+)['"]/gm)) {
        const spec = m[1]!;
        visit(spec.startsWith('.') ? resolve(dirname(file), spec) : spec.split('/')[0]!.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
      }
    };
    visit(entry);
    return seen;
  }

  it('the CLI loads Ink, React and the TUI only through a dynamic import in the tui command', () => {
    const main = join(ROOT, 'dist/cli/main.js');
    // main imports each command's module when that command runs: what `check` loads is main's
    // static graph and the check command's.
    expect(readFileSync(main, 'utf8')).toMatch(/import\(['"]\.\/commands\/check\.js['"]\)/);
    const graph = new Set([...staticGraph(main), ...staticGraph(join(ROOT, 'dist/cli/commands/check.js'))]);
    expect(graph.has(join(ROOT, 'dist/scale/check-run.js'))).toBe(true);
    expect(graph.has('yaml')).toBe(true); // the walk does reach packages
    expect(graph.has('ink')).toBe(false);
    expect(graph.has('react')).toBe(false);
    expect([...graph].filter((f) => f.includes('/dist/tui/'))).toEqual([]);
    expect(readFileSync(join(ROOT, 'dist/cli/commands/tui.js'), 'utf8')).toMatch(/await import\(['"]\.\.\/\.\.\/tui\/run\.js['"]\)/);
    // …while the TUI itself does use them.
    const tui = staticGraph(join(ROOT, 'dist/tui/run.js'));
    expect(tui.has('ink')).toBe(true);
  });
});
