// The one registry of output formats. Its keys are the valid --format values and produce the help.
import type { Formatter } from './types.js';
import { json } from './json.js';
import { text } from './text.js';
import { junit } from './junit.js';
import { sarif } from './sarif.js';
import { github } from './github.js';
import { markdown } from './markdown.js';
import { csv } from './csv.js';

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

export function isFormat(name: string): name is Format {
  return Object.prototype.hasOwnProperty.call(FORMATS, name);
}
