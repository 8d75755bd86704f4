// Start-up: `check` loads only what checking needs. Ink and React (the TUI) must never be loaded
// by it, whatever else is added to the CLI.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AS_OF, CLI } from './helpers.js';

const TRACE = fileURLToPath(new URL('./fixtures/trace-imports.mjs', import.meta.url));
const SITE = fileURLToPath(new URL('../../sites/cabinet-office.yaml', import.meta.url));

describe('check start-up', () => {
  it('never loads Ink or React', () => {
    const r = spawnSync(process.execPath, ['--import', TRACE, CLI, 'check', '--as-of', AS_OF, SITE], { encoding: 'utf8' });
    const loaded = r.stderr.split('\n').filter((l) => l.startsWith('IMPORT ')).map((l) => l.slice(7));
    expect(loaded.some((u) => u.includes('/node_modules/yaml/'))).toBe(true); // the tracer works
    expect(loaded.filter((u) => /\/node_modules\/(ink|react|react-reconciler|yoga-layout)\//.test(u))).toEqual([]);
    expect(r.status).toBeLessThan(2);
  });
});
