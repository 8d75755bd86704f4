// The package as a user gets it: `npm pack` gives a tarball with dist/ prebuilt; it installs into a
// fresh project with --ignore-scripts (from the npm cache, falling back to the npm registry only);
// there `import { check } from 'sitecheck'`, its type declarations and `npx --no-install sitecheck`
// all work, and the API and the CLI give the same report.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const AS_OF = '2026-11-22';
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; license: string };
const NPM_ENV = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

let work = '';
let project = '';
let tarball = '';
let packed: string[] = [];
/** The installed copy's launcher, as npm linked it into the project (what npx --no-install sitecheck runs). */
const INSTALLED_BIN = (): string => join(project, 'node_modules/.bin/sitecheck');

function npm(args: string[], cwd: string): string {
  const r = spawnSync('npm', args, { cwd, encoding: 'utf8', env: NPM_ENV, timeout: 120_000 });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/index.js'))) throw new Error('build first: npm run build (npm test does)');
  work = mkdtempSync(join(tmpdir(), 'sitecheck-pkg-'));
  // --ignore-scripts: npm test has just built dist/; running `prepare` again here would rewrite
  // dist/ under the other test files running in parallel.
  const out = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT)) as { filename: string; files: { path: string }[] }[];
  tarball = join(work, out[0]!.filename);
  packed = out[0]!.files.map((f) => f.path);
  project = join(work, 'consumer');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'estate-inventory', private: true, type: 'module' }, null, 2));
  // As a user would, with no build step: the tarball's dist/ is all there is.
  npm(['install', '--save-dev', '--ignore-scripts', '--prefer-offline', tarball], project);
  cpSync(join(ROOT, 'sites'), join(project, 'sites'), { recursive: true });
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('ships dist/ prebuilt with declarations, the rules, the schema and the LICENSE, and no sources or tests', () => {
    expect(tarball.endsWith(`sitecheck-${pkg.version}.tgz`)).toBe(true);
    for (const f of ['bin/sitecheck.js', 'dist/index.js', 'dist/index.d.ts', 'dist/model.d.ts', 'dist/cli/main.js', 'schema/site.schema.json', 'LICENSE', 'README.md', 'package.json']) {
      expect(packed, f).toContain(f);
    }
    expect(packed.some((f) => f.startsWith('rules/'))).toBe(true);
    expect(packed.filter((f) => /^(src|tests|bench|\.ci)\//.test(f) || f.endsWith('.map'))).toEqual([]);
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(new RegExp(`^${pkg.license} License`));
  });
});

describe('installed from the tarball into a fresh project', () => {
  it('npx --no-install sitecheck check sites/ runs the installed copy', () => {
    const r = spawnSync('npx', ['--no-install', 'sitecheck', 'check', 'sites/', '--as-of', AS_OF, '--format', 'text', '--no-color'], { cwd: project, encoding: 'utf8', env: NPM_ENV });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1); // the example inventory has prohibited equipment
    expect(r.stdout).toMatch(/sensitive/);
    // The same installed launcher without npx in front (npx, above, found it; npm's start-up costs a second of CPU).
    const v = spawnSync(process.execPath, [INSTALLED_BIN(), '--version'], { cwd: project, encoding: 'utf8', env: NPM_ENV });
    expect(v.stdout.trim()).toBe(pkg.version);
  });

  it("import { check } from 'sitecheck' gives the report the CLI gives", () => {
    writeFileSync(join(project, 'api.mjs'), `
import { check, explain, loadRules, evaluate, loadInventory, VERDICTS } from 'sitecheck';
const { report } = await check(['sites/'], { asOf: '${AS_OF}' });
const ruleset = loadRules();
const again = await evaluate(ruleset, loadInventory(['sites/']), { asOf: '${AS_OF}' });
const one = await explain(report.sites[0].id, ['sites/'], { asOf: '${AS_OF}' });
process.stdout.write(JSON.stringify({ report, same: JSON.stringify(again) === JSON.stringify(report), one: one.report.sites.map((s) => s.id), verdicts: VERDICTS }));
`);
    const api = JSON.parse(execFileSync(process.execPath, ['api.mjs'], { cwd: project, encoding: 'utf8' }));
    const cli = spawnSync(process.execPath, [INSTALLED_BIN(), 'check', 'sites/', '--as-of', AS_OF, '--format', 'json'], { cwd: project, encoding: 'utf8', env: NPM_ENV });
    expect(cli.status).toBe(1);
    expect(api.report).toEqual(JSON.parse(cli.stdout));
    expect(api.report.sites.length).toBeGreaterThan(3);
    expect(api.same).toBe(true);
    expect(api.one).toEqual([api.report.sites[0].id]);
    expect(api.verdicts).toContain('undetermined');
  });

  it('the type declarations type-check a TypeScript consumer, and reject a misuse', () => {
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: [] },
      include: ['*.ts'],
    }));
    writeFileSync(join(project, 'use.ts'), `
import { check, type Report, type SiteResult, type Verdict } from 'sitecheck';
const { report }: { report: Report } = await check(['sites/']);
const first: SiteResult | undefined = report.sites[0];
const v: Verdict | undefined = first?.verdict;
export { v };
`);
    const good = spawnSync(process.execPath, [tsc, '-p', '.'], { cwd: project, encoding: 'utf8' });
    expect(good.stdout + good.stderr).toBe('');
    expect(good.status).toBe(0);
    writeFileSync(join(project, 'use.ts'), `import { check } from 'sitecheck';\nconst n: number = (await check(['sites/'])).report.asOf;\nexport { n };\n`);
    const bad = spawnSync(process.execPath, [tsc, '-p', '.'], { cwd: project, encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toMatch(/use\.ts\(2,7\).*Type 'string' is not assignable to type 'number'/);
    rmSync(join(project, 'use.ts'));
  });
});

describe('a copy that cannot run', () => {
  it('says it has not been built and how to fix it, with no stack trace', () => {
    const copy = join(work, 'unbuilt');
    mkdirSync(copy);
    cpSync(join(ROOT, 'bin'), join(copy, 'bin'), { recursive: true });
    writeFileSync(join(copy, 'package.json'), JSON.stringify({ name: 'sitecheck', type: 'module' }));
    const r = spawnSync(process.execPath, [join(copy, 'bin/sitecheck.js'), 'check'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^sitecheck: this copy has not been built: .*dist\/cli\/main\.js is missing/);
    expect(r.stderr).toMatch(/npm ci/);
    expect(r.stderr).toMatch(/npm install --save-dev \.\/sitecheck-<version>\.tgz/);
    expect(r.stderr).not.toMatch(/ERR_MODULE_NOT_FOUND|\n\s+at /);
  });

  it('a copy without its dependencies names the missing package, with no stack trace', () => {
    const copy = join(work, 'nodeps');
    mkdirSync(copy);
    for (const part of ['bin', 'dist', 'rules', 'schema', 'package.json']) cpSync(join(ROOT, part), join(copy, part), { recursive: true });
    const r = spawnSync(process.execPath, [join(copy, 'bin/sitecheck.js'), 'check'], { encoding: 'utf8', cwd: copy });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^sitecheck: cannot load the program \(ERR_MODULE_NOT_FOUND\): Cannot find package '[^']+'/);
    expect(r.stderr).toMatch(/Reinstall it \(npm ci/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
