// From the wizard's answers to a site: the plain object evaluated live, and the save itself.
import { WriteRefusedError } from '../util/safe-write.js';
import type { TuiData } from './data.js';
import { saveExistingSite, saveNewSite, SaveError } from './save-site.js';
import { answersAsData, type WizardState } from './wizard-state.js';

const PLACEHOLDER_ID = 'new-site';

/**
 * The site the answers describe. For a new site, `forEvaluation` fills in a placeholder id and name
 * until they are typed, so the verdict can be shown from the first fact.
 */
export function wizardSiteData(data: TuiData, w: WizardState, forEvaluation: boolean): { value: Record<string, unknown>; file: string } {
  if (w.mode === 'existing') {
    const record = w.siteId !== undefined ? data.records.get(w.siteId) : undefined;
    const base = (record?.data ?? {}) as unknown as Record<string, unknown>;
    return { value: answersAsData(w.questions, w.answers, base), file: record?.file ?? w.file };
  }
  const value = answersAsData(w.questions, w.answers);
  if (forEvaluation) {
    const ordered: Record<string, unknown> = { id: value.id ?? PLACEHOLDER_ID, name: value.name ?? 'New site', ...value };
    return { value: ordered, file: w.file || '(new site)' };
  }
  return { value, file: w.file };
}

/** Save the wizard's answers. Returns the file written, or throws an Error whose message says why not. */
export function saveWizard(data: TuiData, w: WizardState): string {
  try {
    if (w.mode === 'new') {
      const taken = data.records.get(String(w.answers.id));
      if (taken) throw new SaveError(`the id ${taken.data.id} is already used at ${taken.file}:${taken.position.line}; ids must be unique across the inventory`);
      saveNewSite(w.file, wizardSiteData(data, w, false).value);
      return w.file;
    }
    const record = w.siteId !== undefined ? data.records.get(w.siteId) : undefined;
    if (!record) throw new SaveError(`site ${w.siteId ?? '?'} is no longer in the inventory`);
    saveExistingSite(record.file, record.data.id, record.document, w.answers, data.digests.get(record.file));
    return record.file;
  } catch (e) {
    if (e instanceof SaveError || e instanceof WriteRefusedError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'the folder does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOSPC' ? 'the disk is full' : undefined;
    throw new Error(`could not write ${w.file}: ${why ? `${why} (${code})` : (code ?? (e as Error).message)}`);
  }
}
