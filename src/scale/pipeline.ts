// Checking an inventory file by file, in the main thread or across a pool of worker threads, and
// handing each site on in output order as soon as it is ready. Nothing here keeps more than a
// window of files in memory; the caller decides what to keep (the streaming JSON report keeps
// only each site's outline).
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { InputError, SkippedEntry } from '../model.js';
import { loadRules, today, type CheckOptions } from '../check.js';
import { Evaluator } from '../engine/evaluate.js';
import { discoverFiles, duplicateIdError, filesWithinLimits, sortErrors } from '../input/sites.js';
import { DEFAULT_LIMITS } from '../input/yaml-source.js';
import type { Ruleset } from '../rules/ruleset.js';
import { displayPath } from '../util/paths.js';
import { checkFile, crashedFile, type FileDone, type OutputMode, type SiteDone, type SiteOutline } from './file-task.js';
import { AbortedError, runPool } from './pool.js';
import { Redactor, type RedactSpec } from '../handling/redact.js';
import { SiteIdMap } from '../input/ids.js';
import { siteResultOf } from './site-bytes.js';

/**
 * Each worker's heap limit: V8 otherwise lets every thread's heap grow far past what it holds
 * (2 workers reached 800 MB at 100,000 sites). Checking the largest file allowed by default
 * (1 MiB, 2,000 sites) fits in 64 MB of old generation (48 does not: the file is then read in the
 * main thread, the same answer); 80 leaves room. The limit grows with --max-file-size.
 */
export function workerHeapMb(maxFileSize: number): number {
  return 80 * Math.max(1, Math.ceil(maxFileSize / (1024 * 1024)));
}

export { WORKER_YOUNG_MB } from './worker-heap.js';
import { WORKER_YOUNG_MB } from './worker-heap.js';

/** firstUse's numbers: a file's index times this, plus a line (a line number is below 2^32). */
const LINE_SPAN = 2 ** 32;

/** Below this much site data, starting worker threads costs more than it saves. */
export const PARALLEL_MIN_BYTES = 512 * 1024;

export function defaultJobs(): number {
  return availableParallelism();
}

export interface RunOptions extends CheckOptions {
  /**
   * Worker threads; 1 checks in the main thread. Default: the number of cores, used only for
   * inventories of PARALLEL_MIN_BYTES or more.
   */
  readonly jobs?: number;
  readonly mode: OutputMode;
  /**
   * What the worker threads send back, when not `mode` ('full' becomes 'serialized' there either
   * way): the JSON report asks workers for each site's JSON text but takes SiteResults from the
   * main thread, which writes each site's text as it hands it on rather than a file's at once.
   */
  readonly workerMode?: OutputMode;
  /** The rules, when already loaded (by default they are loaded from rulesDir/paramsFile). */
  readonly ruleset?: Ruleset;
  /** Each site that will be in the report, in output order. */
  readonly onSite: (site: SiteDone, file: string) => void;
  /** Each file read, in order, before its sites are handed on (the report records its sha256). */
  readonly onFile?: (file: string, done: FileDone) => void;
  /** After each file: a promise to wait for before going on (the output's reader is behind). */
  readonly backpressure?: () => Promise<void> | undefined;
  /** Called as files finish: sites so far, bytes read so far, total bytes. */
  readonly onProgress?: (sites: number, bytes: number, totalBytes: number) => void;
  readonly signal?: AbortSignal;
  /** --redact: each SiteResult is redacted where it is made (in the worker), input errors at the end. */
  readonly redact?: RedactSpec;
}

export interface RunResult {
  readonly ruleset: Ruleset;
  readonly asOf: string;
  /** Every site in the report, in order: what the summary and exit code read. */
  readonly outlines: SiteOutline[];
  /** Input errors, sorted as the report lists them. */
  readonly errors: InputError[];
  /** Worker threads used (0: the main thread did the work). */
  readonly workers: number;
  /** What the walk passed over and says so. */
  readonly skipped: readonly SkippedEntry[];
}

/**
 * Check the site files under `paths`. Throws RulesError (bad rules), MissingPathError (bad paths)
 * or AbortedError (the signal fired). Duplicate ids are found exactly as loadInventory does: the
 * first use in file order wins and later uses become errors.
 */
export async function runInventory(paths: readonly string[], opts: RunOptions): Promise<RunResult> {
  const ruleset = opts.ruleset ?? loadRules(opts);
  const asOf = opts.asOf ?? today();
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const found = discoverFiles(paths, limits);
  const { read: files, errors: cutErrors } = filesWithinLimits(found.files, limits);
  const walkErrors = [...found.errors, ...cutErrors];
  const sizes = files.map((f) => {
    try {
      return statSync(f).size;
    } catch {
      return 0;
    }
  });
  const totalBytes = sizes.reduce((a, b) => a + b, 0);

  const outlines: SiteOutline[] = [];
  const fileErrors: InputError[] = [];
  const dupErrors: InputError[] = [];
  // Kept for every site until the end, so kept small: where each id was first used, as one
  // number (the file's index and the line), and each site's outline as one shared object per
  // verdict and finding kinds (most sites share a handful), not an object per site.
  const firstUse = new SiteIdMap<number>();
  const sameOutline = new Map<string, SiteOutline>();
  let bytesDone = 0;
  const accept = (index: number, done: FileDone): Promise<void> | undefined => {
    const file = displayPath(files[index]!);
    opts.onFile?.(file, done);
    for (const e of done.errors) fileErrors.push(e);
    for (const site of done.sites) {
      const prev = firstUse.get(site.id);
      if (prev !== undefined) {
        dupErrors.push(duplicateIdError(site.id, file, site.idPosition, displayPath(files[Math.floor(prev / LINE_SPAN)]!), prev % LINE_SPAN));
        continue;
      }
      firstUse.set(site.id, index * LINE_SPAN + site.position.line);
      const key = `${site.outline.verdict}\u0000${site.outline.findings.map((f) => f.kind).join('\u0000')}`;
      let outline = sameOutline.get(key);
      if (!outline) sameOutline.set(key, (outline = site.outline));
      outlines.push(outline);
      // From a worker, a SiteResult comes as bytes: made an object only now, as it is handed on.
      opts.onSite(site.serialized ? { ...site, result: siteResultOf(site)! } : site, file);
    }
    bytesDone += sizes[index]!;
    opts.onProgress?.(outlines.length, bytesDone, totalBytes);
    return opts.backpressure?.();
  };

  // Asked for by number, workers are used whenever there are two files; by default only when
  // there is enough to read that starting them pays.
  const jobs = Math.max(1, Math.floor(opts.jobs ?? defaultJobs()));
  const parallel = jobs > 1 && files.length > 1 && (opts.jobs !== undefined || totalBytes >= PARALLEL_MIN_BYTES);
  let workers = 0;
  const redactor = opts.redact ? new Redactor(opts.redact) : undefined;
  const redacting = redactor ? { redactor } : {};
  if (parallel) {
    workers = Math.min(jobs, files.length);
    let mainCtx: { evaluator: Evaluator; asOf: string; limits: typeof limits; mode: OutputMode; redactor?: Redactor } | undefined;
    await runPool({
      size: workers,
      // SiteResults cross from the workers as bytes ('serialized'), not as object graphs.
      init: { ruleset, asOf, limits, mode: (opts.workerMode ?? opts.mode) === 'full' ? 'serialized' : (opts.workerMode ?? opts.mode), ...(opts.redact ? { redact: opts.redact } : {}) },
      files,
      sizes,
      workerHeapMb: workerHeapMb(limits.maxFileSize),
      workerYoungMb: WORKER_YOUNG_MB,
      onFile: accept,
      // A file too big for a worker's heap is read here, exactly as -j1 reads it.
      inMainThread: async (i) => {
        mainCtx ??= { evaluator: new Evaluator(ruleset), asOf, limits, mode: opts.mode, ...redacting };
        try {
          return await checkFile(files[i]!, mainCtx);
        } catch (e) {
          return crashedFile(files[i]!, e instanceof Error ? e.message : String(e));
        }
      },
      signal: opts.signal,
    });
  } else {
    const evaluator = new Evaluator(ruleset);
    const ctx = { evaluator, asOf, limits, mode: opts.mode, ...redacting };
    let lastYield = Date.now();
    for (let i = 0; i < files.length; i++) {
      // Evaluation only ever awaits promises, so let the event loop run now and then: that is
      // when Ctrl-C (and a progress redraw) can be seen.
      if (Date.now() - lastYield > 50) {
        await new Promise((resolve) => setImmediate(resolve));
        lastYield = Date.now();
      }
      if (opts.signal?.aborted) throw new AbortedError();
      let done: FileDone;
      try {
        done = await checkFile(files[i]!, ctx);
      } catch (e) {
        done = crashedFile(files[i]!, e instanceof Error ? e.message : String(e));
      }
      await accept(i, done);
    }
  }
  const errors = sortErrors([...walkErrors, ...fileErrors, ...dupErrors]);
  return { ruleset, asOf, outlines, errors: redactor ? errors.map((e) => redactor.error(e)) : errors, workers, skipped: redactor ? redactor.skipped(found.skipped) : found.skipped };
}
