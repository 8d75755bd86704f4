// A minimal Language Server Protocol client over stdio (JSON-RPC 2.0 with Content-Length framing),
// enough to open documents in the real yaml-language-server and read the diagnostics it publishes.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const SERVER = resolve(import.meta.dirname, '../../node_modules/yaml-language-server/bin/yaml-language-server');

export interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  message: string;
  severity?: number;
  source?: string;
}

type Message = { id?: number; method?: string; params?: unknown; result?: unknown; error?: unknown };

export class YamlLanguageServer {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, (m: Message) => void>();
  private readonly diagnostics = new Map<string, ((d: Diagnostic[]) => void)[]>();
  readonly stderr: string[] = [];

  constructor(private readonly settings: Record<string, unknown>) {
    this.child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: 'pipe' });
    this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
  }

  private send(m: Message): void {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...m }), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, end).toString('ascii'))?.[1]);
      if (this.buffer.length < end + 4 + length) return;
      const m = JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString('utf8')) as Message;
      this.buffer = this.buffer.subarray(end + 4 + length);
      this.handle(m);
    }
  }

  private handle(m: Message): void {
    if (m.id !== undefined && m.method === undefined) {
      this.pending.get(m.id)?.(m);
      this.pending.delete(m.id);
    } else if (m.method === 'workspace/configuration') {
      // One answer per item asked for: the `yaml` section, or nothing for the others.
      const items = (m.params as { items: { section?: string }[] }).items;
      this.send({ id: m.id, result: items.map((i) => (i.section === 'yaml' ? this.settings : null)) });
    } else if (m.id !== undefined) {
      this.send({ id: m.id, result: null }); // client/registerCapability and the like
    } else if (m.method === 'textDocument/publishDiagnostics') {
      const p = m.params as { uri: string; diagnostics: Diagnostic[] };
      const waiting = this.diagnostics.get(p.uri);
      waiting?.shift()?.(p.diagnostics);
    }
  }

  request(method: string, params: unknown): Promise<Message> {
    const id = this.nextId++;
    return new Promise((res) => {
      this.pending.set(id, res);
      this.send({ id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ method, params });
  }

  async start(root: string): Promise<void> {
    const rootUri = pathToFileURL(root).href;
    await this.request('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'repo' }],
      capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { relatedInformation: false } } },
    });
    this.notify('initialized', {});
    this.notify('workspace/didChangeConfiguration', { settings: { yaml: this.settings } });
  }

  /** Open a document and wait for the diagnostics published for it. */
  open(root: string, relPath: string, text: string, timeoutMs = 20_000): Promise<Diagnostic[]> {
    const uri = pathToFileURL(join(root, relPath)).href;
    return new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`no diagnostics for ${relPath} within ${timeoutMs} ms; server stderr:\n${this.stderr.join('')}`)), timeoutMs);
      const list = this.diagnostics.get(uri) ?? [];
      list.push((d) => {
        clearTimeout(timer);
        res(d);
      });
      this.diagnostics.set(uri, list);
      this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    });
  }

  async stop(): Promise<void> {
    await Promise.race([this.request('shutdown', null), new Promise((r) => setTimeout(r, 2000))]);
    this.notify('exit', null);
    this.child.kill();
  }
}
