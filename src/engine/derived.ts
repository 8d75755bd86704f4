// Derived facts: values computed from a site's own facts (and an equipment item's), which rules
// read as `fact: derived`. They hold no policy (no limb, threshold, kind, date or manufacturer):
// arithmetic on the site's data, date comparisons against parameters, the supplier matcher's
// answer, and the outcomes of earlier rules (the verdict, the scope, the exclusion).
// Each says which facts it is computed from, so an unknown input is reported by its real name.
import type { Verdict } from '../model.js';

export const UNKNOWN: unique symbol = Symbol('unknown');
export type Known<T> = T | typeof UNKNOWN;

/**
 * When a derived fact can be computed, and so which rules may read it: `facts` from the site's own
 * facts (definition rules and later); `verdict` after the limbs; `scope` after the scope rule;
 * `exclusion` after the exclusion rule; `equipment` per equipment item (equipment obligations).
 */
export type Stage = 'facts' | 'verdict' | 'scope' | 'exclusion' | 'equipment';
export const STAGES: readonly Stage[] = ['facts', 'verdict', 'scope', 'exclusion', 'equipment'];

/** One input of a derived fact: where it is written (a dotted path) and its value, or UNKNOWN. */
export interface DerivedInput {
  readonly path: string;
  readonly value: Known<unknown>;
}

/** A supplier-register match, as the derived facts need it. */
export interface MatchedSupplier {
  readonly id: string;
  readonly name: string;
}

/** What a derived fact may read. Later stages' fields are set once those stages have run. */
export interface DerivedContext {
  /** A site fact by dotted path. */
  readonly get: (path: string) => Known<unknown>;
  readonly param: (name: string) => unknown;
  readonly asOf: string;
  /** The supplier matcher (the register's one function). */
  readonly match: (name: string) => MatchedSupplier | undefined;
  /** A name close to a register entry but not matching it ("Hikvison"): the alias it is close to. */
  readonly nearMiss: (name: string) => string | undefined;
  readonly equipment: readonly Readonly<Record<string, unknown>>[];
  /** The equipment item, for the `equipment` stage. */
  readonly item?: { readonly index: number; readonly get: (path: string) => Known<unknown> };
  readonly verdict?: Verdict;
  readonly decidingFacts?: readonly string[];
  readonly scope?: { readonly outcome: string; readonly missing: readonly string[]; readonly facts: Readonly<Record<string, unknown>> };
  readonly exclusion?: { readonly outcome: string; readonly missing: readonly string[]; readonly facts: Readonly<Record<string, unknown>> };
}

export interface DerivedFact {
  /** Dotted path under the `derived` fact. */
  readonly path: string;
  readonly stage: Stage;
  /** Site (or item) facts it is computed from, for display (`equipment.*.x` is the item's x). */
  readonly inputs: readonly string[];
  readonly description: string;
  readonly compute: (ctx: DerivedContext) => Known<unknown>;
  /** The inputs at this site (or item), known or not: what a rule reading it used or missed. */
  readonly read: (ctx: DerivedContext) => readonly DerivedInput[];
}

const itemPath = (ctx: DerivedContext, field: string): string => `equipment.${ctx.item?.index ?? 0}.${field}`;
// A producer's name is free text: "Unknown" or " UNKNOWN " is the word unknown too, never a maker not on the register.
const itemGet = (ctx: DerivedContext, field: string): Known<unknown> => {
  const v = ctx.item?.get(field) ?? UNKNOWN;
  return (field === 'manufacturer' || field === 'oem_of') && typeof v === 'string' && /^\s*unknown\s*$/i.test(v) ? UNKNOWN : v;
};
const siteInputs = (ctx: DerivedContext, paths: readonly string[]): DerivedInput[] => paths.map((path) => ({ path, value: ctx.get(path) }));
/** A rule outcome's inputs: the facts it used (known) and missed (unknown). */
const outcomeInputs = (r: { readonly missing: readonly string[]; readonly facts: Readonly<Record<string, unknown>> } | undefined): DerivedInput[] =>
  r ? [...Object.entries(r.facts).map(([path, value]) => ({ path, value })), ...r.missing.map((path) => ({ path, value: UNKNOWN }))] : [];

/** Is this item's producer on the register? The manufacturer, or `oem_of`; `manufacturer: unknown` is unknown. */
function listed(ctx: DerivedContext): Known<boolean> {
  const maker = itemGet(ctx, 'manufacturer');
  const oem = itemGet(ctx, 'oem_of');
  if (typeof oem === 'string' && ctx.match(oem)) return true;
  if (typeof maker === 'string' && ctx.match(maker)) return true;
  // A near miss ("Hikvison") is not a "no": who produced it is still to be confirmed.
  if (nearMissOf(ctx) !== undefined) return UNKNOWN;
  // `oem_of: unknown` says the product is white-label and its real producer is not known.
  if (oemWrittenUnknown(ctx)) return UNKNOWN;
  return maker === UNKNOWN ? UNKNOWN : false;
}

/** Is `oem_of` written, but as unknown (not absent: an absent oem_of means no other producer)? */
function oemWrittenUnknown(ctx: DerivedContext): boolean {
  const raw = ctx.item ? ctx.equipment[ctx.item.index]?.oem_of : undefined;
  return raw !== undefined && raw !== null && itemGet(ctx, 'oem_of') === UNKNOWN;
}

/** The register alias this item's unlisted manufacturer (or oem_of) is a near miss of, if any. */
export function nearMissOf(ctx: DerivedContext): string | undefined {
  for (const field of ['oem_of', 'manufacturer']) {
    const v = itemGet(ctx, field);
    if (typeof v === 'string' && !ctx.match(v)) {
      const alias = ctx.nearMiss(v);
      if (alias !== undefined) return alias;
    }
  }
  return undefined;
}

/** Is the evaluation date after the date parameter `name`? */
const afterParam = (ctx: DerivedContext, name: string): Known<boolean> => {
  const d = ctx.param(name);
  return typeof d === 'string' ? ctx.asOf > d : UNKNOWN;
};

export const DERIVED_FACTS: readonly DerivedFact[] = [
  {
    path: 'vetting.developed_vetting_proportion',
    stage: 'facts',
    inputs: ['vetting.developed_vetting', 'vetting.staff_total'],
    description: 'developed_vetting ÷ staff_total (0 when no officials, or no DV holders, are based there); the denominator, officials based at the location, is itself a reading of "hosts … officials"',
    compute({ get }) {
      const staff = get('vetting.staff_total');
      const dv = get('vetting.developed_vetting');
      // With no officials, or no DV holders among them, the share is 0 whatever else is unknown.
      if (staff === 0 || dv === 0) return 0;
      if (typeof staff !== 'number' || typeof dv !== 'number') return UNKNOWN;
      return dv / staff;
    },
    read: (ctx) => siteInputs(ctx, ['vetting.developed_vetting', 'vetting.staff_total']),
  },
  {
    path: 'estate',
    stage: 'facts',
    inputs: ['estate'],
    description: 'the site\'s estate, or the scope.default_estate parameter when the site records none',
    compute(ctx) {
      const own = ctx.get('estate');
      if (own !== UNKNOWN) return own;
      const d = ctx.param('scope.default_estate');
      return typeof d === 'string' && d !== 'unknown' ? d : UNKNOWN;
    },
    read(ctx) {
      const own = ctx.get('estate');
      if (own !== UNKNOWN) return [{ path: 'estate', value: own }];
      const d = ctx.param('scope.default_estate');
      return [{ path: 'estate', value: UNKNOWN }, ...(typeof d === 'string' && d !== 'unknown' ? [{ path: 'parameters.scope.default_estate', value: d }] : [])];
    },
  },
  {
    path: 'verdict',
    stage: 'verdict',
    inputs: [],
    description: 'the definition\'s verdict: sensitive or not-sensitive (unknown when undetermined)',
    compute: (ctx) => (ctx.verdict === undefined || ctx.verdict === 'undetermined' ? UNKNOWN : ctx.verdict),
    read: (ctx) => (ctx.verdict === 'undetermined' ? (ctx.decidingFacts ?? []).map((path) => ({ path, value: UNKNOWN })) : [{ path: 'verdict', value: ctx.verdict ?? UNKNOWN }]),
  },
  {
    path: 'scope',
    stage: 'scope',
    inputs: [],
    description: 'the scope rule\'s outcome: in-scope or out-of-scope (unknown when unknown)',
    compute: (ctx) => (ctx.scope?.outcome === 'in-scope' || ctx.scope?.outcome === 'out-of-scope' ? ctx.scope.outcome : UNKNOWN),
    read: (ctx) => outcomeInputs(ctx.scope),
  },
  {
    path: 'exclusion',
    stage: 'exclusion',
    inputs: [],
    description: 'does the exclusion apply to the site (the exclusion rule\'s outcome)',
    compute: (ctx) => (ctx.exclusion?.outcome === 'met' ? true : ctx.exclusion?.outcome === 'not-met' ? false : UNKNOWN),
    read: (ctx) => outcomeInputs(ctx.exclusion),
  },
  {
    path: 'site.lists_listed_equipment',
    stage: 'exclusion',
    inputs: ['equipment.*.manufacturer', 'equipment.*.oem_of', 'equipment.*.status'],
    description: 'the site lists an installed or planned item whose producer is on the supplier register',
    compute(ctx) {
      let out: Known<boolean> = false;
      ctx.equipment.forEach((e, index) => {
        if (out === true || e.status === 'removed') return;
        const v = listed({ ...ctx, item: { index, get: (p) => known(e[p]) } });
        if (v === true) out = true;
        else if (v === UNKNOWN) out = UNKNOWN;
      });
      return out;
    },
    read: (ctx) => ctx.equipment.flatMap((e, index) => (e.status === 'removed' ? [] : [{ path: `equipment.${index}.manufacturer`, value: known(e.manufacturer) }])),
  },
  {
    path: 'equipment.listed',
    stage: 'equipment',
    inputs: ['equipment.*.manufacturer', 'equipment.*.oem_of'],
    description: 'the item\'s manufacturer (or oem_of, the real producer) matches the supplier register; unknown when the manufacturer is unknown',
    compute: listed,
    // A near miss is read as not settled: the manufacturer is listed among what would decide it.
    read: (ctx) => {
      const unsettled = nearMissOf(ctx) !== undefined;
      return [
        { path: itemPath(ctx, 'manufacturer'), value: unsettled ? UNKNOWN : itemGet(ctx, 'manufacturer') },
        ...(itemGet(ctx, 'oem_of') !== UNKNOWN || oemWrittenUnknown(ctx) ? [{ path: itemPath(ctx, 'oem_of'), value: unsettled ? UNKNOWN : itemGet(ctx, 'oem_of') }] : []),
      ];
    },
  },
  {
    path: 'equipment.near_miss',
    stage: 'equipment',
    inputs: ['equipment.*.manufacturer', 'equipment.*.oem_of'],
    description: 'the item\'s manufacturer (or oem_of) is not on the supplier register but is close to a name that is (a near miss such as "Hikvison")',
    compute: (ctx) => nearMissOf(ctx) !== undefined,
    read: (ctx) => [{ path: itemPath(ctx, 'manufacturer'), value: itemGet(ctx, 'manufacturer') }, ...(itemGet(ctx, 'oem_of') !== UNKNOWN ? [{ path: itemPath(ctx, 'oem_of'), value: itemGet(ctx, 'oem_of') }] : [])],
  },
  {
    path: 'equipment.after_complete_by',
    stage: 'equipment',
    inputs: [],
    description: 'the evaluation date is after the replacement.complete_by parameter',
    compute: (ctx) => afterParam(ctx, 'replacement.complete_by'),
    read: (ctx) => [{ path: 'parameters.replacement.complete_by', value: ctx.param('replacement.complete_by') ?? UNKNOWN }],
  },
  {
    path: 'equipment.after_removal_due',
    stage: 'equipment',
    inputs: ['equipment.*.removal_due'],
    description: 'the evaluation date is after the item\'s removal_due (false when it has none)',
    compute(ctx) {
      const due = itemGet(ctx, 'removal_due');
      return typeof due === 'string' ? ctx.asOf > due : false;
    },
    read: (ctx) => (itemGet(ctx, 'removal_due') === UNKNOWN ? [] : [{ path: itemPath(ctx, 'removal_due'), value: itemGet(ctx, 'removal_due') }]),
  },
  {
    path: 'equipment.removal_due_after_complete_by',
    stage: 'equipment',
    inputs: ['equipment.*.removal_due'],
    description: 'the item\'s removal_due is later than the replacement.complete_by parameter (false when it has none)',
    compute(ctx) {
      const due = itemGet(ctx, 'removal_due');
      const by = ctx.param('replacement.complete_by');
      if (typeof due !== 'string') return false;
      return typeof by === 'string' ? due > by : UNKNOWN;
    },
    read: (ctx) => (itemGet(ctx, 'removal_due') === UNKNOWN ? [] : [{ path: itemPath(ctx, 'removal_due'), value: itemGet(ctx, 'removal_due') }]),
  },
];

/** A value as a fact: missing, null and the word `unknown` are UNKNOWN. */
export function known(v: unknown): Known<unknown> {
  return v === undefined || v === null || v === 'unknown' ? UNKNOWN : v;
}
