// `sitecheck check` at any scale: every output is written site by site as the pipeline hands the
// sites on (src/format/types.ts, StreamingFormatter), never from a whole Report; the output is
// what check() and the whole-Report formatter give, for any number of worker threads. A progress bar goes to stderr on a terminal; Ctrl-C stops the
// workers and exits 130.
import { buildReport, loadRules, today, type CheckOptions } from '../check.js';
import { exitCode, type FailOn, type Report, type SiteResult } from '../model.js';
import type { IO } from '../cli/options.js';
import { colorsFor } from '../cli/options.js';
import { beginOutputs, type OutputSpec } from '../cli/outputs.js';
import { runInventory } from './pipeline.js';
import { Buffered, JsonReportStream, type TextSink } from './report-stream.js';
import { Progress } from './progress.js';
import { AbortedError } from './pool.js';
import { closeSync, fchmodSync, fsyncSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../cli/options.js';
import { displayPath } from '../util/paths.js';
import { checkWriteTarget, WriteRefusedError } from '../util/safe-write.js';
import { markingFor, markStreamedJson, type MarkingChoice } from '../handling/marking.js';
import type { RedactSpec } from '../handling/redact.js';

/**
 * A --output file written as a stream: into a temporary file in the same folder (written with
 * synchronous writes, so nothing queues in memory), renamed over the target once complete (as
 * safeWriteFile does for outputs rendered whole, keeping a replaced file's permissions), removed on failure.
 */
/**
 * The input path, if any, under which `target` is a site file this run reads (the path itself, or
 * a `*.yaml`/`*.yml` file the walk would read below it): an --output there would replace a site file.
 */
export function inputHolding(target: string, paths: readonly string[]): string | undefined {
  let real: string;
  try {
    real = join(realpathSync(dirname(resolve(target))), basename(target));
  } catch {
    return undefined;
  }
  const siteName = ['.yaml', '.yml'].includes(extname(real).toLowerCase());
  for (const p of paths) {
    let root: string;
    try {
      root = realpathSync(p);
    } catch {
      continue;
    }
    if (real === root) return p;
    if (!siteName || !real.startsWith(root + sep)) continue;
    const parts = relative(root, real).split(sep);
    if (!parts.some((part) => part.startsWith('.') || part === 'node_modules')) return p;
  }
  return undefined;
}

function openStreamFile(target: string, inputs: readonly string[]): { sink: TextSink; commit(): void; discard(): void } {
  // Never through a link, into a folder or into a missing folder (the same refusals as safeWriteFile).
  try {
    checkWriteTarget(target);
  } catch (e) {
    if (e instanceof WriteRefusedError) throw new UsageError(e.message);
    throw e;
  }
  // Never over a site file of the inventory being checked (an --output typed in the wrong place).
  const holder = inputHolding(target, inputs);
  if (holder !== undefined) {
    throw new UsageError(`cannot write ${displayPath(target)}: it is a site file this run reads (under ${displayPath(holder)}), and an --output never replaces one; choose another file`);
  }
  let mode = 0o644;
  try {
    mode = statSync(target).mode & 0o7777;
  } catch {
    /* a new file */
  }
  const tmp = join(dirname(target), `.${basename(target)}.${randomUUID().slice(0, 8)}.tmp`);
  const refused = (e: unknown): UsageError => {
    const code = (e as NodeJS.ErrnoException).code;
    return new UsageError(`cannot write ${target}: ${code === 'ENOENT' ? 'its folder does not exist' : (code ?? (e as Error).message)}`);
  };
  let fd: number;
  try {
    fd = openSync(tmp, 'wx', mode);
    fchmodSync(fd, mode); // not narrowed by the umask
  } catch (e) {
    throw refused(e);
  }
  let closed = false;
  const discard = (): void => {
    if (!closed) {
      closed = true;
      try {
        closeSync(fd);
      } catch {
        /* already closed */
      }
    }
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
  };
  return {
    sink: {
      write(chunk: string | Uint8Array) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
        try {
          let off = 0;
          while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
        } catch (e) {
          throw refused(e);
        }
        return true;
      },
    },
    commit() {
      try {
        fsyncSync(fd);
        closed = true;
        closeSync(fd);
        renameSync(tmp, target);
      } catch (e) {
        discard();
        throw refused(e);
      }
    },
    discard,
  };
}

export interface CheckRun extends CheckOptions {
  readonly paths: readonly string[];
  readonly outputs: readonly OutputSpec[];
  /** For Markdown links to files (GitHub Actions). */
  readonly linkBase?: string;
  readonly failOn: readonly FailOn[];
  readonly jobs?: number;
  readonly quiet?: boolean;
  readonly noColor?: boolean;
  /** --marking: each output's default unless given. */
  readonly marking?: MarkingChoice;
  /** --redact / --redact-ids. */
  readonly redact?: RedactSpec;
  /** --compact: the JSON report without indentation (only when it is the one output). */
  readonly compact?: boolean;
}

export async function runCheck(run: CheckRun, io: IO): Promise<number> {
  if (run.compact && !(run.outputs.length === 1 && run.outputs[0]!.format === 'json')) {
    throw new UsageError('--compact applies to the JSON report: use it with one --format json (and its --output, if any) and no other format');
  }
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  // SIGTERM (a CI job cancelled, `timeout`) stops the run the same way, so no temporary file is left.
  let terminated = false;
  const onSigterm = (): void => {
    terminated = true;
    controller.abort();
  };
  process.once('SIGTERM', onSigterm);
  // A reader that goes away (`sitecheck check | head`) stops the run quietly, as SIGPIPE would.
  let pipeClosed = false;
  const onStdoutError = (e: NodeJS.ErrnoException): void => {
    if (e.code !== 'EPIPE') throw e;
    pipeClosed = true;
    controller.abort();
  };
  // (An IO given by a caller may be a bare writer with no events.)
  (io.stdout as Partial<NodeJS.WritableStream>).on?.('error', onStdoutError);
  const progress = new Progress(io.stderr, Progress.wanted(io.stderr, run.quiet === true, io.env));
  const ruleset = loadRules(run);
  const asOf = run.asOf ?? today();
  // One JSON report is written from each site's JSON text (made in the workers, sent as bytes);
  // any other output, or several, from the SiteResults, each written site by site by its
  // streaming formatter. Nothing keeps the sites: only each site's outline (for the summary).
  // A file is written into a temporary file beside it, renamed over it at the end.
  const jsonOnly = run.outputs.length === 1 && run.outputs[0]!.format === 'json';
  const files: { commit(): void; discard(): void }[] = [];
  try {
    const targets = run.outputs.map((o) => {
      if (o.file === undefined) return { ...o, raw: io.stdout as TextSink };
      const f = openStreamFile(o.file, run.paths);
      files.push(f);
      return { ...o, raw: f.sink };
    });
    const stream = jsonOnly ? new JsonReportStream(markStreamedJson(targets[0]!.raw, markingFor('json', run.marking), run.compact === true), ruleset, asOf, run.compact === true) : undefined;
    // Each output collected into large writes; a reader that is behind holds the run back.
    const buffers = jsonOnly ? [] : targets.map((t) => new Buffered(t.raw));
    const ready = (): Promise<void> | undefined => {
      let waits: Promise<void>[] | undefined;
      for (const b of buffers) {
        const r = b.ready();
        if (r) (waits ??= []).push(r);
      }
      return waits && Promise.all(waits).then(() => undefined);
    };
    const writer = jsonOnly ? undefined : beginOutputs(targets.map((t, k) => ({ format: t.format, file: t.file, sink: buffers[k]!.sink() })), buildReport(ruleset, asOf, [], []), {
      colors: colorsFor(io, run.noColor), ruleset, failOn: run.failOn, ...(run.linkBase ? { linkBase: run.linkBase } : {}),
    }, run.marking);
    const result = await runInventory(run.paths, {
      ...run,
      // Worker threads pay only for the JSON report, whose text they make. Every other format is
      // made in the main thread from each SiteResult, which workers would have to send as bytes
      // and the main thread decode: by default those run in one thread (measured with
      // bench/formats.mjs: with 2 workers each such format took 1.6-1.9 times as long as one
      // thread, at 10,000 to 100,000 sites). --jobs N still asks for N.
      jobs: run.jobs ?? (jsonOnly ? undefined : 1),
      ruleset,
      asOf,
      // Workers send the JSON report's text for each site; the main thread (-j1, or a file too
      // big for a worker) makes each site's text only as it writes it (a file's worth of text at
      // once is what made V8 grow the heap).
      mode: 'full',
      ...(jsonOnly ? { workerMode: run.compact ? 'compact' : 'json' } as const : {}),
      signal: controller.signal,
      onSite: (site) => {
        if (stream) {
          // From a worker, the site's bytes (json-bytes.ts); in this thread, its SiteResult.
          if (site.json instanceof Uint8Array) stream.siteBytes(site.json);
          else if (site.result && site.json === undefined) stream.siteResult(site.result);
          else throw new Error('a site reached the JSON report with neither its bytes nor its result');
        }
        else if (writer && site.result) writer.site(site.result);
      },
      onProgress: (n, bytes, total) => progress.update(n, bytes, total),
      backpressure: () => (stream ? stream.ready() : ready()),
    });
    progress.clear();
    if (stream) await stream.end(result.outlines, result.errors, result.skipped);
    else writer!.end(buildReport(result.ruleset, result.asOf, result.outlines as unknown as SiteResult[], result.errors, result.skipped));
    for (const b of buffers) b.flush();
    await ready();
    // A format that writes at the end (text, junit, sarif, markdown) meets a closed pipe only
    // here: the same quiet stop as a reader that goes away mid-run.
    if (pipeClosed) throw new AbortedError();
    for (const f of files) f.commit();
    return exitCode({ sites: result.outlines, errors: result.errors } as unknown as Report, run.failOn);
  } catch (e) {
    progress.clear();
    for (const f of files) f.discard();
    if (e instanceof AbortedError) {
      if (pipeClosed) return 141;
      if (terminated) {
        io.stderr.write('sitecheck: terminated\n');
        return 143;
      }
      io.stderr.write('sitecheck: interrupted\n');
      return 130;
    }
    throw e;
  } finally {
    process.removeListener('SIGINT', onSigint);
    process.removeListener('SIGTERM', onSigterm);
    if (!pipeClosed) (io.stdout as Partial<NodeJS.WritableStream>).removeListener?.('error', onStdoutError);
  }
}
