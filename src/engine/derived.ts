// Derived facts: values computed from a site's own facts, which rules may read as `fact: derived`.
// They hold no policy (no limb, threshold or manufacturer): only arithmetic on the site's data.
// Each lists the site facts it is computed from, so an unknown input is reported by its real name.

export const UNKNOWN: unique symbol = Symbol('unknown');
export type Known<T> = T | typeof UNKNOWN;

export interface DerivedFact {
  /** Dotted path under the `derived` fact. */
  readonly path: string;
  /** Site facts it is computed from (dotted paths). */
  readonly inputs: readonly string[];
  readonly description: string;
  readonly compute: (get: (path: string) => Known<unknown>) => Known<number>;
}

export const DERIVED_FACTS: readonly DerivedFact[] = [
  {
    path: 'vetting.developed_vetting_proportion',
    inputs: ['vetting.developed_vetting', 'vetting.staff_total'],
    description: 'developed_vetting ÷ staff_total (0 when no officials, or no DV holders, are based there)',
    compute(get) {
      const staff = get('vetting.staff_total');
      const dv = get('vetting.developed_vetting');
      // With no officials, or no DV holders among them, the share is 0 whatever else is unknown.
      if (staff === 0 || dv === 0) return 0;
      if (typeof staff !== 'number' || typeof dv !== 'number') return UNKNOWN;
      return dv / staff;
    },
  },
];
