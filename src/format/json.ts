import type { Formatter } from './types.js';

/** The stable machine interface (see the CLI contract): the Report as JSON, keys in a fixed order. */
export const json: Formatter = (report) => JSON.stringify(report, null, 2) + '\n';
