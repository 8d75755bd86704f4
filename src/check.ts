// The library entry point: load the rules, load the inventory, evaluate every site into a Report.
// Every consumer (CLI formats, TUI, reports) goes through here and reads only the Report.
import { fileURLToPath } from 'node:url';
import type { FailOnSpec, InputError, Report, SiteResult } from './model.js';
import { summarise } from './model.js';
import { loadInventory, type Inventory } from './input/sites.js';
import { DEFAULT_LIMITS, type Limits } from './input/yaml-source.js';
import { loadRuleset, parameterValues, withParams, type Ruleset } from './rules/ruleset.js';
import { Evaluator } from './engine/evaluate.js';
import { VERSION } from './version.js';

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
  return buildReport(ruleset, asOf, sites, inventory.errors);
}

/** The Report for sites already evaluated (in output order) and the inventory's input errors. */
export function buildReport(ruleset: Ruleset, asOf: string, sites: readonly SiteResult[], errors: readonly InputError[]): Report {
  return {
    tool: { name: 'sitecheck', version: VERSION },
    rules: { sha256: ruleset.sha256, parameters: parameterValues(ruleset) },
    asOf,
    sites,
    errors,
    summary: summarise(sites, errors, ruleset.failOn.kinds),
  };
}

/** Check the site files under `paths`. Throws RulesError (bad rules) or MissingPathError (bad paths). */
export async function check(paths: readonly string[], opts: CheckOptions = {}): Promise<{ report: Report; inventory: Inventory; ruleset: Ruleset }> {
  const ruleset = loadRules(opts);
  const inventory = loadInventory(paths, opts.limits ?? DEFAULT_LIMITS);
  const report = await evaluateInventory(ruleset, inventory, opts.asOf ?? today());
  return { report, inventory, ruleset };
}
