// `sitecheck init`: what it writes, that it never overwrites without --force, never writes through
// a symbolic link (nothing at all is written when anything is in the way), keeps other settings,
// and that its example site checks with no input errors.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (s: string) => ((stdout += s), true) }, stderr: { write: (s: string) => ((stderr += s), true) }, stdin: process.stdin, env: {} };
  const code = await main(args, io as never);
  return { code, stdout, stderr };
}

const fresh = (): string => mkdtempSync(join(tmpdir(), 'sitecheck-init-'));
const SCHEMA_KEY = './node_modules/sitecheck/schema/site.schema.json';

describe('sitecheck init', () => {
  it('writes the yaml.schemas entry and an example site that checks with no input errors', async () => {
    const dir = fresh();
    const r = await cli(['init', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/wrote .*\.vscode\/settings\.json/);
    expect(r.stdout).toMatch(/note: node_modules\/sitecheck\/schema\/site\.schema\.json is not there yet/);
    expect(JSON.parse(readFileSync(join(dir, '.vscode/settings.json'), 'utf8'))).toEqual({ 'yaml.schemas': { [SCHEMA_KEY]: ['sites/**/*.yaml', 'sites/**/*.yml'] } });
    const example = readFileSync(join(dir, 'sites/example.yaml'), 'utf8');
    expect(example.split('\n')[0]).toBe('# yaml-language-server: $schema=../node_modules/sitecheck/schema/site.schema.json');
    expect(example).toMatch(/The line above is the \$schema line/);
    const check = await cli(['check', join(dir, 'sites'), '--format', 'json']);
    const report = JSON.parse(check.stdout);
    expect(report.errors).toEqual([]);
    expect(report.sites.map((s: { id: string }) => s.id)).toEqual(['EXAMPLE-0001']);
    // Again: nothing to do, exit 0, nothing changed.
    const again = await cli(['init', dir]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already maps the site schema/);
    expect(again.stdout).not.toMatch(/^wrote/m);
  });

  it('--sites puts the example and the globs in another folder, with the path one level deeper', async () => {
    const dir = fresh();
    expect((await cli(['init', dir, '--sites', 'estate/sites'])).code).toBe(0);
    expect(readFileSync(join(dir, 'estate/sites/example.yaml'), 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../../node_modules/sitecheck/schema/site.schema.json');
    expect((await cli(['init', dir, '--sites', '../out'])).code).toBe(2);
  });

  it('never overwrites without --force, and writes nothing at all when one file is in the way', async () => {
    const dir = fresh();
    mkdirSync(join(dir, 'sites'));
    writeFileSync(join(dir, 'sites/example.yaml'), 'id: MINE-1\nname: Mine\n');
    const r = await cli(['init', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/example\.yaml already exists; not overwritten \(use --force/);
    expect(r.stderr).toMatch(/nothing written/);
    expect(existsSync(join(dir, '.vscode'))).toBe(false);
    expect(readFileSync(join(dir, 'sites/example.yaml'), 'utf8')).toBe('id: MINE-1\nname: Mine\n');
    expect((await cli(['init', dir, '--force'])).code).toBe(0);
    expect(readFileSync(join(dir, 'sites/example.yaml'), 'utf8')).toMatch(/^# yaml-language-server/);
  });

  it('adds the entry to existing settings only with --force, keeping the others; leaves JSON with comments alone', async () => {
    const dir = fresh();
    mkdirSync(join(dir, '.vscode'));
    const mine = { 'editor.tabSize': 2, 'yaml.schemas': { './other.json': 'other/*.yaml' } };
    writeFileSync(join(dir, '.vscode/settings.json'), JSON.stringify(mine));
    const r = await cli(['init', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/settings\.json exists; not changed/);
    expect(JSON.parse(readFileSync(join(dir, '.vscode/settings.json'), 'utf8'))).toEqual(mine);
    expect((await cli(['init', dir, '--force'])).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, '.vscode/settings.json'), 'utf8'))).toEqual({
      'editor.tabSize': 2,
      'yaml.schemas': { './other.json': 'other/*.yaml', [SCHEMA_KEY]: ['sites/**/*.yaml', 'sites/**/*.yml'] },
    });
    const jsonc = fresh();
    mkdirSync(join(jsonc, '.vscode'));
    writeFileSync(join(jsonc, '.vscode/settings.json'), '{\n  // mine\n  "editor.tabSize": 2\n}\n');
    const c = await cli(['init', jsonc, '--force']);
    expect(c.code).toBe(1);
    expect(c.stderr).toMatch(/not plain JSON .*add this entry to it by hand/s);
    expect(readFileSync(join(jsonc, '.vscode/settings.json'), 'utf8')).toMatch(/\/\/ mine/);
  });

  it('never writes through a symbolic link, even with --force', async () => {
    for (const [link, target] of [['.vscode/settings.json', 'elsewhere.json'], ['sites', 'elsewhere'], ['sites/example.yaml', 'elsewhere.yaml']] as const) {
      const dir = fresh();
      const outside = fresh();
      if (link.startsWith('sites/')) mkdirSync(join(dir, 'sites'));
      if (link.startsWith('.vscode/')) mkdirSync(join(dir, '.vscode'));
      if (target === 'elsewhere') mkdirSync(join(outside, target));
      symlinkSync(join(outside, target), join(dir, link));
      const r = await cli(['init', dir, '--force']);
      expect(r.code, link).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`${link.replace('.', '\\.')} is a symbolic link; not writing through it`));
      expect(readdirSync(outside).filter((f) => f !== 'elsewhere')).toEqual([]);
      if (target === 'elsewhere') expect(readdirSync(join(outside, target))).toEqual([]);
    }
  });
});
