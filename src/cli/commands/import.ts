// `sitecheck import FILE.csv [--equipment EQUIP.csv] --out DIR [--force]`
import { readFileSync } from 'node:fs';
import { displayPath } from '../../util/paths.js';
import { planImport, problemLine, writeImport } from '../../import/import.js';
import { EQUIPMENT_SITE_COLUMN, importColumns } from '../../import/columns.js';
import { parse, UsageError, type IO } from '../options.js';
import { WriteRefusedError } from '../../util/safe-write.js';

export function importHelp(): string {
  const cols = importColumns();
  return `Usage: sitecheck import FILE.csv [--equipment EQUIPMENT.csv] --out DIR [--force]

Turn a spreadsheet of sites (saved as CSV, UTF-8) into one site file per row, DIR/<id>.yaml.
The first row names the columns, using the site format's fields with dots for nesting:
  ${cols.site.map((c) => c.name).join(', ')}
Equipment goes in a second CSV, one row per item, with a "${EQUIPMENT_SITE_COLUMN}" column holding the site id:
  ${EQUIPMENT_SITE_COLUMN}, ${cols.equipment.map((c) => c.name).join(', ')}
An empty cell means the fact is not known (the same as "unknown"), never false or zero.

Every row is checked exactly as \`sitecheck check\` checks a site file. If any row is bad, every
problem is listed by row and column and nothing is written. Existing files are never replaced
unless --force is given; a file that is a symbolic link is never written, even with --force.

Options:
      --equipment FILE  the equipment CSV
      --out DIR         the folder to write the site files into (created if needed)
      --force           replace site files that already exist
  -h, --help            this help

Exit codes: 0 imported; 1 bad rows, or files that would be overwritten (nothing written);
2 bad arguments or unreadable files.
`;
}

function read(path: string, what: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new UsageError(`cannot read the ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`the ${what} ${path} is not UTF-8 text; save it from the spreadsheet as "CSV UTF-8"`);
  }
}

export async function importCommand(args: string[], io: IO): Promise<number> {
  const { values, positionals } = parse(args, {
    equipment: { type: 'string' },
    out: { type: 'string' },
    force: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(importHelp());
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('import takes one sites CSV file: sitecheck import FILE.csv --out DIR');
  if (!values.out) throw new UsageError('import needs --out DIR, the folder to write the site files into');
  const sitesFile = positionals[0]!;
  const plan = planImport({
    sitesName: displayPath(sitesFile),
    sitesText: read(sitesFile, 'sites CSV'),
    ...(values.equipment ? { equipmentName: displayPath(values.equipment), equipmentText: read(values.equipment, 'equipment CSV') } : {}),
    outDir: values.out,
    force: values.force === true,
  });
  if (plan.problems.length) {
    io.stderr.write(`sitecheck import: ${plan.problems.length} problem${plan.problems.length === 1 ? '' : 's'}; nothing was written:\n`);
    for (const p of plan.problems) io.stderr.write(`  ${problemLine(p)}\n`);
    return 1;
  }
  try {
    writeImport(plan, values.out, values.force === true);
  } catch (e) {
    if (e instanceof WriteRefusedError) throw new UsageError(e.message);
    throw new UsageError(`cannot write into ${values.out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const replaced = plan.files.filter((f) => f.exists).length;
  io.stdout.write(`Imported ${plan.files.length} site${plan.files.length === 1 ? '' : 's'} into ${displayPath(values.out)}${replaced ? ` (${replaced} replaced)` : ''}:\n`);
  for (const f of plan.files) io.stdout.write(`  ${displayPath(f.path)}\n`);
  return 0;
}
