// A pool of worker threads checking site files in parallel. Results are handed on strictly in
// file order (so the output is the single-thread output, byte for byte), with a bounded window of
// files in flight so memory stays flat however large the inventory. A worker that dies takes only
// the file it was reading with it: that file becomes an input error and a new worker carries on.
import { Worker } from 'node:worker_threads';
import type { FileDone } from './file-task.js';
import { crashedFile } from './file-task.js';
import { resultBytes } from './site-bytes.js';
import type { FromWorker, ToWorker, WorkerInit } from './worker.js';

/** The worker script: the compiled one next to this file (or in dist/ when run from the sources). */
function workerUrl(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('../../dist/scale/worker.js', here) : new URL('./worker.js', here);
}

/** A batch of files (indices into the file list), sent to a worker in one message. */
type Batch = readonly number[];

interface Slot {
  worker: Worker;
  ready: boolean;
  /** Batches sent and not yet answered, oldest first (the worker takes them in order). */
  inflight: Batch[];
  lastError?: string;
  lastErrorCode?: string;
  stopping: boolean;
}

export class AbortedError extends Error {
  constructor() {
    super('interrupted');
  }
}

export interface PoolRun {
  readonly size: number;
  readonly init: WorkerInit;
  readonly files: readonly string[];
  /** Called for each file, in file order; a returned promise holds back the next file. */
  readonly onFile: (index: number, done: FileDone) => void | Promise<void>;
  /** Size of each file in bytes (bounds what is in flight). */
  readonly sizes: readonly number[];
  readonly signal?: AbortSignal;
  /** Most bytes of site files sent out ahead of the next one to hand on (bounds memory). */
  readonly windowBytes?: number;
  /** Most bytes of results (as the files so far suggest) in flight ahead of the next one to hand on. */
  readonly outputBytes?: number;
  /** Heap limit for each worker, in MB (a worker that needs more dies: its file is reported). */
  readonly workerHeapMb?: number;
  /** Young-generation limit for each worker, in MB (V8's default when absent). */
  readonly workerYoungMb?: number;
  /**
   * Read one file in the main thread, as -j1 does: used for a file whose worker ran out of heap,
   * so that the answer is the same for every --jobs. Without it, the file is reported as crashed.
   */
  readonly inMainThread?: (index: number) => Promise<FileDone>;
}

export function runPool(opts: PoolRun): Promise<void> {
  const { files, onFile } = opts;
  // At most about 1 MB of input in flight, and at most about `outputBytes` of results (what the
  // files' results take per byte of input is learnt as they come: a minimal site is 40 bytes of
  // YAML and 10 KB of result; until then the worst is assumed), but always enough files to keep
  // every worker busy.
  const windowBytes = opts.windowBytes ?? 1024 * 1024;
  const outputBytes = opts.outputBytes ?? 32 * 1024 * 1024;
  let seenIn = 0;
  let seenOut = 0;
  const window = (): number => Math.min(windowBytes, outputBytes / (seenIn > 0 ? Math.max(1, seenOut / seenIn) : 256));
  const minFiles = opts.size * 2;
  let bytesOut = 0;
  const slots: Slot[] = [];
  const retry: Batch[] = [];
  const results = new Map<number, FileDone>();
  let next = 0;
  let emitted = 0;
  let finished = false;

  return new Promise<void>((resolve, reject) => {
    const stopAll = (): Promise<unknown> => {
      finished = true;
      return Promise.all(slots.map((s) => {
        s.stopping = true;
        return s.worker.terminate();
      }));
    };
    const fail = (e: Error): void => {
      if (finished) return;
      void stopAll().then(() => reject(e), () => reject(e));
    };
    const onAbort = (): void => fail(new AbortedError());
    if (opts.signal?.aborted) return reject(new AbortedError());
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    let draining = false;
    const drain = async (): Promise<void> => {
      if (draining || finished) return;
      draining = true;
      try {
        while (results.has(emitted) && !finished) {
          const done = results.get(emitted)!;
          results.delete(emitted);
          bytesOut -= opts.sizes[emitted] ?? 0;
          const wait = onFile(emitted, done);
          emitted++;
          if (wait) await wait; // the output is behind: hand on nothing more until it catches up
        }
      } catch (e) {
        draining = false;
        fail(e as Error);
        return;
      }
      draining = false;
      if (finished) return;
      if (emitted === files.length) {
        opts.signal?.removeEventListener('abort', onAbort);
        void stopAll().then(() => resolve(), () => resolve());
        return;
      }
      for (const s of slots) feed(s);
    };

    // Small files go out in batches (one message per file costs more than a small file does), of
    // at most a quarter of the window (a worker answers a batch in one message).
    const batchFiles = 64;
    const batchBytes = 256 * 1024;
    const take = (): Batch | undefined => {
      if (retry.length > 0) return retry.shift();
      const batch: number[] = [];
      let bytes = 0;
      const win = window();
      const most = Math.min(batchBytes, win / 4);
      while (next < files.length && batch.length < batchFiles && (batch.length === 0 || bytes < most)) {
        const size = opts.sizes[next] ?? 0;
        if (batch.length > 0 && bytes + size > most) break;
        if (next >= emitted + minFiles && bytesOut + size > win && !(batch.length === 0 && bytesOut === 0)) break;
        bytesOut += size;
        bytes += size;
        batch.push(next++);
      }
      return batch.length > 0 ? batch : undefined;
    };

    const feed = (s: Slot): void => {
      if (!s.ready || s.stopping || finished) return;
      while (s.inflight.length < 2) {
        const batch = take();
        if (!batch) return;
        s.inflight.push(batch);
        s.worker.postMessage({ batch: batch.map((i) => ({ i, path: files[i]! })) } satisfies ToWorker);
      }
    };

    const spawn = (): Slot => {
      const resourceLimits = opts.workerHeapMb || opts.workerYoungMb
        ? { ...(opts.workerHeapMb ? { maxOldGenerationSizeMb: opts.workerHeapMb } : {}), ...(opts.workerYoungMb ? { maxYoungGenerationSizeMb: opts.workerYoungMb } : {}) }
        : undefined;
      const slot: Slot = { worker: new Worker(workerUrl(), { workerData: opts.init, resourceLimits }), ready: false, inflight: [], stopping: false };
      slot.worker.on('message', (msg: FromWorker) => {
        if ('ready' in msg) {
          slot.ready = true;
          feed(slot);
          return;
        }
        const [answered, ...rest] = slot.inflight;
        slot.inflight = rest;
        if (!answered) return;
        msg.results.forEach((r, k) => {
          const i = answered[k]!;
          if ('done' in r) {
            seenIn += opts.sizes[i] ?? 0;
            seenOut += resultBytes(r.done);
          }
          results.set(i, 'done' in r ? r.done : crashedFile(files[i]!, r.failed));
        });
        void drain();
      });
      slot.worker.on('error', (e) => {
        slot.lastError = e.message;
        slot.lastErrorCode = (e as NodeJS.ErrnoException).code;
      });
      slot.worker.on('exit', (code) => {
        if (slot.stopping || finished) return;
        const reason = slot.lastError ?? `worker stopped with exit code ${code}`;
        if (!slot.ready) {
          fail(new Error(`a worker thread could not start: ${reason}`));
          return;
        }
        // The oldest batch is the one it was reading; the others were only queued: send them
        // again. A batch of several files is sent again file by file, so that only the file
        // that kills a worker is reported.
        const [culprit, ...queued] = slot.inflight;
        slot.inflight = [];
        retry.unshift(...(culprit && culprit.length > 1 ? culprit.map((i) => [i]) : []), ...queued);
        slots.splice(slots.indexOf(slot), 1, spawn());
        if (culprit && culprit.length === 1) {
          const i = culprit[0]!;
          if (slot.lastErrorCode === 'ERR_WORKER_OUT_OF_MEMORY' && opts.inMainThread) {
            void opts.inMainThread(i).then((done) => {
              results.set(i, done);
              void drain();
            }, (e: unknown) => fail(e instanceof Error ? e : new Error(String(e))));
          } else {
            results.set(i, crashedFile(files[i]!, reason));
            void drain();
          }
        }
      });
      return slot;
    };

    if (files.length === 0) return resolve();
    for (let k = 0; k < Math.max(1, Math.min(opts.size, files.length)); k++) slots.push(spawn());
  });
}
