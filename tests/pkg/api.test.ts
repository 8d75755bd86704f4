// The Node API (src/index.ts) is what the CLI prints: check() gives the report of
// `sitecheck check --format json`, explain() that of `sitecheck explain --format json`, also with
// input errors in the inventory; and every export the README documents is there.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';
import { main } from '../../src/cli/main.js';

const ROOT = resolve(import.meta.dirname, '../..');
const AS_OF = '2026-11-22';

async function cliJson(args: string[]): Promise<{ code: number; json: unknown; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (s: string) => ((stdout += s), true) }, stderr: { write: (s: string) => ((stderr += s), true) }, stdin: process.stdin, env: {} };
  const code = await main(args, io as never);
  return { code, json: stdout ? JSON.parse(stdout) : undefined, stderr };
}

function inventoryWithErrors(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sitecheck-api-'));
  cpSync(join(ROOT, 'sites'), join(dir, 'sites'), { recursive: true });
  writeFileSync(join(dir, 'sites/broken.yaml'), 'id: BROKEN-1\nname: Broken\ngovernment_location: perhaps\n');
  writeFileSync(join(dir, 'sites/dup.yaml'), 'id: CO-0001\nname: Duplicate\n');
  return join(dir, 'sites');
}

describe('the Node API', () => {
  it('exports what the README documents', () => {
    for (const name of ['check', 'explain', 'loadRules', 'loadInventory', 'evaluate', 'exitCode', 'SiteNotFoundError', 'RulesError', 'MissingPathError']) {
      expect(typeof (api as Record<string, unknown>)[name], name).toBe('function');
    }
    expect(api.VERDICTS).toEqual(['sensitive', 'not-sensitive', 'undetermined']);
  });

  it('check() is the report `sitecheck check --format json` prints, input errors included', async () => {
    const sites = inventoryWithErrors();
    const { report } = await api.check([sites], { asOf: AS_OF });
    expect(report.errors.length).toBeGreaterThanOrEqual(2);
    const cli = await cliJson(['check', sites, '--format', 'json', '--as-of', AS_OF]);
    expect(cli.code).toBe(api.exitCode(report, ['errors', 'prohibited-equipment', 'removal-overdue']));
    expect(JSON.parse(JSON.stringify(report))).toEqual(cli.json);
    // evaluate() over loadRules() and loadInventory() gives the same.
    expect(await api.evaluate(api.loadRules(), api.loadInventory([sites]), { asOf: AS_OF })).toEqual(report);
  });

  it('explain() is the report `sitecheck explain --format json` prints; an unknown id is SiteNotFoundError', async () => {
    const sites = inventoryWithErrors();
    const { report } = await api.explain('CO-0001', [sites], { asOf: AS_OF });
    expect(report.sites.map((s) => s.id)).toEqual(['CO-0001']);
    const cli = await cliJson(['explain', 'CO-0001', sites, '--format', 'json', '--as-of', AS_OF]);
    expect(JSON.parse(JSON.stringify(report))).toEqual(cli.json);
    await expect(api.explain('CO-0010', [join(ROOT, 'sites')])).rejects.toThrow(/no site "CO-0010" .*did you mean "CO-0001"/);
    await expect(api.explain('CO-0010', [join(ROOT, 'sites')])).rejects.toBeInstanceOf(api.SiteNotFoundError);
    const missing = await cliJson(['explain', 'CO-0010', join(ROOT, 'sites')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^sitecheck: no site "CO-0010"/);
  });

  it('bad rules or a missing path throw the errors the CLI turns into exit 2', async () => {
    await expect(api.check([join(ROOT, 'no-such-folder')])).rejects.toBeInstanceOf(api.MissingPathError);
    await expect(api.check([join(ROOT, 'sites')], { rulesDir: join(ROOT, 'sites') })).rejects.toBeInstanceOf(api.RulesError);
  });
});
