// `sitecheck diff` as text for a terminal or a CI log.
import type { Finding, InputError, SiteResult, Summary } from '../model.js';
import type { Colors } from '../util/color.js';
import { verdictLabel } from '../format/symbols.js';
import type { DiffFormatter } from './formats.js';
import { isEmptyDiff } from './compare.js';

function counts(s: Summary): string {
  return `${s.sites} site${s.sites === 1 ? '' : 's'} (${s.sensitive} sensitive, ${s['not-sensitive']} not-sensitive, ${s.undetermined} undetermined), ${s.errors} input error${s.errors === 1 ? '' : 's'}`;
}

const finding = (sign: string, f: Finding): string => `      ${sign} ${f.kind}  ${f.message}`;
const error = (c: Colors, e: InputError): string => `  ${e.file}:${e.line}:${e.column}  ${e.message}${e.path ? c.dim(`  (${e.path})`) : ''}`;
const site = (c: Colors, s: SiteResult): string => `  ${verdictLabel(c, s.verdict)}  ${s.id}  ${s.name}  ${c.dim(`${s.file}:${s.line}`)}`;

export const diffText: DiffFormatter = (d, { colors: c }) => {
  const out = [
    `Compared with ${d.ref} (${d.commit.slice(0, 12)}), as of ${d.asOf}:`,
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
      out.push(`  ${ch.id}  ${ch.name}  ${verdict}  ${c.dim(`${ch.file}:${ch.line}${ch.previousFile ? ` (was ${ch.previousFile})` : ''}`)}`);
      for (const l of ch.limbs) out.push(`      limb ${l.limb} ${l.rule}: ${l.before} → ${l.after}`);
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
