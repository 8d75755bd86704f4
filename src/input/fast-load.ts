// The loader's fast path (see fast-yaml.ts): a file's documents as plain values and positions from
// one walk of the CST, in place of parseYaml's Document trees. The loader goes on exactly as for
// the full path (schema validation, cross-field checks, error wording); a document's yaml Document
// is composed — by yaml's own Composer, from the same CST, so every node and position is the one
// parseAllDocuments gives — only when something asks for it (a validation error's position).
// A document the walk does not handle is read by the full path (parseYaml) on its own, at its own
// lines and columns; a file with anything else the walk does not handle is read whole by parseYaml.
import { Composer, LineCounter, type CST, type Document } from 'yaml';
import type { InputError, Position } from '../model.js';
import { fastParse, type OtherDocument } from './fast-yaml.js';
import { MAX_ERRORS_PER_FILE, parseYaml, type Limits, type SourceDocument, type SourceFile } from './yaml-source.js';

let enabled = process.env.SITECHECK_FAST_PATH !== '0';

/** Turn the fast path off or on (the property tests compare the two; SITECHECK_FAST_PATH=0 too). */
export function setFastPath(on: boolean): void {
  enabled = on;
}

/** A document read by the fast path: its positions are already known. */
interface FastSourceDocument extends SourceDocument {
  readonly fastPositions: Map<string, Position>;
  readonly fastEquipmentPositions: Position[];
}

/** The options parseYaml composes with (node ranges do not depend on them; errors are not asked for). */
const COMPOSE_OPTIONS = { uniqueKeys: false, strict: true, prettyErrors: false, merge: false, version: '1.2', schema: 'core' } as const;

/** The documents of a file, as parseYaml gives them, or undefined: then read the file with parseYaml. */
export function fastParseYaml(file: string, text: string, limits: Limits): SourceFile | undefined {
  if (!enabled) return undefined;
  const lineCounter = new LineCounter();
  const parsed = fastParse(text, limits, lineCounter);
  if (parsed === undefined) return undefined;
  const others = parsed.docs.filter((d): d is OtherDocument => 'other' in d);
  // Documents the walk left alone are read by parseYaml one at a time (below); that gives what
  // parseYaml of the whole file gives only while nothing file-wide is in play, so past a few such
  // documents, or near the file-wide checks, the whole file goes to parseYaml.
  if (others.length > MAX_OTHER_DOCUMENTS || (others.length > 0 && !isolatable(text, limits))) return undefined;
  if (!others.every((d) => endsCleanly(d.token))) return undefined;
  const documents: SourceDocument[] = [];
  const errors: InputError[] = [];
  for (let k = 0; k < parsed.docs.length; k++) {
    const d = parsed.docs[k]!;
    if ('other' in d) {
      const next = parsed.docs[k + 1]?.token.offset ?? text.length;
      if (lineCounter.linePos(d.token.offset).col !== 1) return undefined; // not at a line start: leave it all to parseYaml
      const alone = parseYaml(file, isolate(text, d.token.offset, next, lineCounter), limits);
      for (const e of alone.errors) errors.push(e);
      for (const src of alone.documents) documents.push({ ...src, index: d.index });
      if (alone.documents.length > 1 || errors.length > MAX_OTHER_ERRORS) return undefined;
      continue;
    }
    let composed: Document.Parsed | undefined;
    const src: FastSourceDocument = {
      file,
      index: d.index,
      value: d.value,
      position: d.position,
      lineCounter,
      fastPositions: d.positions,
      fastEquipmentPositions: d.equipmentPositions,
      get doc(): Document.Parsed {
        composed ??= [...new Composer({ ...COMPOSE_OPTIONS, lineCounter }).compose([d.token])][0] as Document.Parsed;
        return composed;
      },
    };
    documents.push(src);
  }
  return { documents, errors };
}

/** Most documents of a file read one by one by parseYaml; past this the whole file is. */
const MAX_OTHER_DOCUMENTS = 20;
/** Most errors from those documents (far below the file's cap, so the cap never comes into it). */
const MAX_OTHER_ERRORS = MAX_ERRORS_PER_FILE / 2;

/**
 * One document of the text (from `start` up to the next document's `---` at `end`, kept), on the
 * same lines as in the text: parseYaml of it reads that document exactly as parseYaml of the whole
 * text does, at the same lines and columns (a document starts a line, so its columns are its own).
 */
function isolate(text: string, start: number, end: number, lc: LineCounter): string {
  const before = lc.linePos(start).line - 1;
  return '\n'.repeat(before) + text.slice(start, end) + (end < text.length ? '---\n' : '');
}

/**
 * Can a document be read on its own? Not when parseYaml's file-wide checks could fire: the block
 * nesting scan (it can only reach its bound on a line that long) or the count of `---` markers.
 */
function isolatable(text: string, limits: Limits): boolean {
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end - start > MAX_ISOLATED_LINE) return false;
    start = end + 1;
  }
  let markers = 0;
  const re = /^---(?=[ \t\r\n]|$)/gm;
  while (re.exec(text) !== null) if (++markers >= limits.maxDocuments - 1) return false;
  return true;
}

/**
 * Does nothing in the document reach past its end, so that blanking what follows cannot change
 * how it reads? Block scalars (they take in trailing blank lines) and quoted scalars that are not
 * closed on their own line (they run on to the next marker, or to the end of the text) can.
 */
function endsCleanly(token: CST.Token | null | undefined): boolean {
  if (!token) return true;
  switch (token.type) {
    case 'document':
      return endsCleanly(token.value);
    case 'block-scalar':
      return false;
    case 'single-quoted-scalar':
    case 'double-quoted-scalar': {
      const src = token.source;
      return src.length >= 2 && src.indexOf('\n') < 0 && src[src.length - 1] === src[0];
    }
    case 'block-map':
    case 'block-seq':
    case 'flow-collection':
      return token.items.every((it) => endsCleanly(it.key) && endsCleanly(it.value));
    default:
      return true;
  }
}

/** Longest line of a file whose documents are read one by one (well under the nesting scan's 400). */
const MAX_ISOLATED_LINE = 300;

/** scalarPositions() of a document the fast path read, or undefined. */
export function fastPositions(src: SourceDocument): Map<string, Position> | undefined {
  return (src as Partial<FastSourceDocument>).fastPositions;
}

/** The positions of the `equipment` items of a document the fast path read, or undefined. */
export function fastEquipmentPositions(src: SourceDocument, equipment: readonly unknown[] | undefined): Position[] | undefined {
  const p = (src as Partial<FastSourceDocument>).fastEquipmentPositions;
  return p === undefined ? undefined : equipment ? p : [];
}
