// `sitecheck rules lint`: the rules are proved against their sources. Every citation must name a
// source with a stored excerpt, the quoted words must appear in that excerpt, and the excerpt must
// still have the digest recorded for it (so an edited excerpt is caught).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Citation } from '../model.js';
import { displayPath } from '../util/paths.js';
import { sha256, type Ruleset } from './ruleset.js';

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
    return i >= 0 ? i + 1 : 1;
  } catch {
    return 1;
  }
}

export function lintRuleset(ruleset: Ruleset): LintProblem[] {
  const problems: LintProblem[] = [];
  const sourcesFile = join(ruleset.dir, 'sources.yaml');
  for (const s of ruleset.sources.values()) {
    if (s.excerpt !== undefined && s.excerpt_sha256 !== sha256(s.excerpt)) {
      problems.push({
        file: displayPath(sourcesFile),
        line: lineOf(sourcesFile, `id: ${s.id}`),
        message: `source "${s.id}": the stored excerpt does not match its recorded sha256 (it has been edited; re-check it against the source and record the new digest ${sha256(s.excerpt)})`,
      });
    }
  }
  const checkCitation = (file: string, who: string, c: Citation): void => {
    const source = ruleset.sources.get(c.source);
    const line = lineOf(file, c.quote.slice(0, 40)) || lineOf(file, 'quote:');
    if (!source) {
      problems.push({ file: displayPath(file), line, message: `${who}: cites unknown source "${c.source}"` });
    } else if (source.excerpt === undefined) {
      problems.push({ file: displayPath(file), line, message: `${who}: source "${c.source}" has no stored excerpt to check the quote against` });
    } else if (!fold(source.excerpt).includes(fold(c.quote))) {
      problems.push({ file: displayPath(file), line, message: `${who}: the quoted words do not appear in the stored excerpt of "${c.source}": “${c.quote}”` });
    }
  };
  for (const rule of ruleset.rules) checkCitation(join(ruleset.dir, `${rule.id}.yaml`), `rule ${rule.id}`, rule.citation);
  for (const s of ruleset.suppliers) checkCitation(join(ruleset.dir, 'suppliers.yaml'), `supplier ${s.id}`, s.citation);
  for (const p of ruleset.parameters.values()) {
    if (p.citation) checkCitation(join(ruleset.dir, 'parameters.yaml'), `parameter ${p.name}`, p.citation);
    else if (!p.interpretation) {
      const f = join(ruleset.dir, 'parameters.yaml');
      problems.push({ file: displayPath(f), line: lineOf(f, p.name), message: `parameter ${p.name}: needs a citation or "interpretation: true"` });
    }
  }
  problems.push(...limbProblems(ruleset), ...fixtureProblems(ruleset));
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

/** Every rule has its fixtures (rules/tests/<rule-id>.yaml), run by `sitecheck rules test`. */
function fixtureProblems(ruleset: Ruleset): LintProblem[] {
  return ruleset.rules
    .filter((r) => !existsSync(join(ruleset.dir, 'tests', `${r.id}.yaml`)) && !existsSync(join(ruleset.dir, 'tests', `${r.id}.yml`)))
    .map((r) => ({ file: r.file, line: 1, message: `rule ${r.id}: has no fixtures; add tests/${r.id}.yaml (sites with their expected outcomes) to the rules folder` }));
}
