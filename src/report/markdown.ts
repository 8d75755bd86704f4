// The auditor's report as Markdown (CommonMark with GitHub tables). Site-provided text is escaped
// twice over: HTML-significant characters become entities (so a site name can never become raw
// HTML when the Markdown is rendered) and Markdown punctuation is backslash-escaped.
import { VERDICTS, type LimbResult, type SiteResult } from '../model.js';
import type { Ruleset, SourceDef } from '../rules/ruleset.js';
import {
  CONDITION_WORD, conditionTree, FINDING_SYMBOL, limbsMet, OUTCOME_SYMBOL, OUTCOME_WORD, plural, ruleAnchor, show, siteAnchor,
  sourceAnchor, VERDICT_LABEL, VERDICT_MEANING, VERDICT_SYMBOL, type ConditionNode, type ReportInput, needsDetail, siteActions, SCOPE_WORD, EXCLUSION_WORD,
} from './describe.js';
import { MD_PROVENANCE_OPEN } from './provenance.js';
import { reportChunks, type Piece, type Push, type SitePieces } from './html.js';
import { mdCode, mdText } from '../format/markdown-util.js';



function anchor(id: string): string {
  return `<a id="${id}"></a>`;
}

function verdict(v: SiteResult['verdict']): string {
  return `${VERDICT_SYMBOL[v]} **${VERDICT_LABEL[v]}**`;
}

function conditionLines(node: ConditionNode, depth: number, out: Lines): void {
  const indent = '  '.repeat(depth);
  if (node.kind === 'leaf') {
    out.push(`${indent}- ${mdText(node.text)} (${mdCode(node.formal)})`);
    return;
  }
  out.push(`${indent}- ${mdText(node.text)}`);
  for (const c of node.children) conditionLines(c, depth + 1, out);
}

function citation(c: { source: string; pinpoint?: string; quote: string; title?: string }, source: SourceDef | undefined, out: Lines): void {
  const title = source ? `${source.title}, ${source.date} (${source.issuer})` : c.title ?? c.source;
  out.push(`> “${mdText(c.quote)}”`, '');
  out.push(`Source: [${mdText(title)}](#${sourceAnchor(c.source)}) \\[${mdText(c.source)}\\]${c.pinpoint ? `, ${mdText(c.pinpoint)}` : source?.pinpoint_status ? ` (${mdText(source.pinpoint_status)})` : ''}`, '');
}

/** Facts a limb used (with their lines) and the facts it misses, in one table cell. */
function factsCell(l: LimbResult): string {
  const parts: string[] = [];
  for (const [path, value] of Object.entries(l.facts)) {
    const pos = l.locations[path];
    parts.push(`${mdCode(path)} = ${mdText(show(value))}${pos ? ` (line ${pos.line})` : ''}`);
  }
  for (const [name, p] of Object.entries(l.parameters)) parts.push(`parameter ${mdCode(name)} = ${mdText(show(p.value))}${p.interpretation ? ' **(a local interpretation, found in no source)**' : ''}`);
  if (l.missing.length) parts.push(`**not known**: ${l.missing.map(mdCode).join(', ')}`);
  return parts.join('; ');
}

function siteDetail(site: SiteResult, ruleset: Ruleset, out: Lines): void {
  out.push(anchor(siteAnchor(site.id)), '', `### ${mdText(site.id)} — ${mdText(site.name)}`, '');
  const met = limbsMet(site.limbs);
  out.push(`- Verdict: ${verdict(site.verdict)}${met ? ` ${met} met` : ''}${site.verdict === 'undetermined' ? `; would be decided by ${site.decidingFacts.map(mdCode).join(', ')}` : ''}`);
  out.push(`- Where: ${site.organisation !== undefined ? `${mdText(site.organisation)}, ` : ''}${mdCode(`${site.file}:${site.line}`)}`);
  if (site.scope) out.push(`- Scope: ${SCOPE_WORD[site.scope.outcome]} (${mdText(site.scope.estate)}${site.scope.estateFrom === 'parameter' ? ', by default' : ''})${site.scope.missing.length ? `; not known: ${site.scope.missing.map(mdCode).join(', ')}` : ''}`);
  if (site.determination) {
    const d = site.determination;
    out.push(`- Determination: ${verdict(d.verdict)}${d.by ? ` by ${mdText(d.by)}` : ''}${d.on ? ` on ${mdText(d.on)}` : ''}${d.reference ? ` (${mdText(d.reference)})` : ''}: ${d.agrees === null ? 'the computed verdict is undetermined' : d.agrees ? 'agrees with the computed verdict' : '**differs from the computed verdict**'}`);
  }
  if (site.exclusion) out.push(`- Exclusion: ${EXCLUSION_WORD[site.exclusion.outcome]}${site.exclusion.why.length ? ` (${site.exclusion.why.join(', ')})` : ''}`);
  out.push('', '| Limb | Outcome | Facts used, and facts not known |', '|---|---|---|');
  for (const l of site.limbs) out.push(`| [Limb ${l.limb}](#${ruleAnchor(l.rule)}) | ${OUTCOME_SYMBOL[l.outcome]} ${OUTCOME_WORD[l.outcome]} | ${factsCell(l)} |`);
  out.push('');
  for (const l of site.limbs) if (l.outcome === 'met') citation(l.citation, ruleset.sources.get(l.citation.source), out);
  for (const f of site.findings) out.push(`- ${FINDING_SYMBOL[f.severity]} **${f.kind}** ${mdCode(`:${f.line}`)} ${mdText(f.message)} \\[${mdText(f.rule)}\\]`);
  if (site.findings.length) out.push('');
}

/** Lines of the file: each is followed by '\n'. */
interface Lines {
  push(...lines: string[]): unknown;
}

function lines(push: Push): Lines {
  return {
    push(...ls: string[]) {
      for (const l of ls) push(l);
    },
  };
}

/**
 * The pieces of the Markdown report, as for HTML (html.ts): the head up to the action list's first
 * table, the site tables one site at a time, and the tail up to the provenance comment's opening.
 * The head and the tail read only the summary, the errors and the provenance.
 */
export function markdownHead(input: ReportInput, push: Push): void {
  const { report, provenance: prov } = input;
  const s = report.summary;
  const out = lines(push);
  out.push('# Sensitive sites report', '');
  out.push(`Which sites are “sensitive sites” under the UK government's exclusion of surveillance equipment made by companies subject to the National Intelligence Law of the People's Republic of China, and what that means for the equipment listed there.`, '');
  out.push(`- Evaluated as of: ${report.asOf}`);
  out.push(`- Tool: sitecheck ${mdText(report.tool.version)}`);
  out.push(`- Inventory: ${prov.paths.map(mdCode).join(', ')} (${plural(prov.inputs.length, 'file')}, ${plural(s.sites, 'site')})`);
  out.push(`- Provenance digest: ${mdCode(prov.sha256)}`, '');
  out.push('To confirm this report later, run `sitecheck verify FILE`: it re-evaluates the inputs listed under Provenance and says whether the report still holds.', '');

  out.push('## Summary', '');
  out.push('| Verdict | Sites | Meaning |', '|---|---|---|');
  for (const v of VERDICTS) out.push(`| ${verdict(v)} | ${s[v]} | ${mdText(VERDICT_MEANING[v])} |`);
  out.push(`| All sites | ${s.sites} | |`, '');
  out.push('| Equipment finding | Count |', '|---|---|');
  for (const k of Object.keys(s.findings)) out.push(`| ${k} | ${s.findings[k]} |`);
  out.push('', s.errors ? `${plural(s.errors, 'input error')}: see [Input errors](#errors); the sites in those files are not evaluated.` : 'No input errors: every file was read.', '');

  out.push('## Action list', '', 'What the instruction asks at each site, from its findings, then what to record to settle what is not yet known.', '');
  out.push('### To stop, replace or remove', '');
}

/** A site's pieces of the Markdown report (see htmlSitePieces). */
export function markdownSitePieces(site: SiteResult, ruleset: Ruleset): SitePieces {
  const { act, settle, why } = siteActions(site, ruleset);
  const actRow = act.length ? `| [${mdText(site.id)}](#${siteAnchor(site.id)}) | ${act.map((x) => `${FINDING_SYMBOL[x.severity]} ${mdText(x.title)} (${x.kind}): ${x.items.map(mdText).join(', ')}`).join('<br>')} |` : '';
  const settleRow = why.length ? `| [${mdText(site.id)}](#${siteAnchor(site.id)}) | ${why.map(mdText).join('; ')} | ${settle.map(mdCode).join(', ')} |` : '';
  if (needsDetail(site)) {
    const out: string[] = [];
    siteDetail(site, ruleset, out);
    return { act: actRow, settle: settleRow, detail: out.join('\n'), row: '' };
  }
  const row = `| ${anchor(siteAnchor(site.id))}${mdText(site.id)} | ${mdText(site.name)} | ${verdict(site.verdict)} | ${site.limbs.filter((l) => l.outcome === 'met').map((l) => `[${l.limb}](#${ruleAnchor(l.rule)})`).join(', ')} | ${mdCode(`${site.file}:${site.line}`)} |`;
  return { act: actRow, settle: settleRow, detail: '', row };
}

/** The Markdown report's site tables, one site at a time (see HtmlSiteRows). */
export class MarkdownSiteRows {
  private act = 0;
  private settle = 0;
  private detailed = 0;
  private rows = 0;
  constructor(private readonly ruleset: Ruleset) {}

  add(site: SiteResult, push: readonly [Push, Push, Push, Push]): void {
    this.place(markdownSitePieces(site, this.ruleset), push);
  }

  place<T extends Piece>(p: SitePieces<T>, push: readonly [(l: T | string) => void, (l: T | string) => void, (l: T | string) => void, (l: T | string) => void]): void {
    if (p.act.length) {
      if (this.act++ === 0) push[0]('| Site | What the instruction asks, and for which equipment |\n|---|---|');
      push[0](p.act);
    }
    if (p.settle.length) {
      if (this.settle++ === 0) push[1]('| Site | Not yet known | Facts to record |\n|---|---|---|');
      push[1](p.settle);
    }
    if (p.detail.length) {
      this.detailed++;
      push[2](p.detail);
      return;
    }
    if (this.rows++ === 0) push[3]('| Site | Name | Verdict | Limbs met | File |\n|---|---|---|---|---|');
    push[3](p.row);
  }

  between(k: 0 | 1 | 2 | 3, push: Push): void {
    const out = lines(push);
    if (k === 0) {
      out.push(this.act ? '' : 'Nothing: no finding is met at any site.', '');
      out.push('### To settle', '');
    } else if (k === 1) {
      out.push(this.settle ? '' : 'Nothing: every verdict, scope and finding is settled.', '');
      out.push('## Sites in detail', '', `${plural(this.detailed, 'site')} with a finding, a determination, an unknown limb or an unknown scope. A missing fact is never counted as “no”; each limb's conditions are in [Appendix A](#appendix-rules).`, '');
    } else if (k === 2) {
      out.push('## Other sites', '', `${plural(this.rows, 'site')} whose verdict rests on known facts alone, with nothing to act on or settle.`, '');
    } else {
      out.push('');
    }
  }
}

export function markdownTail(input: ReportInput, push: Push): void {
  const { report, ruleset, provenance: prov } = input;
  const out = lines(push);
  out.push('## Provenance', '');
  out.push(`Rules folder: ${prov.rules.dir === null ? 'the rules shipped with sitecheck' : mdCode(prov.rules.dir)}; digest over the folder ${mdCode(prov.rules.sha256)}`, '');
  out.push('| Rules file | sha256 |', '|---|---|');
  for (const f of prov.rules.files) out.push(`| ${mdCode(f.name)} | ${mdCode(f.sha256)} |`);
  out.push('');
  out.push(`Parameters in force${prov.parameters.file ? ` (overridden by ${mdCode(prov.parameters.file)})` : ''}; sha256 of their canonical JSON ${mdCode(prov.parameters.sha256)}`, '');
  out.push('| Parameter | Value | Status | From |', '|---|---|---|---|');
  for (const [name, p] of Object.entries(prov.parameters.values)) {
    out.push(`| ${mdCode(name)} | ${mdText(show(p.value))} | ${p.interpretation ? 'local interpretation, found in no source' : 'cited'} | ${mdCode(p.origin)} |`);
  }
  out.push('', '| Site file | sha256 |', '|---|---|');
  for (const f of prov.inputs) out.push(`| ${mdCode(f.file)} | ${f.sha256 === null ? 'unreadable' : mdCode(f.sha256)} |`);
  out.push('');

  if (report.errors.length) {
    out.push(anchor('errors'), '', '## Input errors', '', `${plural(report.errors.length, 'problem')} in the inventory. A site in a file with an error is not evaluated.`, '');
    out.push('| Where | Field | Problem |', '|---|---|---|');
    for (const e of report.errors) out.push(`| ${mdCode(`${e.file}:${e.line}:${e.column}`)} | ${e.path ? mdCode(e.path) : ''} | ${mdText(e.message)} |`);
    out.push('');
  }

  out.push(anchor('appendix-rules'), '', '## Appendix A: the rules', '');
  for (const rule of ruleset.rules) {
    out.push(anchor(ruleAnchor(rule.id)), '', `### Limb ${rule.limb}: ${mdText(rule.title)}`, '');
    out.push(`Rule ${mdCode(rule.id)}, from ${mdCode(rule.file)}`, '', mdText(rule.description), '', 'The limb is met when:', '');
    conditionLines(conditionTree(rule.conditions), 0, out);
    out.push('');
    citation(rule.citation, ruleset.sources.get(rule.citation.source), out);
    if (rule.see.length) out.push(`See also: ${rule.see.map((id) => `[${mdText(id)}](#${sourceAnchor(id)})`).join(', ')}`, '');
  }
  out.push('### Parameters', '');
  for (const p of ruleset.parameters.values()) {
    out.push(`- ${mdCode(p.name)} = ${mdText(show(p.value))}: ${mdText(p.description)}${p.interpretation ? ` **A local interpretation, found in no source.** ${p.rationale ? mdText(p.rationale) : ''}` : ''}`);
    if (p.citation) out.push(`  Source: \\[${mdText(p.citation.source)}\\] “${mdText(p.citation.quote)}”`);
  }
  out.push('', '### Supplier register', '');
  for (const sup of ruleset.suppliers) {
    out.push(`- **${mdText(sup.name)}** \\[${mdText(sup.id)}\\], also matched as: ${sup.aliases.map(mdText).join(', ')}. Source: [${mdText(sup.citation.source)}](#${sourceAnchor(sup.citation.source)}) “${mdText(sup.citation.quote)}”`);
  }
  out.push('', '## Appendix B: the source registry', '');
  for (const src of ruleset.sources.values()) {
    out.push(anchor(sourceAnchor(src.id)), '', `### ${mdText(src.title)}`, '');
    out.push(`- Id: ${mdCode(src.id)}`, `- Date: ${mdText(src.date)}`, `- Issued by: ${mdText(src.issuer)}`);
    if (src.url) out.push(`- Address: ${mdCode(src.url)}`);
    if (src.pinpoint_status) out.push(`- Pinpoint: ${mdText(src.pinpoint_status)}`);
    if (src.gives) out.push(`- Gives: ${mdText(src.gives)}`);
    out.push('');
    if (src.excerpt) {
      out.push(`> ${mdText(src.excerpt)}`, '', `Stored excerpt, sha256 ${mdCode(src.excerpt_sha256 ?? '')}${src.excerpt_from ? `; from ${mdText(src.excerpt_from)}` : ''}`, '');
    }
  }
  out.push(MD_PROVENANCE_OPEN);
}

/** What ends the file, after the provenance. */
export const MD_END = '\n-->\n';

/** The Markdown report, whole (small inventories, tests, verify). `report` streams the same bytes (report-stream.ts). */
export function renderMarkdown(input: ReportInput): string {
  let text = '';
  for (const chunk of markdownChunks(input)) text += chunk;
  return text;
}

/** The Markdown report in pieces: their concatenation is the report. */
export function markdownChunks(input: ReportInput): Generator<string> {
  return reportChunks(input, { head: markdownHead, rows: (ruleset) => new MarkdownSiteRows(ruleset), tail: markdownTail, end: MD_END });
}
