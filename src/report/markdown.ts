// The auditor's report as Markdown (CommonMark with GitHub tables). Site-provided text is escaped
// twice over: HTML-significant characters become entities (so a site name can never become raw
// HTML when the Markdown is rendered) and Markdown punctuation is backslash-escaped.
import { VERDICTS, type LimbResult, type SiteResult } from '../model.js';
import type { SourceDef } from '../rules/ruleset.js';
import {
  CONDITION_WORD, conditionTree, FINDING_SYMBOL, limbsMet, OUTCOME_SYMBOL, OUTCOME_WORD, plural, ruleAnchor, show, siteAnchor,
  sourceAnchor, VERDICT_LABEL, VERDICT_MEANING, VERDICT_SYMBOL, type ConditionNode, type ReportInput,
} from './describe.js';
import { embeddableJson, MD_PROVENANCE_OPEN } from './provenance.js';
import { mdCode, mdText } from '../format/markdown-util.js';



function anchor(id: string): string {
  return `<a id="${id}"></a>`;
}

function verdict(v: SiteResult['verdict']): string {
  return `${VERDICT_SYMBOL[v]} **${VERDICT_LABEL[v]}**`;
}

function conditionLines(node: ConditionNode, depth: number, out: string[]): void {
  const indent = '  '.repeat(depth);
  if (node.kind === 'leaf') {
    out.push(`${indent}- ${mdText(node.text)} (${mdCode(node.formal)})`);
    return;
  }
  out.push(`${indent}- ${mdText(node.text)}`);
  for (const c of node.children) conditionLines(c, depth + 1, out);
}

function citation(c: { source: string; pinpoint?: string; quote: string; title?: string }, source: SourceDef | undefined, out: string[]): void {
  const title = source ? `${source.title}, ${source.date} (${source.issuer})` : c.title ?? c.source;
  out.push(`> “${mdText(c.quote)}”`, '');
  out.push(`Source: [${mdText(title)}](#${sourceAnchor(c.source)}) \\[${mdText(c.source)}\\]${c.pinpoint ? `, ${mdText(c.pinpoint)}` : source?.pinpoint_status ? ` (${mdText(source.pinpoint_status)})` : ''}`, '');
}

function limb(l: LimbResult, site: SiteResult, input: ReportInput, out: string[]): void {
  out.push(`#### Limb ${l.limb}: ${mdText(l.title)} — ${OUTCOME_SYMBOL[l.outcome]} ${OUTCOME_WORD[l.outcome]}`, '');
  out.push(`Rule [${mdCode(l.rule)}](#${ruleAnchor(l.rule)})`, '');
  out.push('| Condition | Value at this site | Outcome |', '|---|---|---|');
  for (const c of l.conditions) {
    out.push(`| ${mdText(c.description ?? `${c.fact} ${c.operator} ${show(c.value)}`)} | ${mdText(show(c.actual))} | ${OUTCOME_SYMBOL[c.outcome]} ${CONDITION_WORD[c.outcome]}${c.needed ? '' : ' (not needed for the outcome)'} |`);
  }
  out.push('');
  const facts = Object.entries(l.facts);
  if (facts.length) {
    out.push('Facts used:', '');
    for (const [path, value] of facts) {
      const pos = l.locations[path];
      out.push(`- ${mdCode(path)} = ${mdText(show(value))}${pos ? ` (${mdCode(`${site.file}:${pos.line}`)})` : ''}`);
    }
    out.push('');
  }
  if (l.missing.length) out.push(`Missing facts (not known, so counted neither way): ${l.missing.map(mdCode).join(', ')}`, '');
  for (const [name, p] of Object.entries(l.parameters)) {
    out.push(`Parameter ${mdCode(name)} = ${mdText(show(p.value))} — ${p.interpretation ? '**a local interpretation, found in no source**' : 'taken from a cited source'} (from ${mdCode(p.origin)})`, '');
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
  out.push(`- Tool: sitecheck ${mdText(report.tool.version)}`);
  out.push(`- Inventory: ${prov.paths.map(mdCode).join(', ')} (${plural(prov.inputs.length, 'file')}, ${plural(s.sites, 'site')})`);
  out.push(`- Provenance digest: ${mdCode(prov.sha256)}`, '');
  out.push('To confirm this report later, run `sitecheck verify FILE`: it re-evaluates the inputs listed below and says whether the report still holds.', '');

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

  out.push('## Summary', '');
  out.push('| Verdict | Sites | Meaning |', '|---|---|---|');
  for (const v of VERDICTS) out.push(`| ${verdict(v)} | ${s[v]} | ${mdText(VERDICT_MEANING[v])} |`);
  out.push(`| All sites | ${s.sites} | |`, '');
  out.push('| Equipment finding | Count |', '|---|---|');
  for (const k of Object.keys(s.findings)) out.push(`| ${k} | ${s.findings[k]} |`);
  out.push('', s.errors ? `${plural(s.errors, 'input error')}: see [Input errors](#errors); the sites in those files are not evaluated.` : 'No input errors: every file was read.', '');

  out.push('## Sites', '');
  out.push('| Site | Name | Organisation | Verdict | Limbs met | Findings | File |', '|---|---|---|---|---|---|---|');
  for (const site of report.sites) {
    out.push(
      `| [${mdText(site.id)}](#${siteAnchor(site.id)}) | ${mdText(site.name)} | ${site.organisation !== undefined ? mdText(site.organisation) : ''} | ${verdict(site.verdict)} | ${limbsMet(site.limbs)} | ${site.findings.length || ''} | ${mdCode(`${site.file}:${site.line}`)} |`,
    );
  }
  out.push('');

  out.push('## Site by site', '');
  out.push('A site is sensitive if any limb is met; a missing fact is never counted as “no”.', '');
  for (const site of report.sites) {
    out.push(anchor(siteAnchor(site.id)), '', `### ${mdText(site.id)} — ${mdText(site.name)}`, '');
    if (site.organisation !== undefined) out.push(`- Organisation: ${mdText(site.organisation)}`);
    out.push(`- File: ${mdCode(`${site.file}:${site.line}`)}`);
    const met = limbsMet(site.limbs);
    out.push(`- Verdict: ${verdict(site.verdict)} — ${mdText(VERDICT_MEANING[site.verdict])}${met ? ` (${met} met)` : ''}\\.`);
    if (site.verdict === 'undetermined') out.push(`- Would be decided by: ${site.decidingFacts.map(mdCode).join(', ')}`);
    out.push('');
    for (const l of site.limbs) limb(l, site, input, out);
    out.push('#### Equipment findings', '');
    if (site.findings.length === 0) {
      out.push(site.verdict === 'not-sensitive' ? 'None: the exclusion does not apply to this site.' : 'None: no equipment from a manufacturer on the supplier register is installed or planned.', '');
    } else {
      out.push('| Finding | Equipment | Manufacturer | Status | Detail | Where |', '|---|---|---|---|---|---|');
      for (const f of site.findings) {
        out.push(
          `| ${FINDING_SYMBOL[f.severity]} ${f.kind} | ${mdText(f.equipment ?? '(site)')} | ${mdText(f.manufacturer ?? '')} | ${mdText(f.status ?? '')}${f.removalDue ? ` (removal due ${mdText(f.removalDue)})` : ''} | ${mdText(f.message)} [${mdText(f.rule)} · ${mdText(f.citation.source)}] | ${mdCode(`${site.file}:${f.line}`)} |`,
        );
      }
      out.push('');
    }
  }

  if (report.errors.length) {
    out.push(anchor('errors'), '', '## Input errors', '', `${plural(report.errors.length, 'problem')} in the inventory. A site in a file with an error is not evaluated.`, '');
    out.push('| Where | Field | Problem |', '|---|---|---|');
    for (const e of report.errors) out.push(`| ${mdCode(`${e.file}:${e.line}:${e.column}`)} | ${e.path ? mdCode(e.path) : ''} | ${mdText(e.message)} |`);
    out.push('');
  }

  out.push('## Appendix A: the rules', '');
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
  out.push(`${MD_PROVENANCE_OPEN}\n${embeddableJson(prov)}\n-->`, '');
  return out.join('\n');
}
