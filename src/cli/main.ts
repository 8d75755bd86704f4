// The `sitecheck` command: dispatch to a subcommand, and turn every expected failure into a clear
// message and exit code 2 (never a stack trace).
// Only light modules here: each command loads what it needs when it runs (and `explain SITE_ID`
// starts walking the folders in a worker first: src/scale/walking-scan.ts).
import { RulesError } from '../rules/errors.js';
import { MissingPathError } from '../input/walk.js';
import { VERSION } from '../version.js';
import { didYouMean } from '../util/suggest.js';
import { interactive, UsageError, type IO } from './io.js';

type Command = (args: string[], io: IO) => Promise<number>;

/** A command's module could not be loaded (a dependency missing from node_modules, a half-built dist/). */
class LoadError extends Error {
  constructor(override readonly cause: unknown) {
    super(cause instanceof Error ? cause.message.split('\n')[0] : String(cause));
  }
}

async function load<M>(module: () => Promise<M>): Promise<M> {
  try {
    return await module();
  } catch (e) {
    throw new LoadError(e);
  }
}

/** A command whose module is imported when it runs. */
function lazy<M>(module: () => Promise<M>, command: (m: M) => Command): Command {
  return async (args, io) => command(await load(module))(args, io);
}

/**
 * `explain SITE_ID`: the folders are walked and scanned for the id in a worker while the command's
 * modules load (src/scale/walking-scan.ts); whatever the command does not take up is stopped.
 */
function early(command: Command): Command {
  return async (args, io) => {
    const { speculateExplain, discardEarly } = await load(() => import('../scale/walking-scan.js'));
    speculateExplain(args);
    try {
      return await command(args, io);
    } finally {
      discardEarly();
    }
  };
}

// Each command's module is imported when that command runs, so a command never pays for loading
// the others' code (check does not load report, diff, import or the rules' lint).
const COMMANDS: Record<string, { run: Command; summary: string }> = {
  check: { run: lazy(() => import('./commands/check.js'), (m) => m.checkCommand), summary: 'validate and evaluate site files (default: sites/); one verdict per site' },
  explain: { run: early(lazy(() => import('./commands/explain.js'), (m) => m.explainCommand)), summary: 'the rule-by-rule explanation of one site, with citations' },
  validate: { run: lazy(() => import('./commands/validate.js'), (m) => m.validateCommand), summary: 'schema and parse checks only' },
  rules: { run: lazy(() => import('./commands/rules.js'), (m) => m.rulesCommand), summary: 'list the rules with citations, lint them against their sources, or run their fixtures' },
  schema: { run: lazy(() => import('./commands/schema.js'), (m) => m.schemaCommand), summary: 'print the site JSON Schema' },
  diff: { run: lazy(() => import('./commands/diff.js'), (m) => m.diffCommand), summary: 'what changed in verdicts and findings since a git revision' },
  import: { run: lazy(() => import('./commands/import.js'), (m) => m.importCommand), summary: 'turn a spreadsheet (CSV) of sites and equipment into site files' },
  report: { run: lazy(() => import('./commands/report.js'), (m) => m.reportCommand), summary: 'write the auditor\'s report (.html, .md, .json or .xlsx) with provenance' },
  verify: { run: lazy(() => import('./commands/verify.js'), (m) => m.verifyCommand), summary: 'check that a report still holds: same tool, rules, inputs and verdicts' },
  init: { run: lazy(() => import('./commands/init.js'), (m) => m.initCommand), summary: 'set a repository up: editor schema settings and an example site' },
  tui: { run: lazy(() => import('./commands/tui.js'), (m) => m.tuiCommand), summary: 'the interactive terminal UI (needs a terminal; scripts use check)' },
};

export const HELP = `sitecheck ${VERSION} — is a site "sensitive" under the UK government's surveillance-equipment exclusion?

Usage: sitecheck <command> [options]

Commands:
${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`).join('\n')}

Run \`sitecheck <command> --help\` for a command's options. With no command, sitecheck opens
the terminal UI on sites/ when run in a terminal, and otherwise runs \`check sites/\`.

Global options:
  -V, --version   print the version
  -h, --help      this help
`;

function defaultIO(): IO {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}

export async function main(argv: string[], io: IO = defaultIO()): Promise<number> {
  const [first, ...rest] = argv;
  try {
    if (first === '--version' || first === '-V') {
      io.stdout.write(`${VERSION}\n`);
      return 0;
    }
    if (first === '--help' || first === '-h' || first === 'help') {
      io.stdout.write(HELP);
      return 0;
    }
    if (first === undefined && interactive(io)) return await COMMANDS.tui!.run([], io);
    if (first === undefined || first.startsWith('-')) {
      return await COMMANDS.check!.run(argv, io);
    }
    const command = COMMANDS[first];
    if (!command) {
      const hint = didYouMean(first, Object.keys(COMMANDS));
      throw new UsageError(`unknown command "${first}"${hint ? ` (did you mean "${hint}"?)` : ''}; commands: ${Object.keys(COMMANDS).join(', ')}`);
    }
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`sitecheck: ${e.message}\n`);
      return 2;
    }
    if (e instanceof LoadError) {
      // As bin/sitecheck.js says it when the program itself cannot be loaded.
      const c = e.cause;
      const code = c && typeof c === 'object' && 'code' in c ? ` (${String(c.code)})` : '';
      io.stderr.write(`sitecheck: cannot load the program${code}: ${e.message}\n` +
        '  Reinstall it (npm ci in your repository, or in a clone of sitecheck; npm run build rebuilds dist/).\n');
      return 2;
    }
    if (e instanceof MissingPathError) {
      io.stderr.write(`sitecheck: ${e.message}\n`);
      return 2;
    }
    if (e instanceof RulesError) {
      io.stderr.write(`sitecheck: the rules or parameters are invalid:\n`);
      for (const err of e.errors) io.stderr.write(`  ${err.file}:${err.line}:${err.column}  ${err.message}${err.path ? `  (${err.path})` : ''}\n`);
      return 2;
    }
    io.stderr.write(`sitecheck: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    if (io.env.SITECHECK_DEBUG) io.stderr.write(`${(e as Error).stack ?? ''}\n`);
    return 2;
  }
}

