// A worker thread of the pool: checks the files it is sent, one at a time, on its own Evaluator
// (so its Engines only ever run one site at once) over the rules the main thread loaded.
import { parentPort, workerData } from 'node:worker_threads';
import { Evaluator } from '../engine/evaluate.js';
import { checkFile, encodeJson, type OutputMode } from './file-task.js';
import { packSerialized } from './site-bytes.js';
import type { Limits } from '../input/yaml-source.js';
import { Redactor, type RedactSpec } from '../handling/redact.js';
import type { Ruleset } from '../rules/ruleset.js';

export interface WorkerInit {
  /**
   * The rules as the main thread loaded and checked them (a structured clone): every worker runs
   * exactly the rules the report names, and none reads and checks the rules folder again.
   */
  readonly ruleset: Ruleset;
  readonly asOf: string;
  readonly limits: Limits;
  readonly mode: OutputMode;
  /** --redact, applied to each SiteResult before it is encoded. */
  readonly redact?: RedactSpec;
}

export type ToWorker = { readonly batch: readonly { readonly i: number; readonly path: string }[] };
export type FileAnswer = { readonly done: import('./file-task.js').FileDone } | { readonly failed: string };
export type FromWorker =
  | { readonly ready: true }
  | { readonly results: readonly FileAnswer[] };

const init = workerData as WorkerInit;
const port = parentPort!;
const evaluator = new Evaluator(init.ruleset);
const ctx = { evaluator, asOf: init.asOf, limits: init.limits, mode: init.mode, ...(init.redact ? { redactor: new Redactor(init.redact) } : {}) };
// Tests only: make the worker die while reading a file whose path contains this text, as a bug
// in the parser would, to prove the run reports it and carries on.
const crashOn = process.env.SITECHECK_TEST_WORKER_CRASH;
// Tests only: make the worker exhaust its heap while reading such a file, as a file that costs
// more memory than the worker's limit would.
const oomOn = process.env.SITECHECK_TEST_WORKER_OOM;

// Files are checked strictly one after another, in the order sent.
let chain: Promise<void> = Promise.resolve();
port.on('message', (msg: ToWorker) => {
  chain = chain.then(async () => {
    const results: FileAnswer[] = [];
    const transfer: ArrayBuffer[] = [];
    for (const { path } of msg.batch) {
      if (crashOn && path.includes(crashOn)) {
        setImmediate(() => {
          throw new Error(`injected crash reading ${path}`);
        });
        await new Promise(() => undefined); // never continues: the worker is about to die
      }
      if (oomOn && path.includes(oomOn)) {
        const hog: number[][] = [];
        for (;;) hog.push(new Array<number>(1 << 20).fill(hog.length));
      }
      try {
        const checked = await checkFile(path, ctx);
        const encoded = init.mode === 'serialized' ? packSerialized(checked) : encodeJson(checked);
        transfer.push(...encoded.transfer);
        results.push({ done: encoded.done });
      } catch (e) {
        results.push({ failed: e instanceof Error ? e.message : String(e) });
      }
    }
    port.postMessage({ results } satisfies FromWorker, transfer);
  });
});
port.postMessage({ ready: true } satisfies FromWorker);
