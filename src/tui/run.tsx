// Start the TUI. Loaded only by `sitecheck tui` (through a dynamic import), so that `check` never
// loads Ink or React.
import { render } from 'ink';
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { App } from './components/App.js';
import { ColorContext } from './theme.js';
import { loadData, type LoadOptions } from './data.js';

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

export async function runTui(paths: readonly string[], opts: RunOptions): Promise<number> {
  const data = await loadData(paths, opts);
  const instance = render(
    <ColorContext.Provider value={opts.color}>
      <App data={data} newSiteDir={newSiteDir(paths)} />
    </ColorContext.Provider>,
    { exitOnCtrlC: true, patchConsole: false, ...(opts.stdin ? { stdin: opts.stdin } : {}), ...(opts.stdout ? { stdout: opts.stdout } : {}) },
  );
  await instance.waitUntilExit();
  return 0;
}
