// The JSON report written site by site, byte for byte what `JSON.stringify(report, null, 2) + '\n'`
// gives for the whole Report, so a 100,000-site inventory never needs its report (hundreds of MB
// of text) or its SiteResults in memory at once.
import { randomUUID } from 'node:crypto';
import type { InputError, Report, SiteResult, SkippedEntry } from '../model.js';
import { buildReport } from '../check.js';
import type { Ruleset } from '../rules/ruleset.js';
import type { SiteOutline } from './file-task.js';
import { siteSeparator, writeSiteJson, type ByteOut } from './json-bytes.js';

export interface TextSink {
  write(chunk: string | Uint8Array): unknown;
  once?(event: 'drain' | 'close' | 'error', listener: () => void): unknown;
  removeListener?(event: 'drain' | 'close' | 'error', listener: () => void): unknown;
}

/** Bytes at least this long are written as they are, not copied (push). */
const VIEW_MIN = 4096;

/**
 * Collects output into large writes of UTF-8 bytes (a write per site would be a syscall per site),
 * and says when the reader is behind: a pipe to a slow reader must slow the run down, not fill memory.
 */
export class Buffered implements ByteOut {
  private buf: Buffer;
  private at = 0;
  /** Bytes written as they are, not yet handed to the sink (see `view`). */
  private pending: Uint8Array | undefined;
  private blocked: Promise<void> | undefined;
  constructor(private readonly out: TextSink, private readonly limit = 1 << 20) {
    this.buf = Buffer.allocUnsafe(limit);
  }
  push(s: string | Uint8Array): void {
    if (typeof s !== 'string' && s.length >= VIEW_MIN) {
      this.view(s);
      return;
    }
    // (A string's UTF-8 is at most 3 bytes per UTF-16 unit.)
    const most = typeof s === 'string' ? s.length * 3 : s.length;
    if (most > this.limit) {
      // A formatter's large piece (a whole table, say) goes as it is, not through a buffer three times its size.
      this.flush();
      this.write(s);
      return;
    }
    this.reserve(most);
    if (typeof s === 'string') this.string(s);
    else this.bytes(s);
  }
  /**
   * Bytes large enough to write as they are (a worker's sites): not copied, and joined to the
   * bytes before them when they follow on in the same buffer (a file's sites), so that a file's
   * report text is one write.
   */
  private view(b: Uint8Array): void {
    const v = this.pending;
    if (v !== undefined && v.buffer === b.buffer && v.byteOffset + v.length === b.byteOffset) {
      this.pending = new Uint8Array(v.buffer, v.byteOffset, v.length + b.length);
    } else {
      this.flush();
      this.pending = b;
    }
  }
  reserve(n: number): void {
    if (this.pending !== undefined) this.flush();
    if (this.at + n > this.buf.length) {
      this.flush();
      if (n > this.buf.length) this.buf = Buffer.allocUnsafe(n);
    }
  }
  string(s: string): void {
    this.at += this.buf.write(s, this.at);
  }
  bytes(b: Uint8Array): void {
    this.buf.set(b, this.at);
    this.at += b.length;
  }
  flush(): void {
    // (Only one of the two is ever waiting: bytes are copied in only once a view is written.)
    if (this.pending !== undefined) {
      const v = this.pending;
      this.pending = undefined;
      this.write(v);
    }
    if (this.at === 0) return;
    const full = this.buf.subarray(0, this.at);
    // The sink may keep the bytes until they are written: the next ones go into a new buffer.
    this.buf = Buffer.allocUnsafe(this.limit);
    this.at = 0;
    this.write(full);
  }
  private write(chunk: string | Uint8Array): void {
    const ok = this.out.write(chunk);
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

  /**
   * Add one site as a worker wrote it (UTF-8, beginning with the separator that comes before it
   * in the report, which the report's first site goes without), in output order.
   */
  siteBytes(json: Uint8Array): void {
    if (this.head === undefined) {
      this.separator();
      this.buf.push(json.subarray(siteSeparator(this.compact).length));
    } else {
      this.buf.push(json);
    }
  }

  /** Add one site, written from its SiteResult, in output order. */
  siteResult(site: SiteResult): void {
    this.separator();
    writeSiteJson(site, this.buf, this.compact);
  }

  private separator(): void {
    if (this.head === undefined) {
      this.head = this.frame([], [])[0];
      this.buf.push(this.head);
    } else {
      this.buf.push(siteSeparator(this.compact));
    }
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
