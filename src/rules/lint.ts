// `sitecheck rules lint`: the rules are proved against their sources. Every citation must name a
// source with a stored excerpt, the quoted words must appear in that excerpt, and the excerpt must
// still have the digest recorded for it (so an edited excerpt is caught).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Citation } from '../model.js';
import { displayPath } from '../util/paths.js';
import { missingFixtures } from './fixtures.js';
import { allRules, sha256, type Ruleset } from './ruleset.js';

export interface LintProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/** Compare text with runs of white space folded, so line-wrapping in YAML does not matter. */
export function fold(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function lineOf(path: string, needle: string): number {
  try {
    const lines = readFileSync(path, 'utf8').split('\n');
    const i = lines.findIndex((l) => l.includes(needle));
    return i + 1; // 0 when not found
  } catch {
    return 0;
  }
}

export function lintRuleset(ruleset: Ruleset): LintProblem[] {
  const problems: LintProblem[] = [];
  const sourcesFile = join(ruleset.dir, 'sources.yaml');
  for (const s of ruleset.sources.values()) {
    if (s.excerpt !== undefined && s.excerpt_sha256 !== sha256(s.excerpt)) {
      problems.push({
        file: displayPath(sourcesFile),
        line: lineOf(sourcesFile, `id: ${s.id}`) || 1,
        message: `source "${s.id}": the stored excerpt does not match its recorded sha256 (it has been edited; re-check it against the source and record the new digest ${sha256(s.excerpt)})`,
      });
    }
  }
  for (const s of ruleset.sources.values()) {
    if (s.date === 'unconfirmed' && !s.date_status) {
      problems.push({ file: displayPath(sourcesFile), line: lineOf(sourcesFile, `id: ${s.id}`) || 1, message: `source "${s.id}": the date is unconfirmed, so date_status must say why` });
    }
  }
  const checkCitation = (file: string, who: string, c: Citation): void => {
    const source = ruleset.sources.get(c.source);
    // The quote's first words, else its `quote:` key (a quote wrapped across lines), else the top.
    const line = lineOf(file, c.quote.slice(0, 40)) || lineOf(file, 'quote:') || 1;
    // (An unknown source never gets here: loading the rules refuses it.)
    if (!source || source.excerpt === undefined) {
      problems.push({ file: displayPath(file), line, message: `${who}: source "${c.source}" has no stored excerpt to check the quote against` });
    } else if (c.quote.includes('[…]')) {
      problems.push({ file: displayPath(file), line, message: `${who}: a quote may not span the " […] " between separately read passages of "${c.source}": “${c.quote}”` });
    } else if (!fold(source.excerpt).includes(fold(c.quote))) {
      problems.push({ file: displayPath(file), line, message: `${who}: the quoted words do not appear in the stored excerpt of "${c.source}": “${c.quote}”` });
    }
  };
  for (const rule of allRules(ruleset)) for (const c of rule.citations) checkCitation(join(ruleset.dir, rule.path), `rule ${rule.id}`, c);
  // The supplier register: every quoted part of every entry's and alias's basis.
  for (const s of ruleset.suppliers) {
    const file = join(ruleset.dir, 'suppliers.yaml');
    const parts = [...s.basis.map((p) => ({ who: `supplier ${s.id} (basis: ${p.part})`, p })),
      ...s.aliasDefs.flatMap((a) => a.basis.map((p) => ({ who: `supplier ${s.id}, alias "${a.name}" (basis: ${p.part})`, p })))];
    for (const { who, p } of parts) if (p.quote !== undefined) checkCitation(file, who, { source: p.source, quote: p.quote });
  }
  // (A parameter with neither a citation nor `interpretation: true` is refused by its schema.)
  for (const p of ruleset.parameters.values()) {
    if (p.citation) checkCitation(join(ruleset.dir, 'parameters.yaml'), `parameter ${p.name}`, p.citation);
  }
  problems.push(...limbProblems(ruleset), ...missingFixtures(ruleset));
  return problems;
}

/**
 * The limbs form one definition: each of limbs 1..N is claimed by exactly one rule. (Two rules
 * claiming one limb is already refused when the rules are loaded; a limb with no rule is caught here.)
 */
function limbProblems(ruleset: Ruleset): LintProblem[] {
  const claimed = new Set(ruleset.rules.map((r) => r.limb));
  const max = Math.max(0, ...claimed);
  const out: LintProblem[] = [];
  for (let limb = 1; limb <= max; limb++) {
    if (!claimed.has(limb)) {
      out.push({ file: displayPath(ruleset.dir), line: 1, message: `limb ${limb} is claimed by no rule (rules claim limbs ${[...claimed].sort((a, b) => a - b).join(', ')})` });
    }
  }
  return out;
}

