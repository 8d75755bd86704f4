// Loading the rules folder: rules (one file per limb), the source registry, the parameters and the
// supplier register. Everything is validated against its JSON Schema and cross-checked; any
// problem is a RulesError (exit 2) naming the file, line and field.
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Citation, FailOnSpec, FindingSeverity, InputError } from '../model.js';
import { failOnSpec } from '../model.js';
import { decodeText, DEFAULT_LIMITS, nodeAt, nodePosition, parsePointer, parseYaml, type SourceDocument } from '../input/yaml-source.js';
import { readLimited } from '../input/sites.js';
import { validateDocument } from '../input/validate.js';
import { readSchema, validator, type SchemaName } from '../input/schemas.js';
import { DERIVED_FACTS } from '../engine/derived.js';
import { LEGACY_OBLIGATIONS } from '../engine/findings.js';
import { displayPath } from '../util/paths.js';

export type LeafCondition = {
  readonly fact: 'site' | 'derived';
  readonly path: string;
  readonly operator: string;
  readonly value: unknown;
  readonly description: string;
};
export type BooleanCondition =
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] }
  | { readonly not: Condition };
export type Condition = LeafCondition | BooleanCondition;

export interface RuleDef {
  readonly id: string;
  readonly limb: number;
  readonly title: string;
  readonly description: string;
  readonly citation: Citation;
  readonly see: readonly string[];
  readonly conditions: BooleanCondition;
  readonly event: { readonly type: string };
  /** The file it was read from, relative to the working directory. */
  readonly file: string;
}

export interface SourceDef {
  readonly id: string;
  readonly title: string;
  readonly date: string;
  readonly issuer: string;
  readonly url?: string;
  readonly pinpoint_status?: string;
  readonly excerpt?: string;
  readonly excerpt_sha256?: string;
  readonly excerpt_from?: string;
  readonly gives?: string;
}

export interface ParameterDef {
  readonly name: string;
  readonly value: number;
  readonly minimum: number;
  readonly exclusiveMinimum?: boolean;
  readonly maximum: number;
  readonly description: string;
  readonly interpretation: boolean;
  readonly rationale?: string;
  readonly citation?: Citation;
  /** Where the value in force came from. */
  readonly origin: string;
}

export interface SupplierDef {
  readonly id: string;
  readonly name: string;
  readonly aliases: readonly string[];
  readonly citation: Citation;
}

/**
 * An obligation rule (rules/obligations/<id>.yaml): conditions over an equipment item's facts, the
 * site's facts and derived facts (or, for `applies: site`, the site's alone). Met: a finding of
 * `kind`; unknown: a finding of `unknownKind` (the at-risk form), when the rule has one.
 */
export interface ObligationDef {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly applies: 'equipment' | 'site';
  readonly kind: string;
  readonly unknownKind?: string;
  readonly severity: FindingSeverity;
  readonly unknownSeverity?: FindingSeverity;
  readonly failsByDefault: boolean;
  readonly unknownFailsByDefault?: boolean;
  /** Message templates with {{placeholders}}: `met`, and `unknown` for the at-risk form. */
  readonly messages: Readonly<Record<string, string>>;
  readonly citation: Citation;
  readonly citations: readonly Citation[];
  readonly conditions: BooleanCondition;
  readonly file: string;
}

export interface RuleFile {
  readonly name: string;
  readonly sha256: string;
}

export interface Ruleset {
  readonly dir: string;
  /** Sorted by limb. */
  readonly rules: readonly RuleDef[];
  readonly sources: ReadonlyMap<string, SourceDef>;
  readonly parameters: ReadonlyMap<string, ParameterDef>;
  readonly suppliers: readonly SupplierDef[];
  /** (v2) The equipment and site obligations, in file order. */
  readonly obligations: readonly ObligationDef[];
  /** (v2) The finding kinds and the default --fail-on, from the obligations. */
  readonly failOn: FailOnSpec;
  /** Every data file read, with its digest. */
  readonly files: readonly RuleFile[];
  /** Digest over the rules folder's files (names and contents). */
  readonly sha256: string;
}

export class RulesError extends Error {
  constructor(readonly errors: readonly InputError[]) {
    super(errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`).join('\n'));
  }
}

const REGISTRY_FILES = new Set(['sources.yaml', 'parameters.yaml', 'suppliers.yaml']);

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

interface Loaded {
  readonly src: SourceDocument;
  readonly value: unknown;
}

function loadOne(path: string, schema: SchemaName, errors: InputError[], read?: Uint8Array | InputError): Loaded | undefined {
  const file = displayPath(path);
  // Read like a site file (never blocking on a FIFO, bounded, UTF-8 checked): a --params file is
  // named on the command line and may be anything. `read` is the file already read, if it was.
  const limits = { ...DEFAULT_LIMITS, maxDepth: 32 };
  const bytes = read ?? readLimited(path, limits.maxFileSize);
  if (!(bytes instanceof Uint8Array)) {
    errors.push(bytes.code === 'file-too-large' ? { ...bytes, message: `${bytes.message.replace(/ \(raise it.*\)$/, '')}; a rules or parameters file is never this large` } : bytes);
    return undefined;
  }
  const decoded = decodeText(file, bytes, limits);
  if (decoded.error) {
    errors.push(decoded.error);
    return undefined;
  }
  const parsed = parseYaml(file, decoded.text!, limits);
  errors.push(...parsed.errors);
  if (parsed.errors.length > 0) return undefined;
  if (parsed.documents.length !== 1) {
    const what = schema === 'params-override' ? 'a parameters file' : 'a rules file';
    errors.push({ file, line: 1, column: 1, path: '', code: 'documents',
      message: `${what} must hold exactly one YAML document; this one holds ${parsed.documents.length === 0 ? 'none' : parsed.documents.length}` });
    return undefined;
  }
  const src = parsed.documents[0]!;
  const problems = validateDocument(validator(schema), src);
  errors.push(...problems);
  return problems.length > 0 ? undefined : { src, value: src.value };
}

function at(src: SourceDocument, ptr: string, code: string, message: string): InputError {
  const pos = nodePosition(nodeAt(src.doc, parsePointer(ptr)), src.lineCounter);
  return { file: src.file, line: pos.line, column: pos.column, path: ptr, code, message };
}

/** Every dotted path the site schema defines (`classified_material.highest`, …). */
function siteSchemaPaths(): Set<string> {
  const out = new Set<string>();
  const walk = (schema: Record<string, unknown>, prefix: string): void => {
    const props = schema.properties as Record<string, Record<string, unknown>> | undefined;
    if (!props) return;
    for (const [k, v] of Object.entries(props)) {
      const p = prefix ? `${prefix}.${k}` : k;
      out.add(p);
      walk(v, p);
    }
  };
  walk(readSchema('site'), '');
  return out;
}

function leaves(c: Condition, out: LeafCondition[] = []): LeafCondition[] {
  if ('all' in c) c.all.forEach((x) => leaves(x, out));
  else if ('any' in c) c.any.forEach((x) => leaves(x, out));
  else if ('not' in c) leaves(c.not, out);
  else out.push(c);
  return out;
}

export function ruleLeaves(rule: RuleDef): LeafCondition[] {
  return leaves(rule.conditions);
}

function resolveCitation(c: { source: string; pinpoint?: string; quote: string }, sources: ReadonlyMap<string, SourceDef>): Citation {
  const s = sources.get(c.source);
  return {
    source: c.source,
    ...(c.pinpoint ? { pinpoint: c.pinpoint } : {}),
    quote: c.quote,
    ...(s ? { title: s.title } : {}),
    ...(s?.url ? { url: s.url } : {}),
  };
}

/** Load and check a rules folder. Throws RulesError listing every problem found. */
export function loadRuleset(dir: string, label?: string): Ruleset {
  // How this folder's files are named in results (parameter origins, rule files): the label when
  // given (the shipped rules are "sitecheck:rules/…" wherever sitecheck is installed or run from,
  // so reports and their provenance do not depend on the working directory), else the path.
  const shown = (name: string): string => (label ? `${label}/${name}` : displayPath(join(dir, name)));
  const errors: InputError[] = [];
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a folder');
    names = readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch (e) {
    throw new RulesError([{ file: displayPath(dir), line: 1, column: 1, path: '', code: 'rules-folder', message: `cannot read the rules folder: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }]);
  }
  for (const required of REGISTRY_FILES) {
    if (!names.includes(required)) {
      errors.push({ file: displayPath(join(dir, required)), line: 1, column: 1, path: '', code: 'missing-file', message: `the rules folder has no ${required}` });
    }
  }
  // Read like every other input: a folder named x.yaml or a FIFO is an error naming it, never a
  // crash or a hang (the files that cannot be read are reported when they are loaded below).
  // Each file is read once: the same bytes are digested and parsed.
  const files: RuleFile[] = [];
  const read = new Map<string, Uint8Array | InputError>();
  for (const n of names) {
    const bytes = readLimited(join(dir, n), DEFAULT_LIMITS.maxFileSize);
    read.set(n, bytes);
    if (bytes instanceof Uint8Array) files.push({ name: n, sha256: sha256(bytes) });
  }
  const load = (name: string, schema: SchemaName): Loaded | undefined => loadOne(join(dir, name), schema, errors, read.get(name));

  const sourcesDoc = names.includes('sources.yaml') ? load('sources.yaml', 'sources') : undefined;
  const sources = new Map<string, SourceDef>();
  if (sourcesDoc) {
    (sourcesDoc.value as { sources: SourceDef[] }).sources.forEach((s, i) => {
      if (sources.has(s.id)) errors.push(at(sourcesDoc.src, `/sources/${i}/id`, 'duplicate-id', `source id "${s.id}" is used twice`));
      sources.set(s.id, s);
    });
  }
  const checkCitation = (src: SourceDocument, ptr: string, c: { source: string } | undefined): void => {
    if (c && sourcesDoc && !sources.has(c.source)) {
      errors.push(at(src, `${ptr}/source`, 'unknown-source', `citation names source "${c.source}", which is not in sources.yaml`));
    }
  };

  const paramsDoc = names.includes('parameters.yaml') ? load('parameters.yaml', 'parameters') : undefined;
  const parameters = new Map<string, ParameterDef>();
  if (paramsDoc) {
    for (const [name, raw] of Object.entries(paramsDoc.value as Record<string, Omit<ParameterDef, 'name' | 'origin'>>)) {
      const ptr = '/' + name;
      const p: ParameterDef = { ...raw, name, interpretation: raw.interpretation === true, origin: shown('parameters.yaml') };
      const problem = parameterProblem(p, p.value);
      if (problem) errors.push(at(paramsDoc.src, `${ptr}/value`, 'bad-parameter', `${name}: ${problem}`));
      if (raw.citation) checkCitation(paramsDoc.src, `${ptr}/citation`, raw.citation);
      parameters.set(name, p);
    }
  }

  const suppliersDoc = names.includes('suppliers.yaml') ? load('suppliers.yaml', 'suppliers') : undefined;
  const suppliers: SupplierDef[] = [];
  if (suppliersDoc) {
    (suppliersDoc.value as { suppliers: SupplierDef[] }).suppliers.forEach((s, i) => {
      checkCitation(suppliersDoc.src, `/suppliers/${i}/citation`, s.citation);
      suppliers.push({ ...s, citation: resolveCitation(s.citation, sources) });
    });
  }

  const sitePaths = siteSchemaPaths();
  const rules: RuleDef[] = [];
  const limbs = new Map<number, string>();
  for (const name of names.filter((n) => !REGISTRY_FILES.has(n))) {
    const loaded = load(name, 'rule');
    if (!loaded) continue;
    const raw = loaded.value as Omit<RuleDef, 'file' | 'see'> & { see?: string[] };
    const src = loaded.src;
    const stem = basename(name).replace(/\.ya?ml$/, '');
    if (raw.id !== stem) errors.push(at(src, '/id', 'rule-id', `rule id "${raw.id}" must match its file name "${stem}"`));
    const other = limbs.get(raw.limb);
    if (other) errors.push(at(src, '/limb', 'duplicate-limb', `limb ${raw.limb} is already claimed by rule "${other}"`));
    limbs.set(raw.limb, raw.id);
    checkCitation(src, '/citation', raw.citation);
    (raw.see ?? []).forEach((id, i) => {
      if (sourcesDoc && !sources.has(id)) errors.push(at(src, `/see/${i}`, 'unknown-source', `"see" names source "${id}", which is not in sources.yaml`));
    });
    const rule: RuleDef = { ...raw, see: raw.see ?? [], citation: resolveCitation(raw.citation, sources), file: shown(name) };
    // Every fact and parameter a condition names must exist.
    const visit = (c: Condition, ptr: string): void => {
      if ('all' in c) c.all.forEach((x, i) => visit(x, `${ptr}/all/${i}`));
      else if ('any' in c) c.any.forEach((x, i) => visit(x, `${ptr}/any/${i}`));
      else if ('not' in c) visit(c.not, `${ptr}/not`);
      else {
        if (c.fact === 'site' && !sitePaths.has(c.path))
          errors.push(at(src, `${ptr}/path`, 'unknown-fact', `"${c.path}" is not a field of the site format`));
        if (c.fact === 'derived' && !DERIVED_FACTS.some((d) => d.path === c.path))
          errors.push(at(src, `${ptr}/path`, 'unknown-fact', `"${c.path}" is not a derived fact; known: ${DERIVED_FACTS.map((d) => d.path).join(', ')}`));
        const v = c.value as { fact?: string; path?: string } | null;
        if (v && typeof v === 'object' && !Array.isArray(v) && paramsDoc && !parameters.has(v.path ?? ''))
          errors.push(at(src, `${ptr}/value/path`, 'unknown-parameter', `parameter "${v.path}" is not in parameters.yaml`));
        if (c.operator === 'isKnown' && typeof c.value !== 'boolean')
          errors.push(at(src, `${ptr}/value`, 'bad-value', 'isKnown takes true (the fact is known) or false (it is not)'));
      }
    };
    visit(raw.conditions, '/conditions');
    rules.push(rule);
  }
  if (rules.length === 0 && errors.length === 0) {
    errors.push({ file: displayPath(dir), line: 1, column: 1, path: '', code: 'no-rules', message: 'the rules folder holds no rules' });
  }
  if (errors.length > 0) throw new RulesError(errors);
  rules.sort((a, b) => a.limb - b.limb);
  const digest = sha256(files.map((f) => `${f.name}\0${f.sha256}\n`).join(''));
  return { dir, rules, sources, parameters, suppliers, obligations: [], failOn: failOnSpec(LEGACY_OBLIGATIONS), files, sha256: digest };
}

/** Why a value is not acceptable for a parameter, or undefined when it is. */
export function parameterProblem(p: ParameterDef, value: number): string | undefined {
  if (!Number.isFinite(value)) return `must be a number`;
  const low = p.exclusiveMinimum ? value <= p.minimum : value < p.minimum;
  if (low || value > p.maximum) {
    return `${value} is outside the allowed range ${p.exclusiveMinimum ? '(' : '['}${p.minimum}, ${p.maximum}]`;
  }
  return undefined;
}

/** Apply a --params file: returns a ruleset whose parameters carry the overriding values. */
export function withParams(ruleset: Ruleset, paramsFile: string): Ruleset {
  const errors: InputError[] = [];
  const loaded = loadOne(paramsFile, 'params-override', errors);
  if (!loaded) throw new RulesError(errors);
  const parameters = new Map(ruleset.parameters);
  for (const [name, value] of Object.entries(loaded.value as Record<string, number>)) {
    const p = parameters.get(name);
    if (!p) {
      errors.push(at(loaded.src, '/' + name, 'unknown-parameter', `unknown parameter "${name}"; known: ${[...parameters.keys()].join(', ')}`));
      continue;
    }
    const problem = parameterProblem(p, value);
    if (problem) {
      errors.push(at(loaded.src, '/' + name, 'bad-parameter', `${name}: ${problem}`));
      continue;
    }
    parameters.set(name, { ...p, value, origin: displayPath(paramsFile) });
  }
  if (errors.length > 0) throw new RulesError(errors);
  return { ...ruleset, parameters };
}

/** Parameter values by name, as the JSON output's `rules.parameters`. */
export function parameterValues(ruleset: Ruleset): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, p] of [...ruleset.parameters].sort(([a], [b]) => a.localeCompare(b))) out[k] = p.value;
  return out;
}

