// A worker thread that scans part of the file list for `explain SITE_ID` (id-scan.ts), while the
// main thread scans the rest and loads the rules.
import { parentPort, workerData } from 'node:worker_threads';
import { scanFiles, type IdNeedle } from './id-scan.js';

export interface ScanJob {
  /** The files to scan (indices in the answer count from the first of them). */
  readonly files: readonly string[];
  readonly needle: IdNeedle;
  readonly limit: number;
  readonly maxTotal: number;
}

const job = workerData as ScanJob;
const result = scanFiles(job.files, 0, job.files.length, job.needle, job.limit, job.maxTotal);
parentPort!.postMessage(result, [result.sizes.buffer as ArrayBuffer]);
