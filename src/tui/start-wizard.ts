// The wizard's first state: for a new site, the naming questions and then every fact limb by
// limb; for an existing site, only the facts not yet known, those that would decide the verdict
// first.
import { safePathResolver } from '../engine/evaluate.js';
import { UNKNOWN } from '../engine/derived.js';
import type { TuiData } from './data.js';
import { identityQuestions } from './questions.js';
import { initialWizard, type WizardState } from './wizard-state.js';

export function wizardFor(data: TuiData, newSiteDir: string, siteId?: string): WizardState | undefined {
  if (siteId === undefined) {
    return initialWizard({ mode: 'new', questions: [...identityQuestions(), ...data.questions], file: '', dir: newSiteDir });
  }
  const record = data.records.get(siteId);
  if (!record) return undefined;
  const deciding = new Set(data.index.sites[data.index.indexOf(siteId)]?.decidingFacts ?? []);
  const unknown = data.questions.filter((q) => safePathResolver(record.data, q.path) === UNKNOWN);
  const questions = [...unknown.filter((q) => deciding.has(q.path)), ...unknown.filter((q) => !deciding.has(q.path))];
  return initialWizard({ mode: 'existing', siteId, questions, file: record.file });
}
