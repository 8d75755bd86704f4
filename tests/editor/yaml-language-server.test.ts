// Editors in a user's own repository: `sitecheck init` in a fresh repository with sitecheck
// installed as a package (node_modules/sitecheck, as `npm install` lays it out), then the real
// yaml-language-server (the server behind VS Code's YAML extension and most other editors), driven
// over LSP on stdio, checks site files there: no diagnostics on valid files, and diagnostics at the
// right line on invalid ones, both through the `$schema` line that init, import and the TUI write
// and through the .vscode/settings.json entry init writes.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { newSiteText } from '../../src/tui/save-site.js';
import { YamlLanguageServer } from './lsp.js';

const ROOT = resolve(import.meta.dirname, '../..');
let repo = '';
let server: YamlLanguageServer;
let vscodeServer: YamlLanguageServer;

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (s: string) => ((stdout += s), true) }, stderr: { write: (s: string) => ((stderr += s), true) }, stdin: process.stdin, env: {} };
  const code = await main(args, io as never);
  return { code, stdout, stderr };
}

beforeAll(async () => {
  repo = mkdtempSync(join(tmpdir(), 'sitecheck-editor-'));
  writeFileSync(join(repo, 'package.json'), JSON.stringify({ name: 'estate', private: true, devDependencies: { sitecheck: '0.1.0' } }));
  // The installed layout: what npm puts in node_modules (package.json "files").
  const pkg = join(repo, 'node_modules/sitecheck');
  mkdirSync(pkg, { recursive: true });
  cpSync(join(ROOT, 'schema'), join(pkg, 'schema'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(pkg, 'package.json'));
  const init = await cli(['init', repo]);
  expect(init.stderr).toBe('');
  expect(init.code).toBe(0);
  server = new YamlLanguageServer({ validate: true, schemaStore: { enable: false } });
  await server.start(repo);
  const settings = JSON.parse(readFileSync(join(repo, '.vscode/settings.json'), 'utf8'));
  vscodeServer = new YamlLanguageServer({ validate: true, schemaStore: { enable: false }, schemas: settings['yaml.schemas'] });
  await vscodeServer.start(repo);
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await vscodeServer?.stop();
  if (repo) rmSync(repo, { recursive: true, force: true });
});

const INVALID = `id: BAD-1
name: Bad House
government_location: maybe
ministerial_use: weekly
colour: blue
`;

describe('yaml-language-server on a repository set up by sitecheck init', () => {
  it("init's example site, through its $schema line: no diagnostics", async () => {
    const text = readFileSync(join(repo, 'sites/example.yaml'), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../node_modules/sitecheck/schema/site.schema.json');
    expect(await server.open(repo, 'sites/example.yaml', text)).toEqual([]);
  });

  it('an invalid file with the $schema line: each mistake at its line', async () => {
    const text = `# yaml-language-server: $schema=../../node_modules/sitecheck/schema/site.schema.json\n${INVALID}`;
    const d = await server.open(repo, 'sites/north/bad.yaml', text);
    const lines = d.map((x) => x.range.start.line).sort();
    expect(d.map((x) => x.message).join('\n')).not.toMatch(/Unable to load schema/);
    expect(lines).toEqual([3, 4, 5]); // government_location, ministerial_use, colour (0-based)
    expect(d.find((x) => x.range.start.line === 5)!.message).toMatch(/colour/);
  });

  it('a wrong $schema path is reported (so the empty list above means the schema was loaded)', async () => {
    const text = `# yaml-language-server: $schema=../schema/site.schema.json\n${INVALID}`;
    const d = await server.open(repo, 'sites/wrong-path.yaml', text);
    expect(d.map((x) => x.message).join('\n')).toMatch(/Unable to load schema|not found|ENOENT/i);
  });

  it('the TUI writes a $schema line that works one folder deeper', async () => {
    const file = join(repo, 'sites/region/new.yaml');
    const text = newSiteText({ id: 'NEW-1', name: 'New House', government_location: 'unknown' }, file);
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../../node_modules/sitecheck/schema/site.schema.json');
    expect(await server.open(repo, 'sites/region/new.yaml', text)).toEqual([]);
  });

  it('import writes a $schema line that works', async () => {
    writeFileSync(join(repo, 'sites.csv'), 'id,name,government_location\nIMP-1,Imported House,true\n');
    const r = await cli(['import', join(repo, 'sites.csv'), '--out', join(repo, 'sites/imported')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const text = readFileSync(join(repo, 'sites/imported/IMP-1.yaml'), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../../node_modules/sitecheck/schema/site.schema.json');
    expect(await server.open(repo, 'sites/imported/IMP-1.yaml', text)).toEqual([]);
  });

  it('VS Code settings from init (yaml.schemas), with no $schema line: valid clean, invalid located', async () => {
    expect(await vscodeServer.open(repo, 'sites/plain.yaml', 'id: OK-1\nname: Fine House\n')).toEqual([]);
    const d = await vscodeServer.open(repo, 'sites/deep/plain-bad.yml', INVALID);
    expect(d.map((x) => x.range.start.line).sort()).toEqual([2, 3, 4]);
  });
});
