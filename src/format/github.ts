// GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` line per problem, so the
// findings appear inline on the pull request's changed files. Escaping follows the Actions toolkit:
// the message escapes % CR LF; property values (file, title) also escape : and ,.
import { whole, type StreamingFormatter } from './types.js';
import { errorProblem, siteProblems, type Problem } from './problems.js';
import { summaryLine } from './text.js';
import { colors } from '../util/color.js';
import { oneLine } from './escape.js';

/** Escape a workflow-command message. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escape a workflow-command property value. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function level(p: Problem): 'error' | 'warning' | 'notice' {
  if (p.fails) return 'error';
  return p.kind === 'undetermined' ? 'notice' : 'warning';
}

export function command(p: Problem): string {
  const props = [`file=${escapeProperty(oneLine(p.file))}`, `line=${p.line}`, `col=${p.column}`, `title=${escapeProperty(`sitecheck ${p.title}`)}`];
  return `::${level(p)} ${props.join(',')}::${escapeData(p.message)}`;
}

export const githubStream: StreamingFormatter = (head, { failOn }, out) => {
  const set = new Set(failOn);
  return {
    site(site) {
      for (const p of siteProblems(site, set)) out.write(command(p) + '\n');
    },
    end(tail) {
      for (const e of tail.errors) out.write(command(errorProblem(e, set)) + '\n');
      // A plain last line for the log (not a command): what was checked and found.
      out.write(`sitecheck: ${summaryLine(colors(false), tail)} (as of ${head.asOf})\n`);
    },
  };
};

export const github = whole(githubStream);
