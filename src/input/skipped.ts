// How the summary line names what the walk passed over (hidden site files and folders, broken
// links): never a silent skip, and never a wall of names either.
import type { SkippedEntry } from '../model.js';

const LABEL: Readonly<Record<SkippedEntry['reason'], string>> = {
  hidden: 'hidden',
  'broken-link': 'link to nothing',
  'not-a-file': 'not a regular file',
};

/** Names shown in the summary line before "and N more". */
const SHOWN = 3;

/** "2 skipped: .draft.yaml (hidden), .old/ (hidden)"; the full list is in the JSON report. */
export function skippedText(skipped: readonly SkippedEntry[]): string {
  const shown = skipped.slice(0, SHOWN).map((e) => `${e.file} (${LABEL[e.reason]})`);
  const more = skipped.length - shown.length;
  return `${skipped.length} skipped: ${shown.join(', ')}${more > 0 ? `, and ${more} more` : ''} (name a path on the command line to read it)`;
}
