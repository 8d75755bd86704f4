// The register's basis is proved against the stored sources: a bad quote is a lint problem naming
// the entry, the part and the file; a wrong authority, a missing Law part, an undeclared gap, a
// words_not_stored claim for a source whose words are stored, are load errors naming the line.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintRuleset } from '../../src/rules/lint.js';
import { loadRuleset, RulesError } from '../../src/rules/ruleset.js';
import { edit, ruleset, scratchRules } from './helpers.js';

function loadErrors(dir: string): string[] {
  try {
    loadRuleset(dir);
  } catch (e) {
    if (e instanceof RulesError) return e.errors.map((x) => `${x.file.split('/').pop()}:${x.line}:${x.column} ${x.message}`);
    throw e;
  }
  return [];
}

describe('the shipped register', () => {
  it('lints clean, and every entry has the Law part and its gaps said', () => {
    expect(lintRuleset(ruleset)).toEqual([]);
    for (const s of ruleset.suppliers) {
      expect(s.basis.find((p) => p.part === 'law')).toMatchObject({ source: 'nil-2017-art7', authority: 'translation' });
      expect(s.basis.some((p) => p.part === 'incorporation') || s.gaps.some((g) => g.part === 'incorporation')).toBe(true);
    }
    expect(ruleset.suppliers.map((s) => s.id)).toEqual(['hikvision', 'dahua']);
    const ezviz = ruleset.suppliers[0]!.aliasDefs.find((a) => a.name === 'EZVIZ');
    expect(ezviz).toMatchObject({ relation: 'brand', basis: [{ source: 'hikvision-annual-report-2020', words_not_stored: true }] });
  });
  it('leaves out the brands whose ownership is unconfirmed', () => {
    for (const name of ['HiLook', 'HiWatch', 'Hikmicro']) {
      expect(ruleset.suppliers.flatMap((s) => s.aliases).map((a) => a.toLowerCase())).not.toContain(name.toLowerCase());
    }
  });
  it('labels the translation and the press copies as such in the registry', () => {
    expect(ruleset.sources.get('nil-2017-art7')).toMatchObject({ authority: 'translation', copy: 'unofficial-translation' });
    expect(ruleset.sources.get('wms-hcws386')).toMatchObject({ copy: 'press-reproduction' });
    expect(ruleset.sources.get('wa-hl-2024-04-09')?.excerpt_from).toMatch(/Not word for word/);
    expect(ruleset.sources.get('wa-hl-2024-04-09')?.gives).not.toMatch(/word for word/);
    expect(ruleset.sources.get('npsa-surveillance-update')?.url).toBe('https://www.npsa.gov.uk/security-update-surveillance-equipment-0');
    expect(ruleset.sources.has('wa-2024-09-09')).toBe(false);
    for (const id of ['wms-hcws386', 'npsa-surveillance-update', 'co-letter-2023-08-01', 'wa-hl-2024-04-09', 'removal-timeline-2024-04-29', 'socpa-2005-s128', 'hl-2023-09-11', 'wa-2023-03-02'])
      expect(ruleset.sources.get(id)?.excerpt, id).toBeTruthy();
  });
});

describe('rules lint on a broken register', () => {
  it('a basis quote that is not in the stored excerpt is a problem naming the entry, the part and the line', () => {
    const dir = scratchRules();
    edit(join(dir, 'suppliers.yaml'), 'quote: Hikvision and Dalua [sic] are both subject', 'quote: Hikvision and Dahua are both subject');
    const problems = lintRuleset(loadRuleset(dir));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toBe('supplier hikvision (basis: parliament): the quoted words do not appear in the stored excerpt of "commons-speech-hikvision-dalua": “Hikvision and Dahua are both subject to China\'s National Intelligence Law”');
    expect(problems[0]!.file).toMatch(/suppliers\.yaml$/);
    expect(problems[0]!.line).toBeGreaterThan(1);
  });
  it("an alias's basis quote is checked too", () => {
    const dir = scratchRules();
    edit(join(dir, 'suppliers.yaml'), 'quote: Dahua Technology and Hikvision', 'quote: Dahua Technology and Hikvision are subject to the Law');
    expect(lintRuleset(loadRuleset(dir)).map((p) => p.message)).toEqual([expect.stringMatching(/^supplier dahua, alias "Dahua Technology" \(basis: identity\): the quoted words do not appear/)]);
  });
  it('an edited excerpt fails its sha256', () => {
    const dir = scratchRules();
    edit(join(dir, 'sources.yaml'), 'All organizations and citizens shall support', 'All organizations shall support');
    const messages = lintRuleset(loadRuleset(dir)).map((p) => p.message);
    expect(messages).toContainEqual(expect.stringMatching(/^source "nil-2017-art7": the stored excerpt does not match its recorded sha256/));
    expect(messages.filter((m) => m.includes('(basis: law)'))).toHaveLength(2);
  });
  it('a quote may not join two separately read passages', () => {
    const dir = scratchRules();
    edit(join(dir, 'suppliers.yaml'), 'quote: Dahua Technology\n', 'quote: Dahua Technology and Hikvision […] Departments\n');
    expect(lintRuleset(loadRuleset(dir)).map((p) => p.message)).toEqual([expect.stringMatching(/may not span the " \[…\] "/)]);
  });
});

describe('loading a broken register', () => {
  it('a part claiming another authority than the registry gives its source', () => {
    const dir = scratchRules();
    edit(join(dir, 'suppliers.yaml'), /(source: commons-speech-hikvision-dalua\n\s+authority: )parliament/, '$1government');
    expect(loadErrors(dir)).toEqual([expect.stringMatching(/^suppliers\.yaml:\d+:\d+ basis gives "commons-speech-hikvision-dalua" the authority "government", but sources.yaml gives it "parliament"$/)]);
  });
  it('an entry with no Law part, or no incorporation part and no gap', () => {
    const dir = scratchRules();
    edit(join(dir, 'suppliers.yaml'), /    gaps:\n      - part: incorporation\n        note: >-\n          No stored source holds the company's own statement that it is incorporated in the People's\n          Republic of China; none was invented.\n/, '');
    edit(join(dir, 'suppliers.yaml'), /(  - id: dahua\n    name: Dahua Technology\n    basis:\n      - part: )law/, '$1parliament');
    const errors = loadErrors(dir);
    expect(errors).toContainEqual(expect.stringMatching(/supplier "dahua": the basis has no "law" part/));
    expect(errors).toContainEqual(expect.stringMatching(/supplier "dahua": the basis has no "incorporation" part .* and no gap saying why/));
  });
  it('words_not_stored for a source whose words are stored; a source that is not in the registry', () => {
    const dir = scratchRules();
    edit(join(dir, 'suppliers.yaml'), 'source: hikvision-annual-report-2020', 'source: hikvision-2023-11-06');
    edit(join(dir, 'suppliers.yaml'), 'source: scmp-2022-hikvision\n        authority: press\n        quote: The', 'source: scmp-2099\n        authority: press\n        quote: The');
    const errors = loadErrors(dir);
    expect(errors).toContainEqual(expect.stringMatching(/"hikvision-2023-11-06" has a stored excerpt: quote its words instead of words_not_stored/));
    expect(errors).toContainEqual(expect.stringMatching(/basis names source "scmp-2099", which is not in sources.yaml/));
  });
  it('a part with neither a quote nor words_not_stored, and an unknown field, are schema errors', () => {
    const dir = scratchRules();
    edit(join(dir, 'suppliers.yaml'), '            words_not_stored: true\n', '            wordz_not_stored: true\n');
    const errors = loadErrors(dir);
    expect(errors).toContainEqual(expect.stringMatching(/unknown field "wordz_not_stored".*did you mean "words_not_stored"/));
  });
  it('two entries whose names compare equal', () => {
    const dir = scratchRules();
    edit(join(dir, 'suppliers.yaml'), '      - name: Dahua\n', '      - name: HIK-VISION\n');
    expect(loadErrors(dir)).toContainEqual(expect.stringMatching(/"HIK-VISION" compares equal to a name of supplier "hikvision"/));
  });
});
