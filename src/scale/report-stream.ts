// The JSON report written site by site, byte for byte what `JSON.stringify(report, null, 2) + '\n'`
// gives for the whole Report, so a 100,000-site inventory never needs its report (hundreds of MB
// of text) or its SiteResults in memory at once.
import { randomUUID } from 'node:crypto';
import type { InputError, Report, SiteResult, SkippedEntry } from '../model.js';
import { buildReport } from '../check.js';
import type { Ruleset } from '../rules/ruleset.js';
import type { SiteOutline } from './file-task.js';

/** One site as it appears inside the report's "sites" array, after its first line's indent. */
export function siteJson(site: SiteResult): string {
  // Stringified at the depth it has in the report, then cut out of its wrapper: exactly the
  // report's text for it, with no second pass over the string to re-indent it. (V8's own
  // JSON.stringify is faster here than any JavaScript writer, even one that reuses the text of
  // the traces sites share: that was tried, and measured slower.)
  const text = JSON.stringify({ s: [site] }, null, 2);
  return text.slice(WRAP_HEAD, text.length - WRAP_TAIL);
}
const WRAP_HEAD = '{\n  "s": [\n    '.length;
const WRAP_TAIL = '\n  ]\n}'.length;

export interface TextSink {
  write(chunk: string | Uint8Array): unknown;
  once?(event: 'drain' | 'close' | 'error', listener: () => void): unknown;
  removeListener?(event: 'drain' | 'close' | 'error', listener: () => void): unknown;
}

/**
 * Collects output into large writes (a write per site would be a syscall per site), and says when
 * the reader is behind: a pipe to a slow reader must slow the run down, not fill memory.
 */
export class Buffered {
  private parts: (string | Uint8Array)[] = [];
  private size = 0;
  private blocked: Promise<void> | undefined;
  constructor(private readonly out: TextSink, private readonly limit = 1 << 20) {}
  push(s: string | Uint8Array): void {
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= this.limit) this.flush();
  }
  flush(): void {
    if (this.parts.length === 0) return;
    const parts = this.parts;
    const text = parts.every((p) => typeof p === 'string')
      ? parts.join('')
      : Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
    const ok = this.out.write(text);
    this.parts = [];
    this.size = 0;
    if (ok === false && this.out.once && !this.blocked) {
      // A reader that goes away never drains: stop waiting then too (the caller sees the error).
      this.blocked = new Promise<void>((resolve) => {
        const done = (): void => {
          for (const ev of ['drain', 'close', 'error'] as const) this.out.removeListener?.(ev, done);
          this.blocked = undefined;
          resolve();
        };
        this.out.once!('drain', done);
        this.out.once!('close', done);
        this.out.once!('error', done);
      });
    }
  }
  /** A formatter's Sink that writes here. */
  sink(): { write(chunk: string): void } {
    return { write: (chunk) => this.push(chunk) };
  }
  /** Resolves once the reader has caught up (at once when it is not behind). */
  ready(): Promise<void> | undefined {
    return this.blocked;
  }
}

export class JsonReportStream {
  private readonly marker = `sitecheck-sites-${randomUUID()}`;
  private readonly buf: Buffered;
  private head: string | undefined;

  /** `compact`: the report as `JSON.stringify(report) + '\n'` gives it, sites as JSON.stringify(site). */
  constructor(out: TextSink, private readonly ruleset: Ruleset, private readonly asOf: string, private readonly compact = false) {
    this.buf = new Buffered(out);
  }

  private stringify(value: unknown): string {
    return this.compact ? JSON.stringify(value) : JSON.stringify(value, null, 2);
  }

  /** The report's text around the sites, split where the sites go. */
  private frame(outlines: readonly SiteOutline[], errors: readonly InputError[], skipped: readonly SkippedEntry[] = []): [string, string] {
    const report = buildReport(this.ruleset, this.asOf, outlines as unknown as SiteResult[], errors, skipped);
    const text = this.stringify({ ...report, sites: [this.marker] } satisfies Record<Exclude<keyof Report, 'skipped'>, unknown>) + '\n';
    const at = text.indexOf(`"${this.marker}"`);
    return [text.slice(0, at), text.slice(at + this.marker.length + 2)];
  }

  /** Resolves when the reader is ready for more; undefined when it already is. */
  ready(): Promise<void> | undefined {
    return this.buf.ready();
  }

  /** Add one site (as made by siteJson, or its UTF-8 bytes), in output order. */
  site(json: string | Uint8Array): void {
    if (this.head === undefined) {
      this.head = this.frame([], [])[0];
      this.buf.push(this.head);
    } else {
      this.buf.push(this.compact ? ',' : ',\n    ');
    }
    this.buf.push(json);
  }

  /** Finish the report; `outlines` are every site written, `errors` the sorted input errors. */
  async end(outlines: readonly SiteOutline[], errors: readonly InputError[], skipped: readonly SkippedEntry[] = []): Promise<void> {
    if (this.head === undefined) {
      this.buf.push(this.stringify(buildReport(this.ruleset, this.asOf, [], errors, skipped)) + '\n');
    } else {
      const [head, tail] = this.frame(outlines, errors, skipped);
      // Everything before the sites must not depend on them; if the Report ever changes so that
      // it does, fail loudly rather than write a report that differs from the in-memory one.
      if (head !== this.head) throw new Error('the JSON report header changed while streaming');
      this.buf.push(tail);
    }
    this.buf.flush();
    await this.buf.ready();
  }
}
