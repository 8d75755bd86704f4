// The audit trail of a save: who is recording and on what authority (asked once a session), the
// `assessment` block brought up to date, and the exact change shown as a diff before anything is
// written.
import type { FactValue } from './yaml-edit.js';
import { seg, type Line } from './lines.js';

export interface Recorder {
  /** Who is recording the answers (a name, a post). */
  readonly by: string;
  /** On what authority (a survey, a letter, a meeting). */
  readonly authority: string;
}

/** The note added to `assessment.notes` for a save. */
export function noteLine(recorder: Recorder, on: string, paths: readonly string[]): string {
  const what = paths.length === 0 ? 'no facts' : paths.join(', ');
  return `${on} ${recorder.by} (authority: ${recorder.authority}): recorded ${what} in the sitecheck TUI.`;
}

/**
 * The facts to write for a save: the answers, and `assessment.by`, `assessment.on` (the date of
 * the save) and a dated line added to `assessment.notes`.
 */
export function auditedChanges(
  answers: Readonly<Record<string, FactValue>>,
  recorder: Recorder,
  on: string,
  existingNotes: unknown,
  added: readonly string[] = [],
): Record<string, FactValue> {
  const paths = [...Object.keys(answers), ...added.map((what) => `equipment (${what})`)];
  const line = noteLine(recorder, on, paths);
  const notes = typeof existingNotes === 'string' && existingNotes.trim() !== '' ? `${existingNotes.replace(/\n+$/, '')}\n${line}\n` : line;
  return { ...answers, 'assessment.by': recorder.by, 'assessment.on': on, 'assessment.notes': notes };
}

export interface DiffLine {
  readonly kind: ' ' | '-' | '+' | '@';
  readonly text: string;
  /** Line number in the old (for ' ' and '-') or new (for '+') text. */
  readonly line?: number;
}

/**
 * A line diff (longest common subsequence) with `context` unchanged lines around each change, as
 * in `diff -u`. Files are small (1 MB at most); the common head and tail are skipped first.
 */
export function lineDiff(before: string, after: string, context = 2): DiffLine[] {
  const a = before === '' ? [] : before.replace(/\n$/, '').split('\n');
  const b = after === '' ? [] : after.replace(/\n$/, '').split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const am = a.slice(head, a.length - tail), bm = b.slice(head, b.length - tail);
  const ops: { kind: ' ' | '-' | '+'; text: string; ai: number; bi: number }[] = [];
  for (let i = 0; i < head; i++) ops.push({ kind: ' ', text: a[i]!, ai: i, bi: i });
  if (am.length * bm.length <= 4_000_000) {
    const n = am.length, m = bm.length;
    const dp = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) dp[i]![j] = am[i] === bm[j] ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
    let i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && am[i] === bm[j]) ops.push({ kind: ' ', text: am[i]!, ai: head + i++, bi: head + j++ });
      else if (j < m && (i >= n || dp[i]![j + 1]! >= dp[i + 1]![j]!)) ops.push({ kind: '+', text: bm[j]!, ai: head + i, bi: head + j++ });
      else ops.push({ kind: '-', text: am[i]!, ai: head + i++, bi: head + j });
    }
  } else {
    am.forEach((t, i) => ops.push({ kind: '-', text: t, ai: head + i, bi: head }));
    bm.forEach((t, j) => ops.push({ kind: '+', text: t, ai: head + am.length, bi: head + j }));
  }
  for (let i = 0; i < tail; i++) ops.push({ kind: ' ', text: a[a.length - tail + i]!, ai: a.length - tail + i, bi: b.length - tail + i });
  // Keep the changes and `context` lines around them.
  const keep = ops.map((o) => o.kind !== ' ');
  const near = ops.map((_, i) => keep.slice(Math.max(0, i - context), i + context + 1).some(Boolean));
  const out: DiffLine[] = [];
  let gap = false;
  ops.forEach((o, i) => {
    if (!near[i]) {
      gap = true;
      return;
    }
    if (gap || out.length === 0) out.push({ kind: '@', text: `@@ line ${o.kind === '+' ? o.bi + 1 : o.ai + 1} @@` });
    gap = false;
    out.push({ kind: o.kind, text: o.text, line: o.kind === '+' ? o.bi + 1 : o.ai + 1 });
  });
  return out;
}

/** The diff as styled lines: removed lines red with `-`, added green with `+` (the signs carry it without colour). */
export function diffLines(diff: readonly DiffLine[]): Line[] {
  return diff.map((d) => {
    if (d.kind === '@') return [seg(d.text, 'cyan')];
    const num = String(d.line ?? '').padStart(5);
    if (d.kind === '-') return [seg(`${num} - ${d.text}`, 'red')];
    if (d.kind === '+') return [seg(`${num} + ${d.text}`, 'green')];
    return [seg(`${num}   ${d.text}`, 'dim')];
  });
}
