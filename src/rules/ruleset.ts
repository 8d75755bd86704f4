// Loading the rules folder: rules (one file per limb), the source registry, the parameters and the
// supplier register. Everything is validated against its JSON Schema and cross-checked; any
// problem is a RulesError (exit 2) naming the file, line and field.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Citation, FailOnSpec, FindingSeverity, InputError } from '../model.js';
import { failOnSpec } from '../model.js';
import { decodeText, DEFAULT_LIMITS, nodeAt, nodePosition, parsePointer, parseYaml, type SourceDocument } from '../input/yaml-source.js';
import { readLimited } from '../input/sites.js';
import { isIsoDate, validateDocument } from '../input/validate.js';
import { readSchema, validator, type SchemaName } from '../input/schemas.js';
import { DERIVED_FACTS, STAGES, type Stage } from '../engine/derived.js';
import { displayPath } from '../util/paths.js';
import { compactSkeleton } from '../engine/register.js';
import { cachedRuleset } from './ruleset-cache.js';

export type LeafCondition = {
  readonly fact: 'site' | 'derived' | 'item';
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
  /** Site fields read that are recorded judgements, not facts (never listed as deciding facts). */
  readonly judgements: readonly string[];
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
  /** A number (with minimum and maximum), a word (one of `values`) or a date (`format: date`). */
  readonly value: number | string;
  readonly minimum?: number;
  readonly exclusiveMinimum?: boolean;
  readonly maximum?: number;
  readonly values?: readonly string[];
  readonly format?: 'date';
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

/** A rule of rules/scope/: the instruction's scope (met = in-scope), or whether the exclusion applies. */
export interface ScopeRuleDef {
  readonly id: string;
  readonly role: 'scope' | 'exclusion';
  readonly title: string;
  readonly description: string;
  readonly citation: Citation;
  readonly citations: readonly Citation[];
  readonly judgements: readonly string[];
  readonly conditions: BooleanCondition;
  readonly file: string;
}

/** What the Evaluator runs: any rule of any family (definition, scope, obligation). */
export interface EngineRule {
  readonly id: string;
  readonly conditions: BooleanCondition;
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
  /** (v2) The scope rule (role scope) and the exclusion rule (role exclusion). */
  readonly scope: ScopeRuleDef;
  readonly exclusion: ScopeRuleDef;
  /** (v2) The equipment and site obligations, in file order. */
  readonly obligations: readonly ObligationDef[];
  /** (v2) The finding kinds and the default --fail-on, from the obligations. */
  readonly failOn: FailOnSpec;
  /** Company suffixes a listed name may be run together with (suppliers.yaml `suffixes`). */
  readonly supplierSuffixes: readonly string[];
  /** Every data file read, with its digest. */
  readonly files: readonly RuleFile[];
  /** Digest over the rules folder's files (names and contents). */
  readonly sha256: string;
}

export { RulesError } from './errors.js';
import { RulesError } from './errors.js';

const REGISTRY_FILES = new Set(['sources.yaml', 'parameters.yaml', 'suppliers.yaml']);
/** The rule folders: the definition's limbs, the scope and exclusion rules, the obligations. */
const RULE_FOLDERS = ['definition', 'scope', 'obligations'] as const;
type Family = (typeof RULE_FOLDERS)[number];
const FAMILY_SCHEMA: Record<Family, SchemaName> = { definition: 'rule', scope: 'scope-rule', obligations: 'obligation' };
/** The latest stage of derived fact each family may read (see engine/derived.ts). */
function allowedStages(family: Family, role?: string, applies?: string): readonly Stage[] {
  const upTo = (s: Stage): readonly Stage[] => STAGES.slice(0, STAGES.indexOf(s) + 1);
  if (family === 'definition') return upTo('facts');
  if (family === 'scope') return role === 'exclusion' ? upTo('scope') : upTo('verdict');
  return applies === 'equipment' ? upTo('equipment') : upTo('exclusion');
}
/** The fields of an equipment item (what `fact: item` may name). */
function itemSchemaPaths(): Set<string> {
  const eq = (readSchema('site').properties as Record<string, { items?: { properties?: Record<string, unknown> } }>).equipment;
  return new Set(Object.keys(eq?.items?.properties ?? {}));
}

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

export function ruleLeaves(rule: EngineRule): LeafCondition[] {
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
    // The rules, one file each, by family: rules/definition/, rules/scope/, rules/obligations/.
    for (const family of RULE_FOLDERS) {
      const sub = join(dir, family);
      if (existsSync(sub) && statSync(sub).isDirectory()) names.push(...readdirSync(sub).filter((n) => /\.ya?ml$/.test(n)).sort().map((n) => `${family}/${n}`));
    }
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
  // The same folder, named the same way, with the same files holding the same bytes, loads to the
  // same Ruleset: the last one loaded is given again (a command reads the shipped rules for its
  // --fail-on values, then loads them to run). Only a load without problems is kept.
  const memoKey = `${dir}\0${label ?? `\0${process.cwd()}`}\0${names.length}\0${files.map((f) => `${f.name}\0${f.sha256}`).join('\0')}`;
  if (files.length === names.length && lastLoad?.key === memoKey) return lastLoad.ruleset;
  const digest = sha256(files.map((f) => `${f.name}\0${f.sha256}\n`).join(''));
  // The shipped rules as the build loaded them, when every file is byte for byte what it was
  // then (ruleset-cache.ts says what else the cache is checked against, and why that is safe).
  if (label !== undefined && files.length === names.length && errors.length === 0) {
    const cached = cachedRuleset(dir, label, files, digest);
    if (cached) {
      lastLoad = { key: memoKey, ruleset: cached };
      return cached;
    }
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
  if (suppliersDoc) for (const s of loadSuppliers(suppliersDoc.src, sourcesDoc ? sources : undefined, errors)) suppliers.push(s);
  const supplierSuffixes = (suppliersDoc?.value as { suffixes?: string[] } | undefined)?.suffixes ?? [];

  const sitePaths = siteSchemaPaths();
  const itemPaths = itemSchemaPaths();
  const rules: RuleDef[] = [];
  const scopeRules: ScopeRuleDef[] = [];
  const obligations: ObligationDef[] = [];
  const limbs = new Map<number, string>();
  const ids = new Map<string, string>();
  const cites = (src: SourceDocument, raw: { citation: Citation; also_cites?: Citation[] }): Citation[] => {
    checkCitation(src, '/citation', raw.citation);
    (raw.also_cites ?? []).forEach((c, i) => checkCitation(src, `/also_cites/${i}`, c));
    return [raw.citation, ...(raw.also_cites ?? [])].map((c) => resolveCitation(c, sources));
  };
  for (const name of names.filter((n) => !REGISTRY_FILES.has(n))) {
    const family = RULE_FOLDERS.find((f) => name.startsWith(`${f}/`));
    if (!family) {
      const unreadable = read.get(name);
      if (unreadable && !(unreadable instanceof Uint8Array)) {
        errors.push(unreadable);
        continue;
      }
      errors.push({ file: shown(name), line: 1, column: 1, path: '', code: 'rule-folder',
        message: `${name} is not a registry file (sources.yaml, parameters.yaml, suppliers.yaml); rules go in definition/, scope/ or obligations/` });
      continue;
    }
    const loaded = load(name, FAMILY_SCHEMA[family]);
    if (!loaded) continue;
    const raw = loaded.value as { id: string; limb?: number; role?: string; applies?: string; see?: string[]; judgements?: string[]; citation: Citation; also_cites?: Citation[]; conditions: BooleanCondition };
    const src = loaded.src;
    const stem = basename(name).replace(/\.ya?ml$/, '');
    if (raw.id !== stem) errors.push(at(src, '/id', 'rule-id', `rule id "${raw.id}" must match its file name "${stem}"`));
    const twice = ids.get(raw.id);
    if (twice) errors.push(at(src, '/id', 'duplicate-id', `rule id "${raw.id}" is already used by ${twice}`));
    ids.set(raw.id, name);
    (raw.judgements ?? []).forEach((p, i) => {
      if (!sitePaths.has(p)) errors.push(at(src, `/judgements/${i}`, 'unknown-fact', `"${p}" is not a field of the site format`));
    });
    // Every fact and parameter a condition names must exist, and a rule reads only what is known
    // by the time it runs (a limb cannot read the verdict; only equipment rules read an item).
    const stages = allowedStages(family, raw.role, raw.applies);
    const visit = (c: Condition, ptr: string): void => {
      if ('all' in c) c.all.forEach((x, i) => visit(x, `${ptr}/all/${i}`));
      else if ('any' in c) c.any.forEach((x, i) => visit(x, `${ptr}/any/${i}`));
      else if ('not' in c) visit(c.not, `${ptr}/not`);
      else {
        if (c.fact === 'site' && !sitePaths.has(c.path))
          errors.push(at(src, `${ptr}/path`, 'unknown-fact', `"${c.path}" is not a field of the site format`));
        if (c.fact === 'item' && !stages.includes('equipment'))
          errors.push(at(src, `${ptr}/fact`, 'unknown-fact', 'only obligation rules with applies: equipment read an equipment item'));
        else if (c.fact === 'item' && !itemPaths.has(c.path))
          errors.push(at(src, `${ptr}/path`, 'unknown-fact', `"${c.path}" is not a field of an equipment item; fields: ${[...itemPaths].join(', ')}`));
        if (c.fact === 'derived') {
          const d = DERIVED_FACTS.find((x) => x.path === c.path);
          if (!d) errors.push(at(src, `${ptr}/path`, 'unknown-fact', `"${c.path}" is not a derived fact; known: ${DERIVED_FACTS.map((x) => x.path).join(', ')}`));
          else if (!stages.includes(d.stage))
            errors.push(at(src, `${ptr}/path`, 'unknown-fact', `derived fact "${c.path}" is not known yet when a rule in ${family}/${raw.role ? ` (role ${raw.role})` : ''} runs`));
        }
        const v = c.value as { fact?: string; path?: string } | null;
        if (v && typeof v === 'object' && !Array.isArray(v) && paramsDoc && !parameters.has(v.path ?? ''))
          errors.push(at(src, `${ptr}/value/path`, 'unknown-parameter', `parameter "${v.path}" is not in parameters.yaml`));
        if (c.operator === 'isKnown' && typeof c.value !== 'boolean')
          errors.push(at(src, `${ptr}/value`, 'bad-value', 'isKnown takes true (the fact is known) or false (it is not)'));
      }
    };
    visit(raw.conditions, '/conditions');
    if (family === 'definition') {
      const r = raw as unknown as Omit<RuleDef, 'file' | 'see' | 'judgements'> & { see?: string[]; judgements?: string[] };
      const other = limbs.get(r.limb);
      if (other) errors.push(at(src, '/limb', 'duplicate-limb', `limb ${r.limb} is already claimed by rule "${other}"`));
      limbs.set(r.limb, r.id);
      checkCitation(src, '/citation', r.citation);
      (r.see ?? []).forEach((id, i) => {
        if (sourcesDoc && !sources.has(id)) errors.push(at(src, `/see/${i}`, 'unknown-source', `"see" names source "${id}", which is not in sources.yaml`));
      });
      rules.push({ ...r, see: r.see ?? [], judgements: r.judgements ?? [], citation: resolveCitation(r.citation, sources), file: shown(name) });
    } else if (family === 'scope') {
      const r = raw as unknown as Omit<ScopeRuleDef, 'file' | 'citations' | 'judgements'> & { also_cites?: Citation[]; judgements?: string[] };
      const citations = cites(src, r);
      if (scopeRules.some((x) => x.role === r.role)) errors.push(at(src, '/role', 'duplicate-role', `a rule with role ${r.role} is already in scope/`));
      scopeRules.push({ id: r.id, role: r.role, title: r.title, description: r.description, citation: citations[0]!, citations, judgements: r.judgements ?? [], conditions: r.conditions, file: shown(name) });
    } else {
      const r = raw as unknown as RawObligation;
      const citations = cites(src, r);
      obligations.push({
        id: r.id, title: r.title, description: r.description, applies: r.applies, kind: r.kind, severity: r.severity, failsByDefault: r.fails_by_default,
        ...(r.unknown ? { unknownKind: r.unknown.kind, unknownSeverity: r.unknown.severity, unknownFailsByDefault: r.unknown.fails_by_default } : {}),
        messages: r.messages, citation: citations[0]!, citations, conditions: r.conditions, file: shown(name),
      });
      if (r.unknown && !r.messages.unknown) errors.push(at(src, '/messages', 'missing-message', 'a rule with an unknown (at-risk) kind needs a messages.unknown template'));
      for (const [id, text] of Object.entries(r.messages)) {
        const words = /\b(must|breach|breaches|illegal|unlawful)\b/i.exec(text);
        if (words) errors.push(at(src, `/messages/${id}`, 'message-wording', `messages.${id} says "${words[0]}": the instruction is administrative; say "instructed", "advised", "consider", "the instruction"`));
        for (const m of text.matchAll(/\{\{\s*([a-z_]+)\s*\}\}/g)) {
          if (!MESSAGE_PLACEHOLDERS.includes(m[1]!)) errors.push(at(src, `/messages/${id}`, 'unknown-placeholder', `messages.${id}: unknown placeholder {{${m[1]}}}; known: ${MESSAGE_PLACEHOLDERS.join(', ')}`));
        }
      }
    }
  }
  // One kind, one meaning: every rule reporting a kind agrees whether it fails by default.
  const failing = new Map<string, { fails: boolean; id: string }>();
  for (const o of obligations) {
    for (const [kind, fails] of [[o.kind, o.failsByDefault], ...(o.unknownKind ? [[o.unknownKind, o.unknownFailsByDefault === true]] : [])] as [string, boolean][]) {
      const prev = failing.get(kind);
      if (prev && prev.fails !== fails) errors.push({ file: o.file, line: 1, column: 1, path: '', code: 'kind-conflict', message: `kind ${kind}: rule ${o.id} says fails_by_default ${fails}, rule ${prev.id} says ${prev.fails}` });
      else failing.set(kind, { fails, id: o.id });
    }
  }
  if (rules.length === 0 && errors.length === 0) {
    errors.push({ file: displayPath(dir), line: 1, column: 1, path: '', code: 'no-rules', message: 'the rules folder holds no rules (rules/definition/ is empty)' });
  }
  const scope = scopeRules.find((r) => r.role === 'scope');
  const exclusion = scopeRules.find((r) => r.role === 'exclusion');
  for (const [role, r] of [['scope', scope], ['exclusion', exclusion]] as const) {
    if (!r && errors.length === 0) errors.push({ file: displayPath(join(dir, 'scope')), line: 1, column: 1, path: '', code: 'missing-rule', message: `rules/scope/ has no rule with role ${role}` });
  }
  if (errors.length > 0) throw new RulesError(errors);
  rules.sort((a, b) => a.limb - b.limb);
  const ruleset: Ruleset = { dir, rules, sources, parameters, suppliers, supplierSuffixes, scope: scope!, exclusion: exclusion!, obligations, failOn: failOnSpec(obligations), files, sha256: digest };
  lastLoad = { key: memoKey, ruleset };
  return ruleset;
}

/** The last Ruleset loadRuleset gave, with what it was loaded from (folder, label, every file's name and digest). */
let lastLoad: { readonly key: string; readonly ruleset: Ruleset } | undefined;

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

interface RawObligation {
  id: string; title: string; description: string; applies: 'equipment' | 'site'; kind: string; severity: FindingSeverity; fails_by_default: boolean;
  unknown?: { kind: string; severity: FindingSeverity; fails_by_default: boolean };
  messages: Record<string, string>; citation: Citation; also_cites?: Citation[]; conditions: BooleanCondition;
}

/** The placeholders a message template may use (filled in by the engine's findings). */
export const MESSAGE_PLACEHOLDERS: readonly string[] = [
  'item', 'site', 'site_basis', 'listed', 'as_of', 'complete_by', 'removal_due', 'missing', 'determination', 'verdict', 'scope_reason', 'listed_items', 'near_miss',
];

/** Why a value is not acceptable for a parameter, or undefined when it is. */
export function parameterProblem(p: ParameterDef, value: unknown): string | undefined {
  if (p.values) return typeof value === 'string' && p.values.includes(value) ? undefined : `${JSON.stringify(value)} is not allowed; use ${p.values.join(', ')}`;
  if (p.format === 'date') return typeof value === 'string' && isIsoDate(value) ? undefined : `${JSON.stringify(value)} is not a real date in the form YYYY-MM-DD`;
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${JSON.stringify(value) ?? String(value)} is not a number`;
  const min = p.minimum ?? -Infinity;
  const max = p.maximum ?? Infinity;
  const low = p.exclusiveMinimum ? value <= min : value < min;
  if (low || value > max) {
    return `${value} is outside the allowed range ${p.exclusiveMinimum ? '(' : '['}${min}, ${max}]`;
  }
  return undefined;
}

/** Apply a --params file: returns a ruleset whose parameters carry the overriding values. */
export function withParams(ruleset: Ruleset, paramsFile: string): Ruleset {
  const errors: InputError[] = [];
  const loaded = loadOne(paramsFile, 'params-override', errors);
  if (!loaded) throw new RulesError(errors);
  const parameters = new Map(ruleset.parameters);
  for (const [name, value] of Object.entries(loaded.value as Record<string, number | string>)) {
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
export function parameterValues(ruleset: Ruleset): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const [k, p] of [...ruleset.parameters].sort(([a], [b]) => a.localeCompare(b))) out[k] = p.value;
  return out;
}


/** Every rule of every family, for lint, fixtures, coverage and listings. */
export interface AnyRule extends EngineRule {
  readonly family: Family;
  /** "Limb 1", "Scope", "Exclusion", "Obligation". */
  readonly label: string;
  readonly title: string;
  readonly citations: readonly Citation[];
  /** The file's path inside the rules folder (definition/secret-material.yaml). */
  readonly path: string;
  readonly limb?: number;
  readonly applies?: 'equipment' | 'site';
}

export function allRules(ruleset: Ruleset): AnyRule[] {
  return [
    ...ruleset.rules.map((r) => ({ id: r.id, conditions: r.conditions, family: 'definition' as const, label: `Limb ${r.limb}`, title: r.title, citations: [r.citation], path: `definition/${r.id}.yaml`, limb: r.limb })),
    ...[ruleset.scope, ruleset.exclusion].map((r) => ({ id: r.id, conditions: r.conditions, family: 'scope' as const, label: r.role === 'scope' ? 'Scope' : 'Exclusion', title: r.title, citations: r.citations, path: `scope/${r.id}.yaml` })),
    ...ruleset.obligations.map((r) => ({ id: r.id, conditions: r.conditions, family: 'obligations' as const, label: `Obligation (${r.applies})`, title: r.title, citations: r.citations, path: `obligations/${r.id}.yaml`, applies: r.applies })),
  ];
}
