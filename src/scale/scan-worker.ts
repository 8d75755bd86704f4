// A worker thread that scans files for `explain SITE_ID` (id-scan.ts) while the main thread is
// still walking the folders: the main thread posts the files it has found in batches, and each
// batch is scanned by whichever thread claims it first (the main thread takes what is left when
// its walk is done). Imports nothing but id-scan.ts and node:, so it starts in milliseconds.
import { parentPort, workerData } from 'node:worker_threads';
import { scanFiles, sharedBudget, CLAIMED_BY_WORKER, type IdNeedle, type ScanResult } from './id-scan.js';

export interface ScanSetup {
  readonly needle: IdNeedle;
  /** --max-file-size */
  readonly limit: number;
  /** --max-total-size: both threads stop reading once the bytes they have read together pass it. */
  readonly maxTotal: number;
  /** One Int32 per batch: 0 unclaimed, else who claimed it (Atomics.compareExchange). */
  readonly claims: SharedArrayBuffer;
  /** The bytes read so far by both threads (a BigInt64, Atomics.add). */
  readonly total: SharedArrayBuffer;
}

/** A batch of files, numbered from 0 in the order posted; `end` after the last. */
export type ScanMessage = { readonly batch: number; readonly files: readonly string[] } | { readonly end: true };

/** A batch scanned here; candidates count from the batch's first file. */
export interface ScanReply extends ScanResult {
  readonly batch: number;
}

const setup = workerData as ScanSetup;
const claims = new Int32Array(setup.claims);
const budget = sharedBudget(new BigInt64Array(setup.total));
parentPort!.on('message', (m: ScanMessage) => {
  if ('end' in m) {
    parentPort!.close();
    return;
  }
  // Taken already by the main thread, which has finished its walk: nothing to do.
  if (Atomics.compareExchange(claims, m.batch, 0, CLAIMED_BY_WORKER) !== 0) return;
  const result = scanFiles(m.files, 0, m.files.length, setup.needle, setup.limit, setup.maxTotal, budget);
  const reply: ScanReply = { batch: m.batch, ...result };
  parentPort!.postMessage(reply, [result.sizes.buffer as ArrayBuffer]);
});
