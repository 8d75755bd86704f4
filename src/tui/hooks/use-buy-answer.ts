import { useEffect } from 'react';
import type { TuiData } from '../data.js';
import { EQUIPMENT_KINDS, type BuyAction, type BuyState } from '../buy-state.js';
import { mayIBuy } from '../ask.js';

/** Once a site, a manufacturer and a kind are chosen: ask the core Evaluator, and record the answer. */
export function useBuyAnswer(data: TuiData, buy: BuyState | undefined, dispatch: (a: BuyAction) => void): void {
  const ready = buy?.step === 'answer' && !buy.answer && !buy.error;
  useEffect(() => {
    if (!buy || !ready) return;
    let live = true;
    const record = buy.siteId !== undefined ? data.records.get(buy.siteId) : undefined;
    if (!record) {
      dispatch({ type: 'answered', error: `site ${buy.siteId ?? '?'} is not in the inventory` });
      return;
    }
    mayIBuy(data.evaluator, record, buy.maker, EQUIPMENT_KINDS[buy.kind]!, data.asOf).then(
      ({ answer, result, problems }) => {
        if (!live) return;
        if (answer) dispatch({ type: 'answered', answer, ...(result ? { result } : {}) });
        else dispatch({ type: 'answered', error: problems.map((p) => p.message).join('; ') || 'the question could not be evaluated' });
      },
      (e: unknown) => live && dispatch({ type: 'answered', error: (e as Error).message }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready, data]);
}
