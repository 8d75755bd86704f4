import type { SiteResult } from '../../model.js';
import { FINDING_SYMBOL, VERDICT_SYMBOL } from '../../format/symbols.js';
import { cellOf } from '../width.js';
import { seg } from '../lines.js';
import { VERDICT_TONE } from '../site-lines.js';
import { StyledLine } from './StyledLine.js';

export interface Columns {
  readonly id: number;
  readonly name: number;
  readonly organisation: number;
}

/** Column widths for a terminal width: verdict 16, limbs 8, findings 8, the id as wide as the longest (up to 16), the rest shared out. */
export function columnsFor(width: number, longestId = 12): Columns {
  const rest = Math.max(24, width - 2 - 16 - 8 - 8 - 3);
  const id = Math.min(16, Math.max(4, longestId), Math.floor(rest / 3));
  const name = Math.floor((rest - id) * 0.58);
  return { id, name, organisation: rest - id - name };
}

export function limbsMet(site: SiteResult): string {
  const met = site.limbs.filter((l) => l.outcome === 'met').map((l) => l.limb);
  return met.length ? met.join(',') : '–';
}

/** The site's findings in a few columns: ✖2 ⚠1 (by severity), – for none. */
export function findingsCell(site: SiteResult): string {
  if (site.findings.length === 0) return '–';
  const by = { error: 0, warning: 0, note: 0 } as Record<string, number>;
  for (const f of site.findings) by[f.severity] = (by[f.severity] ?? 0) + 1;
  return (['error', 'warning', 'note'] as const).filter((k) => by[k]).map((k) => `${FINDING_SYMBOL[k]}${by[k]}`).join(' ');
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
        seg(cell(findingsCell(site), 8), site.findings.some((f) => f.severity === 'error') ? 'red' : site.findings.length ? 'yellow' : undefined),
      ]}
    />
  );
}
