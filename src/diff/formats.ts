// The formats of `sitecheck diff`: one function per format over the one ReportDiff.
import type { Colors } from '../util/color.js';
import type { ReportDiff } from './compare.js';
import { diffText } from './format-text.js';
import { diffMarkdown } from './format-markdown.js';

export interface DiffFormatContext {
  readonly colors: Colors;
  /** Repository blob URL (ending in /) for links in Markdown; relative links when absent. */
  readonly linkBase?: string;
}

export type DiffFormatter = (diff: ReportDiff, ctx: DiffFormatContext) => string;

export const DIFF_FORMATS = {
  text: diffText,
  json: (diff) => JSON.stringify(diff, null, 2) + '\n',
  markdown: diffMarkdown,
} satisfies Record<string, DiffFormatter>;

export type DiffFormat = keyof typeof DIFF_FORMATS;
export const DIFF_FORMAT_NAMES = Object.keys(DIFF_FORMATS) as DiffFormat[];
