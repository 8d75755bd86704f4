// The input limits and their defaults: data only, so that the early scan of `explain SITE_ID`
// (src/scale/walking-scan.ts) can use them before the YAML reader is loaded.

export interface Limits {
  /** Largest file read, in bytes. */
  readonly maxFileSize: number;
  /** Most documents in one file. */
  readonly maxDocuments: number;
  /** Deepest nesting of mappings and sequences. */
  readonly maxDepth: number;
  /** Most alias nodes (`*name`) expanded in one document. */
  readonly maxAliases: number;
  /** Longest string scalar or key, in characters. */
  readonly maxStringLength: number;
  /** Most site files read in one run. */
  readonly maxFiles: number;
  /** Most bytes read across all site files in one run. */
  readonly maxTotalSize: number;
  /**
   * Follow symbolic links that lead outside the paths named (--follow-symlinks). Not a limit, but
   * carried with them so that every command that reads site files gets it (worker threads too).
   */
  readonly followSymlinks?: boolean;
  /** A named folder that holds no site files is accepted (--allow-empty). */
  readonly allowEmpty?: boolean;
}

export const DEFAULT_LIMITS: Limits = {
  maxFileSize: 1024 * 1024,
  maxDocuments: 10_000,
  maxDepth: 16,
  maxAliases: 50,
  maxStringLength: 10_000,
  maxFiles: 200_000,
  maxTotalSize: 512 * 1024 * 1024,
};

/** The command-line flag that raises each limit (named in every limit error). */
export const LIMIT_FLAGS: Readonly<Record<Exclude<keyof Limits, 'followSymlinks' | 'allowEmpty'>, string>> = {
  maxFileSize: '--max-file-size',
  maxDocuments: '--max-documents',
  maxDepth: '--max-depth',
  maxAliases: '--max-aliases',
  maxStringLength: '--max-string-length',
  maxFiles: '--max-files',
  maxTotalSize: '--max-total-size',
};
