// A Markdown summary for $GITHUB_STEP_SUMMARY or a pull-request comment: counts by verdict, then a
// table of the sites that fail (what --fail-on names), then input errors, with links to the lines.
import type { Report, SiteResult } from '../model.js';
import { siteFails } from '../model.js';
import { lineSink, type Formatter } from './types.js';
import { VERDICT_SYMBOL } from './symbols.js';
import { capped, fileLink, mdCode, mdText } from './markdown-util.js';

/** Scope and determination, when the site has them, after the verdict in its cell. */
function standing(site: SiteResult): string {
  const parts: string[] = [];
  if (site.scope) parts.push(`scope: ${site.scope.outcome}`);
  if (site.determination) parts.push(`determined ${site.determination.verdict}${site.determination.agrees === false ? ' (disagrees)' : ''}`);
  return parts.map((p) => `<br>${p}`).join('');
}

export const markdown: Formatter = (report: Report, { failOn, linkBase }, sink) => {
  const s = report.summary;
  const failSet = new Set(failOn);
  const failing = report.sites.filter((site) => siteFails(site, failSet));
  const errorsFail = failSet.has('errors') && report.errors.length > 0;
  const ok = failing.length === 0 && !errorsFail;
  const out = lineSink(sink);
  out.push(
    `## sitecheck: ${ok ? 'passed' : 'failed'}`,
    '',
    `Checked ${s.sites} site${s.sites === 1 ? '' : 's'} as of ${report.asOf} (fails on: ${failOn.length ? failOn.join(', ') : 'nothing'}).`,
    '',
    '| verdict | sites |',
    '|---|---:|',
    `| ${VERDICT_SYMBOL.sensitive} sensitive | ${s.sensitive} |`,
    `| ${VERDICT_SYMBOL['not-sensitive']} not-sensitive | ${s['not-sensitive']} |`,
    `| ${VERDICT_SYMBOL.undetermined} undetermined | ${s.undetermined} |`,
    `| input errors | ${s.errors} |`,
  );
  const findings = Object.keys(s.findings).filter((k) => s.findings[k]! > 0);
  out.push('', findings.length ? `Equipment findings: ${findings.map((k) => `${s.findings[k]} ${k}`).join(', ')}.` : 'No equipment findings.');
  if (failing.length) {
    out.push('', `### Sites that fail (${failing.length})`, '', '| site | name | verdict | why | where |', '|---|---|---|---|---|');
    const rows = capped(failing, 'failing sites');
    for (const site of rows.shown) {
      const why: string[] = [];
      if (failSet.has('undetermined') && site.verdict === 'undetermined') why.push(`undetermined: needs ${site.decidingFacts.map(mdCode).join(', ')}`);
      for (const f of site.findings.filter((x) => failSet.has(x.kind))) {
        why.push(`**${f.kind}**${f.equipment !== undefined ? ` ${mdText(f.equipment)}` : ''} (${fileLink(site.file, f.line, linkBase)}): ${mdText(f.message)} (rule ${mdCode(f.rule)}${f.citation ? `, source ${mdCode(f.citation.source)}` : ''})`);
      }
      out.push(`| ${mdCode(site.id)} | ${mdText(site.name)} | ${VERDICT_SYMBOL[site.verdict]} ${site.verdict}${standing(site)} | ${why.join('<br>')} | ${fileLink(site.file, site.line, linkBase)} |`);
    }
    if (rows.note) out.push('', rows.note);
  }
  if (report.errors.length) {
    out.push('', `### Input errors (${report.errors.length})`, '', '| where | problem | field |', '|---|---|---|');
    const rows = capped(report.errors, 'input errors');
    for (const e of rows.shown) out.push(`| ${fileLink(e.file, e.line, linkBase)} | ${mdText(e.message)} | ${e.path ? mdCode(e.path) : ''} |`);
    if (rows.note) out.push('', rows.note);
  }
  const notFailing = report.sites.filter((site) => site.verdict === 'undetermined' && !siteFails(site, failSet));
  if (notFailing.length) {
    out.push('', `<details><summary>Undetermined sites not failing the check (${notFailing.length})</summary>`, '');
    const rows = capped(notFailing, 'undetermined sites');
    for (const site of rows.shown) out.push(`- ${mdCode(site.id)} ${mdText(site.name)}: needs ${site.decidingFacts.map(mdCode).join(', ')} (${fileLink(site.file, site.line, linkBase)})`);
    if (rows.note) out.push('', rows.note);
    out.push('', '</details>');
  }
};
