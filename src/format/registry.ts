// The one registry of output formats. Its keys are the valid --format values and produce the help.
// Each format is written site by site (STREAMING, what `sitecheck check` uses at any scale); its
// whole-Report Formatter (FORMATS) is the same code fed the report's sites, so both give the same bytes.
import type { Formatter, StreamingFormatter } from './types.js';
import { json, jsonStream } from './json.js';
import { text, textStream } from './text.js';
import { junit, junitStream } from './junit.js';
import { sarif, sarifStream } from './sarif.js';
import { github, githubStream } from './github.js';
import { markdown, markdownStream } from './markdown.js';
import { csv, csvStream } from './csv.js';

export const FORMATS = {
  text,
  json,
  junit,
  sarif,
  github,
  markdown,
  csv,
} satisfies Record<string, Formatter>;

export type Format = keyof typeof FORMATS;
export const FORMAT_NAMES = Object.keys(FORMATS) as Format[];

export const STREAMING: Record<Format, StreamingFormatter> = {
  text: textStream,
  json: jsonStream,
  junit: junitStream,
  sarif: sarifStream,
  github: githubStream,
  markdown: markdownStream,
  csv: csvStream,
};

export function isFormat(name: string): name is Format {
  return Object.prototype.hasOwnProperty.call(FORMATS, name);
}
