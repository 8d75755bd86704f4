// The text of every long view, as lines wrapped to the width: what is drawn and what the scroll
// keys count (so that the end of a view is the end of what is drawn).
import type { TuiData } from './data.js';
import type { AppState, ScrollTarget, Table } from './app-state.js';
import { EQUIPMENT_KINDS } from './buy-state.js';
import { answerLines } from './buy-lines.js';
import { seg, wrapAll, wrapLine, type Line } from './lines.js';
import { siteLines } from './site-lines.js';
import { diffLines, lineDiff } from './audit.js';
import { plannedText } from './save-site.js';
import { cellOf } from './width.js';
import { KIND_LABEL } from './buy-state.js';
import { top } from './app-state.js';
import type { EvidenceInput } from './evidence.js';
import type { Recorder } from './audit.js';

/** What an evidence record of the screen on top says: the buy answer, or the site's explanation. */
export function evidenceInput(state: AppState, data: TuiData, recorder: Recorder, on: string): EvidenceInput | undefined {
  const screen = top(state);
  if (screen === 'buy') {
    const buy = state.buy;
    const site = buy?.siteId !== undefined ? data.index.sites[data.index.indexOf(buy.siteId)] : undefined;
    if (!buy?.answer || !buy.result || !site) return undefined;
    const kind = EQUIPMENT_KINDS[buy.kind]!;
    return {
      question: `May I buy a ${KIND_LABEL[kind]} made by ${buy.maker} for ${site.id} ${site.name}?`,
      answer: answerLines(buy.answer, site, buy.maker, kind, data.ruleset),
      answerKind: buy.answer.kind,
      site: buy.result,
      writtenAs: site,
      ruleset: data.ruleset,
      asOf: data.asOf,
      on,
      askedBy: recorder,
      extraCitations: 'supplier' in buy.answer && buy.answer.supplier ? [buy.answer.supplier.citation] : [],
    };
  }
  if (screen === 'site' && state.site) {
    const site = data.index.sites[data.index.indexOf(state.site.id)];
    if (!site) return undefined;
    return {
      question: `Is ${site.id} ${site.name} a sensitive site, and what does the instruction say about its equipment?`,
      answer: siteLines(site, data.ruleset, data.records.get(site.id)),
      answerKind: site.verdict,
      site,
      ruleset: data.ruleset,
      asOf: data.asOf,
      on,
      askedBy: recorder,
    };
  }
  return undefined;
}

export function siteView(state: AppState, data: TuiData): Line[] {
  const site = state.site ? data.index.sites[data.index.indexOf(state.site.id)] : undefined;
  return site ? wrapAll(siteLines(site, data.ruleset, data.records.get(site.id)), state.size.columns - 1) : [];
}

export function buyView(state: AppState, data: TuiData): Line[] {
  const buy = state.buy;
  const site = buy?.siteId !== undefined ? data.index.sites[data.index.indexOf(buy.siteId)] : undefined;
  if (!buy || !buy.answer || !site) return [];
  return wrapAll(answerLines(buy.answer, site, buy.maker, EQUIPMENT_KINDS[buy.kind]!, data.ruleset), state.size.columns - 1);
}

export function errorsView(state: AppState, data: TuiData): Line[] {
  return data.report.errors.flatMap((e) =>
    wrapLine([seg(`${e.file}:${e.line}:${e.column}  `, 'cyan'), seg(e.message), ...(e.path ? [seg(`  (${e.path})`, 'dim')] : [])], state.size.columns - 1, 4));
}

export function previewView(state: AppState): Line[] {
  const plan = state.wizard?.plan;
  if (!plan) return [];
  const after = plannedText(plan, new Set(state.wizard!.dropped));
  return wrapAll(diffLines(lineDiff(plan.before, after)), state.size.columns - 1);
}

export function helpView(table: Table, width: number): Line[] {
  return table.flatMap((b) => wrapLine([seg(cellOf(b.label, 16), 'bold'), seg(b.does)], width - 5, 16));
}

export function viewLines(target: ScrollTarget, state: AppState, data: TuiData, helpTable: () => Table): Line[] {
  switch (target) {
    case 'site':
      return siteView(state, data);
    case 'buy':
      return buyView(state, data);
    case 'errors':
      return errorsView(state, data);
    case 'preview':
      return previewView(state);
    case 'help':
      return helpView(helpTable(), state.size.columns);
  }
}
