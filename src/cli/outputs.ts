// Several outputs from one evaluation: `--format sarif --output out.sarif --format github`.
// Each --output applies to the --format just before it; a --format without --output goes to
// stdout, and at most one may. Files are written atomically (a temporary file beside them, renamed
// into place) and replace an existing file of the same name (CI outputs are regenerated on every
// run), but never a symbolic link or a folder. `check` writes every output site by site from the
// one run (beginOutputs); `diff` writes outputs rendered whole (writeRendered, with safe-write).
import { resolve } from 'node:path';
import type { Report } from '../model.js';
import { STREAMING, type Format } from '../format/registry.js';
import type { FormatContext, ReportHead, SiteWriter, Sink } from '../format/types.js';
import { safeWriteFile, WriteRefusedError } from '../util/safe-write.js';
import { colors } from '../util/color.js';
import { formatOption, UsageError, type OptionToken } from './options.js';
import { markingFor, withMarkingStream, type MarkingChoice } from '../handling/marking.js';

export interface OutputSpec {
  readonly format: Format;
  /** A file path, or undefined for stdout. */
  readonly file?: string;
}

export const OUTPUT_HELP = `  -o, --output FILE     write the output of the --format just before it to FILE (replacing it,
                        but never through a symbolic link) instead of stdout; repeat
                        --format/--output for several outputs from one run, such as:
                        --format sarif --output out.sarif --format github`;

/** The outputs asked for, in command-line order. Throws UsageError for an impossible combination. */
export function outputsOption(tokens: readonly OptionToken[], allowed?: readonly string[]): OutputSpec[] {
  const specs: { format: Format; file?: string; flag: string }[] = [];
  for (const t of tokens) {
    if (t.name === 'format') {
      specs.push({ format: formatOption(t.value, allowed), flag: `${t.rawName} ${t.value}` });
    } else if (t.name === 'output') {
      const last = specs[specs.length - 1];
      if (!last) throw new UsageError(`${t.rawName} ${t.value} must follow the --format it applies to (such as --format sarif ${t.rawName} ${t.value})`);
      if (last.file !== undefined) throw new UsageError(`${last.flag} already has an output file (${last.file}); give --format again before ${t.rawName} ${t.value}`);
      if (!t.value) throw new UsageError(`${t.rawName} needs a file name`);
      last.file = t.value === '-' ? undefined : t.value;
      if (t.value === '-') last.flag += ' (stdout)';
    }
  }
  if (specs.length === 0) return [{ format: formatOption(undefined, allowed) }];
  const toStdout = specs.filter((s) => s.file === undefined);
  if (toStdout.length > 1) {
    throw new UsageError(`only one output can go to stdout, but ${toStdout.map((s) => s.flag).join(' and ')} have no --output file`);
  }
  const seen = new Map<string, string>();
  for (const s of specs) {
    if (s.file === undefined) continue;
    const key = resolve(s.file);
    if (seen.has(key)) throw new UsageError(`${s.file} is the --output of two formats (${seen.get(key)} and ${s.format})`);
    seen.set(key, s.format);
  }
  return specs.map((s) => (s.file === undefined ? { format: s.format } : { format: s.format, file: s.file }));
}

/**
 * Begin every output of one run, each written site by site to its own sink by its streaming
 * formatter (the same code as FORMATS, so the same bytes): one `site` call hands a site to all.
 */
export function beginOutputs(
  outputs: readonly (OutputSpec & { readonly sink: Sink })[],
  head: ReportHead,
  ctx: FormatContext,
  marking?: MarkingChoice,
): SiteWriter {
  const writers = outputs.map((o) => {
    // --marking: each format's default unless asked (src/handling/marking.ts).
    const mark = markingFor(o.format, marking);
    const c = { ...ctx, ...(mark !== undefined ? { marking: mark } : {}) };
    // Files never get terminal colour codes.
    return withMarkingStream(o.format, STREAMING[o.format])(head, o.file === undefined ? c : { ...c, colors: colors(false) }, o.sink);
  });
  return {
    site(site) {
      for (const w of writers) w.site(site);
    },
    end(tail) {
      for (const w of writers) w.end(tail);
    },
  };
}

/** An output as text, or as a function that writes it to a sink piece by piece. */
export type Rendered = string | ((sink: Sink) => void);

/** Pieces of about this many characters are handed to the file or stdout. */
const CHUNK = 1 << 16;

/** Write each piece as it is made: to `write`, in pieces of about CHUNK characters. */
function streamTo(text: Rendered, write: (chunk: string) => void): void {
  if (typeof text === 'string') return write(text);
  let parts: string[] = [];
  let size = 0;
  text({
    write(chunk) {
      parts.push(chunk);
      size += chunk.length;
      if (size >= CHUNK) {
        write(parts.join(''));
        parts = [];
        size = 0;
      }
    },
  });
  if (size) write(parts.join(''));
}

/** Write outputs: the files (atomically, replacing them), then the one for stdout. */
export function writeRendered(rendered: readonly { readonly file?: string; readonly text: Rendered }[], stdout: NodeJS.WritableStream): void {
  for (const o of rendered) {
    if (o.file === undefined) continue;
    try {
      safeWriteFile(o.file, (write) => streamTo(o.text, write), { overwrite: true });
    } catch (e) {
      if (e instanceof WriteRefusedError) throw new UsageError(e.message);
      const code = (e as NodeJS.ErrnoException).code;
      throw new UsageError(`cannot write ${o.file}: ${code === 'ENOENT' ? 'its folder does not exist' : (code ?? (e as Error).message)}`);
    }
  }
  for (const o of rendered) if (o.file === undefined) streamTo(o.text, (chunk) => void stdout.write(chunk));
}

/** Where Markdown links to files should point when running in GitHub Actions. */
export function linkBaseFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_SHA: sha } = env;
  if (!server || !repo || !sha) return undefined;
  return `${server.replace(/\/+$/, '')}/${repo}/blob/${sha}/`;
}
