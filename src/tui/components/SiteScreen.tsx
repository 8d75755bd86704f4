import type { Line } from '../lines.js';
import { ScrolledLines } from './ScrolledLines.js';

export interface SiteScreenProps {
  /** The explanation, already wrapped to the width. */
  readonly lines: readonly Line[];
  readonly top: number;
  readonly height: number;
}

/** The rule-by-rule explanation of one site, with its assessment and every equipment item. */
export function SiteScreen({ lines, top, height }: SiteScreenProps) {
  return <ScrolledLines lines={lines} top={top} height={height} />;
}
