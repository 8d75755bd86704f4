// The library entry point: load the rules, load the inventory, evaluate every site into a Report.
// Every consumer (CLI formats, TUI, reports) goes through here and reads only the Report.
import { fileURLToPath } from 'node:url';
import type { FailOnSpec, InputError, Report, SiteResult, SkippedEntry } from './model.js';
import { summarise } from './model.js';
import { explainWhere, loadInventory, type Inventory } from './input/sites.js';
import { findSiteParallel } from './scale/find-site.js';
import { didYouMean } from './util/suggest.js';
import { oneLine } from './format/escape.js';
import { DEFAULT_LIMITS, type Limits } from './input/yaml-source.js';
import { loadRuleset, parameterValues, withParams, type Ruleset } from './rules/ruleset.js';
import { Evaluator } from './engine/evaluate.js';
import { VERSION } from './version.js';
import { Redactor, type RedactSpec } from './handling/redact.js';

/** How the shipped rules folder is named in results, wherever sitecheck runs from. */
export const SHIPPED_RULES_LABEL = 'sitecheck:rules';

/** The rules folder shipped with the package. */
export const DEFAULT_RULES_DIR = fileURLToPath(new URL('../rules/', import.meta.url));

export interface RulesOptions {
  readonly rulesDir?: string;
  readonly paramsFile?: string;
}

export interface CheckOptions extends RulesOptions {
  /** Evaluation date, YYYY-MM-DD; today (UTC) when absent. */
  readonly asOf?: string;
  readonly limits?: Limits;
  /** Redact the results (--redact): names, addresses, organisations, notes become hashes. See README, Handling. */
  readonly redact?: RedactSpec;
}

let shipped: FailOnSpec | undefined;

/**
 * The --fail-on values and default of the shipped rules (for help text and option parsing). When
 * the shipped rules cannot be read, only errors and undetermined are offered here; the command
 * itself then reports the rules' problems (exit 2) when it loads them.
 */
export function shippedFailOn(): FailOnSpec {
  if (!shipped) {
    try {
      shipped = loadRuleset(DEFAULT_RULES_DIR, SHIPPED_RULES_LABEL).failOn;
    } catch {
      return { kinds: [], values: ['errors', 'undetermined'], defaults: ['errors'] };
    }
  }
  return shipped;
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Load (and check) the rules folder, applying a --params file if given. Throws RulesError. */
export function loadRules(opts: RulesOptions = {}): Ruleset {
  const ruleset = opts.rulesDir ? loadRuleset(opts.rulesDir) : loadRuleset(DEFAULT_RULES_DIR, SHIPPED_RULES_LABEL);
  return opts.paramsFile ? withParams(ruleset, opts.paramsFile) : ruleset;
}

/** Evaluate a loaded inventory. Sites come out sorted by file, then position in the file. */
export async function evaluateInventory(ruleset: Ruleset, inventory: Inventory, asOf: string, evaluator = new Evaluator(ruleset)): Promise<Report> {
  const sites: SiteResult[] = [];
  for (const site of inventory.sites) sites.push(await evaluator.evaluate(site, asOf));
  sites.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.document - b.document));
  return buildReport(ruleset, asOf, sites, inventory.errors, inventory.skipped);
}

/** The Report for sites already evaluated (in output order) and the inventory's input errors. */
export function buildReport(ruleset: Ruleset, asOf: string, sites: readonly SiteResult[], errors: readonly InputError[], skipped: readonly SkippedEntry[] = []): Report {
  return {
    tool: { name: 'sitecheck', version: VERSION },
    rules: { sha256: ruleset.sha256, parameters: parameterValues(ruleset) },
    asOf,
    sites,
    errors,
    ...(skipped.length > 0 ? { skipped } : {}),
    summary: summarise(sites, errors, ruleset.failOn.kinds),
  };
}

/** Check the site files under `paths`. Throws RulesError (bad rules) or MissingPathError (bad paths). */
export async function check(paths: readonly string[], opts: CheckOptions = {}): Promise<{ report: Report; inventory: Inventory; ruleset: Ruleset }> {
  const ruleset = loadRules(opts);
  const inventory = loadInventory(paths, opts.limits ?? DEFAULT_LIMITS);
  const evaluated = await evaluateInventory(ruleset, inventory, opts.asOf ?? today());
  const report = opts.redact ? new Redactor(opts.redact).report(evaluated) : evaluated;
  return { report, inventory, ruleset };
}

/** Evaluate a loaded inventory (from loadInventory) against loaded rules (from loadRules). */
export async function evaluate(ruleset: Ruleset, inventory: Inventory, opts: { readonly asOf?: string } = {}): Promise<Report> {
  return evaluateInventory(ruleset, inventory, opts.asOf ?? today());
}

/** explain() found no site with the id asked for (and no input error that would say why). */
export class SiteNotFoundError extends Error {
  constructor(readonly target: string, readonly paths: readonly string[], readonly suggestion?: string) {
    super(`no site "${oneLine(target)}" in ${paths.map(oneLine).join(', ')}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`);
    this.name = 'SiteNotFoundError';
  }
}

/**
 * The evaluation of one site, by id (looked up in `paths`, default sites/), or of every site in
 * the file `target`. By id, the inventory is scanned keeping only that site (memory flat at any
 * size) and only that site is evaluated. The Report holds the sites explained and the input errors
 * met on the way. Throws SiteNotFoundError, RulesError or MissingPathError.
 */
export async function explain(target: string, paths: readonly string[] = [], opts: CheckOptions = {}): Promise<{ report: Report; ruleset: Ruleset }> {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const asOf = opts.asOf ?? today();
  const { byFile, where } = explainWhere(target, paths);
  const inventory = byFile ? loadInventory([target], limits) : undefined;
  // By id: the rules load while a worker walks the folders and both threads scan for the id.
  const { found, value: ruleset } = byFile ? { found: undefined, value: loadRules(opts) } : await findSiteParallel(where, target, limits, () => loadRules(opts));
  const chosen = inventory ? inventory.sites : found!.chosen;
  let errors = inventory ? inventory.errors : found!.errors;
  // Not found, but some files were never read: say why (as check would), rather than "no site".
  if (chosen.length === 0 && errors.length === 0 && found?.unread.length) errors = found.unread;
  // Not found, but a file that may hold it could not be read (too big, not UTF-8, broken YAML): say so.
  if (chosen.length === 0 && errors.length === 0 && found?.unreadable.length) errors = found.unreadable;
  if (chosen.length === 0 && errors.length === 0) {
    throw new SiteNotFoundError(target, where, didYouMean(target, inventory ? inventory.sites.map((s) => s.data.id) : found!.ids));
  }
  const evaluator = new Evaluator(ruleset);
  const sites: SiteResult[] = [];
  for (const s of chosen) sites.push(await evaluator.evaluate(s, asOf));
  const report = buildReport(ruleset, asOf, sites, errors);
  return { report: opts.redact ? new Redactor(opts.redact).report(report) : report, ruleset };
}
