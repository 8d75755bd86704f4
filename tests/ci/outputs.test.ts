// Several outputs from one run, as a CI job uses them:
//   npx sitecheck check sites/ --format sarif --output out.sarif --format github
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AS_OF, ROOT, sitecheck } from './helpers.js';
import { outputsOption } from '../../src/cli/outputs.js';
import { UsageError } from '../../src/cli/options.js';

const tok = (name: string, value: string, rawName = `--${name}`) => ({ name, value, rawName });

describe('--format/--output pairs', () => {
  it('writes the file and prints the other format from one evaluation, with the right exit code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sitecheck-out-'));
    const out = join(dir, 'out.sarif');
    writeFileSync(out, 'stale'); // CI outputs are replaced on every run
    const r = await sitecheck(['check', 'sites/', '--format', 'sarif', '--output', out, '--format', 'github', '--as-of', AS_OF]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1); // the example inventory has prohibited equipment
    expect(r.stdout).toMatch(/^::error file=sites\//m);
    const sarif = JSON.parse(readFileSync(out, 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    // Both outputs describe the same evaluation.
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error')).length;
    expect(sarif.runs[0].results.filter((x: { level: string }) => x.level === 'error').length).toBe(errors);
  });

  it('streams one JSON output into its file: the same bytes as on stdout, the old file replaced, no temporary file left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sitecheck-out-'));
    const out = join(dir, 'report.json');
    writeFileSync(out, 'stale');
    const r = await sitecheck(['check', 'sites/', '--format', 'json', '--output', out, '--as-of', AS_OF]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe((await sitecheck(['check', 'sites/', '--format', 'json', '--as-of', AS_OF])).stdout);
    expect(readdirSync(dir)).toEqual(['report.json']);
    const missing = await sitecheck(['check', 'sites/', '--format', 'json', '--output', join(dir, 'no/such/x.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/its folder does not exist/);
  });

  it('writes several files and nothing to stdout when every format has a file; no colour codes in files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sitecheck-out-'));
    const r = await sitecheck(['check', '-f', 'junit', '-o', join(dir, 'a.xml'), '--format=text', `--output=${join(dir, 'b.txt')}`, '--as-of', AS_OF], { env: { FORCE_COLOR: '1' } });
    expect(r.stdout).toBe('');
    expect(readFileSync(join(dir, 'a.xml'), 'utf8')).toMatch(/^<\?xml/);
    expect(readFileSync(join(dir, 'b.txt'), 'utf8')).not.toMatch(/\u001b\[/);
    expect(r.code).toBe(1);
  });

  it.each([
    [['--format', 'sarif', '--format', 'github'], /only one output can go to stdout/],
    [['--output', 'x.sarif', '--format', 'sarif'], /--output x\.sarif must follow the --format it applies to/],
    [['--format', 'sarif', '--output', 'a', '--output', 'b'], /already has an output file \(a\)/],
    [['--format', 'sarif', '--output', 'same', '--format', 'json', '--output', 'same'], /same is the --output of two formats/],
    [['--format', 'sarf'], /unknown format "sarf" \(did you mean "sarif"\?\); valid formats: text, json, junit, sarif, github, markdown/],
  ])('rejects %j with exit 2', async (args, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'sitecheck-out-'));
    const r = await sitecheck(['check', join(ROOT, 'sites'), ...args], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(existsSync(join(dir, 'a')) || existsSync(join(dir, 'same')) || existsSync(join(dir, 'x.sarif'))).toBe(false);
  });

  it('exit 2 with a clear message when the output folder does not exist', async () => {
    const r = await sitecheck(['check', '--format', 'sarif', '--output', '/nonexistent-dir/out.sarif']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('sitecheck: cannot write /nonexistent-dir/out.sarif: its folder does not exist\n');
  });

  it('pairs outputs with formats in command-line order; text to stdout by default; - means stdout', async () => {
    expect(outputsOption([])).toEqual([{ format: 'text' }]);
    expect(outputsOption([tok('format', 'sarif'), tok('output', 'o.sarif'), tok('format', 'github')])).toEqual([
      { format: 'sarif', file: 'o.sarif' },
      { format: 'github' },
    ]);
    expect(outputsOption([tok('format', 'json'), tok('output', '-')])).toEqual([{ format: 'json' }]);
    expect(() => outputsOption([tok('format', 'junit')], ['text', 'json'])).toThrow(UsageError);
  });

  it('links Markdown to the commit when run in GitHub Actions', async () => {
    const env = { GITHUB_SERVER_URL: 'https://github.example', GITHUB_REPOSITORY: 'estates/inventory', GITHUB_SHA: '0123abc' };
    const r = await sitecheck(['check', 'sites/', '--format', 'markdown', '--as-of', AS_OF], { env });
    expect(r.stdout).toMatch(/\]\(https:\/\/github\.example\/estates\/inventory\/blob\/0123abc\/sites\/[a-z-]+\.yaml#L\d+\)/);
    expect((await sitecheck(['check', 'sites/', '--format', 'markdown', '--as-of', AS_OF])).stdout).toMatch(/\]\(sites\/[a-z-]+\.yaml#L\d+\)/);
  });

  it('lists every format in --help', async () => {
    expect((await sitecheck(['check', '--help'])).stdout).toMatch(/--format FORMAT\s+output format: text, json, junit, sarif, github, markdown/);
    expect((await sitecheck(['check', '--help'])).stdout).toContain('--output FILE');
  });
});
