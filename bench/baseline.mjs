// The naive baseline a user might write: parse each file with `yaml`, then run json-rules-engine
// once per site on the same rules, with undefined facts allowed and no three-valued logic (so an
// unknown fact silently counts as "no"), collecting which rules passed per site.
//   node bench/baseline.mjs DIR RULES_DIR   → prints {"sites":N,"ms":T,"maxRssKB":R}
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { Engine } from 'json-rules-engine';

const [dir, rulesDir] = process.argv.slice(2);
const t0 = performance.now();
const engine = new Engine([], { allowUndefinedFacts: true });
engine.addOperator('isKnown', (fact, value) => (fact !== undefined && fact !== 'unknown') === value);
const jsonPath = (c) => {
  if (c.all) return { all: c.all.map(jsonPath) };
  if (c.any) return { any: c.any.map(jsonPath) };
  if (c.not) return { not: jsonPath(c.not) };
  const value = c.value && typeof c.value === 'object' && !Array.isArray(c.value) ? { ...c.value, path: `$.${c.value.path}` } : c.value;
  return { fact: c.fact, path: `$.${c.path}`, operator: c.operator, value };
};
const parameters = {};
for (const [name, p] of Object.entries(parse(readFileSync(join(rulesDir, 'parameters.yaml'), 'utf8')))) {
  const segs = name.split('.');
  let cur = parameters;
  for (const s of segs.slice(0, -1)) cur = cur[s] ??= {};
  cur[segs.at(-1)] = p.value;
}
for (const f of readdirSync(rulesDir).filter((f) => f.endsWith('.yaml')).sort()) {
  const rule = parse(readFileSync(join(rulesDir, f), 'utf8'));
  if (!rule?.conditions) continue;
  engine.addRule({ name: rule.id, conditions: jsonPath(rule.conditions), event: { type: 'limb-met', params: { limb: rule.limb } } });
}
const files = readdirSync(dir, { recursive: true }).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(dir, f));
const results = [];
for (const f of files) {
  for (const doc of parseAllDocuments(readFileSync(f, 'utf8'))) {
    const site = doc.toJS();
    if (site === null) continue;
    const v = site.vetting ?? {};
    const derived = { vetting: { developed_vetting_proportion: v.staff_total ? v.developed_vetting / v.staff_total : 0 } };
    const { events } = await engine.run({ site, derived, parameters });
    results.push({ id: site.id, sensitive: events.length > 0, limbs: events.map((e) => e.params.limb) });
  }
}
const out = JSON.stringify(results);
const ms = performance.now() - t0;
process.stdout.write(JSON.stringify({ sites: results.length, ms, bytes: out.length, maxRssKB: process.resourceUsage().maxRSS }) + '\n');
