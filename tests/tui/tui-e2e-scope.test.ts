// End to end at 80×24 and 100×30: "May I buy this?" at a site outside the instruction's scope says
// the instruction does not apply, quoting it — read from the result's scope, never a green tick.
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveTools, tmux as tmuxTool } from '../support/tools.js';
import { Tmux } from './tmux.js';
import { SENSITIVE } from './tui-fixtures.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(ROOT, 'bin/sitecheck.js');
const term = new Tmux('scope');
const tmux = (...args: string[]): string => term.run(...args);
let root = '';
let session = '';
let n = 0;

function see(text: string | RegExp): Promise<string> {
  return term.see(session, text);
}
/** Keys, each sent once the last was taken (tests/tui/tmux.ts). */
function send(...keys: string[]): Promise<void> {
  return term.send(session, ...keys);
}

// Skipped, with a line saying so, where tmux is not installed.
const HAVE_TMUX = haveTools(import.meta.url, tmuxTool());

beforeAll(() => {
  if (!HAVE_TMUX) return;
  if (!existsSync(join(ROOT, 'dist/cli/main.js'))) throw new Error('build first: npm run build (npm test does)');
  root = mkdtempSync(join(tmpdir(), 'sitecheck-scope-'));
});
afterAll(() => {
  if (HAVE_TMUX) term.kill();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe.skipIf(!HAVE_TMUX).each([[80, 24], [100, 30]])('an out-of-scope site at %i×%i', (columns, rows) => {
  it('the instruction does not apply (quoted), for a listed maker too', async () => {
    const dir = mkdtempSync(join(root, 'inv-'));
    mkdirSync(join(dir, 'sites'));
    writeFileSync(join(dir, 'sites/sensitive.yaml'), SENSITIVE);
    writeFileSync(join(dir, 'sites/private.yaml'), 'id: P-1\nname: Private Co Office\nestate: private\nclassified_material:\n  highest: SECRET\n  frequency: routine\n');
    session = `s${++n}`;
    tmux('new-session', '-d', '-s', session, '-x', String(columns), '-y', String(rows), '-c', dir, `CI=true node ${CLI} tui --as-of 2026-11-22 sites; sleep 60`);
    await term.ready(session, '2 sites'); // drawn, and taking keys
    await send('b', 'private', 'Enter', 'Hikvision', 'Enter', '1');
    const s = await see('THE INSTRUCTION DOES NOT APPLY');
    expect(s.replace(/\s+/g, ' ')).toContain('is outside its scope (private)');
    expect(s).toMatch(/The instruction: “/);
    expect(s).not.toContain('✔ PERMITTED');
    expect(s).not.toContain('NOT PERMITTED');
    for (const l of s.replace(/\n+$/, '').split('\n')) expect([...l].length).toBeLessThanOrEqual(columns);
    await send('q', 'Q');
  }, 60_000);
});
