// SARIF 2.1.0 for code scanning. tool.driver.rules is built from the rules' own metadata: one
// stable id per limb rule (the rule's id), one per finding kind and one for input errors, each with
// its citation in help and helpUri. Every result has a physical location relative to the working
// directory. Results: findings and input errors (error when --fail-on names them, else warning),
// and, per site, one note for each met limb (why it is sensitive) or unknown limb (what is missing).
import type { Citation, LimbResult, Report, SiteResult } from '../model.js';
import type { Ruleset } from '../rules/ruleset.js';
import type { Formatter } from './types.js';
import { problems, siteLabel, type Problem } from './problems.js';

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

function limbResult(site: SiteResult, limb: LimbResult, ruleIndex: number, level: Level) {
  const first = Object.keys(limb.facts).map((f) => limb.locations[f]).find((p) => p !== undefined);
  const at = first ?? { line: site.line, column: site.column };
  const text = limb.outcome === 'met'
    ? `${siteLabel(site)} is a sensitive site: limb ${limb.limb} is met (${limb.title})`
    : `${siteLabel(site)} is undetermined: limb ${limb.limb} (${limb.title}) is unknown; missing ${limb.missing.join(', ') || 'facts'}`;
  return {
    ruleId: limb.rule,
    ruleIndex,
    // kind is left at its default ("fail"): SARIF requires level "none" for any other kind, and
    // code scanning shows results by level.
    level,
    message: { text },
    locations: [location(site.file, at.line, at.column)],
    properties: { site: site.id, verdict: site.verdict, limb: limb.limb, outcome: limb.outcome },
  };
}

function problemResult(p: Problem, ruleIndex: number) {
  const ruleId = p.kind === 'input-error' ? INPUT_ERROR_RULE : (p.finding?.rule ?? p.kind);
  return {
    ruleId,
    ruleIndex,
    level: (p.fails ? 'error' : 'warning') as Level,
    message: { text: p.message },
    locations: [location(p.file, p.line, p.column)],
    properties: p.error
      ? { code: p.error.code, path: p.error.path, ...(p.error.site ? { site: p.error.site } : {}) }
      : { site: p.site?.id, verdict: p.site?.verdict, equipment: p.finding?.equipment, kind: p.finding?.kind, source: p.finding?.citation.source },
  };
}

export const sarif: Formatter = (report: Report, { ruleset, failOn }) => {
  const rules = rulesFor(ruleset);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results: unknown[] = [];
  const undeterminedFails = failOn.includes('undetermined');
  for (const site of report.sites) {
    for (const limb of site.limbs) {
      const i = index.get(limb.rule);
      if (i === undefined) continue;
      if (site.verdict === 'sensitive' && limb.outcome === 'met') results.push(limbResult(site, limb, i, 'note'));
      if (site.verdict === 'undetermined' && limb.outcome === 'unknown') results.push(limbResult(site, limb, i, undeterminedFails ? 'error' : 'note'));
    }
  }
  for (const p of problems(report, failOn)) {
    if (p.kind === 'undetermined') continue; // reported per unknown limb above
    results.push(problemResult(p, index.get(p.kind === 'input-error' ? INPUT_ERROR_RULE : (p.finding?.rule ?? p.kind))!));
  }
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'sitecheck',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            rules,
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
        properties: { asOf: report.asOf, rulesSha256: report.rules.sha256, parameters: report.rules.parameters, summary: report.summary },
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
};
