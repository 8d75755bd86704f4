// `sitecheck diff` as Markdown: the pull-request comment a reviewer reads when the inventory changes.
import type { Finding, Summary } from '../model.js';
import { VERDICT_SYMBOL } from '../format/symbols.js';
import { capped, fileLink, mdCode, mdText } from '../format/markdown-util.js';
import type { DiffFormatter } from './formats.js';
import { isEmptyDiff } from './compare.js';

const v = (verdict: keyof typeof VERDICT_SYMBOL): string => `${VERDICT_SYMBOL[verdict]} ${verdict}`;

function findingLine(sign: string, f: Finding): string {
  return `${sign} **${f.kind}** ${mdText(f.message)}`;
}

function countRow(label: string, key: keyof Omit<Summary, 'findings'>, a: Summary, b: Summary): string {
  const delta = b[key] - a[key];
  return `| ${label} | ${a[key]} | ${b[key]} | ${delta === 0 ? '' : delta > 0 ? `+${delta}` : String(delta)} |`;
}

export const diffMarkdown: DiffFormatter = (d, { linkBase }) => {
  const out = [
    `## sitecheck: inventory changes against ${mdCode(d.ref)} (${mdCode(d.commit.slice(0, 12))})`,
    '',
    `Verdicts as of ${d.asOf}.`,
    '',
    `| | ${mdText(d.ref)} | this change | |`,
    '|---|---:|---:|---:|',
    countRow('sites', 'sites', d.before, d.after),
    countRow(v('sensitive'), 'sensitive', d.before, d.after),
    countRow(v('not-sensitive'), 'not-sensitive', d.before, d.after),
    countRow(v('undetermined'), 'undetermined', d.before, d.after),
    countRow('input errors', 'errors', d.before, d.after),
  ];
  if (isEmptyDiff(d)) {
    out.push('', 'No site was added or removed, and no verdict, limb outcome, finding or input error changed.');
    return out.join('\n') + '\n';
  }
  if (d.changed.length) {
    out.push('', `### Changed sites (${d.changed.length})`, '', '| site | name | verdict | what changed | where |', '|---|---|---|---|---|');
    const changed = capped(d.changed, 'changed sites');
    for (const c of changed.shown) {
      const verdict = c.before === c.after ? v(c.after) : `${v(c.before)} → **${v(c.after)}**`;
      const what = [
        ...c.limbs.map((l) => `limb ${l.limb} ${mdCode(l.rule)}: ${l.before} → **${l.after}**`),
        ...c.findingsAdded.map((f) => findingLine('➕', f)),
        ...c.findingsRemoved.map((f) => findingLine('➖', f)),
      ];
      out.push(`| ${mdCode(c.id)} | ${mdText(c.name)} | ${verdict} | ${what.join('<br>')} | ${fileLink(c.file, c.line, linkBase)} |`);
    }
    if (changed.note) out.push('', changed.note);
  }
  if (d.added.length) {
    out.push('', `### Added sites (${d.added.length})`, '', '| site | name | verdict | findings | where |', '|---|---|---|---|---|');
    const added = capped(d.added, 'added sites');
    for (const s of added.shown) {
      const needs = s.verdict === 'undetermined' ? `needs ${s.decidingFacts.map(mdCode).join(', ')}` : '';
      const findings = s.findings.map((f) => findingLine('', f).trim());
      out.push(`| ${mdCode(s.id)} | ${mdText(s.name)} | ${v(s.verdict)} | ${[needs, ...findings].filter(Boolean).join('<br>')} | ${fileLink(s.file, s.line, linkBase)} |`);
    }
    if (added.note) out.push('', added.note);
  }
  if (d.removed.length) {
    out.push('', `### Removed sites (${d.removed.length})`, '', '| site | name | verdict then | was in |', '|---|---|---|---|');
    const removed = capped(d.removed, 'removed sites');
    for (const s of removed.shown) out.push(`| ${mdCode(s.id)} | ${mdText(s.name)} | ${v(s.verdict)} | ${mdCode(`${s.file}:${s.line}`)} |`);
    if (removed.note) out.push('', removed.note);
  }
  if (d.errorsIntroduced.length) {
    out.push('', `### Input errors introduced (${d.errorsIntroduced.length})`, '', '| where | problem |', '|---|---|');
    const introduced = capped(d.errorsIntroduced, 'input errors');
    for (const e of introduced.shown) out.push(`| ${fileLink(e.file, e.line, linkBase)} | ${mdText(e.message)}${e.path ? ` (${mdCode(e.path)})` : ''} |`);
    if (introduced.note) out.push('', introduced.note);
  }
  if (d.errorsFixed.length) {
    out.push('', `### Input errors fixed (${d.errorsFixed.length})`, '');
    const fixed = capped(d.errorsFixed, 'fixed input errors');
    for (const e of fixed.shown) out.push(`- ${mdCode(`${e.file}:${e.line}`)} ${mdText(e.message)}`);
    if (fixed.note) out.push('', fixed.note);
  }
  return out.join('\n') + '\n';
};
