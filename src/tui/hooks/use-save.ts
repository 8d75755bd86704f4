import { useEffect } from 'react';
import type { TuiData } from '../data.js';
import type { WizardAction, WizardState } from '../wizard-state.js';
import type { Recorder } from '../audit.js';
import { planWizard, writeWizard } from '../wizard-site.js';
import { ConflictError } from '../save-site.js';

/**
 * The save, in two steps. When the wizard is `preparing`: read the file as it is now and work out
 * the change (shown as a preview). When it is `saving` (the officer confirmed the preview): write
 * it, then read the inventory again. On any failure the wizard keeps every answer and shows why;
 * a file changed on disk meanwhile is a conflict, which offers to read it again and re-apply.
 */
export function useSave(
  data: TuiData,
  wizard: WizardState | undefined,
  recorder: Recorder | undefined,
  dispatch: (a: WizardAction) => void,
  reload: (selectId?: string) => Promise<TuiData>,
  busy: (text: string | undefined) => void,
): void {
  const status = wizard?.status;
  useEffect(() => {
    if (!wizard || status !== 'preparing' || !recorder) return;
    busy(`Reading ${wizard.mode === 'new' ? 'the inventory for the id' : wizard.file} to work out the change…`);
    // Let the progress line be drawn before the (synchronous) read.
    const t = setTimeout(() => {
      try {
        dispatch({ type: 'planned', plan: planWizard(data, wizard, recorder) });
      } catch (e) {
        dispatch({ type: 'save-failed', message: (e as Error).message, conflict: e instanceof ConflictError });
      } finally {
        busy(undefined);
      }
    }, 10);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [status]);
  useEffect(() => {
    if (!wizard || status !== 'saving') return;
    let file: string;
    try {
      file = writeWizard(wizard);
    } catch (e) {
      dispatch({ type: 'save-failed', message: (e as Error).message, conflict: e instanceof ConflictError });
      return;
    }
    const id = wizard.mode === 'new' ? String(wizard.answers.id) : wizard.siteId;
    busy(`Saved ${file}; reading the inventory again…`);
    reload(id).then(
      (next) => dispatch({ type: 'saved', file: id !== undefined && !next.records.has(id) ? `${file} (outside the folders shown here, so not in this list)` : file }),
      (e: unknown) => dispatch({ type: 'saved', file: `${file} (but reloading the inventory failed: ${(e as Error).message})` }),
    ).finally(() => busy(undefined));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [status]);
}
