// Shared helpers for the scale tests: generated inventories, the built CLI as a process (for the
// tests about the process: signals, pipes, crashing workers) and the CLI in-process (for output).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../support/cli.js';
// @ts-expect-error the benchmark generator is plain JavaScript
import { generate } from '../../bench/generate.mjs';

export const CLI = fileURLToPath(new URL('../../bin/sitecheck.js', import.meta.url));
export const AS_OF = '2026-11-22';

export interface Inventory {
  readonly dir: string;
  cleanup(): void;
}

/** A seeded inventory; `extra` files (name → text) are added beside the generated ones. */
export function inventory(sites: number, layout: 'files' | 'stream', extra: Record<string, string> = {}, perStream = 100): Inventory {
  const root = mkdtempSync(join(tmpdir(), 'sitecheck-scale-'));
  const dir = join(root, 'sites');
  generate({ sites, layout, out: dir, seed: 7, perStream });
  for (const [name, text] of Object.entries(extra)) writeFileSync(join(dir, name), text);
  return { dir, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function start(args: string[], env: Record<string, string> = {}): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<Run>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

export function sitecheck(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return start(args, env).done;
}

/**
 * `sitecheck ARGS` in-process (tests/support/cli.ts), with the same NO_COLOR as `start`;
 * `processEnv` is set in process.env for the run, for its worker threads (the crash and OOM hooks).
 */
export function checkInProcess(args: string[], env: Record<string, string> = {}, processEnv: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCli(args, { env: { ...env, NO_COLOR: '1' }, processEnv });
}
