// GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` line per problem, so the
// findings appear inline on the pull request's changed files. Escaping follows the Actions toolkit:
// the message escapes % CR LF; property values (file, title) also escape : and ,.
import type { Formatter } from './types.js';
import { eachProblem, type Problem } from './problems.js';
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

export const github: Formatter = (report, { failOn }, out) => {
  for (const p of eachProblem(report, failOn)) out.write(command(p) + '\n');
  // A plain last line for the log (not a command): what was checked and found.
  out.write(`sitecheck: ${summaryLine(colors(false), report)} (as of ${report.asOf})\n`);
};
