// --redact: one function over the result model. Every text a site file wrote in its own words
// (names, addresses, organisations, notes, who assessed it, and any other free-text field of the site
// schema) is replaced by a stable short hash such as `name#3f9a2c1b07de`; ids and file names are kept
// unless --redact-ids. It is applied where each site result is made (check, the worker threads and
// the streaming JSON report, explain, report, diff), so every format shows the same hashes.
//
// The hash is HMAC-SHA256 keyed with SITECHECK_REDACT_KEY when that is set; without a key it is a
// plain SHA-256, which anyone can recompute for a guessed name ("Harbour House"): set a key for
// outputs that leave the secure environment. The same value gives the same hash in every format and
// run (with the same key), so redacted outputs can still be compared and joined.
import { createHash, createHmac } from 'node:crypto';
import type { Finding, InputError, Report, RuleTrace, SiteResult, SkippedEntry } from '../model.js';
import { readSchema } from '../input/schemas.js';

export interface RedactSpec {
  /** Hash site ids, equipment ids and file names too (--redact-ids). */
  readonly ids: boolean;
  /** The HMAC key (SITECHECK_REDACT_KEY); a plain SHA-256 without one. */
  readonly key?: string;
}

/** The environment variable that holds the key. */
export const REDACT_KEY_ENV = 'SITECHECK_REDACT_KEY';

/** Hex digits of the hash shown: 48 bits, so 100,000 distinct values almost surely never collide. */
const HEX = 12;

/** Free-text fields that are kept: the equipment's make, model and maker (oem_of) are what findings are about, not the site. */
const KEPT_FIELDS = new Set(['manufacturer', 'model', 'oem_of']);

interface SchemaWords {
  /** Property names whose values are free text (plain strings with no enum, format or pattern but "not blank"). */
  readonly freeText: ReadonlySet<string>;
  /** Every property name and enum value the schema defines: words an error message may quote as they are. */
  readonly known: ReadonlySet<string>;
}

let words: SchemaWords | undefined;

/** Read the site schema once: which fields hold free text, and which words it defines. */
function schemaWords(): SchemaWords {
  if (words) return words;
  const root = readSchema('site');
  const freeText = new Set<string>();
  const known = new Set<string>();
  const seen = new Set<unknown>();
  const resolve = (s: unknown): Record<string, unknown> | undefined => {
    if (!s || typeof s !== 'object') return undefined;
    const o = s as Record<string, unknown>;
    if (typeof o.$ref === 'string' && o.$ref.startsWith('#/')) {
      let at: unknown = root;
      for (const part of o.$ref.slice(2).split('/')) at = (at as Record<string, unknown> | undefined)?.[part];
      return resolve(at);
    }
    return o;
  };
  const isFreeText = (s: Record<string, unknown>): boolean => {
    const alts = [s, ...(['oneOf', 'anyOf'] as const).flatMap((k) => (Array.isArray(s[k]) ? (s[k] as unknown[]).map(resolve) : []))];
    return alts.some((a) => a !== undefined && a.type === 'string' && a.enum === undefined && a.const === undefined && a.format === undefined && (a.pattern === undefined || a.pattern === '\\S'));
  };
  const walk = (raw: unknown): void => {
    const s = resolve(raw);
    if (!s || seen.has(s)) return;
    seen.add(s);
    if (Array.isArray(s.enum)) for (const v of s.enum) known.add(String(v));
    if (s.const !== undefined) known.add(String(s.const));
    const props = s.properties as Record<string, unknown> | undefined;
    if (props) {
      for (const [name, sub] of Object.entries(props)) {
        known.add(name);
        const r = resolve(sub);
        if (r && isFreeText(r) && !KEPT_FIELDS.has(name)) freeText.add(name);
        walk(sub);
      }
    }
    for (const k of ['items', 'additionalProperties', 'then', 'else', 'if'] as const) if (s[k] && typeof s[k] === 'object') walk(s[k]);
    for (const k of ['oneOf', 'anyOf', 'allOf'] as const) if (Array.isArray(s[k])) for (const x of s[k] as unknown[]) walk(x);
    const defs = s.$defs as Record<string, unknown> | undefined;
    if (defs) for (const d of Object.values(defs)) walk(d);
  };
  walk(root);
  words = { freeText, known };
  return words;
}

/** The last part of a dotted fact path (`assessment.notes` → notes, `equipment.0.model` → model). */
function fieldOf(path: string): string {
  const parts = path.split('.');
  return parts[parts.length - 1]!;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const QUOTED = /"(?:[^"\\]|\\.)*"/g;
const YAML_FILE = /[^\s"'(),;:]+\.ya?ml\b/g;

export class Redactor {
  private readonly words = schemaWords();

  constructor(readonly spec: RedactSpec) {}

  /** `label#` and the first hex digits of the keyed hash of `value`: the same value, the same hex. */
  hash(label: string, value: string): string {
    const h = this.spec.key !== undefined && this.spec.key !== ''
      ? createHmac('sha256', this.spec.key).update(value, 'utf8').digest('hex')
      : createHash('sha256').update('sitecheck-redact\0' + value, 'utf8').digest('hex');
    return `${label}#${h.slice(0, HEX)}`;
  }

  /** Is the fact at this dotted path free text written by the site? */
  isFreeText(path: string): boolean {
    return this.words.freeText.has(fieldOf(path));
  }

  /** One site's result with its own words replaced by hashes. */
  site(s: SiteResult): SiteResult {
    // What was replaced, so that messages quoting it are rewritten the same way.
    const subs = new Map<string, string>();
    const text = (label: string, v: string): string => {
      const h = this.hash(label, v);
      subs.set(v, h);
      return h;
    };
    const value = (path: string, v: unknown): unknown => (typeof v === 'string' && this.isFreeText(path) ? text(fieldOf(path), v) : v);
    const trace = <T extends Pick<RuleTrace, 'facts'> & { readonly conditions?: RuleTrace['conditions'] }>(t: T): T => ({
      ...t,
      facts: Object.fromEntries(Object.entries(t.facts).map(([k, v]) => [k, value(k, v)])),
      ...(t.conditions ? { conditions: t.conditions.map((c) => ('actual' in c ? { ...c, actual: value(c.fact, c.actual) } : c)) } : {}),
    });
    const ids = this.spec.ids;
    const id = ids ? text('id', s.id) : s.id;
    const file = ids ? text('file', s.file) : s.file;
    const name = text('name', s.name);
    const organisation = s.organisation !== undefined ? text('organisation', s.organisation) : undefined;
    const limbs = s.limbs.map((l) => trace(l));
    const scope = s.scope ? trace(s.scope) : undefined;
    const exclusion = s.exclusion ? trace(s.exclusion) : undefined;
    const det = s.determination;
    const determination = det
      ? { ...det, ...(det.by !== undefined ? { by: text('by', det.by) } : {}), ...(det.reference !== undefined ? { reference: text('reference', det.reference) } : {}) }
      : undefined;
    const findings: Finding[] = s.findings.map((f) => {
      const out = trace(f);
      return ids && f.equipment !== undefined ? { ...out, equipment: text('equipment', f.equipment) } : out;
    });
    const rewrite = this.rewriter(subs);
    return {
      ...s,
      id,
      name,
      ...(organisation !== undefined ? { organisation } : {}),
      file,
      limbs,
      findings: findings.map((f) => ({ ...f, message: rewrite(f.message) })),
      ...(scope ? { scope } : {}),
      ...(exclusion ? { exclusion } : {}),
      ...(determination ? { determination } : {}),
    };
  }

  /** A function that replaces each replaced value where it stands alone in a message. */
  private rewriter(subs: ReadonlyMap<string, string>): (m: string) => string {
    if (subs.size === 0) return (m) => m;
    const originals = [...subs.keys()].filter((k) => k !== '').sort((a, b) => b.length - a.length);
    const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${originals.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'gu');
    return (m) => m.replace(re, (hit) => subs.get(hit) ?? hit);
  }

  /**
   * An input error with every quoted value it cites replaced (a quoted word the site schema defines,
   * a number or a date is kept), and with --redact-ids its file, site id and the file names it cites.
   */
  error(e: InputError): InputError {
    const known = this.words.known;
    let message = e.message.replace(QUOTED, (q) => {
      let v: string;
      try {
        v = JSON.parse(q) as string;
      } catch {
        v = q.slice(1, -1);
      }
      if (known.has(v) || /^-?\d+(\.\d+)?$/.test(v) || /^\d{4}-\d{2}-\d{2}$/.test(v)) return q;
      return JSON.stringify(this.hash('text', v));
    });
    const path = e.path
      .split('/')
      .map((seg, i) => (i === 0 || seg === '' || known.has(seg) || /^\d+$/.test(seg) ? seg : this.hash('key', seg)))
      .join('/');
    if (!this.spec.ids) return { ...e, message, path };
    const subs = new Map<string, string>();
    if (e.site !== undefined) subs.set(e.site, this.hash('id', e.site));
    message = this.rewriter(subs)(message).replace(YAML_FILE, (f) => this.hash('file', f));
    return { ...e, file: this.hash('file', e.file), message, path, ...(e.site !== undefined ? { site: this.hash('id', e.site) } : {}) };
  }

  /** What the walk passed over: with --redact-ids its file names are hashed (the reasons are kept). */
  skipped(list: readonly SkippedEntry[]): SkippedEntry[] {
    return list.map((s) => (this.spec.ids ? { ...s, file: this.hash('file', s.file) } : s));
  }

  /** A whole Report redacted (for commands that evaluate in one piece: explain, report, diff). */
  report(r: Report): Report {
    return {
      ...r,
      sites: r.sites.map((s) => this.site(s)),
      errors: r.errors.map((e) => this.error(e)),
      ...(r.skipped ? { skipped: this.skipped(r.skipped) } : {}),
    };
  }
}

/** The Redactor for --redact / --redact-ids, or undefined when neither is given. */
export function redactorFor(flags: { readonly redact?: boolean; readonly 'redact-ids'?: boolean }, env: NodeJS.ProcessEnv): Redactor | undefined {
  const spec = redactSpecFor(flags, env);
  return spec ? new Redactor(spec) : undefined;
}

export function redactSpecFor(flags: { readonly redact?: boolean; readonly 'redact-ids'?: boolean }, env: NodeJS.ProcessEnv): RedactSpec | undefined {
  if (!flags.redact && !flags['redact-ids']) return undefined;
  const key = env[REDACT_KEY_ENV];
  return { ids: flags['redact-ids'] === true, ...(key ? { key } : {}) };
}
