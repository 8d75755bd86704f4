// `explain SITE_ID` in a large inventory: a worker thread walks the folders and posts the files it
// finds in batches; this thread scans the oldest batches for the id as they come, the worker the
// newest once its walk is done (scan-worker.ts). The CLI starts it before it loads the rest of
// the program (speculateExplain, from main.ts), so the walk runs while the rules, the YAML reader
// and the validators load; find-site.ts takes it up if the parsed command asks for the same
// search, and otherwise discards it. Imports nothing heavy.
import { parseArgs } from 'node:util';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { EXPLAIN_OPTIONS, LIMIT_FLAG_OPTIONS } from '../cli/io.js';
import { DEFAULT_LIMITS, type Limits } from '../input/limits.js';
import { explainWhere } from '../input/walk.js';
import { WORKER_YOUNG_MB } from './worker-heap.js';
import type { InputError, SkippedEntry } from '../model.js';
import { idNeedle, PLAIN_ID, scanFiles, sharedBudget, CLAIMED_BY_MAIN, GO_SCAN, GO_STOP, NOT_READ, type IdNeedle, type ScanResult } from './id-scan.js';
import type { FromWalker, WalkSetup } from './scan-worker.js';

/** Files per batch posted by the walking worker. */
export const SCAN_BATCH = 1_000;

/** What the walk found (as discoverFiles gives it), and the scan of those files in sorted order. */
export interface WalkedScan {
  readonly discovered: { readonly files: string[]; readonly errors: InputError[]; readonly skipped: SkippedEntry[] };
  readonly scan: ScanResult;
}

export class WalkingScan {
  private readonly worker: Worker;
  private readonly needle: IdNeedle;
  private readonly claims: Int32Array;
  private readonly total = new Int32Array(new SharedArrayBuffer(4));
  private readonly go = new Int32Array(new SharedArrayBuffer(4));
  private readonly batches: string[][] = [];
  private readonly scanned = new Map<number, ScanResult>();
  private walked: Extract<FromWalker, { kind: 'walked' }> | undefined;
  private notWalked = false;
  private stopped = false;
  private wake: (() => void) | undefined;
  /** Relative paths name other folders from another working folder (an in-process caller may chdir). */
  private readonly cwd = process.cwd();

  constructor(readonly paths: readonly string[], readonly id: string, readonly limits: Limits, batchSize = SCAN_BATCH) {
    this.needle = idNeedle(id);
    const most = Math.min(Math.ceil(Math.min(limits.maxFiles, 2 ** 31) / batchSize) + 1, 1 << 20);
    this.claims = new Int32Array(new SharedArrayBuffer(4 * most));
    const setup: WalkSetup = {
      paths, walk: { followSymlinks: limits.followSymlinks === true, allowEmpty: limits.allowEmpty === true }, maxFiles: limits.maxFiles, batchSize,
      needle: this.needle, limit: limits.maxFileSize, maxTotal: limits.maxTotalSize, claims: this.claims.buffer as SharedArrayBuffer, total: this.total.buffer as SharedArrayBuffer, go: this.go.buffer as SharedArrayBuffer,
    };
    // (A young generation as big as check's workers': the walk makes many short-lived objects.)
    this.worker = new Worker(workerUrl(), { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
    // Never what keeps the process running: a run that ends early (a usage error) just ends.
    this.worker.unref();
    this.worker.on('message', (m: FromWalker) => {
      if (m.kind === 'batch') this.batches[m.batch] = m.files.split('\0');
      else if (m.kind === 'walked') this.walked = m;
      else if (m.kind === 'not-walked') this.notWalked = true;
      else this.scanned.set(m.batch, { sizes: m.sizes, candidates: m.candidates });
      this.wake?.();
    });
    const stop = (): void => {
      this.stopped = true;
      this.wake?.();
    };
    this.worker.once('error', stop);
    this.worker.once('exit', stop);
  }

  /** Is this the search for these paths, id and limits, from the same working folder? */
  matches(paths: readonly string[], id: string, limits: Limits): boolean {
    return this.cwd === process.cwd() && this.id === id && this.paths.length === paths.length && this.paths.every((p, i) => p === paths[i]) && sameLimits(this.limits, limits);
  }

  /**
   * The walk and the scan, when both are done; undefined when the worker could not walk (the
   * caller walks again, and says why when it is a missing path) or stopped before its walk was
   * done. A worker that stops after its walk costs time, never the answer: the batches it had
   * not scanned are scanned here.
   */
  async result(): Promise<WalkedScan | undefined> {
    // Awaited now: the worker keeps the process running until it is done (or stopped), and may
    // open site files from now on (the command has parsed its arguments and asked for this).
    this.worker.ref();
    this.signal(GO_SCAN);
    try {
      return await this.collect();
    } finally {
      this.worker.unref();
    }
  }

  private async collect(): Promise<WalkedScan | undefined> {
    const { maxFileSize, maxTotalSize, maxFiles } = this.limits;
    const budget = sharedBudget(this.total);
    const mine = new Map<number, ScanResult>();
    // Each batch in turn, oldest first (the walk goes on in the newest one's folders), unless the
    // worker has it; batches arrive in order, so `b` only moves on.
    for (let b = 0; ; ) {
      if (b < this.batches.length) {
        if (Atomics.compareExchange(this.claims, b, 0, CLAIMED_BY_MAIN) === 0) {
          const files = this.batches[b]!;
          mine.set(b, scanFiles(files, 0, files.length, this.needle, maxFileSize, maxTotalSize, budget));
          await turn(); // the worker's messages come in between batches
        }
        b++;
        continue;
      }
      if (this.walked || this.notWalked || this.stopped) break;
      await this.next();
    }
    const walked = this.walked;
    if (!walked) return undefined;
    for (let b = 0; b < walked.batches; b++) {
      if (mine.has(b)) continue;
      while (!this.scanned.has(b) && !this.stopped) await this.next();
      if (!this.scanned.has(b)) {
        const files = this.batches[b]!;
        mine.set(b, scanFiles(files, 0, files.length, this.needle, maxFileSize, maxTotalSize, budget));
      }
    }
    // From the walk's order to the sorted order.
    let count = walked.rest.length;
    for (let b = 0; b < walked.batches; b++) count += this.batches[b]!.length;
    const inWalk = new Array<string>(count);
    const walkSizes = new Int32Array(count).fill(NOT_READ);
    const walkCandidate = new Uint8Array(count);
    let at = 0;
    for (let b = 0; b < walked.batches; b++) {
      const r = mine.get(b) ?? this.scanned.get(b)!;
      const files = this.batches[b]!;
      for (let i = 0; i < files.length; i++) inWalk[at + i] = files[i]!;
      walkSizes.set(r.sizes, at);
      for (const c of r.candidates) walkCandidate[at + c] = 1;
      at += files.length;
    }
    for (let i = 0; i < walked.rest.length; i++) inWalk[at + i] = walked.rest[i]!;
    const found = walked.found;
    const files = new Array<string>(found.length);
    for (let i = 0; i < found.length; i++) files[i] = inWalk[found[i]!]!;
    const n = Math.min(files.length, maxFiles);
    const sizes = new Int32Array(n);
    const candidates: number[] = [];
    for (let i = 0; i < n; i++) {
      const w = found[i]!;
      sizes[i] = walkSizes[w]!;
      if (walkCandidate[w]) candidates.push(i);
    }
    return { discovered: { files, errors: walked.errors, skipped: walked.skipped }, scan: { sizes, candidates } };
  }

  close(): void {
    this.signal(GO_STOP);
    void this.worker.terminate();
  }

  private signal(to: number): void {
    if (Atomics.compareExchange(this.go, 0, 0, to) === 0) Atomics.notify(this.go, 0);
  }

  private next(): Promise<void> {
    return new Promise((resolve) => (this.wake = resolve));
  }
}

/** Let the event loop deliver what has come in. */
function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function sameLimits(a: Limits, b: Limits): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof Limits>;
  return [...keys].every((k) => (a[k] ?? false) === (b[k] ?? false));
}

function workerUrl(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('../../dist/scale/scan-worker.js', here) : new URL('./scan-worker.js', here);
}

let early: WalkingScan | undefined;

/**
 * `sitecheck explain ARGS`, before the program is loaded: when ARGS ask for a site by id (not a
 * file) with the default limits, start its walk and scan now. Only a head start: find-site.ts
 * uses it only if the command, parsed for real, asks for exactly this search.
 */
export function speculateExplain(args: readonly string[]): void {
  discardEarly();
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: EXPLAIN_OPTIONS, allowPositionals: true, strict: true });
  } catch {
    return; // the real parse says what is wrong
  }
  const { values, positionals } = parsed;
  if (values.help || Object.keys(LIMIT_FLAG_OPTIONS).some((k) => (values as Record<string, unknown>)[k] !== undefined)) return;
  const [target, ...paths] = positionals;
  if (target === undefined || !PLAIN_ID.test(target) || availableParallelism() < 2) return;
  const { byFile, where } = explainWhere(target, paths);
  if (!byFile) early = new WalkingScan(where, target, DEFAULT_LIMITS);
}

/** The search started early, if it is this one (it is handed over once); any other is stopped. */
export function takeEarly(paths: readonly string[], id: string, limits: Limits): WalkingScan | undefined {
  const e = early;
  early = undefined;
  if (e?.matches(paths, id, limits)) return e;
  e?.close();
  return undefined;
}

/** Stop a search started early and not taken up (the command ended another way). */
export function discardEarly(): void {
  early?.close();
  early = undefined;
}
