import type { SiteResult } from '../../model.js';
import { VERDICT_SYMBOL } from '../../format/symbols.js';
import { cellOf } from '../width.js';
import { seg } from '../lines.js';
import { VERDICT_TONE } from '../site-lines.js';
import { StyledLine } from './StyledLine.js';

export interface Columns {
  readonly id: number;
  readonly name: number;
  readonly organisation: number;
}

/** Column widths for a terminal width: verdict 16, limbs 8, the id as wide as the longest (up to 16), the rest shared out. */
export function columnsFor(width: number, longestId = 12): Columns {
  const rest = Math.max(24, width - 2 - 16 - 8 - 3);
  const id = Math.min(16, Math.max(4, longestId), Math.floor(rest / 3));
  const name = Math.floor((rest - id) * 0.58);
  return { id, name, organisation: rest - id - name };
}

export function limbsMet(site: SiteResult): string {
  const met = site.limbs.filter((l) => l.outcome === 'met').map((l) => l.limb);
  return met.length ? met.join(',') : '–';
}

export interface SiteRowProps {
  readonly site: SiteResult;
  readonly selected: boolean;
  readonly columns: Columns;
}

/** Text cut or padded to exactly `w` terminal columns (wide characters count two). */
export const cell = cellOf;

/** One site in the inventory: verdict (symbol, word and colour), id, name, organisation, limbs met. */
export function SiteRow({ site, selected, columns }: SiteRowProps) {
  return (
    <StyledLine
      inverse={selected}
      line={[
        seg(selected ? '› ' : '  '),
        seg(cell(`${VERDICT_SYMBOL[site.verdict]} ${site.verdict}`, 16), VERDICT_TONE[site.verdict]),
        seg(`${cell(site.id, columns.id)} ${cell(site.name, columns.name)} ${cell(site.organisation ?? '', columns.organisation)} `),
        seg(cell(limbsMet(site), 8)),
      ]}
    />
  );
}
