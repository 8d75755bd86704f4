// A seeded generator of realistic site inventories for the benchmark: a mix of verdicts (sensitive,
// not-sensitive, undetermined), unknown and absent facts, equipment from listed and unlisted
// manufacturers, and a few bad sites (about 1 in 1,000) so the error path is exercised too.
//
//   node bench/generate.mjs --sites 10000 --layout files|stream --out DIR [--seed 42]
//
// Layouts: `files` writes one site per file in a folder per organisation (an estate kept in git);
// `stream` writes multi-document files of up to 1,000 sites each (under the default 1 MB file
// limit). The same seed and size always produce byte-identical files.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

/** mulberry32: small, fast and good enough for test data. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ORGS = [
  ['ho', 'Home Office'], ['mod', 'Ministry of Defence'], ['fcdo', 'Foreign, Commonwealth & Development Office'],
  ['co', 'Cabinet Office'], ['hmrc', 'HM Revenue & Customs'], ['dwp', 'Department for Work and Pensions'],
  ['moj', 'Ministry of Justice'], ['dft', 'Department for Transport'], ['dhsc', 'Department of Health and Social Care'],
  ['defra', 'Department for Environment, Food & Rural Affairs'],
];
const TOWNS = ['London', 'Leeds', 'Bristol', 'Glasgow', 'Cardiff', 'Belfast', 'Manchester', 'Newcastle', 'Norwich', 'Sheffield', 'Croydon', 'Swansea'];
const KINDS = ['cctv-camera', 'cctv-camera', 'cctv-camera', 'nvr', 'access-control', 'other'];
const MAKERS = [
  ['Hikvision', 'DS-2CD2143G2-I'], ['Hikvision UK Ltd', 'DS-7608NI-K2'], ['Hangzhou Hikvision Digital Technology', 'DS-2DE4A425IW'],
  ['Axis Communications', 'P3265-LVE'], ['Bosch Security Systems', 'FLEXIDOME 5100i'], ['Hanwha Vision', 'XNV-8080R'],
  ['Avigilon', 'H5A'], ['Genetec', 'Synergis'], ['Paxton', 'Net2'], ['Milestone', 'XProtect'], ['Vivotek', 'FD9387'],
];

function pick(r, xs) {
  return xs[Math.floor(r() * xs.length)];
}
/** A value, or `unknown`, or absent (undefined), with the given weights. */
function tri(r, known, pUnknown, pAbsent) {
  const x = r();
  if (x < pAbsent) return undefined;
  if (x < pAbsent + pUnknown) return 'unknown';
  return known();
}
function q(s) {
  return /^[A-Za-z0-9 ._/-]+$/.test(s) && !/^(true|false|null|unknown|yes|no|[0-9])/i.test(s) ? s : JSON.stringify(s);
}
function date(r, from, to) {
  const t = from + Math.floor(r() * (to - from));
  return new Date(t * 86400000).toISOString().slice(0, 10);
}

/** One site as YAML text (no leading `---`). */
export function siteYaml(r, n) {
  const [orgKey, org] = pick(r, ORGS);
  const id = `${orgKey.toUpperCase()}-${String(n).padStart(6, '0')}`;
  const town = pick(r, TOWNS);
  const lines = [`id: ${id}`, `name: ${q(`${org.split(' ')[0]} ${town} office ${n}`)}`, `organisation: ${q(org)}`];
  if (r() < 0.7) lines.push(`address: ${q(`${1 + Math.floor(r() * 200)} High Street, ${town}`)}`);
  const gov = tri(r, () => (r() < 0.85 ? 'true' : 'false'), 0.08, 0.07);
  if (gov !== undefined) lines.push(`government_location: ${gov}`);
  if (r() > 0.1) {
    lines.push('classified_material:');
    const highest = tri(r, () => pick(r, ['OFFICIAL', 'OFFICIAL', 'OFFICIAL', 'SECRET', 'TOP SECRET']), 0.1, 0.05);
    const freq = tri(r, () => pick(r, ['routine', 'occasional', 'never']), 0.1, 0.05);
    if (highest !== undefined) lines.push(`  highest: ${highest}`);
    if (freq !== undefined) lines.push(`  frequency: ${freq}`);
    if (highest === undefined && freq === undefined) lines.pop();
  }
  if (r() > 0.1) {
    lines.push('vetting:');
    const staff = tri(r, () => String(Math.floor(r() * r() * 3000)), 0.08, 0.05);
    const dv = tri(r, () => String(Math.floor((staff && staff !== 'unknown' ? Number(staff) : 100) * r() * r() * 0.6)), 0.1, 0.05);
    let any = false;
    if (staff !== undefined) lines.push(`  staff_total: ${staff}`), (any = true);
    if (dv !== undefined) lines.push(`  developed_vetting: ${dv}`), (any = true);
    if (r() < 0.1) lines.push(`  significant: ${pick(r, ['true', 'false', 'unknown'])}`), (any = true);
    if (!any) lines.pop();
  }
  const min = tri(r, () => pick(r, ['routine', 'occasional', 'none', 'none', 'none']), 0.1, 0.1);
  if (min !== undefined) lines.push(`ministerial_use: ${min}`);
  if (r() > 0.2) {
    const des = tri(r, () => (r() < 0.15 ? 'true' : 'false'), 0.1, 0);
    lines.push('socpa:', `  designated: ${des}`);
    if (des === 'true' && r() < 0.6) lines.push('  order: SI 2007/930');
  }
  const nEquip = r() < 0.35 ? 0 : 1 + Math.floor(r() * r() * 8);
  if (nEquip > 0) {
    lines.push('equipment:');
    for (let i = 1; i <= nEquip; i++) {
      const [maker, model] = pick(r, MAKERS);
      const kind = pick(r, KINDS);
      const status = pick(r, ['installed', 'installed', 'installed', 'planned', 'removed']);
      lines.push(`  - id: ${kind === 'nvr' ? 'NVR' : kind === 'access-control' ? 'AC' : 'CAM'}-${String(i).padStart(2, '0')}`);
      lines.push(`    kind: ${kind}`, `    manufacturer: ${q(maker)}`);
      if (r() < 0.7) lines.push(`    model: ${q(model)}`);
      lines.push(`    status: ${status}`);
      if (status === 'installed' && maker.includes('ik') && r() < 0.5) lines.push(`    removal_due: ${date(r, 19700, 20800)}`);
    }
  }
  if (r() < 0.5) {
    lines.push('assessment:', `  by: ${q(`${org.split(' ')[0]} estates security team`)}`, `  on: ${date(r, 19900, 20400)}`);
    if (r() < 0.3) lines.push(`  notes: ${q('Facts confirmed at the annual review; vetting figures from HR.')}`);
  }
  // About 1 site in 1,000 carries an input error a person might make.
  if (r() < 0.001) {
    const k = Math.floor(r() * 3);
    if (k === 0) lines.push('ministeral_use: routine');
    else if (k === 1) lines.splice(1, 0, 'government_location: maybe');
    else lines.splice(1, 0, 'vetting_notes: see file');
  }
  return { id, org: orgKey, text: lines.join('\n') + '\n' };
}

/** Write an inventory; returns { dir, files, sites, bytes }. */
export function generate({ sites, layout = 'files', out, seed = 42, perStream = 1000 }) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const r = rng(seed);
  let files = 0;
  let bytes = 0;
  let middleId;
  const middle = Math.ceil(sites / 2);
  if (layout === 'files') {
    const made = new Set();
    for (let n = 1; n <= sites; n++) {
      const s = siteYaml(r, n);
      if (n === middle) middleId = s.id;
      const dir = join(out, s.org, String(Math.floor(n / 1000)).padStart(3, '0'));
      if (!made.has(dir)) mkdirSync(dir, { recursive: true }), made.add(dir);
      writeFileSync(join(dir, `${s.id.toLowerCase()}.yaml`), s.text);
      files++;
      bytes += s.text.length;
    }
  } else if (layout === 'stream') {
    for (let start = 1; start <= sites; start += perStream) {
      const docs = [];
      for (let n = start; n < start + perStream && n <= sites; n++) {
        const s = siteYaml(r, n);
        if (n === middle) middleId = s.id;
        docs.push('---\n' + s.text);
      }
      const text = docs.join('');
      writeFileSync(join(out, `estate-${String(files).padStart(4, '0')}.yaml`), text);
      files++;
      bytes += text.length;
    }
  } else {
    throw new Error(`unknown layout "${layout}" (files or stream)`);
  }
  return { dir: out, files, sites, bytes, middleId };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { sites: { type: 'string', default: '1000' }, layout: { type: 'string', default: 'files' }, out: { type: 'string' }, seed: { type: 'string', default: '42' } },
  });
  if (!values.out) throw new Error('--out DIR is required');
  const res = generate({ sites: Number(values.sites), layout: values.layout, out: values.out, seed: Number(values.seed) });
  console.log(`${res.sites} sites in ${res.files} files (${(res.bytes / 1e6).toFixed(1)} MB) under ${res.dir}`);
}
