import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { Box, Text, useApp, useInput } from 'ink';
import type { TuiData } from '../data.js';
import { loadData } from '../data.js';
import { appReducer, applyKey, initialApp, splitKeys, textHeight, top, type AppAction, type AppState, type Command, type KeyContext } from '../app-state.js';
import type { Key } from 'ink';
import { completions, type BuyAction } from '../buy-state.js';
import { wrapAll } from '../lines.js';
import { siteLines } from '../site-lines.js';
import type { WizardAction } from '../wizard-state.js';
import { wizardFor } from '../start-wizard.js';
import { selectedSite } from '../inventory-state.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { useLiveVerdict } from '../hooks/use-live-verdict.js';
import { useBuyAnswer } from '../hooks/use-buy-answer.js';
import { useSave } from '../hooks/use-save.js';
import { InventoryScreen } from './InventoryScreen.js';
import { SiteScreen } from './SiteScreen.js';
import { BuyScreen } from './BuyScreen.js';
import { WizardScreen } from './WizardScreen.js';
import { HelpOverlay } from './HelpOverlay.js';

interface KeyPress {
  readonly type: 'key';
  readonly input: string;
  readonly key: Partial<Key>;
}

/** What the key handler needs from the loaded data. */
function keyContext(data: TuiData, newSiteDir: string): KeyContext {
  return {
    wizardFor: (siteId) => wizardFor(data, newSiteDir, siteId),
    errorCount: data.report.errors.length,
    index: data.index,
    siteLines: (s) => {
      const site = s.site ? data.index.sites[data.index.indexOf(s.site.id)] : undefined;
      return site ? wrapAll(siteLines(site, data.ruleset), s.size.columns - 1).length : 0;
    },
    completions: (s) => completions(data.ruleset.suppliers, s.buy?.maker ?? ''),
  };
}

export interface AppProps {
  readonly data: TuiData;
  /** Folder a new site is saved in by default. */
  readonly newSiteDir: string;
}

/** The TUI: one state, one key handler, the screen on top of the stack. */
export function App({ data: initialData, newSiteDir }: AppProps) {
  const { exit } = useApp();
  const size = useTerminalSize();
  const [data, setData] = useState(initialData);
  const dataRef = useRef(data);
  dataRef.current = data;
  const [state, dispatch] = useReducer(
    (s: AppState, a: AppAction | KeyPress) => (a.type === 'key' ? applyKey(s, a.input, a.key, keyContext(dataRef.current, newSiteDir)) : appReducer(s, a, dataRef.current.index)),
    undefined,
    () => initialApp(initialData.index, size),
  );

  useEffect(() => {
    if (size.columns !== state.size.columns || size.rows !== state.size.rows) dispatch({ type: 'resize', size });
  }, [size, state.size]);

  const reload = useCallback(async (selectId?: string): Promise<TuiData> => {
    const next = await loadData(dataRef.current.paths, { asOf: dataRef.current.asOf, limits: dataRef.current.limits }, dataRef.current);
    dataRef.current = next;
    setData(next);
    dispatch({ type: 'inventory', action: { type: 'reindex', ...(selectId !== undefined ? { selectId } : {}) } });
    dispatch({ type: 'buy', action: { type: 'refresh' } });
    return next;
  }, []);

  const wizardDispatch = useCallback((action: WizardAction) => dispatch({ type: 'wizard', action }), []);
  const buyDispatch = useCallback((action: BuyAction) => dispatch({ type: 'buy', action }), []);
  useLiveVerdict(data, state.wizard, wizardDispatch);
  useBuyAnswer(data, state.buy, buyDispatch);
  useSave(data, state.wizard, wizardDispatch, reload);

  const site = state.site ? data.index.sites[data.index.indexOf(state.site.id)] : undefined;
  const lines = useMemo(() => (site ? wrapAll(siteLines(site, data.ruleset), size.columns - 1) : []), [site, data.ruleset, size.columns]);
  const maker = state.buy?.step === 'maker' ? state.buy.maker : '';
  const comps = useMemo(() => completions(data.ruleset.suppliers, maker), [data.ruleset, maker]);

  const run = (command: Command, state: AppState): void => {
    switch (command.type) {
      case 'quit':
        exit();
        return;
      case 'reload':
        reload(selectedSite(state.inventory, data.index)).then(
          (next) => dispatch({ type: 'notice', text: `Read again: ${next.report.summary.sites} site${next.report.summary.sites === 1 ? '' : 's'}, ${next.report.errors.length} input error${next.report.errors.length === 1 ? '' : 's'}.` }),
          (e: unknown) => dispatch({ type: 'notice', text: `Could not read the files again: ${(e as Error).message}` }),
        );
        return;
    }
  };

  // Keys go through the reducer, so each sees the state the previous key left.
  useInput((input, key) => {
    for (const [i, k] of splitKeys(input, key)) dispatch({ type: 'key', input: i, key: k });
  });
  useEffect(() => {
    if (state.commands.length === 0) return;
    const pending = state.commands;
    dispatch({ type: 'commands-done', count: pending.length });
    for (const c of pending) run(c, state);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state.commands]);

  const screen = top(state);
  if (state.help) return <HelpOverlay screen={screen} />;
  return (
    <Box flexDirection="column" width={size.columns}>
      {screen === 'inventory' ? <InventoryScreen state={state.inventory} index={data.index} report={data.report} width={size.columns} notice={state.notice} /> : null}
      {screen === 'site' ? (
        site ? <SiteScreen lines={lines} top={state.site!.top} height={textHeight(size)} undetermined={site.verdict === 'undetermined'} /> : <Text>{state.site?.id} is no longer in the inventory (its file changed). Press q to go back.</Text>
      ) : null}
      {screen === 'buy' && state.buy ? <BuyScreen state={state.buy} index={data.index} ruleset={data.ruleset} completions={comps} width={size.columns} height={size.rows} /> : null}
      {screen === 'wizard' && state.wizard ? <WizardScreen state={state.wizard} ruleset={data.ruleset} width={size.columns} /> : null}
    </Box>
  );
}
