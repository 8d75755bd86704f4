// The young generation every worker thread is given (check's, report's and explain's). Its own
// module so that explain's walking worker (walking-scan.ts) can use it without loading the pipeline.

/**
 * Each worker's young generation, in MB. V8's default lets each thread's new space reach tens of
 * MB (peak RSS at 40,000 sites with 2 workers: 430 MB with the default, 330 MB with 8); but with
 * 8, reading YAML (the `yaml` package's Lexer and Parser make about 300 KB of short-lived objects
 * per site) kept each worker collecting garbage a third of its time. With 32 a worker spends about
 * as much of its time on it as the main thread does (22 %), and its sites' report text is kept
 * outside the heap (json-bytes.ts). 20,000 stream sites, -j2: 20.0 s of CPU with 8, 14.3 with 32.
 */
export const WORKER_YOUNG_MB = 32;
