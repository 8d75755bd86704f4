import { loadRules } from '../../check.js';
import { lintRuleset } from '../../rules/lint.js';
import { allRules, ruleLeaves, type Ruleset } from '../../rules/ruleset.js';
import { runRuleTests } from '../../rules/fixtures.js';
import { testRunPassed, testRunText } from './rules-test.js';
import { colorsFor, formatOption, parse, UsageError, type IO } from '../options.js';

export const RULES_HELP = `Usage: sitecheck rules [list|lint|test] [options]

  list   the rules (rules/definition/: one per limb; rules/scope/: scope and exclusion;
         rules/obligations/: one per obligation) with their citations, the parameters and the
         supplier register
  lint   check the rules against their sources: every citation names a source with a stored
         excerpt, every quote appears in it word for word, and every excerpt still has its
         recorded sha256; so is every quoted part of the supplier register's basis; every
         rule has fixtures. Exit 1 when a problem is found.
  test   run the rules' own fixtures (rules/tests/<rule-id>.yaml: sites with their expected
         outcomes). Exit 1 when a case fails or a fixture file is wrong.

Options:
  -f, --format FORMAT   text or json (default: text)
      --rules DIR       another rules folder
      --params FILE     override rule parameters
      --coverage        (test) also report, per rule, which conditions were seen both true
                        and false; exit 1 below the minimum in rules/tests/coverage.yaml
      --no-color        plain output
  -h, --help            this help
`;

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  rules: { type: 'string' },
  params: { type: 'string' },
  'no-color': { type: 'boolean' },
  coverage: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function listJson(r: Ruleset): unknown {
  return {
    sha256: r.sha256,
    rules: r.rules.map((rule) => ({ id: rule.id, limb: rule.limb, title: rule.title, description: rule.description, citation: rule.citation, see: rule.see, file: rule.file })),
    scope: [r.scope, r.exclusion].map(({ id, role, title, description, citations, file }) => ({ id, role, title, description, citations, file })),
    obligations: r.obligations.map(({ id, applies, title, description, kind, unknownKind, severity, failsByDefault, citations, file }) => ({ id, applies, title, description, kind, unknownKind, severity, failsByDefault, citations, file })),
    failOn: r.failOn,
    parameters: [...r.parameters.values()].map(({ name, value, description, interpretation, origin }) => ({ name, value, description, interpretation, origin })),
    suppliers: r.suppliers,
    sources: [...r.sources.values()],
    files: r.files,
  };
}

export async function rulesCommand(args: string[], io: IO): Promise<number> {
  const { values, positionals } = parse(args, OPTIONS);
  if (values.help) {
    io.stdout.write(RULES_HELP);
    return 0;
  }
  const sub = positionals[0] ?? 'list';
  if (values.coverage && sub !== 'test') throw new UsageError('--coverage goes with rules test');
  if (positionals.length > 1) throw new UsageError(`rules ${sub} takes no further arguments`);
  const format = formatOption(values.format, ['text', 'json']);
  const ruleset = loadRules({ rulesDir: values.rules, paramsFile: values.params });
  const c = colorsFor(io, values['no-color']);
  if (sub === 'list') {
    if (format === 'json') {
      io.stdout.write(JSON.stringify(listJson(ruleset), null, 2) + '\n');
      return 0;
    }
    const lines: string[] = [];
    for (const rule of ruleset.rules) {
      lines.push(`${c.bold(`Limb ${rule.limb}`)}  ${rule.id}  ${rule.title}`);
      for (const leaf of ruleLeaves(rule)) lines.push(`    - ${leaf.description}`);
      lines.push(`    Source: ${rule.citation.title ?? rule.citation.source} [${rule.citation.source}]`);
      lines.push(`    “${rule.citation.quote}”`);
      lines.push('');
    }
    for (const rule of [...allRules(ruleset)].filter((x) => x.family !== 'definition')) {
      const o = ruleset.obligations.find((x) => x.id === rule.id);
      const kinds = o ? `  → ${o.kind}${o.failsByDefault ? ' (fails by default)' : ''}${o.unknownKind ? `; unknown → ${o.unknownKind}${o.unknownFailsByDefault ? ' (fails by default)' : ''}` : ''}` : '';
      lines.push(`${c.bold(rule.label)}  ${rule.id}  ${rule.title}${kinds}`);
      for (const leaf of ruleLeaves(rule)) lines.push(`    - ${leaf.description}`);
      for (const cit of rule.citations) lines.push(`    Source: ${cit.title ?? cit.source} [${cit.source}]: “${cit.quote}”`);
      lines.push('');
    }
    lines.push(`${c.bold('Default --fail-on')}: ${ruleset.failOn.defaults.join(',')}`, '');
    lines.push(c.bold('Parameters'));
    for (const p of ruleset.parameters.values()) {
      lines.push(`  ${p.name} = ${p.value}${p.interpretation ? ' (local interpretation, found in no source)' : ''}${c.dim(`  from ${p.origin}`)}`);
      lines.push(`    ${p.description}`);
    }
    lines.push('', c.bold('Supplier register'));
    lines.push(c.dim('  (no UK government text found names a manufacturer: each entry gives its basis, part by part)'));
    const part = (p: Ruleset['suppliers'][number]['basis'][number], indent: string): string =>
      `${indent}${p.part} (${p.authority}) [${p.source}]: ${p.quote !== undefined ? `“${p.quote}”` : '(words not stored)'} — ${p.shows}`;
    for (const s of ruleset.suppliers) {
      lines.push(`  ${s.name} [${s.id}] — also matched as: ${s.aliases.join(', ')}`);
      for (const p of s.basis) lines.push(part(p, '    basis: '));
      for (const g of s.gaps) lines.push(`    not supported: ${g.part} — ${g.note}`);
      for (const a of s.aliasDefs) for (const p of a.basis) lines.push(part(p, `    alias ${a.name}${a.relation === 'brand' ? ' (brand)' : ''}: `));
    }
    lines.push('', c.dim(`rules sha256 ${ruleset.sha256}`));
    io.stdout.write(lines.join('\n') + '\n');
    return 0;
  }
  if (sub === 'lint') {
    const problems = lintRuleset(ruleset);
    if (format === 'json') {
      io.stdout.write(JSON.stringify({ problems, rules: allRules(ruleset).length, sources: ruleset.sources.size }, null, 2) + '\n');
    } else {
      for (const p of problems) io.stdout.write(`  ${c.red('✖')} ${c.bold(`${p.file}:${p.line}`)}  ${p.message}\n`);
      io.stdout.write(
        `${allRules(ruleset).length} rules, ${ruleset.sources.size} sources, ${ruleset.parameters.size} parameters, ${ruleset.suppliers.length} suppliers: ` +
          (problems.length ? c.red(`${problems.length} problem${problems.length === 1 ? '' : 's'}`) : c.green('every citation checks out')) + '\n',
      );
    }
    return problems.length ? 1 : 0;
  }
  if (sub === 'test') {
    const run = await runRuleTests(ruleset);
    const coverage = values.coverage === true;
    const passed = testRunPassed(run, coverage);
    if (format === 'json') io.stdout.write(JSON.stringify({ passed, ...run }, null, 2) + '\n');
    else io.stdout.write(testRunText(run, c, coverage));
    return passed ? 0 : 1;
  }
  throw new UsageError(`unknown rules subcommand "${sub}"; use list, lint or test`);
}
