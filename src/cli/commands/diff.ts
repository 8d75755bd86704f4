// `sitecheck diff <git-ref> [PATH...]`: what a change to the inventory does to the verdicts.
import { DEFAULT_SITES_DIR } from '../../input/walk.js';
import { evaluateInventory, loadRules } from '../../check.js';
import { loadInventory, type Inventory } from '../../input/sites.js';
import { Evaluator } from '../../engine/evaluate.js';
import { compareReports, introducesFailure } from '../../diff/compare.js';
import { GitError, loadInventoryAt, resolveCommit } from '../../diff/git.js';
import { DIFF_FORMAT_NAMES, DIFF_FORMATS, type DiffFormat } from '../../diff/formats.js';
import { colors } from '../../util/color.js';
import { asOfOption, COMMON_OPTIONS, colorsFor, failOnOption, limitsOption, parse, UsageError, type IO } from '../options.js';
import { linkBaseFromEnv, outputsOption, writeRendered } from '../outputs.js';
import { inputHolding } from '../../scale/check-run.js';
import { displayPath } from '../../util/paths.js';
import { shippedFailOn } from '../../check.js';
import { HANDLING_HELP, HANDLING_OPTIONS, handlingOptions } from '../../handling/options.js';
import { markingFor, markText } from '../../handling/marking.js';
import { Redactor } from '../../handling/redact.js';

export const DIFF_HELP = `Usage: sitecheck diff <git-ref> [PATH...]

Evaluate the inventory (default: sites/) as it is at a git revision and as it is in the working
tree, and report what changed: sites added and removed, and sites whose verdict, limb outcomes or
equipment findings changed, and input errors introduced or fixed. The revision is read through git
(nothing is checked out), so this works in a shallow CI clone once the ref is fetched. Both sides
are evaluated with the same (current) rules and parameters and the same --as-of date, so every
change shown comes from the inventory.

Example, on a pull request:  sitecheck diff origin/main --format markdown --output comment.md

Options:
  -f, --format FORMAT   ${DIFF_FORMAT_NAMES.join(', ')} (default: text)
  -o, --output FILE     write the --format just before it to FILE (replacing it); repeatable
      --as-of DATE      evaluation date, YYYY-MM-DD (default: today)
      --params FILE     override rule parameters (YAML: name: value)
      --rules DIR       use another rules folder
      --fail-on LIST    exit 1 when the change introduces any of: ${shippedFailOn().values.join(', ')}
                        (new input errors, new findings of a named kind, added sites that fail,
                        sites newly undetermined); none to always exit 0
      --max-file-size N largest site file read, in bytes (default: 1m)
      --max-depth N, --max-aliases N, …  the other input limits, as for check (see SECURITY.md)
      --follow-symlinks follow links that lead outside the paths named, in the working tree
                        (in the revision, read from git, a link is followed as on disk
                        only when it stays inside the paths named)
      --allow-empty     accept a folder with no site files in the working tree
${HANDLING_HELP}
      --no-color        plain output (also NO_COLOR=1)
  -h, --help            this help

Exit codes: 0 the change introduces nothing --fail-on names; 1 it does; 2 bad arguments, an
unknown ref, not a git repository, or invalid rules.
`;

export async function diffCommand(args: string[], io: IO): Promise<number> {
  const { values, positionals, tokens } = parse(args, { ...COMMON_OPTIONS, ...HANDLING_OPTIONS, output: { type: 'string', short: 'o' } });
  if (values.help) {
    io.stdout.write(DIFF_HELP);
    return 0;
  }
  const [ref, ...rest] = positionals;
  if (ref === undefined) throw new UsageError('diff needs a git revision to compare with, such as: sitecheck diff origin/main');
  const outputs = outputsOption(tokens, DIFF_FORMAT_NAMES);
  const failOn = failOnOption(values['fail-on']);
  const asOf = asOfOption(values['as-of']);
  const limits = limitsOption(values);
  const handling = handlingOptions(values, io.env);
  const paths = rest.length ? rest : [DEFAULT_SITES_DIR];
  // As check: an --output never replaces a site file of the inventory it reads.
  for (const o of outputs) {
    const holder = o.file === undefined ? undefined : inputHolding(o.file, paths);
    if (holder !== undefined) throw new UsageError(`cannot write ${displayPath(o.file!)}: it is a site file this run reads (under ${displayPath(holder)}), and an --output never replaces one; choose another file`);
  }
  const ruleset = loadRules({ rulesDir: values.rules, paramsFile: values.params });
  let commit: string;
  let then: Inventory;
  try {
    commit = resolveCommit(ref, process.cwd());
    then = loadInventoryAt(commit, paths, limits);
  } catch (e) {
    if (e instanceof GitError) throw new UsageError(e.message);
    throw e;
  }
  const now = loadInventory(paths, limits);
  const evaluator = new Evaluator(ruleset);
  // --redact: both sides, with the same key, so the hashes match across the two.
  const redactor = handling.redact ? new Redactor(handling.redact) : undefined;
  const redacted = (r: Awaited<ReturnType<typeof evaluateInventory>>) => (redactor ? redactor.report(r) : r);
  const before = redacted(await evaluateInventory(ruleset, then, asOf, evaluator));
  const after = redacted(await evaluateInventory(ruleset, now, asOf, evaluator));
  const diff = compareReports(before, after, ref, commit);
  const linkBase = linkBaseFromEnv(io.env);
  const ctx = { colors: colorsFor(io, values['no-color']), ...(linkBase ? { linkBase } : {}) };
  const rendered = outputs.map((o) => ({
    ...o,
    text: markText(o.format, DIFF_FORMATS[o.format as DiffFormat](diff, o.file ? { ...ctx, colors: colors(false) } : ctx), markingFor(o.format, handling.marking)),
  }));
  writeRendered(rendered, io.stdout);
  return introducesFailure(diff, failOn) ? 1 : 0;
}
