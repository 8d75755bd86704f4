// The TUI's only route to a verdict for something not already in the report: build a SiteRecord
// (validated like a site file) and run it through the core Evaluator.
import type { Evaluator } from '../engine/evaluate.js';
import type { InputError, SiteResult } from '../model.js';
import { siteRecordFromData, type SiteRecord } from '../input/sites.js';
import { buyAnswer, type BuyAnswer, type EquipmentKind } from './buy-state.js';

/** Evaluate a site written as a plain object. Either the result or the reasons it is not a valid site. */
export async function evaluateData(evaluator: Evaluator, data: unknown, file: string, asOf: string): Promise<{ result?: SiteResult; problems: InputError[] }> {
  const { record, errors } = siteRecordFromData(data, file);
  if (!record) return { problems: errors };
  return { result: await evaluator.evaluate(record, asOf), problems: [] };
}

/** An equipment id not already used at the site, for the item being asked about. */
export function proposedId(record: SiteRecord): string {
  const used = new Set((record.data.equipment ?? []).map((e) => e.id));
  let id = 'proposed-purchase';
  for (let n = 2; used.has(id); n++) id = `proposed-purchase-${n}`;
  return id;
}

/** "May I buy this?": evaluate the site with the item added as planned, and read the answer. */
export async function mayIBuy(evaluator: Evaluator, record: SiteRecord, manufacturer: string, kind: EquipmentKind, asOf: string): Promise<{ answer?: BuyAnswer; result?: SiteResult; problems: InputError[] }> {
  const id = proposedId(record);
  const data = { ...record.data, equipment: [...(record.data.equipment ?? []), { id, kind, manufacturer, status: 'planned' }] };
  const { result, problems } = await evaluateData(evaluator, data, record.file, asOf);
  if (!result) return { problems };
  const supplier = evaluator.matchSupplier(manufacturer);
  // "Did you mean …?" is the register's own near-miss answer (src/engine/register.ts), as in check.
  const near = supplier ? undefined : evaluator.register.nearMiss(manufacturer);
  const suggestions = near ? [near.alias] : [];
  return { answer: buyAnswer(result, id, supplier, manufacturer, suggestions), result, problems: [] };
}
