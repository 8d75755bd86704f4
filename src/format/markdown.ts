// A Markdown summary for $GITHUB_STEP_SUMMARY or a pull-request comment: counts by verdict, then a
// table of the sites that fail (what --fail-on names), then input errors, with links to the lines.
import type { SiteResult } from '../model.js';
import { siteFails } from '../model.js';
import { lineSink, whole, type StreamingFormatter } from './types.js';
import { VERDICT_SYMBOL } from './symbols.js';
import { capped, CappedRows, fileLink, mdCode, mdText } from './markdown-util.js';

/** Scope and determination, when the site has them, after the verdict in its cell. */
function standing(site: SiteResult): string {
  const parts: string[] = [];
  if (site.scope) parts.push(`scope: ${site.scope.outcome}`);
  if (site.determination) parts.push(`determined ${site.determination.verdict}${site.determination.agrees === false ? ' (disagrees)' : ''}`);
  return parts.map((p) => `<br>${p}`).join('');
}

export const markdownStream: StreamingFormatter = (head, { failOn, linkBase }, sink) => {
  const failSet = new Set(failOn);
  // The summary and the tables' counts come first, so only the rows shown (at most 100 a table) are kept.
  const failing = new CappedRows('failing sites');
  const notFailing = new CappedRows('undetermined sites');
  return {
    site(site) {
      if (siteFails(site, failSet)) failing.add(() => failingRow(site, failSet, linkBase));
      else if (site.verdict === 'undetermined') notFailing.add(() => `- ${mdCode(site.id)} ${mdText(site.name)}: needs ${site.decidingFacts.map(mdCode).join(', ')} (${fileLink(site.file, site.line, linkBase)})`);
    },
    end(tail) {
      const s = tail.summary;
      const errorsFail = failSet.has('errors') && tail.errors.length > 0;
      const ok = failing.count === 0 && !errorsFail;
      const out = lineSink(sink);
      out.push(
        `## sitecheck: ${ok ? 'passed' : 'failed'}`,
        '',
        `Checked ${s.sites} site${s.sites === 1 ? '' : 's'} as of ${head.asOf} (fails on: ${failOn.length ? failOn.join(', ') : 'nothing'}).`,
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
      if (failing.count) {
        out.push('', `### Sites that fail (${failing.count})`, '', '| site | name | verdict | why | where |', '|---|---|---|---|---|');
        for (const row of failing.shown) out.push(row);
        if (failing.note) out.push('', failing.note);
      }
      if (tail.errors.length) {
        out.push('', `### Input errors (${tail.errors.length})`, '', '| where | problem | field |', '|---|---|---|');
        const rows = capped(tail.errors, 'input errors');
        for (const e of rows.shown) out.push(`| ${fileLink(e.file, e.line, linkBase)} | ${mdText(e.message)} | ${e.path ? mdCode(e.path) : ''} |`);
        if (rows.note) out.push('', rows.note);
      }
      if (notFailing.count) {
        out.push('', `<details><summary>Undetermined sites not failing the check (${notFailing.count})</summary>`, '');
        for (const row of notFailing.shown) out.push(row);
        if (notFailing.note) out.push('', notFailing.note);
        out.push('', '</details>');
      }
    },
  };
};

/** A failing site's row in the "Sites that fail" table. */
function failingRow(site: SiteResult, failSet: ReadonlySet<string>, linkBase: string | undefined): string {
  const why: string[] = [];
  if (failSet.has('undetermined') && site.verdict === 'undetermined') why.push(`undetermined: needs ${site.decidingFacts.map(mdCode).join(', ')}`);
  for (const f of site.findings.filter((x) => failSet.has(x.kind))) {
    why.push(`**${f.kind}**${f.equipment !== undefined ? ` ${mdText(f.equipment)}` : ''} (${fileLink(site.file, f.line, linkBase)}): ${mdText(f.message)} (rule ${mdCode(f.rule)}${f.citation ? `, source ${mdCode(f.citation.source)}` : ''})`);
  }
  return `| ${mdCode(site.id)} | ${mdText(site.name)} | ${VERDICT_SYMBOL[site.verdict]} ${site.verdict}${standing(site)} | ${why.join('<br>')} | ${fileLink(site.file, site.line, linkBase)} |`;
}

export const markdown = whole(markdownStream);
