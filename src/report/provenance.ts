// Provenance: what a report was made from, precisely enough to make it again and to tell whether it
// still holds. Digests of every rules file, of the parameters in force, of every input file, one
// digest over all of them, and the results. Embedded in every report as data (never as code).
// `verify` treats it as hostile: readProvenance checks every field's type before anything is used.
import type { Limits } from '../input/yaml-source.js';
import { createHash } from 'node:crypto';
import type { Outcome, Report, SiteResult, Verdict } from '../model.js';
import type { Inventory } from '../input/sites.js';
import { isIsoDate } from '../input/validate.js';
import type { Ruleset } from '../rules/ruleset.js';

/** Format 2: the one digest also covers the rules folder and the --params file; each site carries its result. */
export const PROVENANCE_FORMAT = 'sitecheck-provenance/3' as const;

/**
 * A site's result as the report records it, compactly: its id, file, verdict, limb outcomes in limb
 * order, the outcomes of its scope and exclusion and its determination's verdict (when it has them),
 * and each finding's kind, outcome and equipment; and `sha256`, the digest of the canonical JSON of
 * the whole SiteResult (every field, limb details and citations included). Verify re-evaluates the
 * site and compares the record: what it keeps is named in a difference, the rest by the digest.
 */
export interface ProvenanceSite {
  readonly id: string;
  readonly file: string;
  readonly verdict: Verdict;
  /** Limb outcomes in limb order. */
  readonly limbs: readonly Outcome[];
  /** sha256 of the canonical JSON of the whole SiteResult. */
  readonly sha256: string;
  readonly [field: string]: unknown;
}

/** The provenance record of one site result. */
export function provenanceSite(s: SiteResult): ProvenanceSite {
  const rec: Record<string, unknown> = { id: s.id, file: s.file, verdict: s.verdict, limbs: s.limbs.map((l) => l.outcome) };
  if (s.scope) rec.scope = s.scope.outcome;
  if (s.exclusion) rec.exclusion = s.exclusion.outcome;
  if (s.determination) rec.determination = s.determination.verdict;
  rec.findings = s.findings.map((f) => (f.equipment === undefined ? { kind: f.kind, rule: f.rule, outcome: f.outcome } : { kind: f.kind, rule: f.rule, outcome: f.outcome, equipment: f.equipment }));
  rec.sha256 = sha256Hex(canonicalJson(s));
  return rec as unknown as ProvenanceSite;
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
  const inputs = inventory.files.map((f) => ({ file: f.file, sha256: f.sha256 ?? null }));
  const sites = report.sites.map(provenanceSite);
  const results = { sha256: resultsDigest(sites, report.errors.length), sites, errors: report.errors.length };
  return assembleProvenance(report.tool.version, report.asOf, inputs, ruleset, opts, results);
}

/**
 * The provenance from its parts: the inputs (every file read, in order, with its digest) and the
 * results block (a streamed report passes `sites: []` and writes the site records itself).
 */
export function assembleProvenance(
  version: string,
  asOf: string,
  inputs: Provenance['inputs'],
  ruleset: Ruleset,
  opts: ProvenanceOptions,
  results: Provenance['results'],
): Provenance {
  const values: Record<string, { value: number | string; origin: string; interpretation: boolean }> = {};
  for (const p of [...ruleset.parameters.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    values[p.name] = { value: p.value, origin: p.origin, interpretation: p.interpretation };
  }
  const rules = { dir: opts.rulesDir ?? null, sha256: ruleset.sha256, files: ruleset.files.map((f) => ({ name: f.name, sha256: f.sha256 })) };
  const parameters = { file: opts.paramsFile ?? null, sha256: sha256Hex(canonicalJson(values)), values };
  const base = {
    format: PROVENANCE_FORMAT,
    tool: { name: 'sitecheck' as const, version },
    asOf,
    paths: [...opts.paths],
    limits: opts.limits,
    rules,
    parameters,
    inputs,
  };
  return { ...base, results, sha256: overallDigest(base) };
}

/** sha256 of a provenance's results block (the sites and the error count). */
export function resultsDigest(sites: readonly ProvenanceSite[], errors: number): string {
  return sha256Hex(canonicalJson({ sites, errors }));
}

/**
 * The one digest over everything the report was made from, every path verify will read included
 * (the input paths, the rules folder, the --params file); results excluded: they follow from these.
 */
export function overallDigest(p: Pick<Provenance, 'tool' | 'asOf' | 'paths' | 'limits' | 'rules' | 'parameters' | 'inputs'>): string {
  return sha256Hex(
    canonicalJson({
      tool: p.tool,
      asOf: p.asOf,
      paths: p.paths,
      limits: p.limits,
      rules: { dir: p.rules.dir, sha256: p.rules.sha256, files: p.rules.files },
      parameters: { file: p.parameters.file, sha256: p.parameters.sha256 },
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

/**
 * embeddableJson(prov) in pieces: everything up to the site records, then a few hundred records at a
 * time, then the rest. Their concatenation is exactly embeddableJson(prov).
 */
export function* provenanceChunks(prov: Provenance): Generator<string> {
  const [head, tail] = provenanceShell(prov);
  yield head;
  const sites = prov.results.sites;
  for (let i = 0; i < sites.length; i += 500) {
    let part = i ? ',' : '';
    part += sites.slice(i, i + 500).map(embeddableJson).join(',');
    yield part;
  }
  yield tail;
}

/** embeddableJson(prov) without its site records, split where they go (prov.results.sites is not read). */
export function provenanceShell(prov: Provenance): [string, string] {
  const shell = embeddableJson({ ...prov, results: { ...prov.results, sites: [] } });
  const at = shell.lastIndexOf('"sites":[]') + '"sites":['.length;
  return [shell.slice(0, at), shell.slice(at)];
}

export const HTML_PROVENANCE_OPEN = '<script type="application/json" id="sitecheck-provenance">';
export const MD_PROVENANCE_OPEN = '<!-- sitecheck-provenance';

export type EvidenceKind = 'html' | 'md' | 'json';

export interface Extracted {
  readonly kind: EvidenceKind;
  readonly provenance?: Provenance;
  /** The report itself: a plain `check --format json` file (no provenance), or the body of JSON evidence. */
  readonly report?: Report;
}

export class NotAReportError extends Error {}

/**
 * A value from a report, for a message: JSON-quoted, with control, bidi and line-separator
 * characters escaped and at most `max` characters (then "…"), so no report can forge a line of
 * verify's output or pour a file into it.
 */
export function snippet(value: unknown, max = 40): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  text = text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u180e\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** A name from a report (a site id, a file, a parameter), not quoted but escaped and shortened likewise. */
export function shown(name: string, max = 120): string {
  const text = name.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u180e\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

type Check = (v: unknown, at: string) => void;

function fail(at: string, what: string, v: unknown): never {
  throw new NotAReportError(`${at} is not ${what} (found ${snippet(v, 24)})`);
}
const str: Check = (v, at) => {
  if (typeof v !== 'string') fail(at, 'a string', v);
};
const strOrNull: Check = (v, at) => {
  if (v !== null && typeof v !== 'string') fail(at, 'a string or null', v);
};
const date: Check = (v, at) => {
  if (typeof v !== 'string' || !isIsoDate(v)) fail(at, 'a real date in the form YYYY-MM-DD', v);
};
const num: Check = (v, at) => {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(at, 'a number', v);
};
/** A parameter's value: a number (a threshold) or a word or date (an estate, a timeline). */
const paramValue: Check = (v, at) => {
  if (typeof v === 'string' ? v.length > 64 : typeof v !== 'number' || !Number.isFinite(v)) fail(at, 'a number, or a word or date of at most 64 characters', v);
};
const bool: Check = (v, at) => {
  if (typeof v !== 'boolean') fail(at, 'true or false', v);
};
function obj(v: unknown, at: string): Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) fail(at, 'an object', v);
  return v as Record<string, unknown>;
}
function arr(v: unknown, at: string, each?: Check): readonly unknown[] {
  if (!Array.isArray(v)) fail(at, 'a list', v);
  if (each) for (let i = 0; i < v.length; i++) each(v[i], `${at}[${i}]`);
  return v;
}
function fields(v: unknown, at: string, spec: Readonly<Record<string, Check>>): Record<string, unknown> {
  const o = obj(v, at);
  for (const [k, check] of Object.entries(spec)) check(o[k], `${at}.${k}`);
  return o;
}

/** A site result record (provenance, or a JSON report's site): the fields verify reads by name. */
const siteCheck: Check = (v, at) => {
  const o = fields(v, at, { id: str, file: str, verdict: str });
  arr(o.limbs, `${at}.limbs`);
  if ('findings' in o) arr(o.findings, `${at}.findings`, (f, fat) => void obj(f, fat));
};

/** Check a provenance block field by field; throws NotAReportError naming the first bad field. */
export function readProvenance(v: unknown, at = 'provenance'): Provenance {
  const p = obj(v, at);
  if (p.format !== PROVENANCE_FORMAT) {
    if (p.format === 'sitecheck-provenance/1') {
      throw new NotAReportError(`${at} is in format sitecheck-provenance/1, written by an older sitecheck, whose digest does not cover the rules folder and the --params file: make the report again with this version`);
    }
    if (p.format === 'sitecheck-provenance/2') {
      throw new NotAReportError(`${at} is in format sitecheck-provenance/2, written by an older sitecheck, which recorded each site's result differently: make the report again with this version`);
    }
    fail(`${at}.format`, `"${PROVENANCE_FORMAT}"`, p.format);
  }
  fields(p, at, { asOf: date, sha256: str });
  fields(p.tool, `${at}.tool`, { version: str });
  arr(p.paths, `${at}.paths`, str);
  obj(p.limits, `${at}.limits`);
  const rules = fields(p.rules, `${at}.rules`, { dir: strOrNull, sha256: str });
  arr(rules.files, `${at}.rules.files`, (f, fat) => void fields(f, fat, { name: str, sha256: str }));
  const params = fields(p.parameters, `${at}.parameters`, { file: strOrNull, sha256: str });
  const values = obj(params.values, `${at}.parameters.values`);
  for (const [k, val] of Object.entries(values)) fields(val, `${at}.parameters.values[${snippet(k, 40)}]`, { value: paramValue, origin: str, interpretation: bool });
  arr(p.inputs, `${at}.inputs`, (f, fat) => void fields(f, fat, { file: str, sha256: strOrNull }));
  const results = fields(p.results, `${at}.results`, { sha256: str, errors: num });
  arr(results.sites, `${at}.results.sites`, (s, sat) => {
    siteCheck(s, sat);
    fields(s, sat, { sha256: str });
    arr((s as { limbs: unknown }).limbs, `${sat}.limbs`, str);
  });
  return p as unknown as Provenance;
}

/** Check the fields of a `check --format json` report that verify reads. Throws NotAReportError. */
export function readPlainReport(v: unknown): Report {
  const r = obj(v, 'the report');
  fields(r.tool, 'tool', { name: str, version: str });
  fields(r, 'the report', { asOf: date });
  const rules = fields(r.rules, 'rules', { sha256: str });
  const params = obj(rules.parameters, 'rules.parameters');
  for (const [k, val] of Object.entries(params)) paramValue(val, `rules.parameters[${snippet(k, 40)}]`);
  arr(r.sites, 'sites', siteCheck);
  arr(r.errors, 'errors', (e, at) => void fields(e, at, { file: str }));
  return r as unknown as Report;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    // JSON.parse's own message quotes the text; say only where, with a short escaped snippet.
    const m = /position (\d+)/.exec((e as Error).message);
    if (!m) throw new NotAReportError(`${what} is not valid JSON`);
    const pos = Number(m[1]);
    const before = text.slice(0, pos);
    const line = before.split('\n').length;
    const column = pos - before.lastIndexOf('\n');
    throw new NotAReportError(`${what} is not valid JSON at line ${line}, column ${column} (at ${snippet(text.slice(pos, pos + 16), 24)})`);
  }
}

/** Find the provenance in a report's text (HTML, Markdown or JSON). Throws NotAReportError. */
export function extractProvenance(text: string): Extracted {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    const value = parseJson(text, 'the file') as { provenance?: unknown; tool?: { name?: unknown }; sites?: unknown } | null;
    if (value && typeof value === 'object' && 'provenance' in value) {
      const { provenance, ...body } = value;
      return { kind: 'json', provenance: readProvenance(provenance), report: readPlainReport(body) };
    }
    if (value?.tool?.name === 'sitecheck' && Array.isArray(value.sites)) return { kind: 'json', report: readPlainReport(value) };
    throw new NotAReportError('the JSON file is neither a sitecheck report nor `sitecheck check --format json` output');
  }
  const h = text.indexOf(HTML_PROVENANCE_OPEN);
  if (h >= 0) {
    const start = h + HTML_PROVENANCE_OPEN.length;
    const end = text.indexOf('</script>', start);
    if (end < 0) throw new NotAReportError('the provenance block is not closed');
    return { kind: 'html', provenance: readProvenance(parseJson(text.slice(start, end), 'the provenance block')) };
  }
  const m = text.indexOf(`${MD_PROVENANCE_OPEN}\n`);
  if (m >= 0) {
    const start = m + MD_PROVENANCE_OPEN.length + 1;
    const end = text.indexOf('\n-->', start);
    if (end < 0) throw new NotAReportError('the provenance comment is not closed');
    return { kind: 'md', provenance: readProvenance(parseJson(text.slice(start, end), 'the provenance comment')) };
  }
  throw new NotAReportError('no sitecheck provenance block found (is this a report written by `sitecheck report`?)');
}
