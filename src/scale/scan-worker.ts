// The worker thread of `explain SITE_ID`: it walks the folders (walk.ts) and posts the files it
// finds in batches, then, once the command has taken the search up, scans batches for the id
// (id-scan.ts) beside the main thread. Each batch
// is scanned once, by whichever thread claims it first (Atomics.compareExchange on a shared
// Int32 per batch): the main thread takes the oldest first (away from the folders being walked),
// this thread the newest once its walk is done. Imports
// nothing but walk.ts, id-scan.ts and node:, so it can start before the main thread has loaded
// the rest of the program (src/scale/walking-scan.ts).
import { parentPort, workerData } from 'node:worker_threads';
import type { InputError, SkippedEntry } from '../model.js';
import { discoverFiles, type WalkOptions } from '../input/walk.js';
import { scanFiles, sharedBudget, CLAIMED_BY_WORKER, GO_SCAN, GO_WAIT, type IdNeedle } from './id-scan.js';

export interface WalkSetup {
  readonly paths: readonly string[];
  readonly walk: WalkOptions;
  /** --max-files: files past this many in the walk's order are not batched (the main thread reads any the cut keeps). */
  readonly maxFiles: number;
  readonly batchSize: number;
  readonly needle: IdNeedle;
  /** --max-file-size */
  readonly limit: number;
  /** --max-total-size: both threads stop reading once the bytes they have read together pass it. */
  readonly maxTotal: number;
  /** One Int32 per batch: 0 unclaimed, else who claimed it. As many batches as it holds, at most. */
  readonly claims: SharedArrayBuffer;
  /** The bytes read so far by both threads (sharedBudget's Int32). */
  readonly total: SharedArrayBuffer;
  /**
   * One Int32: GO_WAIT until the command, its arguments parsed, takes the search up (GO_SCAN) or
   * drops it (GO_STOP). The walk only lists folders; no site file is opened before GO_SCAN.
   */
  readonly go: SharedArrayBuffer;
}

/** What the worker posts, in this order: batches as it walks, the walk, then the batches it scanned. */
export type FromWalker =
  /** A batch's files, joined by NULs. */
  | { readonly kind: 'batch'; readonly batch: number; readonly files: string }
  | {
    readonly kind: 'walked';
    /** How many batches were posted (all of them before this message). */
    readonly batches: number;
    /** The files found after the last batch was full (past --max-files), in the walk's order. */
    readonly rest: string[];
    /** discoverFiles' `found`: the i-th file in sorted order is the found[i]-th file walked. */
    readonly found: Int32Array;
    readonly errors: InputError[];
    readonly skipped: SkippedEntry[];
  }
  /** The walk threw (a path missing, a folder with no site files): the main thread walks again and says why. */
  | { readonly kind: 'not-walked' }
  | { readonly kind: 'scanned'; readonly batch: number; readonly sizes: Int32Array; readonly candidates: number[] };

const setup = workerData as WalkSetup;
const port = parentPort!;
const claims = new Int32Array(setup.claims);
const sent: string[][] = [];
const rest: string[] = [];
let pending: string[] = [];
let walked = 0;

function post(): void {
  sent.push(pending);
  // As one string (a path never holds a NUL): a string is copied across whole, a list one item at a time.
  port.postMessage({ kind: 'batch', batch: sent.length - 1, files: pending.join('\0') } satisfies FromWalker);
  pending = [];
}

let found: ReturnType<typeof discoverFiles> | undefined;
try {
  found = discoverFiles(setup.paths, setup.walk, (file) => {
    if (walked++ >= setup.maxFiles || sent.length >= claims.length) rest.push(file);
    else {
      pending.push(file);
      if (pending.length >= setup.batchSize) post();
    }
  });
} catch {
  port.postMessage({ kind: 'not-walked' } satisfies FromWalker);
}
if (found) {
  if (pending.length > 0) post();
  const order = Int32Array.from(found.found);
  port.postMessage({ kind: 'walked', batches: sent.length, rest, found: order, errors: found.errors, skipped: found.skipped } satisfies FromWalker, [order.buffer]);
  const go = new Int32Array(setup.go);
  while (Atomics.load(go, 0) === GO_WAIT) Atomics.wait(go, 0, GO_WAIT, 1000);
  const budget = sharedBudget(new Int32Array(setup.total));
  for (let batch = sent.length - 1; batch >= 0 && Atomics.load(go, 0) === GO_SCAN; batch--) {
    if (Atomics.compareExchange(claims, batch, 0, CLAIMED_BY_WORKER) !== 0) break; // the main thread has this one and every older one
    const files = sent[batch]!;
    const { sizes, candidates } = scanFiles(files, 0, files.length, setup.needle, setup.limit, setup.maxTotal, budget);
    port.postMessage({ kind: 'scanned', batch, sizes, candidates } satisfies FromWalker, [sizes.buffer as ArrayBuffer]);
  }
}
