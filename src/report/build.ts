// Making a report: evaluate the inventory (through the core's `check`, never on its own), record the
// provenance, and render by the output file's extension.
import { extname } from 'node:path';
import { check } from '../check.js';
import type { Report } from '../model.js';
import type { Inventory } from '../input/sites.js';
import { DEFAULT_LIMITS, type Limits } from '../input/yaml-source.js';
import type { Ruleset } from '../rules/ruleset.js';
import { buildProvenance, type EvidenceKind, type Provenance } from './provenance.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import type { Redactor } from '../handling/redact.js';

export interface EvidenceOptions {
  readonly paths: readonly string[];
  readonly asOf: string;
  readonly rulesDir?: string;
  readonly paramsFile?: string;
  readonly limits?: Limits;
  /** --redact: the results are redacted before anything (the provenance included) records them. */
  readonly redactor?: Redactor;
}

export interface Evidence {
  readonly report: Report;
  readonly inventory: Inventory;
  readonly ruleset: Ruleset;
  readonly provenance: Provenance;
}

/** Evaluate and record provenance. Throws RulesError / MissingPathError like `check`. */
export async function gatherEvidence(opts: EvidenceOptions): Promise<Evidence> {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const { report: evaluated, inventory, ruleset } = await check(opts.paths, { asOf: opts.asOf, rulesDir: opts.rulesDir, paramsFile: opts.paramsFile, limits });
  const report = opts.redactor ? opts.redactor.report(evaluated) : evaluated;
  const provenance = buildProvenance(report, inventory, ruleset, {
    paths: opts.paths,
    rulesDir: opts.rulesDir,
    paramsFile: opts.paramsFile,
    limits,
  });
  return { report, inventory, ruleset, provenance };
}

/** The report kind an output file name asks for, or undefined. */
export function kindOf(file: string): EvidenceKind | undefined {
  const ext = extname(file).toLowerCase();
  if (ext === '.html' || ext === '.htm') return 'html';
  if (ext === '.md' || ext === '.markdown') return 'md';
  if (ext === '.json') return 'json';
  return undefined;
}

/** Render evidence. JSON is the `check --format json` report with one added field, `provenance`. */
export function renderEvidence(kind: EvidenceKind, e: Evidence): string {
  if (kind === 'html') return renderHtml(e);
  if (kind === 'md') return renderMarkdown(e);
  return JSON.stringify({ ...e.report, provenance: e.provenance }, null, 2) + '\n';
}
