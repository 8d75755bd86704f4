import { useEffect } from 'react';
import type { TuiData } from '../data.js';
import type { WizardAction, WizardState } from '../wizard-state.js';
import { saveWizard } from '../wizard-site.js';

/**
 * When the wizard asks to save: write the file, then reload the inventory. On any failure the
 * wizard keeps every answer and shows the error.
 */
export function useSave(data: TuiData, wizard: WizardState | undefined, dispatch: (a: WizardAction) => void, reload: (selectId?: string) => Promise<TuiData>): void {
  const saving = wizard?.status === 'saving';
  useEffect(() => {
    if (!wizard || !saving) return;
    let file: string;
    try {
      file = saveWizard(data, wizard);
    } catch (e) {
      dispatch({ type: 'save-failed', message: (e as Error).message });
      return;
    }
    const id = wizard.mode === 'new' ? String(wizard.answers.id) : wizard.siteId;
    reload(id).then(
      (next) => dispatch({ type: 'saved', file: id !== undefined && !next.records.has(id) ? `${file} (outside the folders shown here, so not in this list)` : file }),
      (e: unknown) => dispatch({ type: 'saved', file: `${file} (but reloading the inventory failed: ${(e as Error).message})` }),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [saving]);
}
