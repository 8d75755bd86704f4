// What changed between two reports of the same inventory (at a git revision, and now): sites added
// and removed, and per site the verdict, limb outcomes and findings that changed; input errors
// introduced and fixed. Sites are matched by id. Reads only the two Reports.
import type { FailOn, Finding, InputError, Outcome, Report, SiteResult, Summary, Verdict } from '../model.js';
import { siteFails } from '../model.js';
import { SiteIdMap } from '../input/ids.js';

export interface LimbChange {
  readonly limb: number;
  readonly rule: string;
  readonly title: string;
  readonly before: Outcome;
  readonly after: Outcome;
}

export interface SiteChange {
  readonly id: string;
  readonly name: string;
  readonly file: string;
  readonly line: number;
  /** Where the site was at the revision, when it moved. */
  readonly previousFile?: string;
  readonly before: Verdict;
  readonly after: Verdict;
  readonly limbs: readonly LimbChange[];
  readonly findingsAdded: readonly Finding[];
  readonly findingsRemoved: readonly Finding[];
}

export interface ReportDiff {
  readonly ref: string;
  readonly commit: string;
  readonly asOf: string;
  readonly before: Summary;
  readonly after: Summary;
  readonly added: readonly SiteResult[];
  readonly removed: readonly SiteResult[];
  readonly changed: readonly SiteChange[];
  readonly errorsIntroduced: readonly InputError[];
  readonly errorsFixed: readonly InputError[];
}

const findingKey = (f: Finding): string => JSON.stringify([f.kind, f.equipment, f.status, f.removalDue ?? null, f.message]);
// Lines move when a file is edited above an error; the error itself is the same.
const errorKey = (e: InputError): string => JSON.stringify([e.file, e.site ?? null, e.path, e.code, e.message]);

function minus<T>(a: readonly T[], b: readonly T[], key: (x: T) => string): T[] {
  const keys = new Set(b.map(key));
  return a.filter((x) => !keys.has(key(x)));
}

export function compareReports(before: Report, after: Report, ref: string, commit: string): ReportDiff {
  // Ids compare case-insensitively (as check compares them): ho-0001 renamed HO-0001 is the same site.
  const old = new SiteIdMap(before.sites.map((s) => [s.id, s]));
  const now = new SiteIdMap(after.sites.map((s) => [s.id, s]));
  const changed: SiteChange[] = [];
  for (const site of after.sites) {
    const prev = old.get(site.id);
    if (!prev) continue;
    const limbs: LimbChange[] = [];
    for (const l of site.limbs) {
      const p = prev.limbs.find((x) => x.rule === l.rule);
      if (p && p.outcome !== l.outcome) limbs.push({ limb: l.limb, rule: l.rule, title: l.title, before: p.outcome, after: l.outcome });
    }
    const findingsAdded = minus(site.findings, prev.findings, findingKey);
    const findingsRemoved = minus(prev.findings, site.findings, findingKey);
    if (prev.verdict === site.verdict && limbs.length === 0 && findingsAdded.length === 0 && findingsRemoved.length === 0) continue;
    changed.push({
      id: site.id, name: site.name, file: site.file, line: site.line,
      ...(prev.file !== site.file ? { previousFile: prev.file } : {}),
      before: prev.verdict, after: site.verdict, limbs, findingsAdded, findingsRemoved,
    });
  }
  return {
    ref, commit, asOf: after.asOf, before: before.summary, after: after.summary,
    added: after.sites.filter((s) => !old.has(s.id)),
    removed: before.sites.filter((s) => !now.has(s.id)),
    changed,
    errorsIntroduced: minus(after.errors, before.errors, errorKey),
    errorsFixed: minus(before.errors, after.errors, errorKey),
  };
}

export function isEmptyDiff(d: ReportDiff): boolean {
  return d.added.length + d.removed.length + d.changed.length + d.errorsIntroduced.length + d.errorsFixed.length === 0;
}

/**
 * Does the change introduce something --fail-on names? New input errors; an added site that
 * fails; a site with a newly added finding of a named kind, or newly undetermined.
 */
export function introducesFailure(d: ReportDiff, failOn: readonly FailOn[]): boolean {
  const set = new Set(failOn);
  if (set.has('errors') && d.errorsIntroduced.length > 0) return true;
  if (d.added.some((s) => siteFails(s, set))) return true;
  return d.changed.some((c) =>
    c.findingsAdded.some((f) => set.has(f.kind)) || (set.has('undetermined') && c.after === 'undetermined' && c.before !== 'undetermined'));
}
