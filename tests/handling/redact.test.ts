// --redact: no site's own words (name, organisation, address, notes, assessor, the text an input error
// quotes) reach any output, in every format and command; the hashes are stable across runs, formats
// and worker threads, and depend on SITECHECK_REDACT_KEY.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMAT_NAMES } from '../../src/format/registry.js';
import { Redactor } from '../../src/handling/redact.js';
import { AS_OF, git, sitecheck } from '../ci/helpers.js';
import { ERROR_TEXT, makeInventory, readable, siteWords } from './fixture.js';

let dir: string;
let words: string[];
const KEY = { SITECHECK_REDACT_KEY: 'test-key-1' };

beforeAll(() => {
  dir = makeInventory();
  words = siteWords(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string> = KEY) {
  return sitecheck([...args, '--as-of', AS_OF], { cwd: dir, env });
}

function leaks(text: string): string[] {
  const t = readable(text);
  return words.filter((w) => t.includes(w));
}

/** Hashes such as name#3f9a2c1b07de in an output, by label. */
function hashes(text: string, label: string): string[] {
  return [...readable(text).matchAll(new RegExp(`${label}#[0-9a-f]{12}`, 'g'))].map((m) => m[0]).sort();
}

describe('--redact', () => {
  it('the fixture is not vacuous: without --redact the site words do appear', async () => {
    const out = (await run(['check', 'sites', '-f', 'json', '--fail-on', 'none'])).stdout;
    expect(leaks(out)).toEqual(expect.arrayContaining(['Harbour House', 'Ministry of Coastal Affairs', ERROR_TEXT]));
  });

  for (const format of FORMAT_NAMES) {
    it(`check --format ${format}: no name, organisation, address, note or quoted site text appears`, async () => {
      const r = await run(['check', 'sites', '-f', format, '--redact', '--fail-on', 'none']);
      expect(r.code).toBe(0);
      expect(r.stdout.length).toBeGreaterThan(0);
      expect(leaks(r.stdout)).toEqual([]);
      expect(leaks(r.stderr)).toEqual([]);
    });
  }

  it('the streamed JSON report of worker threads (-j 2) is redacted, byte for byte as in one thread', async () => {
    const one = (await run(['check', 'sites', '-f', 'json', '--redact', '-j', '1', '--fail-on', 'none'])).stdout;
    const two = (await run(['check', 'sites', '-f', 'json', '--redact', '-j', '2', '--fail-on', 'none'])).stdout;
    expect(leaks(two)).toEqual([]);
    expect(two).toBe(one);
    const report = JSON.parse(two) as { sites: { id: string; name: string; organisation?: string }[]; errors: { message: string }[] };
    const harbour = report.sites.find((s) => s.id === 'MCA-0001')!;
    expect(harbour.name).toMatch(/^name#[0-9a-f]{12}$/);
    expect(harbour.organisation).toMatch(/^organisation#[0-9a-f]{12}$/);
    // The input error that quoted the site's words still says what was wrong.
    const err = report.errors.find((e) => e.message.includes('government_location'))!;
    expect(err.message).toMatch(/"text#[0-9a-f]{12}"/);
  });

  it('explain, report (.html, .md, .json, .xlsx) and diff are redacted too', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sitecheck-redact-out-'));
    try {
      for (const f of ['text', 'json']) expect(leaks((await run(['explain', 'FX-0001', 'sites', '-f', f, '--redact'])).stdout)).toEqual([]);
      for (const ext of ['html', 'md', 'json']) {
        const file = join(out, `r.${ext}`);
        expect((await run(['report', 'sites', '--out', file, '--redact'])).code).toBe(0);
        expect(leaks(readFileSync(file, 'utf8'))).toEqual([]);
      }
      git(dir, 'init', '-q');
      git(dir, 'add', '.');
      git(dir, 'commit', '-qm', 'sites');
      for (const f of ['text', 'json', 'markdown']) {
        const d = await run(['diff', 'HEAD', 'sites', '-f', f, '--redact', '--fail-on', 'none']);
        expect(d.code).toBe(0);
        expect(leaks(d.stdout)).toEqual([]);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('keeps ids and file names, unless --redact-ids', async () => {
    const kept = (await run(['check', 'sites', '-f', 'csv', '--redact', '--fail-on', 'none'])).stdout;
    expect(kept).toContain('MCA-0001');
    expect(kept).toContain('sites/ministry-of-coastal-affairs/harbour-house.yaml');
    const gone = (await run(['check', 'sites', '-f', 'sarif', '--redact-ids', '--fail-on', 'none'])).stdout;
    expect(leaks(gone)).toEqual([]);
    expect(gone).not.toContain('MCA-0001');
    expect(gone).not.toContain('harbour-house.yaml');
    expect(gone).not.toContain('CAM-9');
    expect(hashes(gone, 'id').length).toBeGreaterThan(0);
  });

  it('gives the same hash for the same value in every format and run, and another with another key', async () => {
    const a = (await run(['check', 'sites', '-f', 'json', '--redact', '--fail-on', 'none'])).stdout;
    const b = (await run(['check', 'sites', '-f', 'json', '--redact', '--fail-on', 'none'])).stdout;
    expect(b).toBe(a);
    const names = hashes(a, 'name');
    expect(names.length).toBeGreaterThan(10);
    for (const format of ['text', 'csv', 'junit', 'sarif'] as const) {
      const other = (await run(['check', 'sites', '-f', format, '--redact', '--fail-on', 'none'])).stdout;
      for (const h of new Set(hashes(other, 'name'))) expect(names).toContain(h);
    }
    const keyed = new Redactor({ ids: false, key: 'test-key-1' }).hash('name', 'Harbour House');
    expect(names).toContain(keyed);
    const other = (await run(['check', 'sites', '-f', 'json', '--redact', '--fail-on', 'none'], { SITECHECK_REDACT_KEY: 'test-key-2' })).stdout;
    expect(hashes(other, 'name').filter((h) => names.includes(h))).toEqual([]);
    const unkeyed = (await run(['check', 'sites', '-f', 'json', '--redact', '--fail-on', 'none'], {})).stdout;
    expect(hashes(unkeyed, 'name')).toContain(new Redactor({ ids: false }).hash('name', 'Harbour House'));
    expect(new Redactor({ ids: false }).hash('name', 'Harbour House')).not.toBe(keyed);
  });

  it('verify holds for a redacted report when told --redact with the same key, and not otherwise', async () => {
    const out = join(dir, 'red.html');
    expect((await run(['report', 'sites', '--out', out, '--redact'])).code).toBe(0);
    expect((await sitecheck(['verify', out, '--redact'], { cwd: dir, env: KEY })).code).toBe(0);
    const wrongKey = await sitecheck(['verify', out, '--redact'], { cwd: dir, env: { SITECHECK_REDACT_KEY: 'other' } });
    expect(wrongKey.code).toBe(1);
    expect((await sitecheck(['verify', out], { cwd: dir, env: KEY })).code).toBe(1);
  });
});
