// Driving the built TUI in a real terminal: a tmux server of the test's own (-L), a session per
// run of the program, keys sent as a user types them and the screen read back with capture-pane.
// Shared by the end-to-end suites (tui-e2e.test.ts, tui-e2e-flows.ts, tui-e2e-scope.test.ts).
//
// The keys and the screen go through one tmux client in control mode (tmux -C) rather than a tmux
// process per command: a flow reads the screen hundreds of times.
//
// Waiting is on what the terminal shows, never on a fixed time where the program can say it is
// ready:
// - a started program is ready for keys once its screen shows the given text *and* its terminal
//   is in raw mode (stty: no icanon), which Ink turns on when the input hook attaches;
// - after each key, the next one goes when the screen has changed (the program has read the key
//   and drawn its answer: two keys read in one go would reach its handlers in one batch, before
//   React has drawn the first, or be taken as Alt+key after an Escape), and not before a short
//   gap; a key that changes nothing on the screen is given the fixed time the suites always gave
//   it (60 ms, 150 ms after an Escape).
import { execFileSync, spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** tmux key names sent as keys; anything else is sent as literal text. */
const NAMED = /^(Enter|Escape|Tab|BTab|Up|Down|Left|Right|PageDown|PageUp|End|Home|BSpace|C-l)$/;

/** The shortest time between two keys. */
const MIN_GAP_MS = 20;
/** How often the screen is read while waiting. */
const POLL_MS = 10;

/** A tmux client in control mode: one command at a time, its output as tmux prints it. */
class Control {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: { resolve: (out: string) => void; reject: (e: Error) => void; command: string }[] = [];
  private rest = '';
  private block: string[] | undefined;
  private ended: Error | undefined;

  constructor(socket: string) {
    // The client attaches to a session of its own, which also keeps the server up between runs
    // (for a quarter of an hour at most, should the suite never get to kill the server).
    execFileSync('tmux', ['-L', socket, 'new-session', '-d', '-s', 'control', '-x', '20', '-y', '5', 'sleep 900']);
    this.child = spawn('tmux', ['-L', socket, '-C', 'attach-session', '-t', 'control'], { stdio: ['pipe', 'pipe', 'pipe'] });
    // The first block answers the attach itself.
    this.waiting.push({ resolve: () => undefined, reject: () => undefined, command: 'attach-session' });
    this.child.stdout.setEncoding('utf8').on('data', (d: string) => this.read(d));
    this.child.on('close', () => this.end(new Error('the tmux control client ended')));
    this.child.on('error', (e) => this.end(e));
  }

  private end(e: Error): void {
    this.ended ??= e;
    for (const w of this.waiting.splice(0)) w.reject(e);
  }

  private read(data: string): void {
    const lines = (this.rest + data).split('\n');
    this.rest = lines.pop()!;
    for (const line of lines) {
      if (this.block === undefined) {
        if (/^%begin \d+ \d+ \d+$/.test(line)) this.block = [];
        // Anything else outside a block is a notification (%session-changed, %exit…).
        continue;
      }
      const end = /^%(end|error) \d+ \d+ \d+$/.exec(line);
      if (!end) {
        this.block.push(line);
        continue;
      }
      const out = this.block.length ? this.block.join('\n') + '\n' : '';
      this.block = undefined;
      const w = this.waiting.shift();
      if (!w) continue;
      if (end[1] === 'end') w.resolve(out);
      else w.reject(new Error(`tmux ${w.command}: ${out.trim()}`));
    }
  }

  /** Run one tmux command (its words already quoted for tmux where need be). */
  run(command: string): Promise<string> {
    if (this.ended) return Promise.reject(this.ended);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject, command });
      this.child.stdin.write(command + '\n');
    });
  }

  close(): void {
    this.child.stdin.end();
  }
}

/** A session or key name as one tmux word: the suites use only these characters in them. */
function word(s: string): string {
  if (!/^[\w.:-]+$/.test(s)) throw new Error(`not a plain tmux word: ${JSON.stringify(s)}`);
  return s;
}

export class Tmux {
  readonly socket: string;
  private control: Control | undefined;

  constructor(name: string) {
    this.socket = `sitecheck-${name}-${process.pid}`;
  }

  /** A tmux command as a process of its own (for what is done once: new-session, resize-window…). */
  run(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  private client(): Control {
    return (this.control ??= new Control(this.socket));
  }

  /** The visible screen of `session` (with its colour codes when `escapes`), as capture-pane -p prints it. */
  screen(session: string, escapes = false): Promise<string> {
    return this.client().run(`capture-pane -p ${escapes ? '-e ' : ''}-t ${word(session)}`);
  }

  /** Wait until the screen shows `text`; returns the screen. */
  async see(session: string, text: string | RegExp, timeoutMs = 15_000): Promise<string> {
    const end = Date.now() + timeoutMs;
    const ok = (s: string) => (typeof text === 'string' ? s.includes(text) : text.test(s));
    for (;;) {
      const s = await this.screen(session);
      if (ok(s)) return s;
      if (Date.now() > end) throw new Error(`the terminal did not show ${typeof text === 'string' ? JSON.stringify(text) : String(text)}; it showed:\n${s}`);
      await pause(25);
    }
  }

  /** Whether the terminal of `session` is in raw mode (the program reads keys one by one). */
  async rawMode(session: string): Promise<boolean> {
    const tty = (await this.client().run(`display-message -p -t ${word(session)} '#{pane_tty}'`)).trim();
    const r = spawnSync('stty', ['-F', tty, '-a'], { encoding: 'utf8' });
    return r.status === 0 && /(^|\s)-icanon(\s|$)/.test(r.stdout);
  }

  /** Wait until the screen shows `text` and the program takes keys; returns the screen. */
  async ready(session: string, text: string | RegExp, timeoutMs = 15_000): Promise<string> {
    const end = Date.now() + timeoutMs;
    const s = await this.see(session, text, timeoutMs);
    while (!(await this.rawMode(session))) {
      if (Date.now() > end) throw new Error(`the program in the terminal did not turn on raw mode; it showed:\n${await this.screen(session)}`);
      await pause(POLL_MS);
    }
    return s;
  }

  /** Send keys: literal text, or tmux key names (Enter, Escape, Tab…), each once the last was taken. */
  async send(session: string, ...keys: string[]): Promise<void> {
    const c = this.client();
    for (const k of keys) {
      const before = await this.screen(session);
      const sent = Date.now();
      if (NAMED.test(k)) await c.run(`send-keys -t ${word(session)} ${k}`);
      // Printable ASCII as the bytes' hex codes (send-keys -H): nothing in it is read by tmux's parser.
      else if (/^[\x20-\x7e]+$/.test(k)) await c.run(`send-keys -t ${word(session)} -H ${[...k].map((ch) => ch.charCodeAt(0).toString(16)).join(' ')}`);
      else this.run('send-keys', '-t', session, '-l', k);
      const end = sent + (k === 'Escape' ? 150 : 60);
      for (;;) {
        await pause(POLL_MS);
        const now = Date.now();
        if (now >= end || (now - sent >= MIN_GAP_MS && (await this.screen(session)) !== before)) break;
      }
    }
  }

  /** Stop the server and every session on it. */
  kill(): void {
    this.control?.close();
    this.control = undefined;
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
  }
}
