import type { FailOn, Report } from '../model.js';
import type { Ruleset } from '../rules/ruleset.js';
import type { Colors } from '../util/color.js';

/** What a formatter may read besides the report: never anything that re-evaluates a site. */
export interface FormatContext {
  readonly colors: Colors;
  readonly ruleset: Ruleset;
  readonly failOn: readonly FailOn[];
  /** Where links to site files point in Markdown (a repository blob URL ending in /); relative when absent. */
  readonly linkBase?: string;
}

/** One output format: the report in, the text to write out. */
export type Formatter = (report: Report, ctx: FormatContext) => string;
