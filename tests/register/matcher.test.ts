// The supplier matcher against the red team's disguises (issue 10: 37 variants reported clean),
// true non-matches, near misses ("did you mean") and oem_of.
import { describe, expect, it } from 'vitest';
import { compactSkeleton, createRegister, editDistance } from '../../src/engine/register.js';
import { supplierMatcher } from '../../src/engine/findings.js';
import { register, ruleset } from './helpers.js';

// Each disguise of a listed name, by class. Written with escapes so the invisible ones are visible here.
const DISGUISES: [string, string, string][] = [
  ['trade mark sign', 'Hikvision\u2122', 'hikvision'],
  ['registered sign', 'Hikvision\u00AE', 'hikvision'],
  ['copyright sign', '\u00A9 Hikvision', 'hikvision'],
  ['service mark sign', 'Hikvision\u2120', 'hikvision'],
  ['(TM) spelled out', 'Hikvision(TM)', 'hikvision'],
  ['(R) spelled out', 'HIKVISION (R)', 'hikvision'],
  ['run together with Ltd', 'HikvisionLtd', 'hikvision'],
  ['run together with UK Ltd', 'HikvisionUKLtd', 'hikvision'],
  ['run together with Co.', 'HikvisionCo.', 'hikvision'],
  ['run together with Technology', 'HikvisionTechnology', 'hikvision'],
  ['upper case', 'HIKVISION', 'hikvision'],
  ['mixed case', 'hIkViSiOn', 'hikvision'],
  ['hyphenated', 'Hik-Vision', 'hikvision'],
  ['spaced', 'Hik Vision', 'hikvision'],
  ['letter-spaced', 'H i k v i s i o n', 'hikvision'],
  ['dotted', 'Hik.Vision', 'hikvision'],
  ['underscored', 'hik_vision', 'hikvision'],
  ['slashed', 'Hik/Vision', 'hikvision'],
  ['Cyrillic capital En', '\u041Dikvision', 'hikvision'],
  ['Cyrillic small o', 'Hikvisi\u043En', 'hikvision'],
  ['Cyrillic small i (Ukrainian)', 'H\u0456kvision', 'hikvision'],
  ['Greek capital Eta', '\u0397ikvision', 'hikvision'],
  ['Greek small omicron', 'Hikvisi\u03BFn', 'hikvision'],
  ['zero-width space inside', 'Hik\u200Bvision', 'hikvision'],
  ['zero-width non-joiner', 'Hikvi\u200Csion', 'hikvision'],
  ['zero-width joiner', 'H\u200Dikvision', 'hikvision'],
  ['word joiner', 'Hikvis\u2060ion', 'hikvision'],
  ['byte-order mark', '\uFEFFHikvision', 'hikvision'],
  ['soft hyphen', 'Hik\u00ADvision', 'hikvision'],
  ['right-to-left override', 'Hik\u202Evision', 'hikvision'],
  ['left-to-right mark', 'Hikvision\u200E', 'hikvision'],
  ['full-width letters', '\uFF28\uFF29\uFF2B\uFF36\uFF29\uFF33\uFF29\uFF2F\uFF2E', 'hikvision'],
  ['mathematical bold', '\u{1D407}\u{1D422}\u{1D424}\u{1D42F}\u{1D422}\u{1D42C}\u{1D422}\u{1D428}\u{1D427}', 'hikvision'],
  ['circled letters', '\u24BD\u24D8\u24DA\u24E5\u24D8\u24E2\u24D8\u24DE\u24DD', 'hikvision'],
  ['combining accents', 'Hi\u0301kvi\u0308sion', 'hikvision'],
  ['no-break space before suffix', 'Hikvision\u00A0UK', 'hikvision'],
  ['full legal name', 'Hangzhou Hikvision Digital Technology Co., Ltd.', 'hikvision'],
  ['brand, upper case', 'EZVIZ', 'hikvision'],
  ['brand with mark and suffix', 'Ezviz\u2122 Inc', 'hikvision'],
  ['brand run together', 'EzvizUK', 'hikvision'],
  ['Dahua, upper case', 'DAHUA', 'dahua'],
  ['Dahua full name', 'Dahua Technology Co., Ltd.', 'dahua'],
  ['Dahua run together', 'DahuaTechnology', 'dahua'],
  ['Dahua, Cyrillic a', 'D\u0430hua', 'dahua'],
  ['Dahua, full-width', '\uFF24\uFF41\uFF48\uFF55\uFF41', 'dahua'],
];

describe('every red-team disguise is listed', () => {
  it('covers at least the 37 reported variants', () => expect(DISGUISES.length).toBeGreaterThanOrEqual(37));
  it.each(DISGUISES)('%s: %j → %s', (_what, name, id) => {
    const m = register.match(name);
    expect(m.kind).toBe('listed');
    expect(m.kind === 'listed' && m.supplier.id).toBe(id);
    // The call shape kept for existing code gives the same answer.
    expect(supplierMatcher(ruleset.suppliers, ruleset.supplierSuffixes)(name)?.id).toBe(id);
  });
  it('says which alias matched (the longest)', () => {
    expect(register.matchSupplier('Hangzhou Hikvision Digital Technology Co., Ltd.')?.alias).toBe('Hangzhou Hikvision Digital Technology');
    expect(register.matchSupplier('EZVIZ')?.alias).toBe('EZVIZ');
    expect(register.matchSupplier('Dahua Technology')?.alias).toBe('Dahua Technology');
  });
});

describe('true non-matches stay non-matches', () => {
  it.each([
    'Axis Communications', 'Bosch Security Systems', 'Hanwha Vision', 'Avigilon', 'Honeywell', 'Sony', 'Panasonic',
    'Milestone Systems', 'Genetec', 'Vivotek', 'Vision Hik', 'Hik', 'Vision', 'Da', 'EZ', 'unknown',
  ])('%j is not listed and gets no suggestion', (name) => {
    expect(register.match(name)).toEqual({ kind: 'not-listed' });
  });
  it.each([
    // A listed name run together with letters that are no company suffix: not listed, but never silent.
    ['Hikvisionary Cameras Ltd', 'Hikvision', 'contains'],
    ['UKHikvision', 'Hikvision', 'contains'],
    ['Dahuang Foods', 'Dahua', 'contains'],
  ])('%j is not listed, but is a near miss of %s (%s)', (name, alias, reason) => {
    expect(register.matchSupplier(name)).toBeUndefined();
    expect(register.nearMiss(name)).toMatchObject({ alias, reason });
  });
  it('the ASCII letters I/l and 0/O are not folded into each other (no false listing)', () => {
    expect(register.matchSupplier('HlKVlSlON')).toBeUndefined();
    expect(register.nearMiss('Hlkvision')).toMatchObject({ alias: 'Hikvision', reason: 'distance', distance: 1 });
  });
});

describe('near misses give "did you mean"', () => {
  it.each([
    ['Hikvison', 'Hikvision', 1],
    ['Hikvsion', 'Hikvision', 1],
    ['Hikvisoin', 'Hikvision', 1],
    ['Hikvison Ltd', 'Hikvision', 1],
    ['HikvisonLtd', 'Hikvision', 1],
    ['Hkvison', 'Hikvision', 2],
    ['Dahau', 'Dahua', 1],
    ['Dalua', 'Dahua', 1],
    ['Dahu Technology', 'Dahua Technology', 1],
    ['EZVlZ', 'EZVIZ', 1],
  ])('%j → did you mean %s (distance %d)', (name, alias, distance) => {
    expect(register.matchSupplier(name)).toBeUndefined();
    const m = register.match(name);
    expect(m).toMatchObject({ kind: 'near-miss', alias, reason: 'distance', distance });
  });
  it('a misspelt suffix after a listed word is still listed (the word is enough)', () => {
    expect(register.matchSupplier('Dahua Tecnology')?.alias).toBe('Dahua');
  });
  it('the distance is bounded: a different name is no near miss', () => {
    expect(register.nearMiss('Hanwha')).toBeUndefined();
    expect(register.nearMiss('Hikari')).toBeUndefined();
  });
  it('edit distance counts an adjacent swap as one edit and stops past the bound', () => {
    expect(editDistance('dahau', 'dahua', 2)).toBe(1);
    expect(editDistance('abc', 'xyzabc', 1)).toBe(2);
  });
});

describe('oem_of is matched too', () => {
  it('a white-label maker whose real producer is listed is listed, and says it was oem_of', () => {
    expect(register.matchEquipment({ manufacturer: 'Acme Security', oem_of: 'Hikvision' })).toMatchObject({ kind: 'listed', field: 'oem_of', alias: 'Hikvision' });
    expect(register.matchEquipment({ manufacturer: 'Dahua', oem_of: 'unknown' })).toMatchObject({ kind: 'listed', field: 'manufacturer' });
    expect(register.matchEquipment({ manufacturer: 'Acme', oem_of: 'Dahau' })).toMatchObject({ kind: 'near-miss', field: 'oem_of', alias: 'Dahua' });
    expect(register.matchEquipment({ manufacturer: 'Acme' })).toEqual({ kind: 'not-listed' });
  });
});

describe('the register is data', () => {
  it('a register without the suffix list does not match run-together suffixes', () => {
    const bare = createRegister(ruleset.suppliers);
    expect(bare.matchSupplier('HikvisionLtd')).toBeUndefined();
    expect(bare.nearMiss('HikvisionLtd')).toMatchObject({ alias: 'Hikvision', reason: 'contains' });
    expect(bare.matchSupplier('Hikvision Ltd')?.supplier.id).toBe('hikvision');
  });
  it('every alias and name has a distinct, non-empty skeleton', () => {
    const all = ruleset.suppliers.flatMap((s) => [s.name, ...s.aliases].map((a) => [s.id, compactSkeleton(a)] as const));
    for (const [, k] of all) expect(k).not.toBe('');
  });
});

describe('the answer in plain words', () => {
  it('says listed (and under which alias), not listed with "confirm who produced it", or did you mean', async () => {
    const { describeMatch } = await import('../../src/engine/register.js');
    const say = (n: string): string => describeMatch(n, register.match(n));
    expect(say('EZVIZ UK')).toBe('Hikvision is on the supplier register (as EZVIZ)');
    expect(say('Axis')).toBe('"Axis" is not on the supplier register — confirm who produced it');
    expect(say('Hikvison')).toBe('"Hikvison" is not on the supplier register — confirm who produced it; did you mean Hikvision (Hikvision, on the register)?');
    expect(say('Hikvisionary')).toMatch(/it contains "Hikvision" \(Hikvision, on the register\): did you mean Hikvision\?$/);
  });
});

describe('the derived fact listed (three-valued)', () => {
  it('is true when listed, unknown for an unknown maker or a near miss, false otherwise', async () => {
    const { listedFact } = await import('../../src/engine/register.js');
    expect(listedFact(register, { manufacturer: 'Acme', oem_of: 'Dahua' }).value).toBe(true);
    expect(listedFact(register, { manufacturer: 'unknown' }).value).toBe('unknown');
    expect(listedFact(register, { manufacturer: 'Acme', oem_of: 'unknown' }).value).toBe('unknown');
    expect(listedFact(register, { manufacturer: 'Hikvison' })).toMatchObject({ value: 'unknown', match: { kind: 'near-miss', alias: 'Hikvision' } });
    expect(listedFact(register, { manufacturer: 'Axis Communications' }).value).toBe(false);
  });
});
