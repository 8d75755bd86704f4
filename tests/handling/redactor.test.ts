// The one redaction function over the result model, on results made to hold free text where a
// rule could read it: facts, conditions' values, finding messages, determinations, input errors.
import { describe, expect, it } from 'vitest';
import { check } from '../../src/check.js';
import { Redactor } from '../../src/handling/redact.js';
import type { InputError, SiteResult } from '../../src/model.js';
import { AS_OF } from '../ci/helpers.js';

const r = new Redactor({ ids: false, key: 'k' });

describe('Redactor', () => {
  it('hashes free-text facts wherever a rule reads them, and leaves the schema\'s own values alone', async () => {
    const { report } = await check(['sites/'], { asOf: AS_OF });
    const site = report.sites[0]!;
    const limb = site.limbs[0]!;
    const withText: SiteResult = {
      ...site,
      limbs: [{
        ...limb,
        facts: { ...limb.facts, 'assessment.notes': 'Behind the Tapestry Gallery', address: '5 Quayside Row' },
        conditions: [...limb.conditions, { fact: 'assessment.notes', operator: 'equal', value: 'x', outcome: 'not-met', needed: false, actual: 'Behind the Tapestry Gallery' }],
      }, ...site.limbs.slice(1)],
      determination: { verdict: 'sensitive', by: 'Jane Smith, Estates', reference: 'EST/2026/14', agrees: true },
      findings: site.findings.map((f) => ({ ...f, message: `${f.message} at ${site.name}` })),
    };
    const out = r.site(withText);
    const text = JSON.stringify(out);
    // (The organisation's words may also be a source's issuer, quoted from the rules: checked by field.)
    expect(out.organisation).toBe(r.hash('organisation', site.organisation!));
    for (const w of [site.name, 'Behind the Tapestry Gallery', '5 Quayside Row', 'Jane Smith', 'EST/2026/14']) expect(text).not.toContain(w);
    expect(out.limbs[0]!.facts['assessment.notes']).toBe(r.hash('notes', 'Behind the Tapestry Gallery'));
    expect(out.limbs[0]!.conditions.at(-1)!.actual).toBe(r.hash('notes', 'Behind the Tapestry Gallery'));
    // Enumerated facts, ids, files, manufacturers are kept.
    expect(out.limbs[0]!.facts['classified_material.highest']).toBe(limb.facts['classified_material.highest']);
    expect(out.id).toBe(site.id);
    expect(out.file).toBe(site.file);
    expect(out.findings.map((f) => f.manufacturer)).toEqual(site.findings.map((f) => f.manufacturer));
    if (out.findings.length) expect(out.findings[0]!.message.endsWith(`at ${r.hash('name', site.name)}`)).toBe(true);
    // The same value, the same hash, whatever field it is in (so outputs can be joined).
    expect(r.hash('name', 'x').slice(-12)).toBe(r.hash('organisation', 'x').slice(-12));
  });

  it('hashes what an input error quotes from the site, keeping the schema\'s words, numbers and dates', () => {
    const e: InputError = {
      file: 'sites/a.yaml', line: 3, column: 1, path: '/gullrock_annex', code: 'unknown-key', site: 'A-1',
      message: 'unknown field "gullrock_annex" (did you mean "government_location"?); government_location: must be true, false or unknown (found "Gullrock Secret Annex"), not "2025-01-01" or "12"',
    };
    const out = r.error(e);
    expect(out.message).not.toContain('Gullrock');
    expect(out.message).not.toContain('gullrock_annex');
    expect(out.message).toContain('"government_location"');
    expect(out.message).toContain('"2025-01-01"');
    expect(out.message).toContain('"12"');
    expect(out.message).toContain(`"${r.hash('text', 'Gullrock Secret Annex')}"`);
    expect(out.path).toBe(`/${r.hash('key', 'gullrock_annex')}`);
    expect(out.file).toBe('sites/a.yaml');
    const ids = new Redactor({ ids: true, key: 'k' }).error({ ...e, message: 'the id "A-1" is already used in sites/b.yaml line 4' });
    expect(JSON.stringify(ids)).not.toMatch(/A-1|a\.yaml|b\.yaml/);
  });
});
