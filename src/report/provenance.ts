// Provenance: what a report was made from, precisely enough to make it again and to tell whether it
// still holds. Digests of every rules file, of the parameters in force, of every input file, one
// digest over all of them, and the verdicts. Embedded in every report as data (never as code).
import type { Limits } from '../input/yaml-source.js';
import { createHash } from 'node:crypto';
import type { Outcome, Report, Verdict } from '../model.js';
import type { Inventory } from '../input/sites.js';
import type { Ruleset } from '../rules/ruleset.js';

export const PROVENANCE_FORMAT = 'sitecheck-provenance/1' as const;

export interface ProvenanceSite {
  readonly id: string;
  readonly file: string;
  readonly verdict: Verdict;
  /** Limb outcomes in limb order. */
  readonly limbs: readonly Outcome[];
}

export interface Provenance {
  readonly format: typeof PROVENANCE_FORMAT;
  readonly tool: { readonly name: 'sitecheck'; readonly version: string };
  readonly asOf: string;
  /** The PATH arguments the inventory was read from, as given (relative to the working directory). */
  readonly paths: readonly string[];
  /** The input limits the inventory was read with (--max-* flags). */
  readonly limits: Limits;
  readonly rules: {
    /** The --rules folder, or null for the rules shipped with sitecheck. */
    readonly dir: string | null;
    readonly sha256: string;
    readonly files: readonly { readonly name: string; readonly sha256: string }[];
  };
  readonly parameters: {
    /** The --params file, or null. */
    readonly file: string | null;
    /** sha256 of the canonical JSON of `values`. */
    readonly sha256: string;
    readonly values: Readonly<Record<string, { readonly value: number | string; readonly origin: string; readonly interpretation: boolean }>>;
  };
  readonly inputs: readonly { readonly file: string; readonly sha256: string | null }[];
  readonly results: {
    /** sha256 of the canonical JSON of `sites` and `errors`. */
    readonly sha256: string;
    readonly sites: readonly ProvenanceSite[];
    readonly errors: number;
  };
  /** One digest over the tool version, the date, the rules, the parameters and the inputs. */
  readonly sha256: string;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** JSON with object keys sorted at every level and no white space: the same data always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export interface ProvenanceOptions {
  readonly paths: readonly string[];
  readonly rulesDir?: string;
  readonly paramsFile?: string;
  readonly limits: Limits;
}

export function buildProvenance(report: Report, inventory: Inventory, ruleset: Ruleset, opts: ProvenanceOptions): Provenance {
  const values: Record<string, { value: number | string; origin: string; interpretation: boolean }> = {};
  for (const p of [...ruleset.parameters.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    values[p.name] = { value: p.value, origin: p.origin, interpretation: p.interpretation };
  }
  const rules = { dir: opts.rulesDir ?? null, sha256: ruleset.sha256, files: ruleset.files.map((f) => ({ name: f.name, sha256: f.sha256 })) };
  const parameters = { file: opts.paramsFile ?? null, sha256: sha256Hex(canonicalJson(values)), values };
  const inputs = inventory.files.map((f) => ({ file: f.file, sha256: f.sha256 ?? null }));
  const sites = report.sites.map((s) => ({ id: s.id, file: s.file, verdict: s.verdict, limbs: s.limbs.map((l) => l.outcome) }));
  const results = { sha256: sha256Hex(canonicalJson({ sites, errors: report.errors.length })), sites, errors: report.errors.length };
  const base = {
    format: PROVENANCE_FORMAT,
    tool: { name: 'sitecheck' as const, version: report.tool.version },
    asOf: report.asOf,
    paths: [...opts.paths],
    limits: opts.limits,
    rules,
    parameters,
    inputs,
  };
  return { ...base, results, sha256: overallDigest(base) };
}

/** The one digest over everything the report was made from (results excluded: they follow from these). */
export function overallDigest(p: Pick<Provenance, 'tool' | 'asOf' | 'paths' | 'limits' | 'rules' | 'parameters' | 'inputs'>): string {
  return sha256Hex(
    canonicalJson({
      tool: p.tool,
      asOf: p.asOf,
      paths: p.paths,
      limits: p.limits,
      rules: { sha256: p.rules.sha256, files: p.rules.files },
      parameters: p.parameters.sha256,
      inputs: p.inputs,
    }),
  );
}

/**
 * JSON that is safe inside an HTML <script type="application/json"> element or an HTML comment:
 * `<`, `>` and `&` are written as \u escapes, so no file name can close the element or the comment.
 */
export function embeddableJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export const HTML_PROVENANCE_OPEN = '<script type="application/json" id="sitecheck-provenance">';
export const MD_PROVENANCE_OPEN = '<!-- sitecheck-provenance';

export type EvidenceKind = 'html' | 'md' | 'json';

export interface Extracted {
  readonly kind: EvidenceKind;
  readonly provenance?: Provenance;
  /** For a plain `check --format json` file, which has no provenance: the report itself. */
  readonly report?: Report;
}

export class NotAReportError extends Error {}

function isProvenance(v: unknown): v is Provenance {
  const p = v as Partial<Provenance> | null;
  return (
    !!p && typeof p === 'object' && p.format === PROVENANCE_FORMAT && typeof p.asOf === 'string' && Array.isArray(p.paths) &&
    !!p.rules && Array.isArray(p.rules.files) && !!p.parameters && Array.isArray(p.inputs) && !!p.results && Array.isArray(p.results.sites)
  );
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new NotAReportError(`${what} is not valid JSON: ${(e as Error).message}`);
  }
}

/** Find the provenance in a report's text (HTML, Markdown or JSON). Throws NotAReportError. */
export function extractProvenance(text: string): Extracted {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    const value = parseJson(text, 'the file') as { provenance?: unknown; tool?: { name?: unknown }; sites?: unknown };
    if (value && typeof value === 'object' && 'provenance' in value) {
      if (!isProvenance(value.provenance)) throw new NotAReportError('the file\'s "provenance" field is not a sitecheck provenance block');
      return { kind: 'json', provenance: value.provenance };
    }
    if (value?.tool?.name === 'sitecheck' && Array.isArray(value.sites)) return { kind: 'json', report: value as unknown as Report };
    throw new NotAReportError('the JSON file is neither a sitecheck report nor `sitecheck check --format json` output');
  }
  const h = text.indexOf(HTML_PROVENANCE_OPEN);
  if (h >= 0) {
    const start = h + HTML_PROVENANCE_OPEN.length;
    const end = text.indexOf('</script>', start);
    if (end < 0) throw new NotAReportError('the provenance block is not closed');
    const value = parseJson(text.slice(start, end), 'the provenance block');
    if (!isProvenance(value)) throw new NotAReportError('the provenance block is not in the sitecheck provenance format');
    return { kind: 'html', provenance: value };
  }
  const m = text.indexOf(`${MD_PROVENANCE_OPEN}\n`);
  if (m >= 0) {
    const start = m + MD_PROVENANCE_OPEN.length + 1;
    const end = text.indexOf('\n-->', start);
    if (end < 0) throw new NotAReportError('the provenance comment is not closed');
    const value = parseJson(text.slice(start, end), 'the provenance comment');
    if (!isProvenance(value)) throw new NotAReportError('the provenance comment is not in the sitecheck provenance format');
    return { kind: 'md', provenance: value };
  }
  throw new NotAReportError('no sitecheck provenance block found (is this a report written by `sitecheck report`?)');
}
