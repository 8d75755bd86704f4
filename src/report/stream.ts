// `sitecheck report` at any scale: the inventory is checked through the pipeline (src/scale/
// pipeline.ts: the main thread or worker threads, sites handed on in output order) and each site is
// rendered as it comes, so no Report, Inventory or SiteResult list is ever held whole. The summary
// and the action list come first in the file but depend on every site, so each site's pieces (its
// action rows, its detail or compact row, its provenance record) are spooled in memory compressed
// (deflate, in batches of about a megabyte) and inflated into the file once the run ends. What is
// kept per site otherwise is its outline (verdict and finding kinds) and, per file, its digest.
// The bytes are those of the whole-Report renderers (renderHtml, renderMarkdown, renderEvidence):
// both are made of the same pieces (html.ts, markdown.ts), and tests/report/report-streamed.test.ts
// compares them.
import { createHash, randomUUID } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { buildReport, loadRules } from '../check.js';
import { runInventory } from '../scale/pipeline.js';
import { safeWriteFile } from '../util/safe-write.js';
import type { RedactSpec } from '../handling/redact.js';
import type { InputError, SiteResult, SkippedEntry } from '../model.js';
import type { Ruleset } from '../rules/ruleset.js';
import type { SiteOutline } from '../scale/file-task.js';
import { decodePieces, sitePieces } from './pieces.js';
import { markReport } from '../handling/marking.js';
import type { ReportInput } from './describe.js';
import { HTML_END, htmlHead, HtmlSiteRows, htmlTail, type Push, type PushBytes } from './html.js';
import { MD_END, markdownHead, MarkdownSiteRows, markdownTail } from './markdown.js';
import { assembleProvenance, provenanceShell, type EvidenceKind, type Provenance, type ProvenanceOptions } from './provenance.js';

/** Text kept compressed in memory, in the order pushed; read back once by drain(). */
export class Spool {
  private parts: (string | Uint8Array)[] = [];
  private size = 0;
  private blocks: (Buffer | undefined)[] = [];
  /** Compressed bytes held. */
  compressed = 0;
  /** Characters pushed in all. */
  pushed = 0;
  constructor(private readonly batch = 1 << 20) {}

  push(text: string | Uint8Array): void {
    this.parts.push(text);
    this.size += text.length;
    this.pushed += text.length;
    if (this.size >= this.batch) this.seal();
  }

  private seal(): void {
    if (this.parts.length === 0) return;
    const parts = this.parts;
    const block = deflateRawSync(parts.every((p) => typeof p === 'string') ? parts.join('') : Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p))), { level: 1 });
    this.blocks.push(block);
    this.compressed += block.length;
    this.parts = [];
    this.size = 0;
  }

  /** The text pushed, as UTF-8, a batch at a time; each batch is let go once read. */
  *drain(): Generator<Buffer> {
    this.seal();
    const blocks = this.blocks;
    this.blocks = [];
    for (let i = 0; i < blocks.length; i++) {
      const block = blocks[i]!;
      blocks[i] = undefined;
      this.compressed -= block.length;
      yield inflateRawSync(block);
    }
  }
}

export interface StreamedReportOptions extends ProvenanceOptions {
  readonly kind: EvidenceKind;
  readonly ruleset: Ruleset;
  readonly asOf: string;
  /** The protective marking (--marking), or none. */
  readonly marking?: string;
}

/** One line of the file: the renderers end every piece they push with '\n'. */
const line = (spool: Spool): PushBytes => (text) => {
  spool.push(text);
  spool.push('\n');
};

/** The report being written: sites added in output order, then chunks() gives the file. */
export class StreamedReport {
  private readonly inputs: { file: string; sha256: string | null }[] = [];
  /** The site tables (HTML, Markdown) or the sites' JSON (JSON evidence). */
  private readonly tables = [new Spool(), new Spool(), new Spool(), new Spool()] as const;
  private readonly to: readonly [PushBytes, PushBytes, PushBytes, PushBytes];
  /** The provenance site records as the report embeds them, and as their digest reads them. */
  private readonly records = new Spool();
  private readonly canonical = new Spool();
  private readonly rows: HtmlSiteRows | MarkdownSiteRows | undefined;
  private sites = 0;

  constructor(private readonly opts: StreamedReportOptions) {
    this.to = [line(this.tables[0]), line(this.tables[1]), line(this.tables[2]), line(this.tables[3])];
    this.rows = opts.kind === 'html' ? new HtmlSiteRows(opts.ruleset) : opts.kind === 'md' ? new MarkdownSiteRows(opts.ruleset) : undefined;
  }

  /** A file read, in inventory order (its digest, or undefined when it could not be read). */
  file(file: string, sha256: string | undefined): void {
    this.inputs.push({ file, sha256: sha256 ?? null });
  }

  /** A site, in output order. */
  site(site: SiteResult): void {
    this.pieces(Buffer.from(sitePieces(this.opts.kind, site, this.opts.ruleset), 'utf8'));
  }

  /** A site's pieces (sitePieces, made here or in a worker thread), in output order. */
  pieces(bytes: Uint8Array): void {
    const first = this.sites++ === 0;
    const p = decodePieces(bytes);
    const sep = (s: string): void => {
      if (!first) this.records.push(s);
    };
    if (this.opts.kind === 'json') {
      if (!first) this.tables[0].push(',\n    ');
      this.tables[0].push(p[0]!);
      sep(',\n        ');
      this.records.push(p[1]!);
      if (!first) this.canonical.push(',');
      this.canonical.push(p[2]!);
    } else {
      this.rows!.place({ act: p[0]!, settle: p[1]!, detail: p[2]!, row: p[3]! }, this.to);
      sep(',');
      this.records.push(p[4]!);
      if (!first) this.canonical.push(',');
      this.canonical.push(p[5]!);
    }
  }

  /** Compressed bytes held so far (the spools). */
  held(): number {
    return [...this.tables, this.records, this.canonical].reduce((n, s) => n + s.compressed, 0);
  }

  /** Characters of the report (and of its digest's input) rendered so far, site by site. */
  rendered(): number {
    return [...this.tables, this.records, this.canonical].reduce((n, s) => n + s.pushed, 0);
  }

  /**
   * The report's text, in order, once every site is added: `outlines` are every site's outline,
   * `errors` the sorted input errors, as the pipeline returns them. Also sets `provenance` and
   * `summary`, for the command's closing line.
   */
  *chunks(outlines: readonly SiteOutline[], errors: readonly InputError[], skipped: readonly SkippedEntry[]): Generator<string | Buffer> {
    const { kind, ruleset, asOf, marking } = this.opts;
    // Everything the report says about the run as a whole, from the outlines (summary) alone.
    const report = buildReport(ruleset, asOf, outlines as unknown as SiteResult[], errors, skipped);
    const digest = createHash('sha256').update(`{"errors":${errors.length},"sites":[`);
    for (const block of this.canonical.drain()) digest.update(block);
    digest.update(']}');
    const prov = assembleProvenance(report.tool.version, asOf, this.inputs, ruleset, this.opts, { sha256: digest.digest('hex'), sites: [], errors: errors.length });
    this.provenance = prov;
    this.summary = report.summary;
    const input: ReportInput = { report, ruleset, provenance: prov };
    if (kind === 'json') {
      yield* this.json(input);
      return;
    }
    const text = (fill: (push: Push) => void): string => {
      const lines: string[] = [];
      fill((l) => void lines.push(l));
      return lines.map((l) => l + '\n').join('');
    };
    const rows = this.rows!;
    const head = text((push) => (kind === 'html' ? htmlHead : markdownHead)(input, push));
    const tail = text((push) => {
      rows.between(3, push);
      (kind === 'html' ? htmlTail : markdownTail)(input, push);
    });
    // The marking goes at the top and just before the embedded provenance: mark the text around a
    // placeholder for everything in between (which holds neither place).
    const gap = `\u0000sitecheck-${randomUUID()}\u0000`;
    const marked = markReport(kind, head + gap + tail, marking);
    const at = marked.indexOf(gap);
    yield marked.slice(0, at);
    for (const k of [0, 1, 2] as const) {
      yield* this.tables[k].drain();
      yield text((push) => rows.between(k, push));
    }
    yield* this.tables[3].drain();
    yield marked.slice(at + gap.length);
    const [open, close] = provenanceShell(prov);
    yield open;
    yield* this.records.drain();
    yield close;
    yield kind === 'html' ? HTML_END : MD_END;
  }

  /** JSON evidence: the `check --format json` report with "provenance" added, as JSON.stringify(…, null, 2) writes it. */
  private *json(input: ReportInput): Generator<string | Buffer> {
    const { report, provenance: prov } = input;
    const mark = (t: string): string => markReport('json', t, this.opts.marking);
    if (this.sites === 0) {
      yield mark(JSON.stringify({ ...report, sites: [], provenance: prov }, null, 2) + '\n');
      return;
    }
    const id = randomUUID();
    const [s, r] = [`sitecheck-sites-${id}`, `sitecheck-records-${id}`];
    const frame = JSON.stringify({ ...report, sites: [s], provenance: { ...prov, results: { ...prov.results, sites: [r] } } }, null, 2) + '\n';
    const atS = frame.indexOf(`"${s}"`);
    const atR = frame.indexOf(`"${r}"`);
    yield mark(frame.slice(0, atS));
    yield* this.tables[0].drain();
    yield frame.slice(atS + s.length + 2, atR);
    yield* this.records.drain();
    yield frame.slice(atR + r.length + 2);
  }

  /** Set by chunks(): the provenance recorded (its site records excepted) and the summary. */
  provenance: Provenance | undefined;
  summary: ReturnType<typeof buildReport>['summary'] | undefined;
}

export interface WriteReportOptions extends Omit<StreamedReportOptions, 'ruleset'> {
  readonly ruleset?: Ruleset;
  /** The file to write (through a temporary file beside it, renamed over it once complete). */
  readonly out: string;
  readonly overwrite: boolean;
  /** --redact: each site is redacted where it is made, the input errors at the end. */
  readonly redact?: RedactSpec;
  /** Worker threads (runInventory's default when absent). */
  readonly jobs?: number;
  /** Tests: each piece of the file as it is written. */
  readonly onWrite?: (bytes: number) => void;
  /** Tests: after each site is added (what is spooled so far). */
  readonly onSite?: (report: StreamedReport) => void;
}

/**
 * Check the inventory through the pipeline and write the report to `out`. Throws as runInventory
 * does (RulesError, MissingPathError) and as safeWriteFile does (WriteRefusedError, I/O errors).
 */
export async function writeReport(paths: readonly string[], opts: WriteReportOptions): Promise<{ report: StreamedReport; outlines: readonly SiteOutline[]; errors: readonly InputError[] }> {
  const ruleset = opts.ruleset ?? loadRules(opts);
  const streamed = new StreamedReport({ ...opts, ruleset });
  const result = await runInventory(paths, {
    asOf: opts.asOf,
    ...(opts.rulesDir !== undefined ? { rulesDir: opts.rulesDir } : {}),
    ...(opts.paramsFile !== undefined ? { paramsFile: opts.paramsFile } : {}),
    limits: opts.limits,
    ruleset,
    // Each site's pieces are rendered where it is evaluated (in the worker threads, if any).
    mode: `report-${opts.kind}`,
    ...(opts.jobs !== undefined ? { jobs: opts.jobs } : {}),
    ...(opts.redact ? { redact: opts.redact } : {}),
    onFile: (file, done) => streamed.file(file, done.sha256),
    onSite: (site) => {
      const json = site.json!;
      streamed.pieces(typeof json === 'string' ? Buffer.from(json, 'utf8') : json);
      opts.onSite?.(streamed);
    },
  });
  safeWriteFile(opts.out, (write) => {
    // Into writes of about a megabyte (a write per piece would be a system call per line).
    let parts: (string | Buffer)[] = [];
    let size = 0;
    const flush = (): void => {
      if (parts.length === 0) return;
      const bytes = Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
      parts = [];
      size = 0;
      write(bytes);
      opts.onWrite?.(bytes.length);
    };
    for (const chunk of streamed.chunks(result.outlines, result.errors, result.skipped)) {
      parts.push(chunk);
      size += chunk.length;
      if (size >= 1 << 20) flush();
    }
    flush();
  }, { overwrite: opts.overwrite });
  return { report: streamed, outlines: result.outlines, errors: result.errors };
}
