// Verdict and outcome marks shared by the text formats and the TUI: each is a symbol and a word,
// so nothing depends on colour alone.
import type { FindingSeverity, Outcome, Verdict } from '../model.js';
import type { Colors } from '../util/color.js';

export const VERDICT_SYMBOL: Record<Verdict, string> = { sensitive: '●', 'not-sensitive': '○', undetermined: '?' };
export const OUTCOME_SYMBOL: Record<Outcome, string> = { met: '✔', 'not-met': '✘', unknown: '?' };
/** A finding's mark, by its rule's severity (kinds are data, so marks go by severity). */
export const FINDING_SYMBOL: Record<FindingSeverity, string> = { error: '✖', warning: '⚠', note: 'ℹ' };

export function verdictColor(c: Colors, v: Verdict): (s: string) => string {
  return v === 'sensitive' ? c.red : v === 'not-sensitive' ? c.green : c.yellow;
}

export function outcomeColor(c: Colors, o: Outcome): (s: string) => string {
  return o === 'met' ? c.red : o === 'not-met' ? c.green : c.yellow;
}

export function findingColor(c: Colors, s: FindingSeverity): (s: string) => string {
  return s === 'error' ? c.red : s === 'warning' ? c.yellow : c.dim;
}

/** A verdict as symbol and word, coloured. */
export function verdictLabel(c: Colors, v: Verdict): string {
  return verdictColor(c, v)(`${VERDICT_SYMBOL[v]} ${v}`);
}

/** Pad to a display width (ignoring colour codes). */
export function pad(s: string, width: number): string {
  const visible = s.replace(/\u001b\[[0-9;]*m/g, '');
  return visible.length >= width ? s : s + ' '.repeat(width - visible.length);
}

export function truncate(s: string, width: number): string {
  return s.length <= width ? s : s.slice(0, Math.max(0, width - 1)) + '…';
}

/** What each verdict means, in a sentence; shared by every human-readable output. */
export const VERDICT_MEANING: Record<Verdict, string> = {
  sensitive: 'the exclusion applies: equipment from a listed manufacturer may not be deployed here',
  'not-sensitive': 'the exclusion does not apply: no limb of the definition is met',
  undetermined: 'cannot say yet: no limb is met, but facts not yet known could meet one',
};

/** How a condition's three-valued outcome reads: did it hold? */
export const CONDITION_WORD: Record<Outcome, string> = { met: 'yes', 'not-met': 'no', unknown: 'unknown' };

/** A condition's value or a fact for display: rounded shares, "A or B" for lists, parameters named. */
export function show(v: unknown): string {
  if (v === undefined) return 'unknown';
  if (typeof v === 'number' && !Number.isInteger(v)) return String(Math.round(v * 10000) / 10000);
  if (Array.isArray(v)) return v.map(show).join(' or ');
  if (v && typeof v === 'object' && 'parameter' in v) {
    const p = v as { parameter: string; value: unknown };
    return `${show(p.value)} (parameter ${p.parameter})`;
  }
  if (v && typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
