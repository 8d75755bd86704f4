import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { Box, Text, useApp, useInput } from 'ink';
import type { TuiData } from '../data.js';
import { loadData } from '../data.js';
import {
  appReducer, applyKey, answerHeight, errorsHeight, helpHeight, initialApp, previewHeight, splitKeys, tableFor, textHeight, top,
  type AppAction, type AppState, type Command, type KeyContext,
} from '../app-state.js';
import type { Key } from 'ink';
import { completions, type BuyAction } from '../buy-state.js';
import type { WizardAction } from '../wizard-state.js';
import { wizardFor } from '../start-wizard.js';
import { selectedSite } from '../inventory-state.js';
import { footerFor } from '../keymap.js';
import { buyView, errorsView, evidenceInput, helpView, previewView, siteView, viewLines } from '../views.js';
import { evidenceRecord, writeEvidence } from '../evidence.js';
import { today } from '../../check.js';
import { FieldText } from './FieldText.js';
import { StyledLine } from './StyledLine.js';
import { seg } from '../lines.js';
import { addItemWizard, editItemWizard, idTaken, plannedItemWizard, removeItemWizard } from '../wizard-site.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { useLiveVerdict } from '../hooks/use-live-verdict.js';
import { useBuyAnswer } from '../hooks/use-buy-answer.js';
import { useSave } from '../hooks/use-save.js';
import { InventoryScreen } from './InventoryScreen.js';
import { SiteScreen } from './SiteScreen.js';
import { BuyScreen } from './BuyScreen.js';
import { WizardScreen } from './WizardScreen.js';
import { HelpOverlay } from './HelpOverlay.js';
import { KeyBar } from './KeyBar.js';

interface KeyPress {
  readonly type: 'key';
  readonly input: string;
  readonly key: Partial<Key>;
}

/** What the key handler needs from the loaded data. */
function keyContext(data: TuiData, newSiteDir: string): KeyContext {
  const ctx: KeyContext = {
    wizardFor: (siteId) => wizardFor(data, newSiteDir, siteId),
    index: data.index,
    errorCount: data.report.errors.length,
    lines: (target, s) => viewLines(target, s, data, () => tableFor({ ...s, help: false }, ctx)).length,
    completions: (s) => completions(data.ruleset.suppliers, s.buy?.maker ?? ''),
    idTaken: (id) => idTaken(data, id),
    recordPlanned: (s) => plannedItemWizard(data, s.buy),
    items: (siteId) => (data.records.get(siteId)?.data.equipment ?? []).map((e) => `${e.id}  ${e.kind}, ${e.manufacturer}${e.model ? ` ${e.model}` : ''}, ${e.status}`),
    itemWizard: (siteId, what, index) => (what === 'add' ? addItemWizard(data, siteId) : what === 'edit' ? editItemWizard(data, siteId, index ?? 0) : removeItemWizard(data, siteId, index ?? 0)),
  };
  return ctx;
}

export interface AppProps {
  readonly data: TuiData;
  /** Folder a new site is saved in by default. */
  readonly newSiteDir: string;
  /** Reads the inventory, handing on the data as it fills in (run.tsx); tests pass loaded data. */
  readonly load?: (onBatch: (d: TuiData) => void) => Promise<TuiData>;
  /** Clears the terminal so the next frame is drawn whole (Ctrl-L, resize). */
  readonly repaint?: () => void;
}

/** How far the read has got, in words, for the footer. */
function progressText(data: TuiData): string | undefined {
  const l = data.loading;
  if (!l) return undefined;
  const share = l.totalBytes > 0 ? ` (${Math.floor((100 * l.bytes) / l.totalBytes)}%)` : '';
  return `reading… ${l.sites.toLocaleString('en-GB')} sites${share}`;
}

/** The TUI: one state, one key handler, the screen on top of the stack, the footer from the key table. */
export function App({ data: initialData, newSiteDir, load, repaint }: AppProps) {
  const { exit } = useApp();
  const size = useTerminalSize();
  const [data, setData] = useState(initialData);
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const dataRef = useRef(data);
  dataRef.current = data;
  const [state, dispatch] = useReducer(
    (s: AppState, a: AppAction | KeyPress) => (a.type === 'key' ? applyKey(s, a.input, a.key, keyContext(dataRef.current, newSiteDir)) : appReducer(s, a, dataRef.current.index)),
    undefined,
    () => initialApp(initialData.index, size),
  );

  useEffect(() => {
    if (size.columns !== state.size.columns || size.rows !== state.size.rows) {
      dispatch({ type: 'resize', size });
      repaint?.();
    }
  }, [size, state.size, repaint]);

  /** Show new data, keeping the site under the cursor (or the one named). */
  const show = useCallback((next: TuiData, selectId?: string) => {
    const keep = selectId ?? selectedSite(stateRef.current.inventory, dataRef.current.index);
    dataRef.current = next;
    setData(next);
    dispatch({ type: 'inventory', action: { type: 'reindex', ...(keep !== undefined ? { selectId: keep } : {}) } });
  }, []);
  const stateRef = useRef(state);
  stateRef.current = state;

  // The first read: the list fills in as sites are evaluated.
  useEffect(() => {
    if (!load) return;
    // After the first frame is on the screen: walking a large folder takes a moment.
    const t = setTimeout(() => {
      load((partial) => show(partial)).then(
        (full) => show(full),
        (e: unknown) => dispatch({ type: 'notice', text: `Could not read the files: ${(e as Error).message}` }),
      );
    }, 0);
    return () => clearTimeout(t);
  }, [load, show]);

  const reload = useCallback(async (selectId?: string): Promise<TuiData> => {
    const d = dataRef.current;
    setBusy('reading the files again…');
    try {
      const next = await loadData(d.paths, { asOf: d.asOf, limits: d.limits, ...d.rulesOptions }, d, (partial) => setBusy(`reading the files again… ${partial.loading?.sites.toLocaleString('en-GB') ?? 0} sites`));
      show(next, selectId);
      dispatch({ type: 'buy', action: { type: 'refresh' } });
      return next;
    } finally {
      setBusy(undefined);
    }
  }, [show]);

  const wizardDispatch = useCallback((action: WizardAction) => dispatch({ type: 'wizard', action }), []);
  const buyDispatch = useCallback((action: BuyAction) => dispatch({ type: 'buy', action }), []);
  useLiveVerdict(data, state.wizard, wizardDispatch);
  useBuyAnswer(data, state.buy, buyDispatch);
  useSave(data, state.wizard, state.recorder, wizardDispatch, reload, setBusy);

  const ctx = useMemo(() => keyContext(data, newSiteDir), [data, newSiteDir]);
  const maker = state.buy?.step === 'maker' ? state.buy.maker : '';
  const comps = useMemo(() => completions(data.ruleset.suppliers, maker), [data.ruleset, maker]);
  const screen = top(state);
  const siteLineList = useMemo(() => (screen === 'site' ? siteView(state, data) : []), [screen, state.site?.id, data, size.columns]); // eslint-disable-line react-hooks/exhaustive-deps
  const answerLineList = useMemo(() => (screen === 'buy' ? buyView(state, data) : []), [screen, state.buy?.answer, data, size.columns]); // eslint-disable-line react-hooks/exhaustive-deps
  const previewLineList = useMemo(() => (state.wizard?.plan ? previewView(state) : []), [state.wizard?.plan, state.wizard?.dropped, size.columns]); // eslint-disable-line react-hooks/exhaustive-deps
  const errorLineList = useMemo(() => (state.inventory.showErrors ? errorsView(state, data) : []), [state.inventory.showErrors, data, size.columns]); // eslint-disable-line react-hooks/exhaustive-deps

  const run = (command: Command, s: AppState): void => {
    switch (command.type) {
      case 'quit':
        exit();
        return;
      case 'repaint':
        repaint?.();
        dispatch({ type: 'resize', size: { ...size } });
        return;
      case 'reload':
        reload(selectedSite(s.inventory, data.index)).then(
          (next) => dispatch({ type: 'notice', text: `Read again: ${next.report.summary.sites} site${next.report.summary.sites === 1 ? '' : 's'}, ${next.report.errors.length} input error${next.report.errors.length === 1 ? '' : 's'}.` }),
          (e: unknown) => dispatch({ type: 'notice', text: `Could not read the files again: ${(e as Error).message}` }),
        );
        return;
      case 'evidence': {
        const recorder = s.recorder;
        const input = recorder ? evidenceInput(s, data, recorder, today()) : undefined;
        if (!input) {
          dispatch({ type: 'notice', text: 'Could not write an evidence record: there is no answer on screen yet.' });
          return;
        }
        try {
          const [md, json] = writeEvidence(evidenceRecord(input));
          dispatch({ type: 'notice', text: `Evidence written: ${md} and ${json}` });
        } catch (e) {
          dispatch({ type: 'notice', text: `Could not write the evidence record: ${(e as Error).message}` });
        }
        return;
      }
      case 'reload-reapply':
        reload(s.wizard?.siteId).then(
          () => dispatch({ type: 'wizard', action: { type: 'reapply' } }),
          (e: unknown) => dispatch({ type: 'wizard', action: { type: 'save-failed', message: `Could not read the files again: ${(e as Error).message}`, conflict: true } }),
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

  // A message from the last key (evidence written, a failed read) is shown in the footer, except on
  // the inventory, which shows it in place of its search line.
  const status = busy ?? progressText(data) ?? (screen !== 'inventory' && !state.help ? state.notice : undefined);
  const footer = footerFor(tableFor(state, ctx), size.columns - (status ? status.length + 3 : 0));
  const site = state.site ? data.index.sites[data.index.indexOf(state.site.id)] : undefined;
  let body;
  if (state.askWho) {
    const a = state.askWho;
    body = (
      <Box flexDirection="column">
        <Text bold>Who is asking, and on what authority?</Text>
        <Text dimColor wrap="truncate-end">Asked once this session; written into the evidence record (and into assessment notes on a save).</Text>
        <Text> </Text>
        <Text>{a.focus === 0 ? '› ' : '  '}Asked by: {a.focus === 0 ? <FieldText field={{ text: a.by, cursor: a.cursor }} /> : a.by}</Text>
        <Text>{a.focus === 1 ? '› ' : '  '}On the authority of: {a.focus === 1 ? <FieldText field={{ text: a.authority, cursor: a.cursor }} /> : a.authority}</Text>
        {a.error ? <StyledLine line={[seg(a.error, 'red')]} /> : null}
      </Box>
    );
  } else if (state.help) {
    body = <HelpOverlay lines={helpView(tableFor({ ...state, help: false }, ctx), size.columns)} top={state.helpTop} height={helpHeight(size)} screen={screen} />;
  } else if (screen === 'inventory') {
    body = <InventoryScreen state={state.inventory} index={data.index} report={data.report} width={size.columns} notice={state.notice} quitAsk={state.quitAsk} errorLines={errorLineList} errorsHeight={errorsHeight(size)} loading={data.loading !== undefined} />;
  } else if (screen === 'site' && state.pickItem && state.site) {
    const items = ctx.items?.(state.site.id) ?? [];
    body = (
      <Box flexDirection="column">
        <Text bold>Equipment at {state.site.id}: choose an item to edit (Enter) or remove (x)</Text>
        {items.map((l, i) => <Text key={l} inverse={i === state.pickItem!.cursor} wrap="truncate-end">{i === state.pickItem!.cursor ? '› ' : '  '}{l}</Text>)}
      </Box>
    );
  } else if (screen === 'site') {
    body = site ? <SiteScreen lines={siteLineList} top={state.site!.top} height={textHeight(size)} /> : <Text>{state.site?.id} is no longer in the inventory (its file changed). Press q to go back.</Text>;
  } else if (screen === 'buy' && state.buy) {
    body = <BuyScreen state={state.buy} index={data.index} ruleset={data.ruleset} completions={comps} width={size.columns} lines={answerLineList} answerHeight={answerHeight(size)} />;
  } else if (screen === 'wizard' && state.wizard) {
    body = <WizardScreen state={state.wizard} ruleset={data.ruleset} width={size.columns} recorder={state.recorder} previewLines={previewLineList} previewHeight={previewHeight(size, state.wizard.plan?.flags.length ?? 0)} taken={(() => {
      const q = state.wizard.questions[state.wizard.step];
      return q?.path === 'id' && state.wizard.status === 'editing' && state.wizard.input.trim() !== '' ? idTaken(data, state.wizard.input.trim()) : undefined;
    })()} />;
  }
  return (
    <Box flexDirection="column" width={size.columns} height={size.rows}>
      <Box flexDirection="column" height={size.rows - 1} overflow="hidden">{body}</Box>
      <KeyBar keys={footer} {...(status ? { status } : {})} />
    </Box>
  );
}
