// How long the fuzz suites run. In `npm test` they are short: a fixed number of runs and a time
// budget of a few seconds each. `npm run fuzz` sets FUZZ_RUNS (and may set FUZZ_SEED to replay a
// failure that fast-check printed) for the long version, with no time budget.
import fc from 'fast-check';

const runsFromEnv = Number(process.env.FUZZ_RUNS);
/** True under `npm run fuzz`. */
export const LONG = Number.isInteger(runsFromEnv) && runsFromEnv > 0;
const seed = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : undefined;

/** fast-check parameters: `short` runs (in a time budget) normally, FUZZ_RUNS runs under `npm run fuzz`. */
export function fuzz<T>(short: number, budgetMs = 2_000): fc.Parameters<T> {
  return {
    numRuns: LONG ? runsFromEnv : short,
    ...(seed !== undefined && Number.isFinite(seed) ? { seed } : {}),
    ...(LONG ? {} : { plugins: [fc.interruptAfterTimeLimit(budgetMs)] }),
  };
}

/** A vitest timeout that fits the run count (the long run may take minutes). */
export const TIMEOUT = LONG ? 60 * 60 * 1000 : 30_000;

/**
 * A hang guard, not a speed test: no single input may keep the loader busy this long. (Ordinary
 * inputs take milliseconds; the worst inputs within the default limits take a few seconds.)
 */
export const HANG_MS = 15_000;
