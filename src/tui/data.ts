// What the TUI shows: the Report from the core check, plus what the screens need to ask the core
// more questions (the ruleset, the site records and the Evaluator). The inventory is read and
// evaluated by the same pipeline as `check` (src/scale: a pool of worker threads for a large
// inventory), and handed to the screen in batches as sites are evaluated, so that the list
// appears at once and fills in. A site's record (its facts as written) is read from its file when
// a screen first needs it, with the digest of the bytes read (a save refuses a file changed since).
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { buildReport, loadRules, type RulesOptions } from '../check.js';
import { Evaluator } from '../engine/evaluate.js';
import { loadSiteBytes, type SiteRecord } from '../input/sites.js';
import { DEFAULT_LIMITS, type Limits } from '../input/yaml-source.js';
import type { InputError, Report, SiteResult } from '../model.js';
import type { Ruleset } from '../rules/ruleset.js';
import { runInventory } from '../scale/pipeline.js';
import { sha256Of } from '../util/safe-write.js';
import { factQuestions, type Question } from './questions.js';
import { SiteIndex } from './site-index.js';
import { sameSiteId, siteIdKey } from '../input/ids.js';

/** How far a read of the inventory has got (while the list fills in). */
export interface LoadProgress {
  readonly sites: number;
  readonly bytes: number;
  readonly totalBytes: number;
}

/**
 * The site records, read from their files on first use. `get` returns the record of the site the
 * report shows (same file and document), or undefined when the file no longer holds it.
 */
export class RecordStore {
  private readonly cache = new Map<string, SiteRecord | null>();
  private readonly fileDigests = new Map<string, string | undefined>();

  constructor(
    private readonly index: SiteIndex,
    private readonly limits: Limits,
    /** Digests of the files taken while the inventory was read (by displayed name). */
    private readonly readDigests: ReadonlyMap<string, string | undefined> = new Map(),
  ) {}

  has(id: string): boolean {
    return this.index.indexOf(id) >= 0;
  }

  get(id: string): SiteRecord | undefined {
    const cached = this.cache.get(siteIdKey(id));
    if (cached !== undefined) return cached ?? undefined;
    const site = this.index.sites[this.index.indexOf(id)];
    if (!site) return undefined;
    let found: SiteRecord | undefined;
    try {
      const bytes = readFileSync(site.file);
      if (bytes.length <= this.limits.maxFileSize) {
        const digest = sha256Of(bytes);
        // The file changed since the inventory was read: keep the digest of then, so a save refuses it.
        this.fileDigests.set(site.file, this.readDigests.get(site.file) ?? digest);
        const loaded = loadSiteBytes(site.file, bytes, this.limits);
        found = loaded.sites.find((s) => sameSiteId(s.data.id, id) && s.document === site.document);
      }
    } catch {
      found = undefined;
    }
    this.cache.set(siteIdKey(id), found ?? null);
    return found;
  }

  /** The digest of a file as read for its records (undefined: not read, or not readable). */
  digest(file: string): string | undefined {
    return this.fileDigests.get(file);
  }
}

export interface TuiData {
  readonly paths: readonly string[];
  readonly asOf: string;
  readonly limits: Limits;
  readonly rulesOptions: RulesOptions;
  readonly report: Report;
  readonly ruleset: Ruleset;
  readonly evaluator: Evaluator;
  readonly index: SiteIndex;
  /** The site records by id (for "May I buy this?" and the wizard), read on first use. */
  readonly records: RecordStore;
  /** The fact questions, limb by limb, from the rules. */
  readonly questions: readonly Question[];
  /** Set while the inventory is still being read: the list shows what has been evaluated so far. */
  readonly loading?: LoadProgress;
}

export interface LoadOptions extends RulesOptions {
  readonly asOf: string;
  readonly limits?: Limits;
  /** Worker threads (default: as `check` decides, by the inventory's size). */
  readonly jobs?: number;
}

function dataOf(paths: readonly string[], opts: LoadOptions, ruleset: Ruleset, evaluator: Evaluator, questions: readonly Question[], sites: readonly SiteResult[], errors: readonly InputError[], loading?: LoadProgress, digests?: ReadonlyMap<string, string | undefined>): TuiData {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const index = new SiteIndex(sites);
  return {
    paths,
    asOf: opts.asOf,
    limits,
    rulesOptions: { ...(opts.rulesDir ? { rulesDir: opts.rulesDir } : {}), ...(opts.paramsFile ? { paramsFile: opts.paramsFile } : {}) },
    report: buildReport(ruleset, opts.asOf, sites, errors),
    ruleset,
    evaluator,
    index,
    records: new RecordStore(index, limits, digests),
    questions,
    ...(loading ? { loading } : {}),
  };
}

/** The data before anything has been read: an empty list, loading. */
export function emptyData(paths: readonly string[], opts: LoadOptions, previous?: TuiData): TuiData {
  const ruleset = previous?.ruleset ?? loadRules(opts);
  const evaluator = previous?.evaluator ?? new Evaluator(ruleset);
  return dataOf(paths, opts, ruleset, evaluator, previous?.questions ?? factQuestions(ruleset), [], [], { sites: 0, bytes: 0, totalBytes: 0 });
}

/**
 * Read and evaluate the inventory. `onBatch` (if given) receives the data so far, about every
 * `batchMs`, while the sites are evaluated; the promise gives the complete data.
 */
export async function loadData(paths: readonly string[], opts: LoadOptions, previous?: TuiData, onBatch?: (partial: TuiData) => void, batchMs = 150): Promise<TuiData> {
  const ruleset = previous?.ruleset ?? loadRules(opts);
  const evaluator = previous?.evaluator ?? new Evaluator(ruleset);
  const questions = previous?.questions ?? factQuestions(ruleset);
  const sites: SiteResult[] = [];
  let progress: LoadProgress = { sites: 0, bytes: 0, totalBytes: 0 };
  let last = Date.now();
  const run = await runInventory(paths, {
    ...opts,
    ruleset,
    mode: 'full',
    onSite: (site) => {
      if (site.result) sites.push(site.result);
    },
    onProgress: (n, bytes, totalBytes) => {
      progress = { sites: n, bytes, totalBytes };
      if (onBatch && Date.now() - last >= batchMs) {
        last = Date.now();
        onBatch(dataOf(paths, opts, ruleset, evaluator, questions, [...sites], [], progress));
      }
    },
    ...(onBatch ? { backpressure: () => (Date.now() - last >= batchMs ? new Promise<void>((r) => setImmediate(r)) : undefined) } : {}),
  });
  // The digest of each file with sites, read right after it was evaluated (without blocking the
  // screen): a save refuses a file that changed since.
  const digests = new Map<string, string | undefined>();
  for (const file of new Set(sites.map((s) => s.file))) {
    try {
      digests.set(file, sha256Of(await readFile(file)));
    } catch {
      digests.set(file, undefined);
    }
  }
  return dataOf(paths, opts, ruleset, evaluator, questions, sites, run.errors, undefined, digests);
}
