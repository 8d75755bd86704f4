// SARIF 2.1.0 for code scanning. tool.driver.rules is built from the rules' own metadata: one
// stable id per limb rule (the rule's id), one per finding kind and one for input errors, each with
// its citation in help and helpUri. Every result has a physical location relative to the working
// directory. Results: findings and input errors (error when --fail-on names them, else warning),
// and one per sensitive or undetermined site (a note, or an error when --fail-on names
// undetermined) naming the limbs met or unknown: at most one per site plus one per finding and
// input error, and at most MAX_RESULTS in all (see below).
import { readFileSync } from 'node:fs';
import type { Citation, FailOn, SiteResult } from '../model.js';
import type { Ruleset } from '../rules/ruleset.js';
import { whole, type StreamingFormatter } from './types.js';
import { errorProblem, siteLabel, siteProblems, type Problem } from './problems.js';
import { oneLine } from './escape.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INPUT_ERROR_RULE = 'input-error';

type Level = 'error' | 'warning' | 'note';

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri?: string;
  defaultConfiguration: { level: Level };
  properties: Record<string, unknown>;
}

function pascal(id: string): string {
  return id.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

function citationText(c: Citation): string {
  return `"${c.quote}" — ${c.title ?? c.source}${c.pinpoint ? `, ${c.pinpoint}` : ''}${c.url ? ` (${c.url})` : ''}`;
}

function citationMarkdown(c: Citation): string {
  const title = c.url ? `[${c.title ?? c.source}](${c.url})` : (c.title ?? c.source);
  return `> ${c.quote}\n\n— ${title}${c.pinpoint ? `, ${c.pinpoint}` : ''}`;
}

function rulesFor(ruleset: Ruleset): SarifRule[] {
  const limbRules = ruleset.rules.map((r): SarifRule => ({
    id: r.id,
    name: pascal(r.id),
    shortDescription: { text: `Limb ${r.limb}: ${r.title}` },
    fullDescription: { text: r.description },
    help: {
      text: `${r.description}\n\nSource: ${citationText(r.citation)}`,
      markdown: `**Limb ${r.limb} of the definition of sensitive sites.** ${r.description}\n\n${citationMarkdown(r.citation)}`,
    },
    ...(r.citation.url ? { helpUri: r.citation.url } : {}),
    defaultConfiguration: { level: 'note' },
    properties: { limb: r.limb, source: r.citation.source, tags: ['sensitive-sites'] },
  }));
  // Findings rest on the supplier register: its entries and their citations are the help.
  const suppliers = ruleset.suppliers;
  const supplierText = suppliers.map((s) => `${s.name} (${s.aliases.join(', ')}): ${citationText(s.citation)}`).join('\n');
  const supplierMd = suppliers.map((s) => `- **${s.name}** (${s.aliases.join(', ')})\n\n${citationMarkdown(s.citation).replace(/^/gm, '  ')}`).join('\n');
  const supplierUri = suppliers.map((s) => s.citation.url).find((u) => u !== undefined);
  // One SARIF rule per obligation rule (its id is the rule's file name), with its own citations.
  const findingRules = ruleset.obligations.map((o): SarifRule => ({
    id: o.id,
    name: pascal(o.id),
    shortDescription: { text: o.title },
    fullDescription: { text: o.description },
    help: {
      text: `${o.description}\n\nFinding kinds: ${[o.kind, o.unknownKind].filter(Boolean).join(', ')}\n\n${o.citations.map((c) => `Source: ${citationText(c)}`).join('\n')}\n\nSupplier register:\n${supplierText}`,
      markdown: `${o.description}\n\nFinding kinds: ${[o.kind, o.unknownKind].filter(Boolean).map((k) => `\`${k}\``).join(', ')}\n\n${o.citations.map(citationMarkdown).join('\n\n')}\n\nSupplier register:\n\n${supplierMd}`,
    },
    ...(o.citation.url ? { helpUri: o.citation.url } : supplierUri ? { helpUri: supplierUri } : {}),
    defaultConfiguration: { level: o.severity },
    properties: { kinds: [o.kind, ...(o.unknownKind ? [o.unknownKind] : [])], source: o.citation.source, tags: ['equipment', 'security'] },
  }));
  // (Transitional, until the obligations are rules: a rule per finding kind.)
  if (findingRules.length === 0) {
    for (const k of ruleset.failOn.kinds) {
      findingRules.push({ id: k, name: pascal(k), shortDescription: { text: k }, fullDescription: { text: k }, help: { text: supplierText, markdown: supplierMd },
        defaultConfiguration: { level: 'warning' }, properties: { tags: ['equipment', 'security'] } });
    }
  }
  const inputRule: SarifRule = {
    id: INPUT_ERROR_RULE,
    name: 'InputError',
    shortDescription: { text: 'A site file that cannot be read, parsed or validated' },
    fullDescription: { text: 'The file is not valid YAML, breaks the site schema, or repeats a site id; the sites in it are not evaluated.' },
    help: {
      text: 'Fix the file at the location shown; run `sitecheck schema` for the site format and `sitecheck validate` to check it.',
      markdown: 'Fix the file at the location shown; run `sitecheck schema` for the site format and `sitecheck validate` to check it.',
    },
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['input'] },
  };
  return [...limbRules, ...findingRules, inputRule];
}

/** A path relative to the working directory as a relative URI reference. */
function fileUri(file: string): string {
  return file.split('/').map((seg) => encodeURIComponent(seg)).join('/');
}

function location(file: string, line: number, column: number) {
  return {
    physicalLocation: {
      artifactLocation: { uri: fileUri(file) },
      region: { startLine: Math.max(1, Math.floor(line) || 1), startColumn: Math.max(1, Math.floor(column) || 1) },
    },
  };
}

interface Result {
  readonly ruleId: string;
  readonly ruleIndex: number;
  readonly level: Level;
  readonly message: { readonly text: string };
  readonly locations: readonly ReturnType<typeof location>[];
  readonly properties: Readonly<Record<string, unknown>>;
}

/** One result per sensitive or undetermined site: the limbs met (or unknown) folded into one message. */
function siteResult(site: SiteResult, index: ReadonlyMap<string, number>, undeterminedFails: boolean): Result | undefined {
  const want = site.verdict === 'sensitive' ? 'met' : site.verdict === 'undetermined' ? 'unknown' : undefined;
  if (!want) return undefined;
  const limbs = site.limbs.filter((l) => l.outcome === want && index.has(l.rule));
  const first = limbs[0];
  if (!first) return undefined;
  const pos = Object.keys(first.facts).map((f) => first.locations[f]).find((p) => p !== undefined) ?? { line: site.line, column: site.column };
  const list = limbs.map((l) => `limb ${l.limb} (${oneLine(l.title)})`).join(', ');
  const text = want === 'met'
    ? `${siteLabel(site)} is a sensitive site: ${list} ${limbs.length > 1 ? 'are' : 'is'} met`
    : `${siteLabel(site)} is undetermined: ${list} ${limbs.length > 1 ? 'are' : 'is'} unknown; would be decided by ${oneLine(site.decidingFacts.join(', ')) || 'facts that are not recorded'}`;
  return {
    ruleId: first.rule,
    ruleIndex: index.get(first.rule)!,
    // kind is left at its default ("fail"): SARIF requires level "none" for any other kind, and
    // code scanning shows results by level.
    level: (want === 'unknown' && undeterminedFails ? 'error' : 'note') as Level,
    message: { text },
    locations: [location(site.file, pos.line, pos.column)],
    properties: {
      site: oneLine(site.id), verdict: site.verdict, limbs: limbs.map((l) => l.limb), source: first.citation.source,
      ...(site.scope ? { scope: site.scope.outcome, scopeRule: site.scope.rule } : {}),
      ...(site.determination ? { determination: site.determination.verdict, determinationAgrees: site.determination.agrees } : {}),
      ...(site.exclusion ? { exclusion: site.exclusion.outcome } : {}),
    },
  };
}

function problemResult(p: Problem, index: ReadonlyMap<string, number>): Result {
  const ruleId = p.kind === 'input-error' ? INPUT_ERROR_RULE : index.has(p.finding?.rule ?? '') ? p.finding!.rule : p.kind;
  return {
    ruleId,
    ruleIndex: index.get(ruleId)!,
    level: (p.fails ? 'error' : 'warning') as Level,
    message: { text: p.message },
    locations: [location(p.file, p.line, p.column)],
    properties: p.error
      ? { code: p.error.code, path: oneLine(p.error.path), ...(p.error.site ? { site: oneLine(p.error.site) } : {}) }
      : { site: p.site && oneLine(p.site.id), verdict: p.site?.verdict, equipment: p.finding?.equipment === undefined ? undefined : oneLine(p.finding.equipment), kind: p.finding?.kind, source: p.finding?.citation.source },
  };
}


/** A site's results in report order: its own result, then its findings (undetermined: the site's result). */
function* siteResults(site: SiteResult, index: ReadonlyMap<string, number>, set: ReadonlySet<FailOn>): Generator<Result> {
  const r = siteResult(site, index, set.has('undetermined'));
  if (r) yield r;
  for (const p of siteProblems(site, set)) {
    if (p.kind !== 'undetermined') yield problemResult(p, index);
  }
}

/**
 * Code scanning keeps the first 5,000 results of a run, by severity, and rejects a run of more than
 * 25,000 (docs.github.com, "SARIF results exceed limit"): at most MAX_RESULTS are written, the most
 * severe first chosen (error, then warning, then note, each in report order), and a run-level
 * notification says how many were left out and where they all are.
 */
export const MAX_RESULTS = 5000;
const SEVERITY: Level[] = ['error', 'warning', 'note'];

/**
 * The results as they come, keeping only those that can still be among the MAX_RESULTS given: of
 * each level, the first (MAX_RESULTS less those of the more severe levels so far), as text.
 */
class Kept {
  readonly count = new Map<Level, number>(SEVERITY.map((l) => [l, 0]));
  private readonly kept = new Map<Level, { seq: number; text: string }[]>(SEVERITY.map((l) => [l, []]));
  private seq = 0;
  total = 0;
  add(r: Result): void {
    this.count.set(r.level, this.count.get(r.level)! + 1);
    this.total++;
    const seq = this.seq++;
    let room = MAX_RESULTS;
    for (const l of SEVERITY) {
      const list = this.kept.get(l)!;
      if (l === r.level && list.length < room) list.push({ seq, text: JSON.stringify(r, null, 2).replace(/\n/g, '\n        ') });
      if (list.length > room) list.length = room;
      room = Math.max(0, room - this.count.get(l)!);
    }
  }
  /** How many are given. */
  get given(): number {
    let n = 0;
    for (const l of SEVERITY) n += this.kept.get(l)!.length;
    return n;
  }
  /** The results given, in report order. */
  *texts(): Generator<string> {
    const lists = SEVERITY.map((l) => this.kept.get(l)!);
    const at = lists.map(() => 0);
    for (;;) {
      let best = -1;
      for (let k = 0; k < lists.length; k++) {
        const item = lists[k]![at[k]!];
        if (item && (best < 0 || item.seq < lists[best]![at[best]!]!.seq)) best = k;
      }
      if (best < 0) return;
      yield lists[best]![at[best]!++]!.text;
    }
  }
}

/** The project's page for tool.driver.informationUri: package.json's homepage or repository, else where the definition is published. */
function informationUri(ruleset: Ruleset): string | undefined {
  let pkg: { homepage?: unknown; repository?: unknown } = {};
  try {
    pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as typeof pkg;
  } catch {
    /* not found: fall back below */
  }
  const repo = typeof pkg.repository === 'string' ? pkg.repository : (pkg.repository as { url?: unknown } | undefined)?.url;
  for (const u of [pkg.homepage, typeof repo === 'string' ? repo.replace(/^git\+/, '').replace(/\.git$/, '') : undefined]) {
    if (typeof u === 'string' && /^https:\/\//.test(u) && URL.canParse(u)) return u;
  }
  return ruleset.rules.map((r) => r.citation.url).find((u) => u !== undefined && URL.canParse(u));
}

const RESULTS_SLOT = '\u0000results\u0000';

export const sarifStream: StreamingFormatter = (head, { ruleset, failOn, marking }, out) => {
  const rules = rulesFor(ruleset);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const set = new Set(failOn);
  // What comes before the results depends on how many there are: nothing is written until the end,
  // and only the results that can still be given are kept (at most MAX_RESULTS of each level).
  const kept = new Kept();
  return {
    site(site) {
      for (const r of siteResults(site, index, set)) kept.add(r);
    },
    end(tail) {
      for (const e of tail.errors) kept.add(problemResult(errorProblem(e, set), index));
      const total = kept.total;
      const given = kept.given;
      const left = total - given;
      const uri = informationUri(ruleset);
      const log = {
        $schema: SARIF_SCHEMA,
        version: '2.1.0',
        runs: [
          {
            tool: {
              driver: {
                name: 'sitecheck',
                version: head.tool.version,
                semanticVersion: head.tool.version,
                ...(uri ? { informationUri: uri } : {}),
                rules,
              },
            },
            invocations: [
              {
                executionSuccessful: true,
                ...(left > 0
                  ? {
                      toolExecutionNotifications: [{
                        descriptor: { id: 'results-left-out' },
                        level: 'warning',
                        message: { text: `${left} of ${total} results are left out of this SARIF run: code scanning keeps at most ${MAX_RESULTS} per run, so the ${MAX_RESULTS} most severe are given (errors, then warnings, then notes). The JSON output (sitecheck check --format json) lists every site, finding and input error.` },
                      }],
                    }
                  : {}),
              },
            ],
            columnKind: 'utf16CodeUnits',
            results: RESULTS_SLOT,
            properties: { ...(marking !== undefined ? { marking } : {}), asOf: head.asOf, rulesSha256: head.rules.sha256, parameters: head.rules.parameters, summary: tail.summary, results: { total, given, leftOut: left } },
          },
        ],
      };
      const text = JSON.stringify(log, null, 2) + '\n';
      const slot = `${JSON.stringify(RESULTS_SLOT)}`;
      const at = text.indexOf(slot);
      out.write(text.slice(0, at));
      // The results kept, one by one (never one string), in report order.
      let n = 0;
      for (const r of kept.texts()) {
        out.write(`${n === 0 ? '[\n' : ',\n'}        ${r}`);
        n++;
      }
      out.write(n === 0 ? '[]' : '\n      ]');
      out.write(text.slice(at + slot.length));
    },
  };
};

export const sarif = whole(sarifStream);
