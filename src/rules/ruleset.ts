// Loading the rules folder: rules (one file per limb), the source registry, the parameters and the
// supplier register. Everything is validated against its JSON Schema and cross-checked; any
// problem is a RulesError (exit 2) naming the file, line and field.
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Citation, InputError } from '../model.js';
import { decodeText, DEFAULT_LIMITS, nodeAt, nodePosition, parsePointer, parseYaml, type SourceDocument } from '../input/yaml-source.js';
import { readLimited } from '../input/sites.js';
import { validateDocument } from '../input/validate.js';
import { readSchema, validator, type SchemaName } from '../input/schemas.js';
import { DERIVED_FACTS } from '../engine/derived.js';
import { displayPath } from '../util/paths.js';
import { compactSkeleton } from '../engine/register.js';

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
  /** Whose words: government, parliament, statute, translation, company or press. */
  readonly authority?: Authority;
  /** Whose copy the excerpt was read in (official, press reproduction, translation, …). */
  readonly copy?: string;
  readonly date_status?: string;
  /** What could not be confirmed. */
  readonly unconfirmed?: string;
}

export type Authority = 'government' | 'parliament' | 'statute' | 'translation' | 'company' | 'press';

/** One part of a register entry's basis: a cited source, its authority, what it shows. */
export interface BasisPart {
  readonly part: string;
  readonly source: string;
  readonly authority: Authority;
  /** The exact words quoted (absent only when the source's words are not stored). */
  readonly quote?: string;
  readonly words_not_stored?: true;
  readonly shows: string;
  /** From the registry, for display. */
  readonly title?: string;
  readonly url?: string;
}

export interface SupplierAlias {
  readonly name: string;
  readonly relation: 'name' | 'brand';
  readonly basis: readonly BasisPart[];
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
  /** The alias names (for display and completion); each one's basis is in `aliasDefs`. */
  readonly aliases: readonly string[];
  readonly aliasDefs: readonly SupplierAlias[];
  /** Why the entry is on the register, part by part. */
  readonly basis: readonly BasisPart[];
  /** Parts of the basis no stored source supports. */
  readonly gaps: readonly { readonly part: string; readonly note: string }[];
  /** The first quoted part of the basis, for outputs that show one citation. */
  readonly citation: Citation;
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
  /** Company suffixes a listed name may be run together with (suppliers.yaml `suffixes`). */
  readonly supplierSuffixes: readonly string[];
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
  if (suppliersDoc) suppliers.push(...loadSuppliers(suppliersDoc.src, sourcesDoc ? sources : undefined, errors));
  const supplierSuffixes = (suppliersDoc?.value as { suffixes?: string[] } | undefined)?.suffixes ?? [];

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
  return { dir, rules, sources, parameters, suppliers, supplierSuffixes, files, sha256: digest };
}

type RawPart = Omit<BasisPart, 'title' | 'url'>;
interface RawSupplier {
  id: string;
  name: string;
  basis: RawPart[];
  gaps?: { part: string; note: string }[];
  aliases: { name: string; relation?: 'name' | 'brand'; basis: RawPart[] }[];
}

/**
 * The supplier register, checked beyond its schema: every part names a known source with the
 * authority the registry gives it; a quote needs a stored excerpt (lint checks the words), and
 * `words_not_stored` is only for a source that has none; each entry's basis has the Law's part, and
 * the company's statement of incorporation either as a part or as a declared gap; ids, names and
 * alias skeletons are unique across the register (one name never matches two entries).
 */
function loadSuppliers(src: SourceDocument, sources: ReadonlyMap<string, SourceDef> | undefined, errors: InputError[]): SupplierDef[] {
  const out: SupplierDef[] = [];
  const ids = new Set<string>();
  const skeletons = new Map<string, string>();
  const parts = (list: RawPart[], ptr: string): BasisPart[] => list.map((p, k) => {
    const at_ = `${ptr}/${k}`;
    const s = sources?.get(p.source);
    if (sources && !s) errors.push(at(src, `${at_}/source`, 'unknown-source', `basis names source "${p.source}", which is not in sources.yaml`));
    if (s && s.authority !== p.authority)
      errors.push(at(src, `${at_}/authority`, 'wrong-authority', `basis gives "${p.source}" the authority "${p.authority}", but sources.yaml gives it "${s.authority ?? 'none'}"`));
    if (p.quote !== undefined && p.words_not_stored)
      errors.push(at(src, at_, 'quote-and-unquoted', 'a basis part has either a quote or words_not_stored: true, not both'));
    if (s && p.words_not_stored && s.excerpt !== undefined)
      errors.push(at(src, `${at_}/words_not_stored`, 'words-stored', `"${p.source}" has a stored excerpt: quote its words instead of words_not_stored`));
    return { ...p, ...(s ? { title: s.title } : {}), ...(s?.url ? { url: s.url } : {}) };
  });
  (src.value as { suppliers: RawSupplier[] }).suppliers.forEach((raw, i) => {
    const ptr = `/suppliers/${i}`;
    if (ids.has(raw.id)) errors.push(at(src, `${ptr}/id`, 'duplicate-id', `supplier id "${raw.id}" is used twice`));
    ids.add(raw.id);
    const basis = parts(raw.basis, `${ptr}/basis`);
    const gaps = raw.gaps ?? [];
    if (!basis.some((p) => p.part === 'law'))
      errors.push(at(src, `${ptr}/basis`, 'basis-incomplete', `supplier "${raw.id}": the basis has no "law" part (the National Intelligence Law, Article 7)`));
    if (!basis.some((p) => p.part === 'incorporation') && !gaps.some((g) => g.part === 'incorporation'))
      errors.push(at(src, `${ptr}/basis`, 'basis-incomplete', `supplier "${raw.id}": the basis has no "incorporation" part (the company's own statement of where it is incorporated) and no gap saying why`));
    const aliasDefs: SupplierAlias[] = raw.aliases.map((a, j) => ({ name: a.name, relation: a.relation ?? 'name', basis: parts(a.basis, `${ptr}/aliases/${j}/basis`) }));
    [raw.name, ...raw.aliases.map((a) => a.name)].forEach((name, j) => {
      const key = compactSkeleton(name);
      const other = skeletons.get(key);
      const p = j === 0 ? `${ptr}/name` : `${ptr}/aliases/${j - 1}/name`;
      if (key === '') errors.push(at(src, p, 'bad-alias', `"${name}" has no letters or digits left once compared as a skeleton`));
      else if (other !== undefined && other !== raw.id) errors.push(at(src, p, 'duplicate-alias', `"${name}" compares equal to a name of supplier "${other}"`));
      skeletons.set(key, raw.id);
    });
    const quoted = basis.find((p) => p.quote !== undefined);
    out.push({
      id: raw.id, name: raw.name, aliases: aliasDefs.map((a) => a.name), aliasDefs, basis, gaps,
      citation: { source: quoted?.source ?? basis[0]!.source, quote: quoted?.quote ?? '', ...(quoted?.title ? { title: quoted.title } : {}), ...(quoted?.url ? { url: quoted.url } : {}) },
    });
  });
  return out;
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

