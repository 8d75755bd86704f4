// Saving the wizard's answers: a new site file, or an update of an existing one made through the
// `yaml` Document API so comments and layout survive. The text is checked exactly as `sitecheck
// check` would read it before anything is written, and the write is atomic and refuses to replace a
// file that changed on disk since it was read (util/safe-write.ts).
import { readFileSync } from 'node:fs';
import { schemaComment, schemaPathFor } from '../util/schema-line.js';
import { Document, isScalar, parseAllDocuments, stringify } from 'yaml';
import { loadSiteBytes } from '../input/sites.js';
import { safeWriteFile, sha256Of } from '../util/safe-write.js';
import type { AnswerValue } from './questions.js';
import { sameSiteId } from '../input/ids.js';

export class SaveError extends Error {}

function checkText(file: string, text: string, id: string): void {
  const loaded = loadSiteBytes(file, text);
  const mine = loaded.errors.filter((e) => e.site === undefined || sameSiteId(e.site, id));
  if (mine.length > 0 || !loaded.sites.some((s) => sameSiteId(s.data.id, id))) {
    const first = mine[0] ?? loaded.errors[0];
    throw new SaveError(first ? `the answers do not make a valid site: line ${first.line}: ${first.message}` : `the answers do not make a valid site`);
  }
}

/** The text of a new site file; with `file`, it starts with the schema line editors use for completion. */
export function newSiteText(data: Readonly<Record<string, unknown>>, file?: string): string {
  const doc = new Document(data);
  // The path for the layout found above the file (node_modules/sitecheck, or this repository).
  const schema = file ? schemaPathFor(file) : undefined;
  doc.commentBefore = [
    ...(schema ? [schemaComment(schema)] : []),
    ' Written by the sitecheck assessment wizard. `unknown` means the answer was "don’t know".',
  ].join('\n');
  return doc.toString({ lineWidth: 0 });
}

/** Write a new site file; never replaces an existing file. */
export function saveNewSite(file: string, data: Readonly<Record<string, unknown>>): void {
  const text = newSiteText(data, file);
  checkText(file, text, String(data.id));
  safeWriteFile(file, text);
}

/** A value written as YAML in flow position (`unknown`, `true`, `1200`, `TOP SECRET`). */
function scalarText(value: AnswerValue): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

/**
 * Set the answered facts in document `document` of an existing file, keeping everything else as
 * written. A fact already written (as `unknown`, say) is replaced where it stands, so its comment
 * and alignment stay; a fact not yet written is added through the `yaml` Document API, which
 * re-renders that one document (comments kept) and leaves the file's other documents untouched.
 */
export function updateSiteText(text: string, document: number, answers: Readonly<Record<string, AnswerValue>>): string {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) throw new SaveError('the file is empty');
  const doc = docs[document];
  if (!doc) throw new SaveError(`the file no longer has site number ${document + 1}`);
  if (doc.errors.length > 0) throw new SaveError(`the file no longer parses: ${doc.errors[0]!.message}`);
  const inPlace: { start: number; end: number; text: string }[] = [];
  let restructure = false;
  for (const [path, value] of Object.entries(answers)) {
    const node = doc.getIn(path.split('.'), true);
    if (isScalar(node) && node.range && (node.type === 'PLAIN' || node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE')) {
      inPlace.push({ start: node.range[0], end: node.range[1], text: scalarText(value) });
    } else restructure = true;
  }
  if (!restructure) {
    let out = text;
    for (const e of inPlace.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
    return out;
  }
  for (const [path, value] of Object.entries(answers)) doc.setIn(path.split('.'), value);
  const start = document === 0 ? 0 : docs[document - 1]!.range[2];
  const end = doc.range[2];
  return text.slice(0, start) + doc.toString({ lineWidth: 0 }) + text.slice(end);
}

export function saveExistingSite(file: string, id: string, document: number, answers: Readonly<Record<string, AnswerValue>>, expectedSha256: string | undefined): void {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new SaveError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const text = bytes.toString('utf8');
  if (expectedSha256 !== undefined && sha256Of(bytes) !== expectedSha256) {
    throw new SaveError(`${file} has changed on disk since it was read; not overwritten. Your answers are kept: reload (r on the inventory) and answer again, or edit the file by hand.`);
  }
  const updated = updateSiteText(text, document, answers);
  checkText(file, updated, id);
  safeWriteFile(file, updated, { expectedSha256: expectedSha256 ?? sha256Of(bytes) });
}
