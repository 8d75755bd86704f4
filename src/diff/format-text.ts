// `sitecheck diff` as text for a terminal or a CI log.
import type { Finding, InputError, SiteResult, Summary } from '../model.js';
import type { Colors } from '../util/color.js';
import { verdictLabel } from '../format/symbols.js';
import type { DiffFormatter } from './formats.js';
import { isEmptyDiff } from './compare.js';
import { oneLine as o } from '../format/escape.js';

function counts(s: Summary): string {
  return `${s.sites} site${s.sites === 1 ? '' : 's'} (${s.sensitive} sensitive, ${s['not-sensitive']} not-sensitive, ${s.undetermined} undetermined), ${s.errors} input error${s.errors === 1 ? '' : 's'}`;
}

const finding = (sign: string, f: Finding): string => `      ${sign} ${o(f.kind)}  ${o(f.message)}`;
const error = (c: Colors, e: InputError): string => `  ${o(e.file)}:${e.line}:${e.column}  ${o(e.message)}${e.path ? c.dim(`  (${o(e.path)})`) : ''}`;
const site = (c: Colors, s: SiteResult): string => `  ${verdictLabel(c, s.verdict)}  ${o(s.id)}  ${o(s.name)}  ${c.dim(`${o(s.file)}:${s.line}`)}`;

export const diffText: DiffFormatter = (d, { colors: c }) => {
  const out = [
    `Compared with ${o(d.ref)} (${o(d.commit.slice(0, 12))}), as of ${d.asOf}:`,
    `  then: ${counts(d.before)}`,
    `  now:  ${counts(d.after)}`,
  ];
  if (isEmptyDiff(d)) {
    out.push('', 'No site was added or removed, and no verdict, limb outcome, finding or input error changed.');
    return out.join('\n') + '\n';
  }
  if (d.changed.length) {
    out.push('', c.bold(`Changed (${d.changed.length}):`));
    for (const ch of d.changed) {
      const verdict = ch.before === ch.after ? verdictLabel(c, ch.after) : `${verdictLabel(c, ch.before)} → ${verdictLabel(c, ch.after)}`;
      out.push(`  ${o(ch.id)}  ${o(ch.name)}  ${verdict}  ${c.dim(`${o(ch.file)}:${ch.line}${ch.previousFile ? ` (was ${o(ch.previousFile)})` : ''}`)}`);
      for (const l of ch.limbs) out.push(`      limb ${l.limb} ${o(l.rule)}: ${l.before} → ${l.after}`);
      for (const f of ch.findingsAdded) out.push(finding(c.red('+'), f));
      for (const f of ch.findingsRemoved) out.push(finding(c.green('-'), f));
    }
  }
  if (d.added.length) {
    out.push('', c.bold(`Added (${d.added.length}):`));
    for (const s of d.added) {
      out.push(site(c, s));
      for (const f of s.findings) out.push(finding(c.red('+'), f));
    }
  }
  if (d.removed.length) {
    out.push('', c.bold(`Removed (${d.removed.length}):`));
    for (const s of d.removed) out.push(site(c, s));
  }
  if (d.errorsIntroduced.length) {
    out.push('', c.bold(c.red(`Input errors introduced (${d.errorsIntroduced.length}):`)));
    for (const e of d.errorsIntroduced) out.push(error(c, e));
  }
  if (d.errorsFixed.length) {
    out.push('', c.bold(`Input errors fixed (${d.errorsFixed.length}):`));
    for (const e of d.errorsFixed) out.push(error(c, e));
  }
  return out.join('\n') + '\n';
};
