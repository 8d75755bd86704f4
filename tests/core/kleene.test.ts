// The heart of the tool: an unknown fact never counts as "no".
// - every sensitive / not-sensitive verdict holds for every completion of the unknown facts;
// - every undetermined verdict has two completions that disagree;
// - json-rules-engine's own two-valued behaviour (undefined satisfying notEqual) never leaks through.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadRuleset } from '../../src/rules/ruleset.js';
import { Evaluator } from '../../src/engine/evaluate.js';
import { AS_OF, evaluate, ruleset, siteRecord } from './helpers.js';

type Facts = {
  highest?: string; frequency?: string; routinely?: string; staff?: number | 'unknown'; dv?: number | 'unknown';
  significant?: boolean; ministerial?: string; government?: boolean | 'unknown'; designated?: boolean | 'unknown';
};

function toSite(f: Facts): Record<string, unknown> {
  const site: Record<string, unknown> = {};
  const cm: Record<string, unknown> = {};
  if (f.highest !== undefined) cm.highest = f.highest;
  if (f.frequency !== undefined) cm.frequency = f.frequency;
  if (f.routinely !== undefined) cm.routinely_held = f.routinely;
  if (Object.keys(cm).length) site.classified_material = cm;
  const v: Record<string, unknown> = {};
  if (f.staff !== undefined) v.staff_total = f.staff;
  if (f.dv !== undefined) v.developed_vetting = f.dv;
  if (f.significant !== undefined) v.significant = f.significant;
  if (Object.keys(v).length) site.vetting = v;
  if (f.ministerial !== undefined) site.ministerial_use = f.ministerial;
  if (f.government !== undefined) site.government_location = f.government;
  if (f.designated !== undefined) site.socpa = { designated: f.designated };
  return site;
}

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(fc.oneof(arb, fc.constant('unknown' as const)), { nil: undefined });

const factsArb: fc.Arbitrary<Facts> = fc
  .record({
    highest: maybe(fc.constantFrom('OFFICIAL', 'SECRET', 'TOP SECRET')),
    frequency: maybe(fc.constantFrom('routine', 'occasional', 'never')),
    routinely: maybe(fc.constantFrom('OFFICIAL', 'SECRET', 'TOP SECRET')),
    staff: maybe(fc.constantFrom(0, 4, 100)),
    dv: maybe(fc.constantFrom(0, 1, 25, 100)),
    significant: fc.option(fc.boolean(), { nil: undefined }),
    ministerial: maybe(fc.constantFrom('routine', 'occasional', 'none')),
    government: maybe(fc.boolean()),
    designated: maybe(fc.boolean()),
  })
  .filter((f) => !(typeof f.staff === 'number' && typeof f.dv === 'number' && f.dv > f.staff) && consistent(f) && completions(f).length > 0) as fc.Arbitrary<Facts>;

const isUnknown = (v: unknown) => v === undefined || v === 'unknown';

const TIER = ['OFFICIAL', 'SECRET', 'TOP SECRET'];
/** Classification facts the site format accepts (site-format.md v2: contradictions are input errors). */
function consistent(f: Facts): boolean {
  if (isUnknown(f.highest) || isUnknown(f.routinely)) return true;
  const high = TIER.indexOf(f.highest!);
  const routine = TIER.indexOf(f.routinely!);
  if (routine > high) return false;
  if (f.frequency === 'routine' && routine < high) return false;
  if ((f.frequency === 'occasional' || f.frequency === 'never') && routine === high) return false;
  return true;
}

/** Every way of filling in the unknown facts (vetting.significant is a recorded judgement, not a fact). */
function completions(f: Facts): Facts[] {
  let out: Facts[] = [{ ...f }];
  const expand = (key: keyof Facts, values: readonly unknown[]) => {
    if (!isUnknown(f[key])) return;
    out = out.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
  };
  expand('highest', ['OFFICIAL', 'SECRET', 'TOP SECRET']);
  expand('frequency', ['routine', 'occasional', 'never']);
  out = out.filter(consistent);
  // routinely_held: every tier the other classification facts allow (none may: then it stays unwritten).
  if (isUnknown(f.routinely)) {
    out = out.flatMap((c) => {
      const ok = TIER.map((t) => ({ ...c, routinely: t })).filter(consistent);
      return ok.length ? ok : [c];
    });
  }
  expand('staff', [0, 4, 100, 10000]);
  // Developed vetting: every count from none to all of the staff matters (the limb compares the
  // proportion with a threshold), so the completions take both ends and points between, for
  // each completion's own staff count (with 4 staff, 25 and 100 are not possible: only 0 of
  // {0, 25, 100} was, and a site that is undetermined because 4 of 4 might hold DV then looked
  // as if every completion agreed).
  if (isUnknown(f.dv)) {
    out = out.flatMap((c) => {
      const staff = c.staff as number;
      const counts = [...new Set([0, 1, 25, 100, Math.floor(staff / 4), Math.floor(staff / 2), staff])].filter((n) => n <= staff);
      return counts.map((dv) => ({ ...c, dv }));
    });
  }
  expand('ministerial', ['routine', 'occasional', 'none']);
  expand('government', [true, false]);
  expand('designated', [true, false]);
  return out.filter((c) => (c.dv as number) <= (c.staff as number) && consistent(c));
}

describe('three-valued verdicts', () => {
  it('a definite verdict holds for every completion; an undetermined one has completions that disagree', async () => {
    // The runs' completions overlap (about a third of the sites recur across the 40 runs): each
    // distinct site is evaluated once (evaluation is deterministic: the next test).
    const verdicts = new Map<string, Promise<string>>();
    const verdictOf = (site: Record<string, unknown>): Promise<string> => {
      const key = JSON.stringify(site);
      let v = verdicts.get(key);
      if (!v) verdicts.set(key, (v = evaluate(site).then((r) => r.verdict)));
      return v;
    };
    await fc.assert(
      fc.asyncProperty(factsArb, async (facts) => {
        const verdict = await verdictOf(toSite(facts));
        const seen = new Set<string>();
        for (const c of completions(facts)) seen.add(await verdictOf(toSite(c)));
        if (verdict === 'undetermined') {
          expect(seen.size).toBeGreaterThan(1);
        } else {
          expect([...seen]).toEqual([verdict]);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('evaluation is deterministic: a fresh evaluator (no cached runs) agrees with a warm one', async () => {
    await fc.assert(
      fc.asyncProperty(factsArb, async (facts) => {
        const a = await evaluate(toSite(facts));
        const b = await new Evaluator(ruleset).evaluate(siteRecord(toSite(facts)), AS_OF);
        expect(JSON.stringify(b)).toBe(JSON.stringify(a));
      }),
      { numRuns: 30 },
    );
  });
});

describe('the engine never lets a missing fact count as "no"', () => {
  // A rules folder whose limb 3 is written the way json-rules-engine users often write it:
  // "met unless ministerial use is none" (notEqual), and whose limb 1 uses `not`.
  const dir = mkdtempSync(join(tmpdir(), 'sitecheck-rules-'));
  cpSync('rules', dir, { recursive: true });
  writeFileSync(join(dir, 'definition', 'ministerial-use.yaml'), `id: ministerial-use
limb: 3
title: Used by ministers (written with notEqual)
description: test rule
citation: { source: hl-2023-09-11, quote: any location which is routinely used by ministers }
conditions:
  all:
    - { fact: site, path: ministerial_use, operator: notEqual, value: none, description: ministers use it at all }
event: { type: limb-met }
`);
  writeFileSync(join(dir, 'definition', 'secret-material.yaml'), `id: secret-material
limb: 1
title: Not held only at OFFICIAL (written with not)
description: test rule
citation: { source: hl-2023-09-11, quote: any building or complex that routinely holds secret material or above }
conditions:
  all:
    - not: { fact: site, path: classified_material.highest, operator: equal, value: OFFICIAL, description: only OFFICIAL }
event: { type: limb-met }
`);
  const evaluator = new Evaluator(loadRuleset(dir));
  const limb = async (n: number, data: Record<string, unknown>) =>
    (await evaluator.evaluate(siteRecord(data), AS_OF)).limbs.find((l) => l.limb === n)!.outcome;

  it('notEqual on an absent fact is unknown, not met', async () => {
    expect(await limb(3, {})).toBe('unknown');
    expect(await limb(3, { ministerial_use: 'unknown' })).toBe('unknown');
    expect(await limb(3, { ministerial_use: 'occasional' })).toBe('met');
    expect(await limb(3, { ministerial_use: 'none' })).toBe('not-met');
  });

  it('not of an unknown comparison is unknown', async () => {
    expect(await limb(1, {})).toBe('unknown');
    expect(await limb(1, { classified_material: { highest: 'OFFICIAL' } })).toBe('not-met');
    expect(await limb(1, { classified_material: { highest: 'SECRET' } })).toBe('met');
  });
});
