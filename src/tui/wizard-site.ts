// From the wizard's answers to a site: the plain object evaluated live, the planned change (with
// the audit trail) shown before writing, and the write itself.
import { today } from '../check.js';
import { findSite } from '../scale/find-site.js';
import type { TuiData } from './data.js';
import { planExistingSite, planNewSite, SaveError, writePlan, plannedText, type SavePlan } from './save-site.js';
import { answersAsData, initialWizard, type WizardState } from './wizard-state.js';
import { EQUIPMENT_KINDS, type BuyState } from './buy-state.js';
import { proposedId } from './ask.js';
import { auditedChanges, type Recorder } from './audit.js';
import { equipmentQuestions, NO_JUDGEMENT, type AnswerValue } from './questions.js';

const PLACEHOLDER_ID = 'new-site';

/**
 * The site the answers describe. For a new site, `forEvaluation` fills in a placeholder id and name
 * until they are typed, so the verdict can be shown from the first fact.
 */
export function wizardSiteData(data: TuiData, w: WizardState, forEvaluation: boolean): { value: Record<string, unknown>; file: string } {
  if (w.mode === 'existing') {
    const record = w.siteId !== undefined ? data.records.get(w.siteId) : undefined;
    const base = (record?.data ?? {}) as unknown as Record<string, unknown>;
    const file = record?.file ?? w.file;
    const form = w.equipmentForm;
    const items = (base.equipment as unknown[] | undefined) ?? [];
    if (form?.type === 'add') return { value: { ...base, equipment: [...items, newItem(w.answers)] }, file };
    if (form?.type === 'remove') return { value: { ...base, equipment: items.filter((_, i) => i !== form.index) }, file };
    const withAdded = w.addEquipment?.length ? { ...base, equipment: [...items, ...w.addEquipment] } : base;
    return { value: answersAsData(w.questions, w.answers, withAdded), file };
  }
  const value = answersAsData(w.questions, w.answers);
  if (forEvaluation) {
    const ordered: Record<string, unknown> = { id: value.id ?? PLACEHOLDER_ID, name: value.name ?? 'New site', ...value };
    return { value: ordered, file: w.file || '(new site)' };
  }
  return { value, file: w.file };
}

/** The wizard that records a buy answer's item at its site as a `planned` equipment item. */
export function plannedItemWizard(data: TuiData, buy: BuyState | undefined): WizardState | undefined {
  if (!buy || buy.siteId === undefined || !buy.answer) return undefined;
  const record = data.records.get(buy.siteId);
  if (!record) return undefined;
  const item = { id: proposedId(record), kind: EQUIPMENT_KINDS[buy.kind]!, manufacturer: buy.maker, status: 'planned' };
  return initialWizard({ mode: 'existing', siteId: buy.siteId, questions: [], file: record.file, addEquipment: [item] });
}

/** The new equipment item the `item.<field>` answers describe. */
export function newItem(answers: Readonly<Record<string, AnswerValue>>): Record<string, AnswerValue> {
  const out: Record<string, AnswerValue> = {};
  for (const [p, v] of Object.entries(answers)) if (p.startsWith('item.') && v !== '') out[p.slice(5)] = v;
  return out;
}

/** The wizard that adds an equipment item to a site, field by field. */
export function addItemWizard(data: TuiData, siteId: string): WizardState | undefined {
  const record = data.records.get(siteId);
  if (!record) return undefined;
  return initialWizard({ mode: 'existing', siteId, questions: equipmentQuestions('item'), file: record.file, equipmentForm: { type: 'add' } });
}

/** The wizard that edits equipment item `index` of a site in place (a skipped field stays as it is). */
export function editItemWizard(data: TuiData, siteId: string, index: number): WizardState | undefined {
  const record = data.records.get(siteId);
  const item = record?.data.equipment?.[index];
  if (!record || !item) return undefined;
  return initialWizard({ mode: 'existing', siteId, questions: equipmentQuestions(`equipment.${index}`, item as unknown as Record<string, unknown>), file: record.file, equipmentForm: { type: 'edit', index } });
}

/** The wizard that removes equipment item `index` of a site (the change is shown before writing). */
export function removeItemWizard(data: TuiData, siteId: string, index: number): WizardState | undefined {
  const record = data.records.get(siteId);
  const item = record?.data.equipment?.[index];
  if (!record || !item) return undefined;
  return initialWizard({ mode: 'existing', siteId, questions: [], file: record.file, equipmentForm: { type: 'remove', index, label: `${item.id} (${item.kind}, ${item.manufacturer}, ${item.status})` } });
}

/** Where an id is used in the inventory as loaded ("sites/a.yaml:3"), if it is. */
export function idTaken(data: TuiData, id: string): string | undefined {
  const site = data.index.sites[data.index.indexOf(id)];
  return site ? `${site.file}:${site.line}` : undefined;
}

/** The answers that write something ("no judgement recorded" writes nothing). */
function written(answers: Readonly<Record<string, AnswerValue>>): Record<string, AnswerValue> {
  return Object.fromEntries(Object.entries(answers).filter(([, v]) => v !== NO_JUDGEMENT));
}

/**
 * Work out the save: read the file as it is on disk now and apply the answers and the audit trail
 * to it (nothing is written). For a new site, the id is looked for in every file on disk now (a
 * colleague may have used it since the inventory was read).
 */
export function planWizard(data: TuiData, w: WizardState, recorder: Recorder, on = today()): SavePlan {
  try {
    if (w.mode === 'new') {
      const id = String(w.answers.id);
      const loaded = idTaken(data, id);
      if (loaded) throw new SaveError(`the id ${id} is already used at ${loaded}; ids must be unique across the inventory`);
      const onDisk = findSite(data.paths, id, data.limits).chosen[0];
      if (onDisk) throw new SaveError(`the id ${id} is now used at ${onDisk.file}:${onDisk.position.line} (written since the inventory was read); ids must be unique across the inventory`);
      const value = wizardSiteData(data, w, false).value;
      const a = auditedChanges(written(w.answers), recorder, on, undefined);
      return planNewSite(w.file, { ...value, assessment: { by: a['assessment.by'], on: a['assessment.on'], notes: a['assessment.notes'] } });
    }
    const record = w.siteId !== undefined ? data.records.get(w.siteId) : undefined;
    if (!record) throw new SaveError(`site ${w.siteId ?? '?'} is no longer in the inventory`);
    const form = w.equipmentForm;
    const adding = [...(w.addEquipment ?? []), ...(form?.type === 'add' ? [newItem(w.answers)] : [])];
    const removing = form?.type === 'remove' ? [form.index] : [];
    // Facts: the answers, less the new item's own (written as the item) and unchanged fields of an item edited.
    const current = record.data as unknown as Record<string, unknown>;
    const facts = Object.fromEntries(Object.entries(written(w.answers)).filter(([p, v]) => !p.startsWith('item.') && !(form?.type === 'edit' && valueAt(current, p) === v)));
    const what = [...adding.map((e) => `added ${String(e.id)}`), ...(form?.type === 'remove' ? [`removed ${record.data.equipment?.[form.index]?.id ?? '?'}`] : [])];
    const changes = auditedChanges(facts, recorder, on, record.data.assessment?.notes, what);
    return planExistingSite(record.file, record.data.id, record.document, changes, data.records.digest(record.file), adding, removing);
  } catch (e) {
    throw explained(e, w.file);
  }
}

function valueAt(data: Record<string, unknown>, path: string): unknown {
  let cur: unknown = data;
  for (const seg of path.split('.')) cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
  return cur;
}

/** Write a planned save, less the comments the officer dropped. */
export function writeWizard(w: WizardState): string {
  const plan = w.plan!;
  try {
    writePlan(plan, plannedText(plan, new Set(w.dropped)));
    return plan.file;
  } catch (e) {
    throw explained(e, plan.file);
  }
}

function explained(e: unknown, file: string): Error {
  if (e instanceof SaveError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'the folder does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOSPC' ? 'the disk is full' : undefined;
  return new Error(`could not write ${file}: ${why ? `${why} (${code})` : (code ?? (e as Error).message)}`);
}

/** Save the wizard's answers at once (no preview): for scripts and tests of the whole path. */
export function saveWizard(data: TuiData, w: WizardState, recorder: Recorder = { by: 'sitecheck TUI', authority: 'not given' }): string {
  return writeWizard({ ...w, plan: planWizard(data, w, recorder), dropped: [] });
}
