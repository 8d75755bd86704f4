import { useEffect } from 'react';
import type { TuiData } from '../data.js';
import type { WizardAction, WizardState } from '../wizard-state.js';
import { wizardSiteData } from '../wizard-site.js';
import { evaluateData } from '../ask.js';

/** Evaluate the wizard's answers with the core Evaluator whenever they change. */
export function useLiveVerdict(data: TuiData, wizard: WizardState | undefined, dispatch: (a: WizardAction) => void): void {
  const revision = wizard?.revision;
  useEffect(() => {
    if (!wizard) return;
    let live = true;
    const { value, file } = wizardSiteData(data, wizard, true);
    evaluateData(data.evaluator, value, file, data.asOf).then(
      ({ result, problems }) => {
        if (live) dispatch({ type: 'evaluated', revision: wizard.revision, ...(result ? { result } : {}), problems });
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
    // Re-run when the answers change (revision), when another wizard starts (its own questions),
    // or when the inventory is read again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [revision, wizard?.questions, data]);
}
