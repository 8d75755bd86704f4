// The assessment wizard's questions. Which facts are asked, in which order and under which limb
// comes from the rules (each rule's conditions name the site facts it reads); the allowed answers
// come from the site schema. Only the plain-words phrasing lives here.
import type { Ruleset } from '../rules/ruleset.js';
import { ruleLeaves } from '../rules/ruleset.js';
import { DERIVED_FACTS } from '../engine/derived.js';
import { readSchema } from '../input/schemas.js';

export type AnswerValue = string | number | boolean;

export interface Choice {
  readonly label: string;
  readonly value: AnswerValue;
}

export interface Question {
  /** Dotted path of the fact in the site file. */
  readonly path: string;
  readonly prompt: string;
  readonly kind: 'text' | 'count' | 'choice';
  readonly choices?: readonly Choice[];
  /** Must be answered (id, name). */
  readonly required?: boolean;
  /** The schema's description of the field. */
  readonly hint?: string;
  /** The limb the fact belongs to, with the rule's title and the quoted definition. */
  readonly limb?: number;
  readonly rule?: string;
  readonly title?: string;
  readonly quote?: string;
  readonly source?: string;
}

/** Plain words for the facts; any fact not listed is asked with the schema's description. */
const PROMPTS: Readonly<Record<string, string>> = {
  id: 'A short id for the site, unique in the inventory (letters, digits, dots, hyphens), e.g. HO-0042',
  name: 'The site’s name',
  organisation: 'Which organisation owns or occupies it? (leave empty to skip)',
  'classified_material.routinely_held': 'What is the highest classification of material held routinely (as a matter of course) at the site?',
  'classified_material.highest': 'What is the highest classification of material held at the site?',
  'classified_material.frequency': 'How often is material at that classification held there?',
  'vetting.significant': 'What judgement, if any, has the department recorded on whether the share of officials with developed vetting (DV) is significant?',
  'vetting.staff_total': 'How many officials are based at the site? (a number; empty for don’t know)',
  'vetting.developed_vetting': 'How many of those officials hold developed vetting (DV or eDV)? (a number; empty for don’t know)',
  ministerial_use: 'How often do ministers use the site?',
  government_location: 'Is the site owned or occupied by a government body?',
  'socpa.designated': 'Is it a designated or protected site under the Serious Organised Crime and Police Act 2005 (s.128)?',
};

/** Earlier questions come first within a limb (otherwise the rule's order). */
const ORDER: Readonly<Record<string, number>> = { 'vetting.significant': 0, 'vetting.staff_total': 1, 'vetting.developed_vetting': 2 };

export const DONT_KNOW = 'unknown';

/**
 * The answer "no judgement recorded" to a judgement question: nothing is written (a judgement not
 * recorded is not a judgement that the answer is no). Never a value a site file can hold.
 */
export const NO_JUDGEMENT = '\u0000no-judgement';

/**
 * Facts that are a department's recorded judgement, not a fact anyone can count: asked with three
 * explicit choices, so that "nobody has recorded one" can never be written as `false`.
 */
const JUDGEMENTS: Readonly<Record<string, readonly Choice[]>> = {
  'vetting.significant': [
    { value: true, label: 'judged significant (the department has recorded that judgement)' },
    { value: false, label: 'judged not significant (the department has recorded that judgement)' },
    { value: NO_JUDGEMENT, label: 'no judgement recorded (writes nothing)' },
    { value: DONT_KNOW, label: 'don’t know whether one was recorded (writes unknown)' },
  ],
};

interface FieldSchema {
  readonly description?: string;
  readonly enum?: readonly unknown[];
  readonly $ref?: string;
  readonly type?: unknown;
  readonly properties?: Readonly<Record<string, FieldSchema>>;
}

function fieldSchema(path: string): FieldSchema | undefined {
  let cur: FieldSchema | undefined = readSchema('site') as FieldSchema;
  for (const seg of path.split('.')) cur = cur?.properties?.[seg];
  return cur;
}

function label(v: unknown): string {
  if (v === true) return 'yes';
  if (v === false) return 'no';
  if (v === DONT_KNOW) return 'don’t know';
  return String(v);
}

/** The question for one fact, from the schema and the phrasing table. */
export function questionFor(path: string): Question {
  const schema = fieldSchema(path);
  const prompt = PROMPTS[path] ?? schema?.description ?? path;
  const hint = schema?.description;
  const judgement = JUDGEMENTS[path];
  if (judgement) return { path, prompt, kind: 'choice', choices: judgement, hint };
  if (schema?.enum) {
    const values = schema.enum.filter((v): v is AnswerValue => typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number');
    if (!values.includes(DONT_KNOW)) values.push(DONT_KNOW);
    return { path, prompt, kind: 'choice', choices: values.map((value) => ({ value, label: label(value) })), hint };
  }
  if (schema?.$ref === '#/$defs/count') return { path, prompt, kind: 'count', hint };
  return { path, prompt, kind: 'text', hint };
}

/** The site facts each rule reads, limb by limb: the questions that can decide the verdict. */
export function factQuestions(ruleset: Ruleset): Question[] {
  const seen = new Set<string>();
  const out: Question[] = [];
  for (const rule of ruleset.rules) {
    const paths: string[] = [];
    for (const leaf of ruleLeaves(rule)) {
      const inputs = leaf.fact === 'derived' ? (DERIVED_FACTS.find((d) => d.path === leaf.path)?.inputs ?? []) : [leaf.path];
      for (const p of inputs) if (!seen.has(p)) {
        seen.add(p);
        paths.push(p);
      }
    }
    paths.sort((a, b) => (ORDER[a] ?? 99) - (ORDER[b] ?? 99));
    const src = ruleset.sources.get(rule.citation.source);
    const source = src ? `${src.title}, ${src.date}${src.issuer ? ` (${src.issuer})` : ''}` : rule.citation.source;
    for (const p of paths) {
      out.push({ ...questionFor(p), limb: rule.limb, rule: rule.id, title: rule.title, quote: rule.citation.quote, source });
    }
  }
  return out;
}

/** The questions that name a new site. */
export function identityQuestions(): Question[] {
  return [
    { ...questionFor('id'), required: true },
    { ...questionFor('name'), required: true },
    questionFor('organisation'),
  ];
}

/** The plain-words question for a fact path (for "the questions that would settle it"). */
export function promptFor(path: string): string {
  return (PROMPTS[path] ?? fieldSchema(path)?.description ?? path).replace(/\s*\([^)]*\)$/, '');
}

interface ItemSchema {
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, { readonly description?: string; readonly enum?: readonly unknown[] }>>;
}

const ITEM_PROMPTS: Readonly<Record<string, string>> = {
  id: 'An id for the item, unique at the site (letters, digits, . _ / -), e.g. CAM-7',
  kind: 'What kind of equipment is it?',
  manufacturer: 'Who manufactured it? (as on the equipment; type unknown if not known — the register is searched)',
  model: 'Its model (leave empty to skip)',
  status: 'Is it installed, planned or removed?',
  removal_due: 'When is its removal due? (YYYY-MM-DD; leave empty to skip)',
  network: 'What is it connected to? (a departmental core network, a segregated network, nothing)',
  captures_video: 'Does it capture video (or images)?',
  oem_of: 'If it is made for another brand, whose equipment is it really (the original manufacturer)? (leave empty to skip)',
};

/**
 * The questions for one equipment item, every field the site schema allows for it, in its order.
 * `prefix` is `item` for a new item or `equipment.<n>` to edit one in place.
 */
export function equipmentQuestions(prefix: string, current: Readonly<Record<string, unknown>> = {}): Question[] {
  const schema = readSchema('site') as { properties?: { equipment?: { items?: ItemSchema } } };
  const items = schema.properties?.equipment?.items ?? {};
  const required = new Set(items.required ?? []);
  return Object.entries(items.properties ?? {}).map(([field, f]) => {
    const path = `${prefix}.${field}`;
    const prompt = ITEM_PROMPTS[field] ?? f.description ?? field;
    const now = current[field] !== undefined ? ` (now: ${String(current[field])})` : '';
    if (f.enum) {
      const values = f.enum.filter((v): v is AnswerValue => typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number');
      return { path, prompt: prompt + now, kind: 'choice', choices: values.map((value) => ({ value, label: label(value) })), ...(required.has(field) && prefix === 'item' ? { required: true } : {}) };
    }
    // Editing an item, an empty answer (Tab) keeps the field as it is.
    return { path, prompt: prompt + now, kind: 'text', ...(required.has(field) && prefix === 'item' ? { required: true } : {}) };
  });
}
