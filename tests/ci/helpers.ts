// Shared helpers for the CI-integration tests: run the CLI in-process in any working directory (or
// the built CLI as `npx sitecheck` would, where the process matters), and compare against golden
// files (UPDATE_GOLDEN=1 rewrites them).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'vitest';
import { runCli } from '../support/cli.js';

export const ROOT = resolve('.');
export const BIN = resolve('bin/sitecheck.js');
export const AS_OF = '2026-11-22';

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['NO_COLOR', 'FORCE_COLOR', 'GITHUB_SERVER_URL', 'GITHUB_REPOSITORY', 'GITHUB_SHA']) delete env[k];
  return { ...env, ...extra };
}

/**
 * `sitecheck ARGS` in-process (tests/support/cli.ts): what it prints and the exit code `main`
 * returns, in `cwd` with `env` as the CLI's environment. For output, not for the process.
 */
export function sitecheck(args: readonly string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return runCli(args, { cwd: opts.cwd ?? ROOT, env: opts.env ?? {} });
}

/** The built CLI as a process (as `npx sitecheck` runs it), for what only a process sees: git's environment, exit status. */
export function sitecheckProcess(args: readonly string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, encoding: 'utf8', env: cleanEnv(opts.env) });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, {
    cwd, encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid', GIT_CONFIG_NOSYSTEM: '1', HOME: cwd },
  });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

export function golden(name: string, actual: string): void {
  const file = resolve('tests/ci/golden', name);
  if (process.env.UPDATE_GOLDEN) writeFileSync(file, actual);
  // A missing golden fails: it is never written silently and then compared with itself.
  expect(existsSync(file), `missing golden ${name}; run with UPDATE_GOLDEN=1 and review it`).toBe(true);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

import { check } from '../../src/check.js';
import { FORMATS, type Format } from '../../src/format/registry.js';
import { renderToString } from '../../src/format/types.js';
import { colors } from '../../src/util/color.js';
import type { FailOn } from '../../src/model.js';
import { shippedFailOn } from '../../src/check.js';

/** A format's output in-process, exactly as `check PATHS --format F --as-of AS_OF` prints it to a pipe. */
export async function render(format: Format, paths: readonly string[], failOn: readonly FailOn[] = shippedFailOn().defaults, linkBase?: string): Promise<string> {
  const { report, ruleset } = await check(paths, { asOf: AS_OF });
  return renderToString(FORMATS[format], report, { colors: colors(false), ruleset, failOn, ...(linkBase ? { linkBase } : {}) });
}

/**
 * A format's output for the hostile fixture, with the site's name exactly as written there (a line
 * break and `::error::` in it). Since issue 11 a line break in a one-line field is refused on
 * input, so the site is read with that break as a space and the name put back in the Report:
 * every format must still be safe for any Report it is given (the Node API takes one), not only
 * for what the loader lets through.
 */
export async function renderHostile(format: Format, dir: string): Promise<string> {
  const file = `${dir}/hostile.yaml`;
  const text = readFileSync(file, 'utf8');
  const name = (parseYamlText(text) as { name: string }).name;
  const record = loadSiteBytes(file, text.replace(/^name: .*$/m, 'name: placeholder')).sites[0]!;
  const ruleset = loadRules();
  const site = { ...(await new Evaluator(ruleset).evaluate(record, AS_OF)), name };
  const report = buildReport(ruleset, AS_OF, [site], []);
  return renderToString(FORMATS[format], report, { colors: colors(false), ruleset, failOn: ruleset.failOn.defaults });
}

import { parse as parseYamlText } from 'yaml';
import { loadSiteBytes } from '../../src/input/sites.js';
import { Evaluator } from '../../src/engine/evaluate.js';
import { buildReport, loadRules } from '../../src/check.js';
