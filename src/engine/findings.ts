// Equipment findings: what a site's verdict means for the surveillance equipment listed there.
// The supplier register is data (rules/suppliers.yaml); this file only matches names against it.
import type { Finding, Verdict } from '../model.js';
import type { EquipmentData, SiteRecord } from '../input/sites.js';
import type { SupplierDef } from '../rules/ruleset.js';
import { createRegister } from './register.js';

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
        kind: 'equipment-at-risk',
        ...base,
        message: `${describe(e)} is ${e.status}; ${listed}, so it would be prohibited if the site proves sensitive`,
      });
      return;
    }
    out.push({
      kind: 'prohibited-equipment',
      ...base,
      message: e.status === 'planned'
        ? `${describe(e)} is planned for a sensitive site: buying it would breach the exclusion (${listed})`
        : `${describe(e)} is installed on a sensitive site and must be removed (${listed})`,
    });
    if (e.status === 'installed' && e.removal_due && e.removal_due < asOf) {
      out.push({
        kind: 'removal-overdue',
        ...base,
        message: `${describe(e)} was due for removal by ${e.removal_due} and is still installed as of ${asOf}`,
      });
    }
  });
  return out;
}
