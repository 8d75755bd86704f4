import { StringDecoder } from 'node:string_decoder';
// The CLI run in-process: the same `main(argv, io)` that bin/sitecheck.js calls, with stdout and
// stderr captured, in a given working directory and environment. A test about what the CLI prints
// (and the exit code `main` returns) uses this instead of starting a Node process per run, which
// costs ~0.5 s of CPU each on the 2-core machine. Tests about the process itself (exit on a signal,
// a closed pipe, a crashing worker, a terminal, the installed package, the launcher) still spawn
// bin/sitecheck.js.
//
// Differences from a spawned run, none of which the output tests depend on:
// - the sources (src/) run, through vitest's transform; worker threads (--jobs) still load the
//   built dist/scale/worker.js, as they do from the sources anyway, so `npm run build` comes first
//   (npm test does it);
// - `env` is what the commands see as io.env (colour, progress, GitHub variables); process.env is
//   not changed, except for the variables given as `processEnv`, which are set for the run only
//   (the worker threads it starts copy process.env, so the test hooks of src/scale/worker.ts,
//   SITECHECK_TEST_WORKER_CRASH and SITECHECK_TEST_WORKER_OOM, reach them);
// - stdout and stderr are never terminals, as with a spawned run's pipes.
import { Writable } from 'node:stream';
import { resolve } from 'node:path';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** The working directory for the run (default: the repository root, where vitest runs). */
  readonly cwd?: string;
  /** Variables added to (or, when undefined, removed from) the environment the run sees. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Variables set in process.env while the run lasts (then put back): what its worker threads read. */
  readonly processEnv?: Readonly<Record<string, string>>;
}

/** Variables a test environment may carry that change the CLI's output; a run starts without them. */
const OUTPUT_VARIABLES = ['NO_COLOR', 'FORCE_COLOR', 'GITHUB_SERVER_URL', 'GITHUB_REPOSITORY', 'GITHUB_SHA'];

/** The environment of a run: this process's, less the output variables, plus `extra`. */
export function cliEnv(extra: Readonly<Record<string, string | undefined>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of OUTPUT_VARIABLES) delete env[k];
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

class Capture extends Writable {
  text = '';
  // Output comes as UTF-8 bytes in large writes, which may end inside a character.
  private readonly decoder = new StringDecoder('utf8');
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.text += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    cb();
  }
  override _final(cb: () => void): void {
    this.text += this.decoder.end();
    cb();
  }
}

// process.chdir is process-wide: runs are serialised so that two in flight (Promise.all in a
// test, or concurrent tests) never see each other's working directory.
let queue: Promise<unknown> = Promise.resolve();

/** Run `sitecheck ARGS` in-process and capture what it prints. */
export function runCli(args: readonly string[], opts: CliOptions = {}): Promise<CliRun> {
  const next = queue.then(() => runNow(args, opts));
  queue = next.catch(() => undefined);
  return next;
}

async function runNow(args: readonly string[], opts: CliOptions): Promise<CliRun> {
  const stdout = new Capture();
  const stderr = new Capture();
  const before = process.cwd();
  const cwd = resolve(opts.cwd ?? before);
  const saved = Object.entries(opts.processEnv ?? {}).map(([k, v]) => {
    const was = process.env[k];
    process.env[k] = v;
    return [k, was] as const;
  });
  if (cwd !== before) process.chdir(cwd);
  try {
    const code = await main([...args], { stdout, stderr, env: cliEnv(opts.env) });
    return { code, stdout: stdout.text, stderr: stderr.text };
  } finally {
    if (cwd !== before) process.chdir(before);
    for (const [k, was] of saved) {
      if (was === undefined) delete process.env[k];
      else process.env[k] = was;
    }
  }
}
