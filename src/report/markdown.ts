// The auditor's report as Markdown (CommonMark with GitHub tables). Site-provided text is escaped
// twice over: HTML-significant characters become entities (so a site name can never become raw
// HTML when the Markdown is rendered) and Markdown punctuation is backslash-escaped.
import { FINDING_KINDS, VERDICTS, type LimbResult, type SiteResult } from '../model.js';
import type { SourceDef } from '../rules/ruleset.js';
import {
  CONDITION_WORD, conditionTree, FINDING_SYMBOL, limbsMet, OUTCOME_SYMBOL, OUTCOME_WORD, plural, ruleAnchor, show, siteAnchor,
  sourceAnchor, VERDICT_LABEL, VERDICT_MEANING, VERDICT_SYMBOL, type ConditionNode, type ReportInput,
} from './describe.js';
import { embeddableJson, MD_PROVENANCE_OPEN } from './provenance.js';

const HTML_ENT: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Escape text for Markdown inline content (also safe in a table cell): HTML-significant characters
 * become entities, inline Markdown punctuation is backslash-escaped, and so is anything that would
 * start a block (a heading, list, quote or rule) at the beginning of the text.
 */
export function mdEsc(s: unknown): string {
  return String(s)
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[\\`*_[\]|~]/g, (ch) => `\\${ch}`)
    .replace(/[&<>]/g, (ch) => HTML_ENT[ch]!)
    .replace(/^(\s*)([#+\-=]|\d+(?=[.)]))/, (_m, sp: string, lead: string) => (/^\d/.test(lead) ? `${sp}${lead}\\` : `${sp}\\${lead}`));
}

/** Text inside a code span: backticks cannot be escaped there, so a span is fenced by more of them. */
function code(s: unknown): string {
  const text = String(s).replace(/\r?\n|\r/g, ' ').replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function anchor(id: string): string {
  return `<a id="${id}"></a>`;
}

function verdict(v: SiteResult['verdict']): string {
  return `${VERDICT_SYMBOL[v]} **${VERDICT_LABEL[v]}**`;
}

function conditionLines(node: ConditionNode, depth: number, out: string[]): void {
  const indent = '  '.repeat(depth);
  if (node.kind === 'leaf') {
    out.push(`${indent}- ${mdEsc(node.text)} (${code(node.formal)})`);
    return;
  }
  out.push(`${indent}- ${mdEsc(node.text)}`);
  for (const c of node.children) conditionLines(c, depth + 1, out);
}

function citation(c: { source: string; pinpoint?: string; quote: string; title?: string }, source: SourceDef | undefined, out: string[]): void {
  const title = source ? `${source.title}, ${source.date} (${source.issuer})` : c.title ?? c.source;
  out.push(`> “${mdEsc(c.quote)}”`, '');
  out.push(`Source: [${mdEsc(title)}](#${sourceAnchor(c.source)}) \\[${mdEsc(c.source)}\\]${c.pinpoint ? `, ${mdEsc(c.pinpoint)}` : source?.pinpoint_status ? ` (${mdEsc(source.pinpoint_status)})` : ''}`, '');
}

function limb(l: LimbResult, site: SiteResult, input: ReportInput, out: string[]): void {
  out.push(`#### Limb ${l.limb}: ${mdEsc(l.title)} — ${OUTCOME_SYMBOL[l.outcome]} ${OUTCOME_WORD[l.outcome]}`, '');
  out.push(`Rule [${code(l.rule)}](#${ruleAnchor(l.rule)})`, '');
  out.push('| Condition | Value at this site | Outcome |', '|---|---|---|');
  for (const c of l.conditions) {
    out.push(`| ${mdEsc(c.description ?? `${c.fact} ${c.operator} ${show(c.value)}`)} | ${mdEsc(show(c.actual))} | ${OUTCOME_SYMBOL[c.outcome]} ${CONDITION_WORD[c.outcome]}${c.needed ? '' : ' (not needed for the outcome)'} |`);
  }
  out.push('');
  const facts = Object.entries(l.facts);
  if (facts.length) {
    out.push('Facts used:', '');
    for (const [path, value] of facts) {
      const pos = l.locations[path];
      out.push(`- ${code(path)} = ${mdEsc(show(value))}${pos ? ` (${code(`${site.file}:${pos.line}`)})` : ''}`);
    }
    out.push('');
  }
  if (l.missing.length) out.push(`Missing facts (not known, so counted neither way): ${l.missing.map(code).join(', ')}`, '');
  for (const [name, p] of Object.entries(l.parameters)) {
    out.push(`Parameter ${code(name)} = ${mdEsc(show(p.value))} — ${p.interpretation ? '**a local interpretation, found in no source**' : 'taken from a cited source'} (from ${code(p.origin)})`, '');
  }
  citation(l.citation, input.ruleset.sources.get(l.citation.source), out);
}

export function renderMarkdown(input: ReportInput): string {
  const { report, ruleset, provenance: prov } = input;
  const s = report.summary;
  const out: string[] = [];
  out.push('# Sensitive sites report', '');
  out.push(`Which sites are “sensitive sites” under the UK government's exclusion of surveillance equipment made by companies subject to the National Intelligence Law of the People's Republic of China, and what that means for the equipment listed there.`, '');
  out.push(`- Evaluated as of: ${report.asOf}`);
  out.push(`- Tool: sitecheck ${mdEsc(report.tool.version)}`);
  out.push(`- Inventory: ${prov.paths.map(code).join(', ')} (${plural(prov.inputs.length, 'file')}, ${plural(s.sites, 'site')})`);
  out.push(`- Provenance digest: ${code(prov.sha256)}`, '');
  out.push('To confirm this report later, run `sitecheck verify FILE`: it re-evaluates the inputs listed below and says whether the report still holds.', '');

  out.push('## Provenance', '');
  out.push(`Rules folder: ${prov.rules.dir === null ? 'the rules shipped with sitecheck' : code(prov.rules.dir)}; digest over the folder ${code(prov.rules.sha256)}`, '');
  out.push('| Rules file | sha256 |', '|---|---|');
  for (const f of prov.rules.files) out.push(`| ${code(f.name)} | ${code(f.sha256)} |`);
  out.push('');
  out.push(`Parameters in force${prov.parameters.file ? ` (overridden by ${code(prov.parameters.file)})` : ''}; sha256 of their canonical JSON ${code(prov.parameters.sha256)}`, '');
  out.push('| Parameter | Value | Status | From |', '|---|---|---|---|');
  for (const [name, p] of Object.entries(prov.parameters.values)) {
    out.push(`| ${code(name)} | ${mdEsc(show(p.value))} | ${p.interpretation ? 'local interpretation, found in no source' : 'cited'} | ${code(p.origin)} |`);
  }
  out.push('', '| Site file | sha256 |', '|---|---|');
  for (const f of prov.inputs) out.push(`| ${code(f.file)} | ${f.sha256 === null ? 'unreadable' : code(f.sha256)} |`);
  out.push('');

  out.push('## Summary', '');
  out.push('| Verdict | Sites | Meaning |', '|---|---|---|');
  for (const v of VERDICTS) out.push(`| ${verdict(v)} | ${s[v]} | ${mdEsc(VERDICT_MEANING[v])} |`);
  out.push(`| All sites | ${s.sites} | |`, '');
  out.push('| Equipment finding | Count |', '|---|---|');
  for (const k of FINDING_KINDS) out.push(`| ${FINDING_SYMBOL[k]} ${k} | ${s.findings[k]} |`);
  out.push('', s.errors ? `${plural(s.errors, 'input error')}: see [Input errors](#errors); the sites in those files are not evaluated.` : 'No input errors: every file was read.', '');

  out.push('## Sites', '');
  out.push('| Site | Name | Organisation | Verdict | Limbs met | Findings | File |', '|---|---|---|---|---|---|---|');
  for (const site of report.sites) {
    out.push(
      `| [${mdEsc(site.id)}](#${siteAnchor(site.id)}) | ${mdEsc(site.name)} | ${site.organisation !== undefined ? mdEsc(site.organisation) : ''} | ${verdict(site.verdict)} | ${limbsMet(site.limbs)} | ${site.findings.length || ''} | ${code(`${site.file}:${site.line}`)} |`,
    );
  }
  out.push('');

  out.push('## Site by site', '');
  out.push('A site is sensitive if any limb is met; a missing fact is never counted as “no”.', '');
  for (const site of report.sites) {
    out.push(anchor(siteAnchor(site.id)), '', `### ${mdEsc(site.id)} — ${mdEsc(site.name)}`, '');
    if (site.organisation !== undefined) out.push(`- Organisation: ${mdEsc(site.organisation)}`);
    out.push(`- File: ${code(`${site.file}:${site.line}`)}`);
    const met = limbsMet(site.limbs);
    out.push(`- Verdict: ${verdict(site.verdict)} — ${mdEsc(VERDICT_MEANING[site.verdict])}${met ? ` (${met} met)` : ''}\\.`);
    if (site.verdict === 'undetermined') out.push(`- Would be decided by: ${site.decidingFacts.map(code).join(', ')}`);
    out.push('');
    for (const l of site.limbs) limb(l, site, input, out);
    out.push('#### Equipment findings', '');
    if (site.findings.length === 0) {
      out.push(site.verdict === 'not-sensitive' ? 'None: the exclusion does not apply to this site.' : 'None: no equipment from a manufacturer on the supplier register is installed or planned.', '');
    } else {
      out.push('| Finding | Equipment | Manufacturer | Status | Detail | Where |', '|---|---|---|---|---|---|');
      for (const f of site.findings) {
        out.push(
          `| ${FINDING_SYMBOL[f.kind]} ${f.kind} | ${mdEsc(f.equipment)} | ${mdEsc(f.manufacturer)} | ${mdEsc(f.status)}${f.removalDue ? ` (removal due ${mdEsc(f.removalDue)})` : ''} | ${mdEsc(f.message)} | ${code(`${site.file}:${f.line}`)} |`,
        );
      }
      out.push('');
    }
  }

  if (report.errors.length) {
    out.push(anchor('errors'), '', '## Input errors', '', `${plural(report.errors.length, 'problem')} in the inventory. A site in a file with an error is not evaluated.`, '');
    out.push('| Where | Field | Problem |', '|---|---|---|');
    for (const e of report.errors) out.push(`| ${code(`${e.file}:${e.line}:${e.column}`)} | ${e.path ? code(e.path) : ''} | ${mdEsc(e.message)} |`);
    out.push('');
  }

  out.push('## Appendix A: the rules', '');
  for (const rule of ruleset.rules) {
    out.push(anchor(ruleAnchor(rule.id)), '', `### Limb ${rule.limb}: ${mdEsc(rule.title)}`, '');
    out.push(`Rule ${code(rule.id)}, from ${code(rule.file)}`, '', mdEsc(rule.description), '', 'The limb is met when:', '');
    conditionLines(conditionTree(rule.conditions), 0, out);
    out.push('');
    citation(rule.citation, ruleset.sources.get(rule.citation.source), out);
    if (rule.see.length) out.push(`See also: ${rule.see.map((id) => `[${mdEsc(id)}](#${sourceAnchor(id)})`).join(', ')}`, '');
  }
  out.push('### Parameters', '');
  for (const p of ruleset.parameters.values()) {
    out.push(`- ${code(p.name)} = ${mdEsc(show(p.value))}: ${mdEsc(p.description)}${p.interpretation ? ` **A local interpretation, found in no source.** ${p.rationale ? mdEsc(p.rationale) : ''}` : ''}`);
    if (p.citation) out.push(`  Source: \\[${mdEsc(p.citation.source)}\\] “${mdEsc(p.citation.quote)}”`);
  }
  out.push('', '### Supplier register', '');
  for (const sup of ruleset.suppliers) {
    out.push(`- **${mdEsc(sup.name)}** \\[${mdEsc(sup.id)}\\], also matched as: ${sup.aliases.map(mdEsc).join(', ')}. Source: [${mdEsc(sup.citation.source)}](#${sourceAnchor(sup.citation.source)}) “${mdEsc(sup.citation.quote)}”`);
  }
  out.push('', '## Appendix B: the source registry', '');
  for (const src of ruleset.sources.values()) {
    out.push(anchor(sourceAnchor(src.id)), '', `### ${mdEsc(src.title)}`, '');
    out.push(`- Id: ${code(src.id)}`, `- Date: ${mdEsc(src.date)}`, `- Issued by: ${mdEsc(src.issuer)}`);
    if (src.url) out.push(`- Address: ${code(src.url)}`);
    if (src.pinpoint_status) out.push(`- Pinpoint: ${mdEsc(src.pinpoint_status)}`);
    if (src.gives) out.push(`- Gives: ${mdEsc(src.gives)}`);
    out.push('');
    if (src.excerpt) {
      out.push(`> ${mdEsc(src.excerpt)}`, '', `Stored excerpt, sha256 ${code(src.excerpt_sha256 ?? '')}${src.excerpt_from ? `; from ${mdEsc(src.excerpt_from)}` : ''}`, '');
    }
  }
  out.push(`${MD_PROVENANCE_OPEN}\n${embeddableJson(prov)}\n-->`, '');
  return out.join('\n');
}
