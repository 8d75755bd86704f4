// Rendering the TUI into ink-testing-library's fake terminal, and typing at it.
import { render } from 'ink-testing-library';
import { App } from '../../src/tui/components/App.js';
import { ColorContext } from '../../src/tui/theme.js';
import type { TuiData } from '../../src/tui/data.js';
import { waitFor } from './tui-fixtures.js';

export const KEY = { enter: '\r', esc: '\u001b', up: '\u001b[A', down: '\u001b[B', left: '\u001b[D', tab: '\t', backspace: '\u007f', end: '\u001b[F', pageDown: '\u001b[6~' } as const;

export type Screen = ReturnType<typeof render> & {
  /** Type keys one at a time, letting the app draw between them. */
  keys: (...keys: string[]) => Promise<void>;
  /** Wait until the screen shows `text` (or the test fails with the screen it saw). */
  see: (text: string | RegExp) => Promise<string>;
  frame: () => string;
};

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function renderApp(data: TuiData, opts: { color?: boolean; columns?: number; rows?: number; newSiteDir?: string } = {}): Promise<Screen> {
  const r = render(
    <ColorContext.Provider value={opts.color ?? false}>
      <App data={data} newSiteDir={opts.newSiteDir ?? data.paths[0]!} />
    </ColorContext.Provider>,
  );
  const columns = opts.columns ?? 80;
  const rows = opts.rows ?? 24;
  Object.defineProperty(r.stdout, 'columns', { configurable: true, get: () => columns });
  Object.defineProperty(r.stdout, 'rows', { configurable: true, get: () => rows });
  const frame = () => r.lastFrame() ?? '';
  const see = (text: string | RegExp) => waitFor(frame, (f) => (typeof text === 'string' ? f.includes(text) : text.test(f)), `the screen to show ${String(text)}`);
  // The input hook is attached in an effect after the first draw: wait for the first screen,
  // then for the stdin listener Ink adds.
  await see('sitecheck');
  await waitFor(() => r.stdin.listenerCount('readable') + r.stdin.listenerCount('data'), (n) => n > 0, 'the input hook');
  // Now that the effects (the resize listener among them) are attached, set the terminal's size.
  r.stdout.emit('resize');
  await waitFor(frame, (f) => Math.max(...f.split('\n').map((l) => l.length)) <= columns, `a frame at most ${columns} wide`);
  const keys = async (...ks: string[]) => {
    for (const k of ks) {
      r.stdin.write(k);
      await pause(15);
    }
    await pause(30);
  };
  return Object.assign(r, { keys, see, frame });
}
