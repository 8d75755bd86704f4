// `sitecheck check` at any scale: the JSON report is streamed site by site; other formats get the
// whole Report, built from the same pipeline. Either way the output is what check() gives, for
// any number of worker threads. A progress bar goes to stderr on a terminal; Ctrl-C stops the
// workers and exits 130.
import { buildReport, loadRules, today, type CheckOptions } from '../check.js';
import { exitCode, type FailOn, type Report, type SiteResult } from '../model.js';
import type { IO } from '../cli/options.js';
import { colorsFor } from '../cli/options.js';
import { writeOutputs, type OutputSpec } from '../cli/outputs.js';
import { runInventory } from './pipeline.js';
import { JsonReportStream } from './report-stream.js';
import { Progress } from './progress.js';
import { AbortedError } from './pool.js';
import { closeSync, createWriteStream, fsyncSync, openSync, renameSync, unlinkSync, type WriteStream } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../cli/options.js';
import { checkWriteTarget, WriteRefusedError } from '../util/safe-write.js';
import { markingFor, markStreamedJson, type MarkingChoice } from '../handling/marking.js';
import type { RedactSpec } from '../handling/redact.js';

/**
 * A --output file written as a stream: into a temporary file in the same folder, renamed over the
 * target once complete (as safeWriteFile does for outputs rendered whole), removed on failure.
 */
function openStreamFile(target: string): { stream: WriteStream; commit(): Promise<void>; discard(): void } {
  // Never through a link, into a folder or into a missing folder (the same refusals as safeWriteFile).
  try {
    checkWriteTarget(target);
  } catch (e) {
    if (e instanceof WriteRefusedError) throw new UsageError(e.message);
    throw e;
  }
  const tmp = join(dirname(target), `.${basename(target)}.${randomUUID().slice(0, 8)}.tmp`);
  let fd: number;
  try {
    fd = openSync(tmp, 'wx', 0o644);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot write ${target}: ${code === 'ENOENT' ? 'its folder does not exist' : (code ?? (e as Error).message)}`);
  }
  const stream = createWriteStream(tmp, { fd, autoClose: false });
  let failed: NodeJS.ErrnoException | undefined;
  stream.on('error', (e) => {
    failed ??= e;
  });
  const close = (): Promise<void> => new Promise((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return {
    stream,
    async commit() {
      await close().catch((e: NodeJS.ErrnoException) => {
        failed ??= e;
      });
      if (failed) throw new UsageError(`cannot write ${target}: ${failed.code ?? failed.message}`);
      fsyncSync(fd);
      closeSync(fd);
      renameSync(tmp, target);
    },
    discard() {
      stream.destroy();
      try {
        closeSync(fd);
      } catch {
        /* already closed */
      }
      try {
        unlinkSync(tmp);
      } catch {
        /* already gone */
      }
    },
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
}

export async function runCheck(run: CheckRun, io: IO): Promise<number> {
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
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
  // One JSON report, to stdout or a file, is streamed; anything else is rendered from the whole
  // Report. A file is streamed into a temporary file beside it, renamed over it at the end.
  const only = run.outputs.length === 1 && run.outputs[0]!.format === 'json' ? run.outputs[0]! : undefined;
  const streaming = only !== undefined;
  const file = only?.file !== undefined ? openStreamFile(only.file) : undefined;
  const stream = streaming ? new JsonReportStream(markStreamedJson(file?.stream ?? io.stdout, markingFor('json', run.marking)), ruleset, asOf) : undefined;
  const sites: SiteResult[] = [];
  try {
    const result = await runInventory(run.paths, {
      ...run,
      ruleset,
      asOf,
      mode: streaming ? 'json' : 'full',
      signal: controller.signal,
      onSite: (site) => {
        if (stream && site.json !== undefined) stream.site(site.json);
        else if (site.result) sites.push(site.result);
      },
      onProgress: (n, bytes, total) => progress.update(n, bytes, total),
      backpressure: () => stream?.ready(),
    });
    progress.clear();
    if (stream) {
      await stream.end(result.outlines, result.errors, result.skipped);
      await file?.commit();
      return exitCode({ sites: result.outlines, errors: result.errors } as unknown as Report, run.failOn);
    }
    const report = buildReport(result.ruleset, result.asOf, sites, result.errors, result.skipped);
    writeOutputs(report, run.outputs, {
      colors: colorsFor(io, run.noColor), ruleset: result.ruleset, failOn: run.failOn, ...(run.linkBase ? { linkBase: run.linkBase } : {}),
    }, io.stdout, run.marking);
    return exitCode(report, run.failOn);
  } catch (e) {
    progress.clear();
    file?.discard();
    if (e instanceof AbortedError) {
      if (pipeClosed) return 141;
      io.stderr.write('sitecheck: interrupted\n');
      return 130;
    }
    throw e;
  } finally {
    process.removeListener('SIGINT', onSigint);
    if (!pipeClosed) (io.stdout as Partial<NodeJS.WritableStream>).removeListener?.('error', onStdoutError);
  }
}
