// The only way the rules read a fact's value (shared by the compiled rules and the engine oracle).
import { UNKNOWN, type Known } from './derived.js';

/** Paths already split into segments (rules read the same few paths for every site). */
const SPLIT_PATHS = new Map<string, readonly string[]>();

/**
 * The only way the engine reads a fact's value: a dotted path of own property names. No JSONPath,
 * no filters, no expressions; anything missing, null or `unknown` is UNKNOWN.
 */
export function safePathResolver(value: unknown, path: string): Known<unknown> {
  let cur: unknown = value;
  let segs = SPLIT_PATHS.get(path);
  if (!segs) {
    segs = path.split('.');
    if (SPLIT_PATHS.size < 10_000) SPLIT_PATHS.set(path, segs);
  }
  for (const seg of segs) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur) || !Object.prototype.hasOwnProperty.call(cur, seg)) {
      return UNKNOWN;
    }
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur === undefined || cur === null || cur === 'unknown' ? UNKNOWN : cur;
}
