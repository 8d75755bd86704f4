// The `sitecheck` command: dispatch to a subcommand, and turn every expected failure into a clear
// message and exit code 2 (never a stack trace).
import { RulesError } from '../rules/ruleset.js';
import { MissingPathError } from '../input/sites.js';
import { VERSION } from '../version.js';
import { didYouMean } from '../util/suggest.js';
import { UsageError, type IO } from './options.js';
import { checkCommand, CHECK_HELP } from './commands/check.js';
import { explainCommand } from './commands/explain.js';
import { validateCommand } from './commands/validate.js';
import { rulesCommand } from './commands/rules.js';
import { schemaCommand } from './commands/schema.js';
import { diffCommand } from './commands/diff.js';
import { importCommand } from './commands/import.js';
import { reportCommand } from './commands/report.js';
import { verifyCommand } from './commands/verify.js';
import { interactive, tuiCommand } from './commands/tui.js';
import { initCommand } from './commands/init.js';

type Command = (args: string[], io: IO) => Promise<number>;

const COMMANDS: Record<string, { run: Command; summary: string }> = {
  check: { run: checkCommand, summary: 'validate and evaluate site files (default: sites/); one verdict per site' },
  explain: { run: explainCommand, summary: 'the rule-by-rule explanation of one site, with citations' },
  validate: { run: validateCommand, summary: 'schema and parse checks only' },
  rules: { run: rulesCommand, summary: 'list the rules with citations, lint them against their sources, or run their fixtures' },
  schema: { run: schemaCommand, summary: 'print the site JSON Schema' },
  diff: { run: diffCommand, summary: 'what changed in verdicts and findings since a git revision' },
  import: { run: importCommand, summary: 'turn a spreadsheet (CSV) of sites and equipment into site files' },
  report: { run: reportCommand, summary: 'write the auditor\'s report (.html, .md, .json or .xlsx) with provenance' },
  verify: { run: verifyCommand, summary: 'check that a report still holds: same tool, rules, inputs and verdicts' },
  init: { run: initCommand, summary: 'set a repository up: editor schema settings and an example site' },
  tui: { run: tuiCommand, summary: 'the interactive terminal UI (needs a terminal; scripts use check)' },
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
    if (first === undefined && interactive(io)) return await tuiCommand([], io);
    if (first === undefined || first.startsWith('-')) {
      return await checkCommand(argv, io);
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

export { CHECK_HELP };
