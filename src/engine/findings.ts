// Equipment findings: what a site's verdict means for the surveillance equipment listed there.
// The supplier register is data (rules/suppliers.yaml); this file only matches names against it.
import type { Finding, FindingSeverity, Verdict } from '../model.js';
import type { EquipmentData, SiteRecord } from '../input/sites.js';
import type { SupplierDef } from '../rules/ruleset.js';

/** Lower-case words of a name, with accents and punctuation removed ("Hik-Vision UK" → hik vision uk). */
export function nameTokens(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Transitional (v2 model step): the v1 kinds' metadata, until the obligations move to rules/obligations/. */
export const LEGACY_OBLIGATIONS: readonly { kind: string; failsByDefault: boolean; severity: FindingSeverity }[] = [
  { kind: 'prohibited-equipment', failsByDefault: true, severity: 'error' },
  { kind: 'removal-overdue', failsByDefault: true, severity: 'error' },
  { kind: 'equipment-at-risk', failsByDefault: false, severity: 'warning' },
];

export type SupplierMatcher = (manufacturer: string) => SupplierDef | undefined;

/**
 * Match a manufacturer against the register: a listed alias matches when its words appear, in order
 * and next to each other, among the manufacturer's words. "Hikvision UK Ltd" matches "Hikvision";
 * "Hikvisionary" does not.
 */
export function supplierMatcher(suppliers: readonly SupplierDef[]): SupplierMatcher {
  const aliases = suppliers.flatMap((s) => [s.name, ...s.aliases].map((a) => ({ supplier: s, words: nameTokens(a) })));
  return (manufacturer) => {
    const words = nameTokens(manufacturer);
    for (const { supplier, words: alias } of aliases) {
      if (alias.length === 0 || alias.length > words.length) continue;
      for (let i = 0; i + alias.length <= words.length; i++) {
        if (alias.every((w, j) => words[i + j] === w)) return supplier;
      }
    }
    return undefined;
  };
}

function describe(e: EquipmentData): string {
  const what = [e.manufacturer, e.model].filter(Boolean).join(' ');
  return `${e.id} (${what}, ${e.kind})`;
}

export function equipmentFindings(site: SiteRecord, verdict: Verdict, asOf: string, match: SupplierMatcher): Finding[] {
  if (verdict === 'not-sensitive') return [];
  const out: Finding[] = [];
  (site.data.equipment ?? []).forEach((e, i) => {
    if (e.status === 'removed') return;
    const supplier = match(e.manufacturer);
    if (!supplier) return;
    const pos = site.equipmentPositions[i] ?? site.position;
    const legacy = (kind: string) => {
      const l = LEGACY_OBLIGATIONS.find((x) => x.kind === kind)!;
      return { kind, rule: kind, outcome: kind === 'equipment-at-risk' ? 'unknown' as const : 'met' as const, severity: l.severity, failsByDefault: l.failsByDefault,
        citation: supplier.citation, citations: [supplier.citation], facts: { [`equipment.${i}.manufacturer`]: e.manufacturer }, missing: [] };
    };
    const base = {
      equipment: e.id,
      manufacturer: e.manufacturer,
      supplier: supplier.id,
      status: e.status,
      ...(e.removal_due ? { removalDue: e.removal_due } : {}),
      line: pos.line,
      column: pos.column,
    };
    const listed = `${supplier.name} is on the supplier register`;
    if (verdict === 'undetermined') {
      out.push({
        ...legacy('equipment-at-risk'),
        ...base,
        message: `${describe(e)} is ${e.status}; ${listed}, so it would be prohibited if the site proves sensitive`,
      });
      return;
    }
    out.push({
      ...legacy('prohibited-equipment'),
      ...base,
      message: e.status === 'planned'
        ? `${describe(e)} is planned for a sensitive site: buying it would breach the exclusion (${listed})`
        : `${describe(e)} is installed on a sensitive site and must be removed (${listed})`,
    });
    if (e.status === 'installed' && e.removal_due && e.removal_due < asOf) {
      out.push({
        ...legacy('removal-overdue'),
        ...base,
        message: `${describe(e)} was due for removal by ${e.removal_due} and is still installed as of ${asOf}`,
      });
    }
  });
  return out;
}
