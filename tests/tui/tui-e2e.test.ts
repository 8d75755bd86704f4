// End to end in a real terminal: tmux runs the built CLI at 80×24 on a temporary copy of sites/,
// keys are sent as a user would type them, and the screen is read back with capture-pane. A new
// site recorded in the wizard is then checked by `sitecheck check`.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/check.js';
import { runCli } from '../support/cli.js';
import { haveTools, tmux as tmuxTool } from '../support/tools.js';
import { Tmux } from './tmux.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(ROOT, 'bin/sitecheck.js');
const term = new Tmux('e2e');
const tmux = (...args: string[]): string => term.run(...args);

let work = '';

function see(text: string): Promise<string> {
  return term.see('tui', text);
}

/** Send keys: literal text, or tmux key names (Enter, Escape, Tab…), each once the last was taken (tests/tui/tmux.ts). */
function send(...keys: string[]): Promise<void> {
  return term.send('tui', ...keys);
}

// Skipped, with a line saying so, where tmux is not installed.
const HAVE_TMUX = haveTools(import.meta.url, tmuxTool());

beforeAll(() => {
  if (!HAVE_TMUX) return;
  if (!existsSync(join(ROOT, 'dist/cli/main.js'))) throw new Error('build first: npm run build (npm test does)');
  work = mkdtempSync(join(tmpdir(), 'sitecheck-e2e-'));
  cpSync(join(ROOT, 'sites'), join(work, 'sites'), { recursive: true });
});

afterAll(() => {
  term.kill();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.skipIf(!HAVE_TMUX)('the TUI in a real terminal (tmux, 80×24)', () => {
  it('find a site, read why it is sensitive, ask about a Hikvision camera, and record a new site that check accepts', async () => {
    // A sensitive site from the example inventory, found by searching for its name.
    const { report } = await check([join(work, 'sites')], { asOf: '2026-11-22' });
    const target = report.sites.find((s) => s.verdict === 'sensitive')!;
    expect(target).toBeDefined();

    // CI=true as on a CI runner: Ink would then draw only the last frame, and nothing would show.
    tmux('new-session', '-d', '-s', 'tui', '-x', '80', '-y', '24', '-c', work, `CI=true node ${CLI} tui --as-of 2026-11-22 sites; echo "TUI EXITED $?"; sleep 60`);
    let s = await term.ready('tui', `${report.sites.length} sites`); // drawn, and taking keys
    expect(s).toContain(`● ${report.summary.sensitive} sensitive`);

    // Search by name and open the site.
    await send('/', target.name);
    s = await see(`/${target.name}`);
    await send('Enter', 'Enter');
    s = await see('Verdict: ● SENSITIVE');
    expect(s).toContain(target.id);
    expect(s).toMatch(/To edit: sites\/\S+\.yaml:\d+/);
    expect(s.split('\n').every((l) => l.length <= 80)).toBe(true);
    // The quoted law is further down: a page.
    await send('PageDown');
    s = await see('The law: “');
    expect(s.split('\n').every((l) => l.length <= 80)).toBe(true);

    // May I buy a Hikvision camera for it?
    await send('b');
    await see('Manufacturer:');
    await send('Hikvision', 'Enter');
    await see('What kind of equipment?');
    await send('1', 'Enter');
    s = await see('NOT PERMITTED');
    expect(s).toContain(`a CCTV camera made by Hikvision may not be bought for ${target.id}`);
    expect(s).toMatch(/Limb \d\s+✔ met/);

    // Back to the site (still scrolled where it was: g goes to the top), the list, and record a new site.
    await send('q', 'g');
    await see('Verdict: ● SENSITIVE');
    await send('q');
    await see(`search “${target.name}”`);
    await send('Escape');
    await see('/ to search');
    await send('w');
    await see('Assess a new site');
    await send('E2E-0001', 'Enter', 'Test Lodge', 'Enter', 'Enter');
    s = await see('Limb 1: Routinely holds SECRET material or above');
    expect(s).toContain('The definition: “any building or complex that routinely holds secret material');
    await send('2'); // SECRET
    await see('How often is material at that classification held there?');
    await send('1'); // routine
    s = await see('The verdict is settled');
    expect(s).toContain('Verdict so far: ● sensitive (limb 1 met)');
    await send('s');
    await see('who is recording these answers');
    await send('E2E Officer', 'Enter', 'e2e survey', 'Enter');
    s = await see('The change to');
    expect(s).toContain('+ id: E2E-0001');
    await send('Enter');
    s = await see('✔ Saved');
    expect(s).toContain('sites/E2E-0001.yaml');
    await send('Enter');
    s = await see(`${report.sites.length + 1} sites`);
    expect(s).toMatch(/› ● sensitive\s+E2E-0001/);
    await send('q');
    await see('Quit sitecheck?');
    await send('y');
    s = await see('TUI EXITED 0');
    // The alternate screen is left: the shell's screen is back, with none of the TUI on it.
    expect(s).not.toContain('sitecheck — sensitive sites');

    // The saved file passes `sitecheck check` (in-process: what it prints and its exit code).
    const saved = join(work, 'sites/E2E-0001.yaml');
    expect(readFileSync(saved, 'utf8')).toContain('id: E2E-0001');
    const run = await runCli(['check', '--as-of', '2026-11-22', saved], { cwd: work, env: { NO_COLOR: '1' } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/● sensitive\s+E2E-0001\s+Test Lodge/);
  }, 90_000);

  it('colours verdicts in a colour terminal; bare sitecheck opens the TUI, with no colour at all under NO_COLOR', async () => {
    const colourCodes = /\u001b\[[0-9;]*(3[0-7]|38;[0-9;]+|9[0-7])m/;
    const frames: Record<string, string> = {};
    // The plain one is bare `sitecheck`: in a terminal, that opens the TUI on sites/.
    for (const [name, command] of [['colour', `env -u NO_COLOR node ${CLI} tui sites`], ['plain', `NO_COLOR=1 node ${CLI}`]] as const) {
      tmux('new-session', '-d', '-s', name, '-x', '80', '-y', '24', '-c', work, `${command}; sleep 60`);
      const end = Date.now() + 15_000;
      let f = '';
      // The list fills in as sites are evaluated: wait for a row, not just the title.
      while (!f.includes('CO-0001') && Date.now() < end) {
        await new Promise((r) => setTimeout(r, 50));
        f = await term.screen(name, true);
      }
      frames[name] = f;
      tmux('kill-session', '-t', name);
    }
    expect(frames.colour).toMatch(colourCodes);
    expect(frames.plain).toContain('● sensitive');
    expect(frames.plain).toContain('/ to search');
    expect(frames.plain).not.toMatch(colourCodes);
  }, 60_000);
});
