// Start-up: `check` loads only what checking needs. Ink and React (the TUI) must never be loaded
// by it, whatever else is added to the CLI, nor the code of the other commands.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AS_OF, CLI } from './helpers.js';

const TRACE = fileURLToPath(new URL('./fixtures/trace-imports.mjs', import.meta.url));
const SITE = fileURLToPath(new URL('../../sites/cabinet-office.yaml', import.meta.url));

function traced(args: string[]): { loaded: string[]; status: number | null } {
  const r = spawnSync(process.execPath, ['--import', TRACE, CLI, ...args], { encoding: 'utf8' });
  return { loaded: r.stderr.split('\n').filter((l) => l.startsWith('IMPORT ')).map((l) => l.slice(7)), status: r.status };
}

describe('check start-up', () => {
  it('never loads Ink or React', () => {
    const r = traced(['check', '--as-of', AS_OF, SITE]);
    const loaded = r.loaded;
    expect(loaded.some((u) => u.includes('/node_modules/yaml/'))).toBe(true); // the tracer works
    expect(loaded.filter((u) => /\/node_modules\/(ink|react|react-reconciler|yoga-layout)\//.test(u))).toEqual([]);
    expect(r.status).toBeLessThan(2);
  });

  it('loads no other command\'s code: not the report\'s (not even its pieces), diff, import, verify, the rules\' lint or fixtures, nor exceljs or json-rules-engine', () => {
    for (const format of ['json', 'text', 'sarif']) {
      const r = traced(['check', '--as-of', AS_OF, '--format', format, SITE]);
      const ours = r.loaded.filter((u) => u.includes('/dist/') && !u.includes('/node_modules/')).map((u) => u.slice(u.lastIndexOf('/dist/') + 6));
      expect(ours).toContain('scale/check-run.js'); // the tracer sees our modules
      expect(ours.filter((m) => /^(diff|import)\/|^rules\/(lint|fixtures)\.js$|^report\/|^cli\/commands\/(?!check\.js$|tui\.js$)/.test(m))).toEqual([]);
      expect(r.loaded.filter((u) => /\/node_modules\/(exceljs|json-rules-engine)\//.test(u))).toEqual([]);
      expect(r.status).toBeLessThan(2);
    }
  });
});

describe('the CLI before a command runs', () => {
  // explain SITE_ID starts walking the folders in a worker while the program loads
  // (src/scale/walking-scan.ts): that head start is only worth having if the dispatcher itself
  // loads nothing heavy.
  it('loads none of the YAML reader, the validators, the rules or the commands for --version and --help', () => {
    for (const args of [['--version'], ['--help']]) {
      const r = traced(args);
      expect(r.status).toBe(0);
      const ours = r.loaded.filter((u) => u.includes('/dist/') && !u.includes('/node_modules/')).map((u) => u.slice(u.lastIndexOf('/dist/') + 6));
      expect(ours).toContain('cli/main.js'); // the tracer sees our modules
      expect(ours.filter((m) => /^(input\/(yaml-source|sites|validate|schemas)|rules\/ruleset|check|cli\/options|cli\/commands\/.*)\.js$/.test(m)), args.join(' ')).toEqual([]);
      expect(r.loaded.filter((u) => /\/node_modules\/(yaml|ajv|json-rules-engine)\//.test(u)), args.join(' ')).toEqual([]);
    }
  });
});
