// Findings: an obligation rule's outcome as a finding, its message filled from the rule's template.
// The supplier register is data (rules/suppliers.yaml); this file also matches names against it.
// No kind, date, manufacturer or message text is written here: they come from the rules.
import type { DeterminationResult, ExclusionResult, Finding, RuleTrace, ScopeResult, Verdict } from '../model.js';
import type { EquipmentData, SiteRecord } from '../input/sites.js';
import type { ObligationDef, Ruleset, SupplierDef } from '../rules/ruleset.js';
import type { DerivedContext } from './derived.js';
import { createRegister, describeMatch, type Register } from './register.js';

export type SupplierMatcher = (manufacturer: string) => SupplierDef | undefined;

/**
 * Match a manufacturer against the register (the matcher is src/engine/register.ts: Unicode
 * skeletons, run-together company suffixes). Kept with this call shape for existing callers; new
 * code uses createRegister, which also gives the alias matched and near misses.
 */
export function supplierMatcher(suppliers: readonly SupplierDef[], suffixes: readonly string[] = []): SupplierMatcher {
  const register = createRegister(suppliers, suffixes);
  return (manufacturer) => register.matchSupplier(manufacturer)?.supplier;
}

/** The words a finding's message template is filled with ({{placeholders}}); no policy here. */
export class FindingWords {
  constructor(
    readonly site: SiteRecord,
    readonly ruleset: Ruleset,
    readonly ctx: DerivedContext,
    readonly asOf: string,
    readonly verdict: Verdict,
    readonly scope: ScopeResult,
    readonly exclusion: ExclusionResult,
    readonly determination: DeterminationResult | undefined,
    readonly match: SupplierMatcher,
    readonly register?: Register,
  ) {}

  /** "…" is not on the register — confirm who produced it; did you mean …? (empty unless a near miss). */
  nearMissWords(e: EquipmentData | undefined): string {
    if (!e || !this.register) return '';
    for (const name of [e.oem_of, e.manufacturer]) {
      if (typeof name !== 'string' || name === 'unknown') continue;
      const m = this.register.match(name);
      if (m.kind === 'near-miss') return describeMatch(name, m);
    }
    return '';
  }

  /** Why the exclusion applies, in words ("a sensitive site", "a site where measures are extended by the department"). */
  siteBasis(): string {
    const why = this.exclusion.why;
    if (why.includes('verdict')) return 'a sensitive site';
    if (why.includes('determination')) {
      const d = this.determination;
      return `a site the department has determined sensitive${d?.reference ? ` (${d.reference})` : ''}, the definition leaving it undetermined`;
    }
    if (why.includes('extend_measures')) return 'a site outside the definition where the measures are extended by the department';
    return 'this site';
  }

  listedWords(e: EquipmentData | undefined): string {
    if (!e) return '';
    const byOem = e.oem_of ? this.match(e.oem_of) : undefined;
    if (byOem) return `its real producer ${e.oem_of} (oem_of) matches ${byOem.name} on the supplier register`;
    const byMaker = e.manufacturer && e.manufacturer !== 'unknown' ? this.match(e.manufacturer) : undefined;
    if (byMaker) return e.manufacturer === byMaker.name ? `${byMaker.name} is on the supplier register` : `${e.manufacturer} matches ${byMaker.name} on the supplier register`;
    return 'its producer is not recorded (manufacturer unknown)';
  }

  fill(template: string, e: EquipmentData | undefined, missing: readonly string[]): string {
    const d = this.determination;
    // The site's listed items, once per site (not once per finding: quadratic in the items).
    this.listedItems ??= (this.site.data.equipment ?? []).filter((x) => x.status !== 'removed' && this.listed(x)).map((x) => x.id).join(', ');
    const words: Record<string, string> = {
      item: e ? describe(e) : '',
      site: `${this.site.data.id} (${this.site.data.name})`,
      site_basis: this.siteBasis(),
      listed: this.listedWords(e),
      as_of: this.asOf,
      complete_by: String(this.ruleset.parameters.get('replacement.complete_by')?.value ?? 'unknown'),
      removal_due: e?.removal_due ?? 'none recorded',
      // Each fact not yet known, in words: a near-miss manufacturer is recorded but not settled.
      missing: missing.length
        ? missing.map((p) => (/^equipment\.\d+\.(manufacturer|oem_of)$/.test(p) && this.nearMissWords(e) ? this.nearMissWords(e) : `${p} not recorded`)).join(', ')
        : 'facts not recorded',
      near_miss: this.nearMissWords(e),
      determination: d ? `${d.verdict}${d.by ? `, by ${d.by}` : ''}${d.on ? ` on ${d.on}` : ''}${d.reference ? `, ${d.reference}` : ''}` : '',
      verdict: this.verdict,
      scope_reason: this.scope.judgement === false
        ? 'a recorded judgement that it does not apply'
        : `estate ${this.scope.estate}${this.scope.estateFrom === 'parameter' ? ' (the scope.default_estate parameter)' : ''}`,
      listed_items: this.listedItems,
    };
    return template.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (_, k: string) => words[k] ?? '').replace(/\s+/g, ' ').trim();
  }

  private listedItems: string | undefined;

  private listed(e: EquipmentData): boolean {
    return Boolean((e.oem_of && this.match(e.oem_of)) || (e.manufacturer !== 'unknown' && this.match(e.manufacturer)));
  }
}

/** The finding an obligation rule's outcome gives, if any: met → its kind; unknown → its at-risk kind. */
export function findingOf(o: ObligationDef, t: RuleTrace, words: FindingWords, index: number | undefined): Finding | undefined {
  if (t.outcome === 'not-met' || (t.outcome === 'unknown' && !o.unknownKind)) return undefined;
  const met = t.outcome === 'met';
  const e = index === undefined ? undefined : words.site.data.equipment?.[index];
  const pos = index === undefined ? words.site.position : (words.site.equipmentPositions[index] ?? words.site.position);
  const supplier = e ? ((e.oem_of ? words.match(e.oem_of) : undefined) ?? (e.manufacturer !== 'unknown' ? words.match(e.manufacturer) : undefined)) : undefined;
  return {
    kind: met ? o.kind : o.unknownKind!,
    rule: o.id,
    outcome: met ? 'met' : 'unknown',
    severity: met ? o.severity : (o.unknownSeverity ?? o.severity),
    failsByDefault: met ? o.failsByDefault : o.unknownFailsByDefault === true,
    ...(e ? { equipment: e.id, manufacturer: e.manufacturer, status: e.status as 'installed' | 'planned' } : {}),
    ...(supplier ? { supplier: supplier.id } : {}),
    ...(e?.removal_due ? { removalDue: e.removal_due } : {}),
    message: words.fill(met ? o.messages.met! : o.messages.unknown!, e, t.missing),
    line: pos.line,
    column: pos.column,
    citation: o.citation,
    citations: o.citations,
    facts: t.facts,
    missing: t.missing,
  };
}

function describe(e: EquipmentData): string {
  const what = [e.manufacturer === 'unknown' ? 'manufacturer unknown' : e.manufacturer, e.model].filter(Boolean).join(' ');
  return `${e.id} (${what}, ${e.kind})`;
}
