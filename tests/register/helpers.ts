// Shared set-up for the register tests: the shipped register, and a scratch copy of rules/ to edit.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadRuleset } from '../../src/rules/ruleset.js';
import { createRegister } from '../../src/engine/register.js';

export const REPO = resolve(import.meta.dirname, '../..');
export const ruleset = loadRuleset(join(REPO, 'rules'));
export const register = createRegister(ruleset.suppliers, ruleset.supplierSuffixes);

/** A copy of the shipped rules folder, to break on purpose. */
export function scratchRules(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'sitecheck-register-')), 'rules');
  cpSync(join(REPO, 'rules'), dir, { recursive: true });
  return dir;
}

export function edit(path: string, from: string | RegExp, to: string): void {
  const text = readFileSync(path, 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`test setup: ${String(from)} not found in ${path}`);
  writeFileSync(path, next);
}
