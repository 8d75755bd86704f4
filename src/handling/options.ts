// The handling options, taken by every command that writes site results: check, explain, report, diff.
import { MARKING_HELP, markingOption, type MarkingChoice } from './marking.js';
import { REDACT_KEY_ENV, redactSpecFor, type RedactSpec } from './redact.js';

export { HANDLING_OPTIONS } from '../cli/io.js';

export const HANDLING_HELP = `${MARKING_HELP}
      --redact          replace names, addresses, organisations, notes and other free text from
                        the site files by stable short hashes (name#3f9a2c1b07de) in every format;
                        keyed by ${REDACT_KEY_ENV} when set (set it: without a key a guessed
                        name can be confirmed by hashing it)
      --redact-ids      --redact, and hash site ids, equipment ids and file names too`;

export interface Handling {
  readonly marking: MarkingChoice;
  readonly redact?: RedactSpec;
}

export function handlingOptions(values: { readonly marking?: string; readonly redact?: boolean; readonly 'redact-ids'?: boolean }, env: NodeJS.ProcessEnv): Handling {
  const redact = redactSpecFor(values, env);
  return { marking: markingOption(values.marking), ...(redact ? { redact } : {}) };
}
