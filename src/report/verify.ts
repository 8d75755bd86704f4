// `sitecheck verify`: does a report still hold? Re-read the rules, parameters and inputs named in its
// provenance, re-evaluate them as of the report's date, and list exactly what differs: the tool
// version, a rules file, a parameter, an input file, a site's verdict, limb outcome, finding or any
// other field of its result, or (when everything else agrees) the report's own text.
//
// The report is hostile. Every path it names is checked (verify-paths.ts) before anything is read,
// and only files under the working directory are read; every value it carries is shown escaped and
// shortened, never poured into the output.
import { existsSync } from 'node:fs';
import { evaluateInventory, loadRules } from '../check.js';
import { LIMIT_OPTIONS } from '../cli/options.js';
import { loadInventory, MissingPathError, type Inventory } from '../input/sites.js';
import { DEFAULT_LIMITS, type Limits } from '../input/yaml-source.js';
import type { Report, SiteResult } from '../model.js';
import { RulesError, type Ruleset } from '../rules/ruleset.js';
import { VERSION } from '../version.js';
import {
  buildProvenance,
  canonicalJson,
  extractProvenance,
  overallDigest,
  provenanceSite,
  resultsDigest,
  shown,
  snippet,
  type EvidenceKind,
  type Provenance,
} from './provenance.js';
import { renderEvidence } from './build.js';
import { markedJson, markingOfReport, markReport } from '../handling/marking.js';
import type { Redactor } from '../handling/redact.js';
import { checkPathForm, checkReadPath, checkTree, UnsafeReportError } from './verify-paths.js';

export { UnsafeReportError } from './verify-paths.js';

export type DifferenceKind =
  | 'tool-version' | 'rules-file' | 'rules-invalid' | 'parameter' | 'input-file' | 'input-missing'
  | 'site-verdict' | 'site-limb' | 'site-finding' | 'site-field' | 'site-added' | 'site-removed'
  | 'input-errors' | 'report-field' | 'report-text';

export interface Difference {
  readonly kind: DifferenceKind;
  /** The rules file, input file or site id concerned (escaped, shortened). */
  readonly subject: string;
  readonly was?: string;
  readonly now?: string;
  readonly message: string;
}

export interface VerifyResult {
  readonly kind: EvidenceKind;
  readonly asOf: string;
  readonly version: string;
  /** The rules folder the report was made with, or null for the shipped rules. */
  readonly rulesDir: string | null;
  /** What was compared and found the same. */
  readonly same: readonly string[];
  readonly differences: readonly Difference[];
  /** What could not be compared (a plain check --format json file has no input digests). */
  readonly notes: readonly string[];
  readonly holds: boolean;
}

/** Differences listed per site before the rest are counted in one line. */
const MAX_PER_SITE = 20;

/** The first 12 characters of a digest, escaped (the messages add the "…"). */
function short(h: string | null | undefined): string {
  return h ? shown(h.slice(0, 12)) : 'none';
}

function compareFiles(
  kind: 'rules-file' | 'input-file',
  label: string,
  was: readonly { name: string; sha256: string | null }[],
  now: readonly { name: string; sha256: string | null }[],
  out: Difference[],
): number {
  const before = new Map(was.map((f) => [f.name, f.sha256]));
  const after = new Map(now.map((f) => [f.name, f.sha256]));
  const start = out.length;
  for (const [name, h] of before) {
    const current = after.get(name);
    if (!after.has(name)) {
      out.push({ kind, subject: shown(name), was: h ?? undefined, message: `${label} ${shown(name)} is gone (it was read for the report)` });
    } else if (current !== h) {
      out.push({ kind, subject: shown(name), was: h ? shown(h, 64) : undefined, now: current ?? undefined, message: `${label} ${shown(name)} has changed (sha256 was ${short(h)}…, now ${short(current)}…)` });
    }
  }
  for (const [name, h] of after) {
    if (!before.has(name)) out.push({ kind, subject: shown(name), now: h ?? undefined, message: `${label} ${shown(name)} is new (it was not read for the report)` });
  }
  return out.length - start;
}

type Rec = Record<string, unknown>;

function isPlainObject(v: unknown): v is Rec {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** Every difference between two values, by path (`scope.status`, `decidingFacts[1]`), passed to `add`. */
function diffValues(was: unknown, now: unknown, path: string, add: (path: string, was: unknown, now: unknown) => void): void {
  if (was === now) return;
  if (isPlainObject(was) && isPlainObject(now)) {
    const keys = [...new Set([...Object.keys(was), ...Object.keys(now)])].sort();
    for (const k of keys) diffValues(was[k], now[k], path ? `${path}.${shown(k, 40)}` : shown(k, 40), add);
    return;
  }
  if (Array.isArray(was) && Array.isArray(now)) {
    const n = Math.max(was.length, now.length);
    for (let i = 0; i < n; i++) diffValues(was[i], now[i], `${path}[${i}]`, add);
    return;
  }
  if (canonicalJson(was) === canonicalJson(now)) return;
  add(path, was, now);
}

function valueText(v: unknown): string {
  return v === undefined ? 'absent' : snippet(v);
}

function outcomeOf(limb: unknown): unknown {
  return isPlainObject(limb) ? limb.outcome : limb;
}

/** Findings are matched by what they say (kind, rule, equipment, message); the rest is compared field by field. */
function findingKey(f: unknown): string {
  const o = isPlainObject(f) ? f : {};
  return canonicalJson({ kind: o.kind, rule: o.rule, equipment: o.equipment, message: o.message });
}

function findingText(f: unknown): string {
  const o = isPlainObject(f) ? f : {};
  const parts = [typeof o.kind === 'string' ? shown(o.kind, 40) : valueText(o.kind)];
  if (o.rule !== undefined) parts.push(`rule ${typeof o.rule === 'string' ? shown(o.rule, 40) : valueText(o.rule)}`);
  if (o.equipment !== undefined) parts.push(`equipment ${typeof o.equipment === 'string' ? shown(o.equipment, 40) : valueText(o.equipment)}`);
  return `${parts.join(', ')}: ${snippet(o.message, 60)}`;
}

/**
 * Compare one site's result as the report records it (`was`: a JSON report's SiteResult, or a
 * provenance record) with its result now. Every field is compared, so fields the model gains are
 * covered without a change here; verdict, limbs and findings get messages of their own.
 */
function compareSite(was: Rec, now: SiteResult, nowRecord: Rec, out: Difference[]): number {
  const label = shown(String(was.id));
  const subject = label;
  const found: Difference[] = [];
  let extra = 0;
  const push = (d: Difference): void => {
    if (found.length < MAX_PER_SITE) found.push(d);
    else extra++;
  };
  if (was.verdict !== nowRecord.verdict) {
    push({ kind: 'site-verdict', subject, was: shown(String(was.verdict), 40), now: now.verdict, message: `site ${label}: verdict was ${shown(String(was.verdict), 40)}, now ${now.verdict}` });
  }
  const wasLimbs = Array.isArray(was.limbs) ? was.limbs : [];
  const nowLimbs = nowRecord.limbs as readonly unknown[];
  for (let i = 0; i < Math.max(wasLimbs.length, nowLimbs.length); i++) {
    const l = now.limbs[i];
    const name = l ? `limb ${l.limb} (${l.rule})` : `limb ${i + 1}`;
    const before = outcomeOf(wasLimbs[i]);
    const after = outcomeOf(nowLimbs[i]);
    if (before !== after) {
      push({ kind: 'site-limb', subject, was: valueText(before), now: valueText(after), message: `site ${label}: ${name} was ${typeof before === 'string' ? shown(before, 40) : valueText(before)}, now ${after === undefined ? 'absent' : String(after)}` });
    } else if (isPlainObject(wasLimbs[i]) && isPlainObject(nowLimbs[i])) {
      diffValues(wasLimbs[i], nowLimbs[i], `${name}`, (path, a, b) =>
        push({ kind: 'site-field', subject, was: valueText(a), now: valueText(b), message: `site ${label}: ${path} was ${valueText(a)}, now ${valueText(b)}` }),
      );
    }
  }
  // Findings: matched by kind, rule, equipment and message; a finding matched is compared field by field.
  const wasFindings = Array.isArray(was.findings) ? was.findings : [];
  const nowFindings = Array.isArray(nowRecord.findings) ? (nowRecord.findings as readonly unknown[]) : [];
  const pool = new Map<string, unknown[]>();
  for (const f of nowFindings) {
    const k = findingKey(f);
    const list = pool.get(k);
    if (list) list.push(f);
    else pool.set(k, [f]);
  }
  for (const f of wasFindings) {
    const match = pool.get(findingKey(f))?.shift();
    if (match === undefined) {
      push({ kind: 'site-finding', subject, was: findingText(f), message: `site ${label}: finding ${findingText(f)} is gone (it is not found now)` });
      continue;
    }
    diffValues(f, match, '', (path, a, b) =>
      push({ kind: 'site-finding', subject, was: valueText(a), now: valueText(b), message: `site ${label}: finding ${findingText(f)}: ${path || 'the finding'} was ${valueText(a)}, now ${valueText(b)}` }),
    );
  }
  for (const list of pool.values()) {
    for (const f of list) push({ kind: 'site-finding', subject, now: findingText(f), message: `site ${label}: finding ${findingText(f)} is new (the report does not have it)` });
  }
  // Every other field the report carries for the site (scope, determination, name, position, …).
  let digestOnly: Difference | undefined;
  const keys = [...new Set([...Object.keys(was), ...Object.keys(nowRecord)])].sort();
  for (const k of keys) {
    if (k === 'id' || k === 'verdict' || k === 'limbs' || k === 'findings') continue;
    if (k === 'sha256') {
      if (was.sha256 !== nowRecord.sha256) {
        digestOnly = { kind: 'site-field', subject, was: valueText(was.sha256), now: valueText(nowRecord.sha256), message: `site ${label}: a part of its result that the report records only as a digest (a limb's facts, conditions or citation) differs: sha256 was ${short(typeof was.sha256 === 'string' ? was.sha256 : undefined)}…, now ${short(String(nowRecord.sha256))}…` };
      }
      continue;
    }
    diffValues(was[k], nowRecord[k], shown(k, 40), (path, a, b) =>
      push({ kind: 'site-field', subject, was: valueText(a), now: valueText(b), message: `site ${label}: ${path} was ${valueText(a)}, now ${valueText(b)}` }),
    );
  }
  if (digestOnly && found.length === 0) push(digestOnly);
  for (const d of found) out.push(d);
  if (extra > 0) out.push({ kind: 'site-field', subject, message: `site ${label}: and ${extra} more difference${extra === 1 ? '' : 's'}` });
  return found.length + extra;
}

/** Compare the sites the report records with the sites now, matched by id (in order, for a repeated id). */
function compareResults(wasSites: readonly Rec[], report: Report, record: (s: SiteResult) => Rec, out: Difference[]): number {
  const now = new Map<string, SiteResult[]>();
  for (const s of report.sites) {
    const list = now.get(s.id);
    if (list) list.push(s);
    else now.set(s.id, [s]);
  }
  let n = 0;
  for (const w of wasSites) {
    const s = now.get(String(w.id))?.shift();
    const label = shown(String(w.id));
    if (!s) {
      out.push({ kind: 'site-removed', subject: label, was: shown(String(w.verdict), 40), message: `site ${label} (${shown(String(w.verdict), 40)}) is no longer in the inventory, or its file no longer reads` });
      n++;
      continue;
    }
    n += compareSite(w, s, record(s), out);
  }
  for (const list of now.values()) {
    for (const s of list) {
      out.push({ kind: 'site-added', subject: shown(s.id), now: s.verdict, message: `site ${shown(s.id)} (${s.verdict}) is new: it was not in the report` });
      n++;
    }
  }
  return n;
}

/** A JSON report's own fields besides its sites: the input errors, the summary, and any field the model gains. */
function compareBody(old: Rec, report: Report, skip: readonly string[], out: Difference[]): number {
  const start = out.length;
  const now = report as unknown as Rec;
  const wasErrors = Array.isArray(old.errors) ? old.errors : [];
  const pool = new Map<string, number>();
  for (const e of report.errors) pool.set(canonicalJson(e), (pool.get(canonicalJson(e)) ?? 0) + 1);
  const errorText = (e: unknown): string => {
    const o = isPlainObject(e) ? e : {};
    return `${shown(String(o.file))}:${valueText(o.line)}:${valueText(o.column)} ${valueText(o.code)} ${snippet(o.message, 60)}`;
  };
  for (const e of wasErrors) {
    const k = canonicalJson(e);
    const left = pool.get(k) ?? 0;
    if (left > 0) pool.set(k, left - 1);
    else out.push({ kind: 'input-errors', subject: 'inventory', was: errorText(e), message: `input error ${errorText(e)} is gone (or changed)` });
  }
  for (const e of report.errors) {
    const k = canonicalJson(e);
    const left = pool.get(k) ?? 0;
    if (left > 0) {
      pool.set(k, left - 1);
      out.push({ kind: 'input-errors', subject: 'inventory', now: errorText(e), message: `input error ${errorText(e)} is new (the report does not have it)` });
    }
  }
  const keys = [...new Set([...Object.keys(old), ...Object.keys(now)])].sort();
  for (const k of keys) {
    if (k === 'sites' || k === 'errors' || k === 'provenance' || skip.includes(k)) continue;
    diffValues(old[k], now[k], shown(k, 40), (path, a, b) =>
      out.push({ kind: 'report-field', subject: path, was: valueText(a), now: valueText(b), message: `the report's ${path} was ${valueText(a)}, now ${valueText(b)}` }),
    );
  }
  return out.length - start;
}

interface Loaded {
  ruleset?: Ruleset;
  inventory?: Inventory;
  report?: Report;
}

async function reevaluate(
  opts: { rulesDir: string | null; paramsFile: string | null; paths: readonly string[]; limits: Limits; asOf: string },
  diffs: Difference[],
): Promise<Loaded> {
  let ruleset: Ruleset | undefined;
  try {
    ruleset = loadRules({ rulesDir: opts.rulesDir ?? undefined, paramsFile: opts.paramsFile ?? undefined });
  } catch (e) {
    if (!(e instanceof RulesError)) throw e;
    // The messages are the loader's, which may quote a value it could not read: never quoted here.
    const lines = e.errors.slice(0, 20).map((x) => `    ${shown(x.file)}:${x.line}:${x.column}  ${shown(x.message.split(' (found ')[0]!, 120)}`);
    if (e.errors.length > 20) lines.push(`    and ${e.errors.length - 20} more`);
    diffs.push({ kind: 'rules-invalid', subject: shown(opts.rulesDir ?? 'rules'), message: `the rules or parameters no longer load:\n${lines.join('\n')}` });
  }
  const present = opts.paths.filter((p) => existsSync(p));
  for (const p of opts.paths) {
    if (!present.includes(p)) diffs.push({ kind: 'input-missing', subject: shown(p), message: `input path ${shown(p)} does not exist here (run verify from the folder the report was made in)` });
  }
  let inventory: Inventory | undefined;
  try {
    inventory = present.length ? loadInventory(present, opts.limits) : { files: [], sites: [], errors: [] };
  } catch (e) {
    if (!(e instanceof MissingPathError)) throw e;
    inventory = { files: [], sites: [], errors: [] };
  }
  const report = ruleset ? await evaluateInventory(ruleset, inventory, opts.asOf) : undefined;
  return { ruleset, inventory, report };
}

/** The report's input limits: exactly the known limits, each a whole number within the range its flag allows. */
function checkLimits(limits: unknown): Limits {
  const given = (limits && typeof limits === 'object' ? limits : {}) as Record<string, unknown>;
  for (const k of Object.keys(given)) {
    if (!(k in DEFAULT_LIMITS) && k !== 'followSymlinks' && k !== 'allowEmpty') throw new UnsafeReportError(`the report's provenance.limits has an unknown limit ${snippet(k, 40)}`);
  }
  const out: Record<string, number | boolean> = { ...DEFAULT_LIMITS };
  // A report made with --follow-symlinks is re-read the same way; the path checks before any read
  // still refuse every link that leads out of the working directory.
  if (given.followSymlinks !== undefined) {
    if (typeof given.followSymlinks !== 'boolean') throw new UnsafeReportError(`the report's provenance.limits.followSymlinks is ${snippet(given.followSymlinks, 24)}, not true or false`);
    out.followSymlinks = given.followSymlinks;
  }
  if (given.allowEmpty !== undefined) {
    if (typeof given.allowEmpty !== 'boolean') throw new UnsafeReportError(`the report's provenance.limits.allowEmpty is ${snippet(given.allowEmpty, 24)}, not true or false`);
    out.allowEmpty = given.allowEmpty;
  }
  for (const { key, flag, max } of LIMIT_OPTIONS) {
    const v = given[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max) {
      throw new UnsafeReportError(`the report's provenance.limits.${key} (--${flag}) is ${snippet(v, 24)}, not a whole number between 1 and ${max}`);
    }
    out[key] = v;
  }
  return out as unknown as Limits;
}

/** Check every path a provenance names, before any is read. Throws UnsafeReportError. */
function checkProvenancePaths(prov: Provenance): void {
  prov.paths.forEach((p, i) => {
    if (checkReadPath(p, `input path (provenance.paths[${i}])`)) checkTree(p, `input path (provenance.paths[${i}])`);
  });
  if (prov.rules.dir !== null && checkReadPath(prov.rules.dir, 'rules folder (provenance.rules.dir)')) checkTree(prov.rules.dir, 'rules folder (provenance.rules.dir)');
  if (prov.parameters.file !== null) checkReadPath(prov.parameters.file, 'parameters file (provenance.parameters.file)');
  prov.rules.files.forEach((f, i) => checkPathForm(f.name, `rules file (provenance.rules.files[${i}].name)`));
  // Input and site files are read through the walk of the paths above, but are checked as strictly.
  const checked = new Set<string>();
  const each = (p: string, what: string): void => {
    if (checked.has(p)) return;
    checked.add(p);
    checkReadPath(p, what);
  };
  prov.inputs.forEach((f, i) => each(f.file, `input file (provenance.inputs[${i}].file)`));
  prov.results.sites.forEach((s, i) => each(s.file, `site file (provenance.results.sites[${i}].file)`));
}

/**
 * Verify a report file's text, reading only under the working directory. Throws NotAReportError
 * when it holds no provenance, UnsafeReportError when it names a path verify will not read.
 */
export async function verifyText(text: string, redactor?: Redactor): Promise<VerifyResult> {
  const extracted = extractProvenance(text);
  if (extracted.provenance) return verifyProvenance(extracted.kind, extracted.provenance, extracted.report, text, redactor);
  return verifyPlainJson(extracted.report!);
}

async function verifyProvenance(kind: EvidenceKind, prov: Provenance, body: Report | undefined, text: string, redactor?: Redactor): Promise<VerifyResult> {
  // Nothing is read before every path is checked.
  checkProvenancePaths(prov);
  const limits = checkLimits(prov.limits);
  const diffs: Difference[] = [];
  const same: string[] = [];
  const result = (): VerifyResult => ({ kind, asOf: prov.asOf, version: prov.tool.version, rulesDir: prov.rules.dir, same, differences: diffs, notes: [], holds: diffs.length === 0 });
  if (overallDigest(prov) !== prov.sha256) {
    diffs.push({ kind: 'report-text', subject: 'provenance', message: 'the provenance digest does not match the digests and paths listed with it: the provenance block has been edited' });
  } else same.push(`provenance digest ${short(prov.sha256)}… agrees with its parts (the input paths, the rules folder, the parameters file and every digest)`);
  if (resultsDigest(prov.results.sites, prov.results.errors) !== prov.results.sha256) {
    diffs.push({ kind: 'report-text', subject: 'provenance', message: 'the results digest does not match the results listed with it: the provenance block has been edited' });
  }
  if (prov.tool.version !== VERSION) {
    diffs.push({ kind: 'tool-version', subject: 'sitecheck', was: shown(prov.tool.version, 40), now: VERSION, message: `the report was written by sitecheck ${shown(prov.tool.version, 40)}; this is sitecheck ${VERSION}` });
  } else same.push(`tool version ${VERSION}`);

  const { ruleset, inventory, report: evaluated } = await reevaluate(
    { rulesDir: prov.rules.dir, paramsFile: prov.parameters.file, paths: prov.paths, limits, asOf: prov.asOf },
    diffs,
  );
  // --redact: a redacted report is compared with the results redacted the same way (the same key).
  const report = evaluated && redactor ? redactor.report(evaluated) : evaluated;
  // The report's marking (--marking) is rendered again as found; the texts must still agree.
  const marking = markingOfReport(kind, text, body as { marking?: unknown } | undefined);
  if (prov.paths.length > 0 && prov.paths.every((p) => !existsSync(p))) {
    diffs.push({ kind: 'input-missing', subject: 'inventory', message: `none of the report's ${prov.inputs.length} input files or ${prov.results.sites.length} sites could be re-read, so nothing was re-evaluated` });
    return result();
  }
  // What the report's provenance would be if it were written now, from the same arguments.
  const current = ruleset && inventory && report
    ? buildProvenance(report, inventory, ruleset, { paths: prov.paths, rulesDir: prov.rules.dir ?? undefined, paramsFile: prov.parameters.file ?? undefined, limits: prov.limits })
    : undefined;
  if (ruleset && current) {
    if (compareFiles('rules-file', 'rules file', prov.rules.files, ruleset.files, diffs) === 0) same.push(`rules: ${ruleset.files.length} files, digest ${short(ruleset.sha256)}…`);
    if (compareParameters(prov, current, diffs) === 0) same.push(`parameters, digest ${short(prov.parameters.sha256)}…`);
  }
  if (inventory) {
    const n = compareFiles(
      'input-file',
      'input file',
      prov.inputs.map((f) => ({ name: f.file, sha256: f.sha256 })),
      inventory.files.map((f) => ({ name: f.file, sha256: f.sha256 ?? null })),
      diffs,
    );
    if (n === 0) same.push(`inputs: ${inventory.files.length} files, every sha256 the same`);
  }
  if (report && current && ruleset && inventory) {
    // JSON evidence carries every site's whole result: compare that. HTML and Markdown carry the
    // provenance record of each (every field but the limbs' details, which are digested).
    const n = body
      ? compareResults(body.sites as unknown as Rec[], report, (s) => s as unknown as Rec, diffs) + compareBody(body as unknown as Rec, markedJson(report, marking), ['tool', 'rules'], diffs)
      : compareResults(prov.results.sites, report, provenanceSite, diffs);
    if (report.errors.length !== prov.results.errors) {
      diffs.push({ kind: 'input-errors', subject: 'inventory', was: String(prov.results.errors), now: String(report.errors.length), message: `the inventory had ${prov.results.errors} input errors, now ${report.errors.length}` });
    }
    if (n === 0) same.push(`results: ${report.sites.length} sites, every verdict and limb outcome the same, and every finding and other field of each result`);
    // Everything agrees: the report's text itself must be what sitecheck writes for these inputs.
    if (diffs.length === 0) {
      const again = markReport(kind, renderEvidence(kind, { report, inventory, ruleset, provenance: current }), marking);
      if (again !== text) {
        const a = again.split('\n');
        const b = text.split('\n');
        let line = 0;
        while (line < a.length && line < b.length && a[line] === b[line]) line++;
        diffs.push({ kind: 'report-text', subject: 'report', message: `the report's text differs from what sitecheck writes for the same inputs, first at line ${line + 1}: it was edited after it was written (or written by a different build of sitecheck ${VERSION})` });
      } else same.push('report text: identical to a fresh rendering');
    }
  }
  return result();
}

/** Parameters that differ in value, interpretation status or origin, or that came or went. */
function compareParameters(prov: Provenance, current: Provenance, out: Difference[]): number {
  const start = out.length;
  for (const [rawName, v] of Object.entries(prov.parameters.values)) {
    const name = shown(rawName, 80);
    const now = Object.hasOwn(current.parameters.values, rawName) ? current.parameters.values[rawName] : undefined;
    if (!now) {
      out.push({ kind: 'parameter', subject: name, was: String(v.value), message: `parameter ${name} no longer exists` });
    } else if (now.value !== v.value || now.interpretation !== v.interpretation) {
      out.push({ kind: 'parameter', subject: name, was: String(v.value), now: String(now.value), message: `parameter ${name} was ${v.value}${v.interpretation ? ' (interpretation)' : ''}, now ${now.value}${now.interpretation ? ' (interpretation)' : ''} (from ${shown(now.origin)})` });
    } else if (now.origin !== v.origin) {
      out.push({ kind: 'parameter', subject: name, was: shown(v.origin), now: shown(now.origin), message: `parameter ${name} now comes from ${shown(now.origin)} (it came from ${shown(v.origin)}; run verify from the folder the report was made in, with the same installation)` });
    }
  }
  for (const name of Object.keys(current.parameters.values)) {
    if (!Object.hasOwn(prov.parameters.values, name)) out.push({ kind: 'parameter', subject: name, message: `parameter ${name} is new` });
  }
  if (out.length === start && current.parameters.sha256 !== prov.parameters.sha256) {
    out.push({ kind: 'parameter', subject: 'parameters', was: shown(prov.parameters.sha256, 64), now: current.parameters.sha256, message: `the parameters' digest was ${short(prov.parameters.sha256)}…, now ${short(current.parameters.sha256)}…` });
  }
  return out.length - start;
}

async function verifyPlainJson(old: Report): Promise<VerifyResult> {
  const files = [...new Set([...old.sites.map((s) => s.file), ...old.errors.map((e) => e.file)])].sort();
  // Nothing is read before every file the report names is checked.
  files.forEach((f) => {
    if (checkReadPath(f, 'file')) checkTree(f, 'file');
  });
  const diffs: Difference[] = [];
  const same: string[] = [];
  const notes = [
    'this is `check --format json` output, which records no input digests or rules folder: the shipped rules were used, and inputs are compared by their results only (write evidence with `sitecheck report --out FILE.json` for full provenance)',
  ];
  if (old.tool.version !== VERSION) {
    diffs.push({ kind: 'tool-version', subject: 'sitecheck', was: shown(old.tool.version, 40), now: VERSION, message: `the report was written by sitecheck ${shown(old.tool.version, 40)}; this is sitecheck ${VERSION}` });
  } else same.push(`tool version ${VERSION}`);
  const { ruleset, report } = await reevaluate({ rulesDir: null, paramsFile: null, paths: files, limits: DEFAULT_LIMITS, asOf: old.asOf }, diffs);
  if (ruleset) {
    if (ruleset.sha256 !== old.rules.sha256) {
      diffs.push({ kind: 'rules-file', subject: 'rules', was: shown(old.rules.sha256, 64), now: ruleset.sha256, message: `the rules digest was ${short(old.rules.sha256)}…, now ${short(ruleset.sha256)}… (a plain JSON report does not say which file)` });
    } else same.push(`rules digest ${short(ruleset.sha256)}…`);
    for (const [rawName, v] of Object.entries(old.rules.parameters)) {
      const name = shown(rawName, 80);
      const now = ruleset.parameters.get(rawName);
      if (now?.value !== v) diffs.push({ kind: 'parameter', subject: name, was: String(v), now: now ? String(now.value) : undefined, message: `parameter ${name} was ${v}, now ${now ? now.value : 'gone'}` });
    }
  }
  if (report) {
    const n = compareResults(old.sites as unknown as Rec[], report, (s) => s as unknown as Rec, diffs);
    const b = compareBody(old as unknown as Rec, report, ['tool', 'rules'], diffs);
    if (report.errors.length !== old.errors.length) {
      diffs.push({ kind: 'input-errors', subject: 'inventory', was: String(old.errors.length), now: String(report.errors.length), message: `the inventory had ${old.errors.length} input errors, now ${report.errors.length}` });
    }
    if (n === 0) same.push(`results: ${report.sites.length} sites, every verdict and limb outcome the same, and every finding and other field of each result`);
    if (b === 0) same.push('input errors and summary the same');
  }
  return { kind: 'json', asOf: old.asOf, version: old.tool.version, rulesDir: null, same, differences: diffs, notes, holds: diffs.length === 0 };
}
