// A small inventory for the handling tests: real site files (copied from sites/) plus a site whose
// text would be a spreadsheet formula, and a file whose input error quotes a site's own words.
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

export const FORMULA_NAME = '=HYPERLINK("http://evil.example/","Click")';
export const ERROR_TEXT = 'Gullrock Secret Annex';

export function makeInventory(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sitecheck-handling-'));
  cpSync(resolve('sites'), join(dir, 'sites'), { recursive: true });
  writeFileSync(join(dir, 'sites', 'formula.yaml'), [
    'id: FX-0001',
    `name: '${FORMULA_NAME.replace(/'/g, "''")}'`,
    "organisation: '+Department of Formulae'",
    "address: '@1 Cell Street, Sheffield S1'",
    'government_location: true',
    'classified_material:',
    '  highest: SECRET',
    '  frequency: routine',
    'vetting:',
    '  staff_total: 10',
    '  developed_vetting: 1',
    'ministerial_use: none',
    'equipment:',
    '  - id: CAM-9',
    '    kind: cctv-camera',
    '    manufacturer: Hikvision',
    '    model: DS-1',
    '    status: installed',
    'assessment:',
    '  by: -Estates Team',
    '  on: 2026-10-01',
    '  notes: Hidden camera room behind the Tapestry Gallery.',
    '',
  ].join('\n'));
  writeFileSync(join(dir, 'sites', 'broken.yaml'), `id: BR-0001\nname: Broken Wharf Depot\ngovernment_location: "${ERROR_TEXT}"\n`);
  return dir;
}

/** Every name, organisation, address, note and assessor written in the inventory's site files. */
export function siteWords(dir: string): string[] {
  const out = new Set<string>([ERROR_TEXT]);
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(name)) {
        for (const doc of parseAllDocuments(readFileSync(p, 'utf8'))) {
          const v = doc.toJS() as Record<string, unknown> | null;
          if (!v || typeof v !== 'object') continue;
          for (const k of ['name', 'organisation', 'address']) if (typeof v[k] === 'string') out.add(v[k] as string);
          const a = v.assessment as Record<string, unknown> | undefined;
          for (const k of ['notes', 'by']) if (a && typeof a[k] === 'string') out.add(a[k] as string);
        }
      }
    }
  };
  walk(join(dir, 'sites'));
  // Words that the rules themselves print (a source's issuer, "Cabinet Office") are not site text.
  const rules: string[] = [];
  const read = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) read(p);
      else rules.push(readFileSync(p, 'utf8'));
    }
  };
  read(resolve('rules'));
  return [...out].filter((w) => w.length >= 4 && !rules.some((t) => t.includes(w)));
}

/** Output text as a reader sees it: Markdown escapes, zero-width joiners and HTML/XML entities undone. */
export function readable(text: string): string {
  return text
    .replace(/\u200d/g, '')
    .replace(/\\(.)/g, '$1')
    .replace(/&#x([0-9a-f]+);/gi, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
