// Saving the wizard's answers: a new site file, or an update of an existing one made as text so
// that every untouched line stays byte for byte (yaml-edit.ts). The text is checked exactly as `sitecheck
// check` would read it before anything is written, and the write is atomic and refuses to replace a
// file that changed on disk since it was read (util/safe-write.ts). Every save is planned first
// (the preview shows the exact change) and written only when the officer confirms it.
import { existsSync, readFileSync } from 'node:fs';
import { schemaComment, schemaPathFor } from '../util/schema-line.js';
import { Document } from 'yaml';
import { loadSiteBytes } from '../input/sites.js';
import { safeWriteFile, sha256Of, WriteRefusedError } from '../util/safe-write.js';
import { appendEquipment, removeEquipment, dropComments, editSiteText, EditError, type EditFlag, type EditResult } from './yaml-edit.js';
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
  const plan = planNewSite(file, data);
  writePlan(plan, plan.after);
}

/**
 * Set the answered facts in document `document` of an existing file, keeping every other line
 * byte for byte (see yaml-edit.ts). Returns the new text and the comments on changed lines.
 */
export function updateSiteText(text: string, document: number, answers: Readonly<Record<string, AnswerValue>>): EditResult {
  try {
    return editSiteText(text, document, answers);
  } catch (e) {
    if (e instanceof EditError) throw new SaveError(e.message);
    throw e;
  }
}

/** A save, worked out but not yet written: the preview shows `before` against `after`. */
export interface SavePlan {
  readonly file: string;
  readonly isNew: boolean;
  readonly id: string;
  readonly before: string;
  /** The new text with every flagged comment kept. */
  readonly after: string;
  readonly flags: readonly EditFlag[];
  /** Digest of the file as read for the plan: the write is refused if it changed since. */
  readonly sha256?: string;
}

/** Plan a change to an existing file from its bytes on disk now. */
export function planExistingSite(file: string, id: string, document: number, changes: Readonly<Record<string, AnswerValue>>, expectedSha256: string | undefined, equipment: readonly Readonly<Record<string, AnswerValue>>[] = [], remove: readonly number[] = []): SavePlan {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new SaveError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const sha256 = sha256Of(bytes);
  if (expectedSha256 !== undefined && sha256 !== expectedSha256) throw new ConflictError(file);
  const before = bytes.toString('utf8');
  let withItems: string;
  try {
    withItems = appendEquipment(removeEquipment(before, document, remove), document, equipment);
  } catch (e) {
    if (e instanceof EditError) throw new SaveError(e.message);
    throw e;
  }
  const { text, flags } = updateSiteText(withItems, document, changes);
  checkText(file, text, id);
  return { file, isNew: false, id, before, after: text, flags, sha256 };
}

/** Plan a new site file. */
export function planNewSite(file: string, data: Readonly<Record<string, unknown>>): SavePlan {
  if (existsSync(file)) throw new SaveError(`${file} already exists; not overwritten. Choose another file name (a new site is never written over a file).`);
  const text = newSiteText(data, file);
  checkText(file, text, String(data.id));
  return { file, isNew: true, id: String(data.id), before: '', after: text, flags: [] };
}

/** The text to write: the plan's, less the comments the officer chose to drop. */
export function plannedText(plan: SavePlan, dropped: ReadonlySet<number>): string {
  const drop = plan.flags.filter((f) => dropped.has(f.line));
  return drop.length === 0 ? plan.after : dropComments(plan.after, drop);
}

/** Write a planned save: a new file is never written over; a changed file is never replaced. */
export function writePlan(plan: SavePlan, text: string): void {
  checkText(plan.file, text, plan.id);
  try {
    if (plan.isNew) safeWriteFile(plan.file, text);
    else safeWriteFile(plan.file, text, { expectedSha256: plan.sha256! });
  } catch (e) {
    if (e instanceof WriteRefusedError) {
      if (e.reason === 'changed') throw new ConflictError(plan.file);
      // A link (or a folder) in the way: the writer's own words say why, and no save goes through it.
      if (e.reason !== 'exists') throw new SaveError(e.message);
      throw new SaveError(`${plan.file} already exists; not overwritten (it was created since the change was shown). Choose another file name.`);
    }
    throw e;
  }
}

/** The file changed on disk since it was read: the answers are kept, and can be re-applied. */
export class ConflictError extends SaveError {
  constructor(readonly file: string) {
    super(`${file} has changed on disk since it was read; not overwritten. Your answers are kept: press R to read it again and re-apply them (you will see the change again before it is written).`);
  }
}

export function saveExistingSite(file: string, id: string, document: number, answers: Readonly<Record<string, AnswerValue>>, expectedSha256: string | undefined): void {
  const plan = planExistingSite(file, id, document, answers, expectedSha256);
  writePlan(plan, plan.after);
}
