// `sitecheck verify`: does a report still hold? Re-read the rules, parameters and inputs named in its
// provenance, re-evaluate them as of the report's date, and list exactly what differs: the tool
// version, a rules file, a parameter, an input file, a site's verdict or limb outcome, or (when
// everything else agrees) the report's own text.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateInventory, loadRules } from '../check.js';
import { loadInventory, MissingPathError, type Inventory } from '../input/sites.js';
import { DEFAULT_LIMITS, type Limits } from '../input/yaml-source.js';
import type { Report } from '../model.js';
import { RulesError, type Ruleset } from '../rules/ruleset.js';
import { VERSION } from '../version.js';
import { buildProvenance, extractProvenance, overallDigest, type EvidenceKind, type Provenance } from './provenance.js';
import { renderEvidence } from './build.js';

export type DifferenceKind =
  | 'tool-version' | 'rules-file' | 'rules-invalid' | 'parameter' | 'input-file' | 'input-missing'
  | 'site-verdict' | 'site-limb' | 'site-added' | 'site-removed' | 'input-errors' | 'report-text';

export interface Difference {
  readonly kind: DifferenceKind;
  /** The rules file, input file or site id concerned. */
  readonly subject: string;
  readonly was?: string;
  readonly now?: string;
  readonly message: string;
}

export interface VerifyResult {
  readonly kind: EvidenceKind;
  readonly asOf: string;
  readonly version: string;
  /** What was compared and found the same. */
  readonly same: readonly string[];
  readonly differences: readonly Difference[];
  /** What could not be compared (a plain check --format json file has no input digests). */
  readonly notes: readonly string[];
  readonly holds: boolean;
}

function short(h: string | null | undefined): string {
  return h ? h.slice(0, 12) : 'none';
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
  const found: Difference[] = [];
  for (const [name, h] of before) {
    const current = after.get(name);
    if (!after.has(name)) {
      found.push({ kind, subject: name, was: h ?? undefined, message: `${label} ${name} is gone (it was read for the report)` });
    } else if (current !== h) {
      found.push({ kind, subject: name, was: h ?? undefined, now: current ?? undefined, message: `${label} ${name} has changed (sha256 was ${short(h)}…, now ${short(current)}…)` });
    }
  }
  for (const [name, h] of after) {
    if (!before.has(name)) found.push({ kind, subject: name, now: h ?? undefined, message: `${label} ${name} is new (it was not read for the report)` });
  }
  for (const f of found) out.push(f); // a loop: a spread of 150,000 items overflows the stack
  return found.length;
}

function compareResults(wasSites: readonly { id: string; verdict: string; limbs: readonly string[] }[], report: Report, out: Difference[]): number {
  const now = new Map(report.sites.map((s) => [s.id, s]));
  const seen = new Set<string>();
  let n = 0;
  for (const w of wasSites) {
    seen.add(w.id);
    const s = now.get(w.id);
    if (!s) {
      out.push({ kind: 'site-removed', subject: w.id, was: w.verdict, message: `site ${w.id} (${w.verdict}) is no longer in the inventory, or its file no longer reads` });
      n++;
      continue;
    }
    if (s.verdict !== w.verdict) {
      out.push({ kind: 'site-verdict', subject: w.id, was: w.verdict, now: s.verdict, message: `site ${w.id}: verdict was ${w.verdict}, now ${s.verdict}` });
      n++;
    }
    s.limbs.forEach((l, i) => {
      const before = w.limbs[i];
      if (before !== undefined && before !== l.outcome) {
        out.push({ kind: 'site-limb', subject: w.id, was: before, now: l.outcome, message: `site ${w.id}: limb ${l.limb} (${l.rule}) was ${before}, now ${l.outcome}` });
        n++;
      }
    });
  }
  for (const s of report.sites) {
    if (seen.has(s.id)) continue;
    out.push({ kind: 'site-added', subject: s.id, now: s.verdict, message: `site ${s.id} (${s.verdict}) is new: it was not in the report` });
    n++;
  }
  return n;
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
    diffs.push({ kind: 'rules-invalid', subject: opts.rulesDir ?? 'rules', message: `the rules or parameters no longer load:\n${e.errors.map((x) => `    ${x.file}:${x.line}:${x.column}  ${x.message}`).join('\n')}` });
  }
  const present = opts.paths.filter((p) => existsSync(p));
  for (const p of opts.paths) {
    if (!present.includes(p)) diffs.push({ kind: 'input-missing', subject: p, message: `input path ${p} does not exist (run verify from the folder the report was made in)` });
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

/**
 * The folder to verify from: the working directory when the report's input paths are there, else
 * the report's own folder when they are there instead (a report is usually kept beside its inputs).
 */
export function verifyBase(text: string, reportDir: string): string | undefined {
  const p = extractProvenance(text).provenance;
  if (!p || p.paths.every((x) => existsSync(x))) return undefined;
  return p.paths.every((x) => existsSync(join(reportDir, x))) ? reportDir : undefined;
}

/** Verify a report file's text. Throws NotAReportError when it holds no provenance. */
export async function verifyText(text: string): Promise<VerifyResult> {
  const extracted = extractProvenance(text);
  if (extracted.provenance) return verifyProvenance(extracted.kind, extracted.provenance, text);
  return verifyPlainJson(extracted.report!);
}

async function verifyProvenance(kind: EvidenceKind, prov: Provenance, text: string): Promise<VerifyResult> {
  const diffs: Difference[] = [];
  const same: string[] = [];
  const result = (): VerifyResult => ({ kind, asOf: prov.asOf, version: prov.tool.version, same, differences: diffs, notes: [], holds: diffs.length === 0 });
  if (overallDigest(prov) !== prov.sha256) {
    diffs.push({ kind: 'report-text', subject: 'provenance', message: 'the provenance digest does not match the digests listed with it: the provenance block has been edited' });
  } else same.push(`provenance digest ${short(prov.sha256)}… agrees with its parts`);
  if (prov.tool.version !== VERSION) {
    diffs.push({ kind: 'tool-version', subject: 'sitecheck', was: prov.tool.version, now: VERSION, message: `the report was written by sitecheck ${prov.tool.version}; this is sitecheck ${VERSION}` });
  } else same.push(`tool version ${VERSION}`);

  const { ruleset, inventory, report } = await reevaluate(
    { rulesDir: prov.rules.dir, paramsFile: prov.parameters.file, paths: prov.paths, limits: { ...DEFAULT_LIMITS, ...prov.limits }, asOf: prov.asOf },
    diffs,
  );
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
    const n = compareResults(prov.results.sites, report, diffs);
    if (report.errors.length !== prov.results.errors) {
      diffs.push({ kind: 'input-errors', subject: 'inventory', was: String(prov.results.errors), now: String(report.errors.length), message: `the inventory had ${prov.results.errors} input errors, now ${report.errors.length}` });
    }
    if (n === 0) same.push(`verdicts: ${report.sites.length} sites, every verdict and limb outcome the same`);
    // Everything agrees: the report's text itself must be what sitecheck writes for these inputs.
    if (diffs.length === 0) {
      const again = renderEvidence(kind, { report, inventory, ruleset, provenance: current });
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
  const found: Difference[] = [];
  for (const [name, v] of Object.entries(prov.parameters.values)) {
    const now = current.parameters.values[name];
    if (!now) {
      found.push({ kind: 'parameter', subject: name, was: String(v.value), message: `parameter ${name} no longer exists` });
    } else if (now.value !== v.value || now.interpretation !== v.interpretation) {
      found.push({ kind: 'parameter', subject: name, was: String(v.value), now: String(now.value), message: `parameter ${name} was ${v.value}${v.interpretation ? ' (interpretation)' : ''}, now ${now.value}${now.interpretation ? ' (interpretation)' : ''} (from ${now.origin})` });
    } else if (now.origin !== v.origin) {
      found.push({ kind: 'parameter', subject: name, was: v.origin, now: now.origin, message: `parameter ${name} now comes from ${now.origin} (it came from ${v.origin}; run verify from the folder the report was made in, with the same installation)` });
    }
  }
  for (const name of Object.keys(current.parameters.values)) {
    if (!(name in prov.parameters.values)) found.push({ kind: 'parameter', subject: name, message: `parameter ${name} is new` });
  }
  if (found.length === 0 && current.parameters.sha256 !== prov.parameters.sha256) {
    found.push({ kind: 'parameter', subject: 'parameters', was: prov.parameters.sha256, now: current.parameters.sha256, message: `the parameters' digest was ${short(prov.parameters.sha256)}…, now ${short(current.parameters.sha256)}…` });
  }
  for (const f of found) out.push(f); // a loop: a spread of 150,000 items overflows the stack
  return found.length;
}

async function verifyPlainJson(old: Report): Promise<VerifyResult> {
  const diffs: Difference[] = [];
  const same: string[] = [];
  const notes = [
    'this is `check --format json` output, which records no input digests or rules folder: the shipped rules were used, and inputs are compared by their results only (write evidence with `sitecheck report --out FILE.json` for full provenance)',
  ];
  if (old.tool.version !== VERSION) {
    diffs.push({ kind: 'tool-version', subject: 'sitecheck', was: old.tool.version, now: VERSION, message: `the report was written by sitecheck ${old.tool.version}; this is sitecheck ${VERSION}` });
  } else same.push(`tool version ${VERSION}`);
  const files = [...new Set([...old.sites.map((s) => s.file), ...old.errors.map((e) => e.file)])].sort();
  const { ruleset, report } = await reevaluate({ rulesDir: null, paramsFile: null, paths: files, limits: DEFAULT_LIMITS, asOf: old.asOf }, diffs);
  if (ruleset) {
    if (ruleset.sha256 !== old.rules.sha256) {
      diffs.push({ kind: 'rules-file', subject: 'rules', was: old.rules.sha256, now: ruleset.sha256, message: `the rules digest was ${short(old.rules.sha256)}…, now ${short(ruleset.sha256)}… (a plain JSON report does not say which file)` });
    } else same.push(`rules digest ${short(ruleset.sha256)}…`);
    for (const [name, v] of Object.entries(old.rules.parameters)) {
      const now = ruleset.parameters.get(name);
      if (now?.value !== v) diffs.push({ kind: 'parameter', subject: name, was: String(v), now: now ? String(now.value) : undefined, message: `parameter ${name} was ${v}, now ${now ? now.value : 'gone'}` });
    }
  }
  if (report) {
    const n = compareResults(old.sites.map((s) => ({ id: s.id, verdict: s.verdict, limbs: s.limbs.map((l) => l.outcome) })), report, diffs);
    if (report.errors.length !== old.errors.length) {
      diffs.push({ kind: 'input-errors', subject: 'inventory', was: String(old.errors.length), now: String(report.errors.length), message: `the inventory had ${old.errors.length} input errors, now ${report.errors.length}` });
    }
    if (n === 0) same.push(`verdicts: ${report.sites.length} sites, every verdict and limb outcome the same`);
  }
  return { kind: 'json', asOf: old.asOf, version: old.tool.version, same, differences: diffs, notes, holds: diffs.length === 0 };
}
