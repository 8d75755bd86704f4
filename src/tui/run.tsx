// Start the TUI. Loaded only by `sitecheck tui` (through a dynamic import), so that `check` never
// loads Ink or React. The TUI draws on the terminal's alternate screen (like k9s, lazygit, less):
// the shell's screen is restored on quit, on a crash, on Ctrl-C and on SIGTERM. The first frame is
// drawn before anything is read; the list fills in as the sites are evaluated.
import { render } from 'ink';
import { existsSync, statSync } from 'node:fs';
import { MissingPathError } from '../input/sites.js';
import { dirname } from 'node:path';
import { App } from './components/App.js';
import { ColorContext } from './theme.js';
import { emptyData, loadData, type LoadOptions, type TuiData } from './data.js';

export interface RunOptions extends LoadOptions {
  readonly color: boolean;
  readonly stdin?: NodeJS.ReadStream;
  readonly stdout?: NodeJS.WriteStream;
}

/** The folder new sites are saved in: the first path if it is a folder, else the first file's folder. */
export function newSiteDir(paths: readonly string[]): string {
  const first = paths[0] ?? 'sites';
  try {
    if (statSync(first).isDirectory()) return first.replace(/\/+$/, '') || '.';
  } catch {
    /* a missing path is reported by the loader */
  }
  return dirname(first);
}

const ENTER_ALT = '\u001b[?1049h\u001b[H';
const LEAVE_ALT = '\u001b[?25h\u001b[?1049l';
/** Clear the screen and home the cursor (the next frame is drawn whole). */
export const CLEAR = '\u001b[2J\u001b[3J\u001b[H';

/** Enter the alternate screen; the returned function leaves it (once, whatever called it). */
export function alternateScreen(out: NodeJS.WriteStream): () => void {
  if (!out.isTTY) return () => undefined;
  out.write(ENTER_ALT);
  let left = false;
  const leave = (): void => {
    if (left) return;
    left = true;
    out.write(LEAVE_ALT);
  };
  const onExit = (): void => leave();
  const onSignal = (signal: NodeJS.Signals): void => {
    leave();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  const onCrash = (e: unknown): void => {
    leave();
    process.stderr.write(`sitecheck tui: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(70);
  };
  const once: [string, (...args: never[]) => void][] = [
    ['SIGINT', onSignal], ['SIGTERM', onSignal], ['SIGHUP', onSignal],
    ['uncaughtException', onCrash], ['unhandledRejection', onCrash],
  ];
  process.on('exit', onExit);
  for (const [event, handler] of once) process.once(event, handler as () => void);
  return () => {
    leave();
    process.off('exit', onExit);
    for (const [event, handler] of once) process.off(event, handler as () => void);
  };
}

export async function runTui(paths: readonly string[], opts: RunOptions): Promise<number> {
  // The rules are read first: a bad rules folder is an error before the screen changes.
  const initial = emptyData(paths, opts);
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length > 0) throw new MissingPathError(missing);
  const out = opts.stdout ?? process.stdout;
  const load = (onBatch: (d: TuiData) => void): Promise<TuiData> => loadData(paths, opts, initial, onBatch);
  const leave = alternateScreen(out);
  try {
    const repaint = (): void => {
      if (out.isTTY) out.write(CLEAR);
    };
    const instance = render(
      <ColorContext.Provider value={opts.color}>
        <App data={initial} newSiteDir={newSiteDir(paths)} load={load} repaint={repaint} />
      </ColorContext.Provider>,
      { exitOnCtrlC: true, patchConsole: false, ...(opts.stdin ? { stdin: opts.stdin } : {}), ...(opts.stdout ? { stdout: opts.stdout } : {}) },
    );
    await instance.waitUntilExit();
  } finally {
    leave();
  }
  return 0;
}
