// What the TUI shows: the Report from the core check, plus what the screens need to ask the core
// more questions (the ruleset, the loaded site records and the Evaluator). Loaded once, and again
// after a save.
import { evaluateInventory, loadRules, type RulesOptions } from '../check.js';
import { Evaluator } from '../engine/evaluate.js';
import { loadInventory, type Inventory, type SiteRecord } from '../input/sites.js';
import { DEFAULT_LIMITS, type Limits } from '../input/yaml-source.js';
import type { Report } from '../model.js';
import type { Ruleset } from '../rules/ruleset.js';
import { factQuestions, type Question } from './questions.js';
import { SiteIndex } from './site-index.js';
import { SiteIdMap } from '../input/ids.js';

export interface TuiData {
  readonly paths: readonly string[];
  readonly asOf: string;
  readonly limits: Limits;
  readonly report: Report;
  readonly inventory: Inventory;
  readonly ruleset: Ruleset;
  readonly evaluator: Evaluator;
  readonly index: SiteIndex;
  /** The loaded site records by id (for "May I buy this?" and the wizard). */
  readonly records: ReadonlyMap<string, SiteRecord>;
  /** Digest of each file as read, by displayed name: a save refuses a file changed since. */
  readonly digests: ReadonlyMap<string, string | undefined>;
  /** The fact questions, limb by limb, from the rules. */
  readonly questions: readonly Question[];
}

export interface LoadOptions extends RulesOptions {
  readonly asOf: string;
  readonly limits?: Limits;
}

export async function loadData(paths: readonly string[], opts: LoadOptions, previous?: TuiData): Promise<TuiData> {
  const ruleset = previous?.ruleset ?? loadRules(opts);
  const evaluator = previous?.evaluator ?? new Evaluator(ruleset);
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const inventory = loadInventory(paths, limits);
  const report = await evaluateInventory(ruleset, inventory, opts.asOf, evaluator);
  return {
    paths,
    asOf: opts.asOf,
    limits,
    report,
    inventory,
    ruleset,
    evaluator,
    index: new SiteIndex(report.sites),
    records: new SiteIdMap(inventory.sites.map((s) => [s.data.id, s])),
    digests: new Map(inventory.files.map((f) => [f.file, f.sha256])),
    questions: previous?.questions ?? factQuestions(ruleset),
  };
}
