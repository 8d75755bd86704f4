// Shared test helpers for the core: sites from plain objects, evaluated with the shipped rules.
import { stringify } from 'yaml';
import { loadRules } from '../../src/check.js';
import { Evaluator } from '../../src/engine/evaluate.js';
import { loadSiteBytes, type SiteRecord } from '../../src/input/sites.js';
import type { SiteResult } from '../../src/model.js';

export const AS_OF = '2026-11-22';
export const ruleset = loadRules();
const evaluator = new Evaluator(ruleset);

/** A site record from a plain object, through the real loader (so it must be valid). */
export function siteRecord(data: Record<string, unknown>, file = 'test.yaml'): SiteRecord {
  const loaded = loadSiteBytes(file, stringify({ id: 'T-1', name: 'Test site', ...data }));
  if (loaded.errors.length) throw new Error(`invalid test site: ${loaded.errors.map((e) => e.message).join('; ')}`);
  return loaded.sites[0]!;
}

export function evaluate(data: Record<string, unknown>, asOf = AS_OF): Promise<SiteResult> {
  return evaluator.evaluate(siteRecord(data), asOf);
}

export async function limbOutcome(limb: number, data: Record<string, unknown>): Promise<string> {
  const r = await evaluate(data);
  return r.limbs.find((l) => l.limb === limb)!.outcome;
}
