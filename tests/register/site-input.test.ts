// A manufacturer (or oem_of) with invisible, bidi or mixed-script characters is an input error with
// file, line, column and field — the name is hiding from the register — while ™ and plain names pass.
import { describe, expect, it } from 'vitest';
import { loadSiteBytes } from '../../src/input/sites.js';
import { nameProblems } from '../../src/engine/register.js';

const site = (maker: string): string => `id: S-1
name: Test site
equipment:
  - id: CAM-1
    kind: cctv-camera
    manufacturer: "${maker}"
    status: planned
`;

describe('disguised manufacturer names are input errors', () => {
  it.each([
    ['a zero-width space', 'Hik\\u200Bvision', /equipment\.0\.manufacturer contains an invisible character \(U\+200B\) at character 4/],
    ['a soft hyphen', 'Hik\\u00ADvision', /invisible character \(U\+00AD\)/],
    ['a Cyrillic letter in a Latin word', 'Hikvisi\\u043En', /mixes Cyrillic letters with Latin in one word: Cyrillic "о" \(U\+043E\) at character 8/],
    ['a Greek capital', '\\u0397ikvision', /mixes Greek letters with Latin in one word/],
  ])('%s', (_what, maker, message) => {
    const r = loadSiteBytes('sites/x.yaml', site(maker));
    expect(r.sites).toEqual([]);
    expect(r.errors).toEqual([expect.objectContaining({ file: 'sites/x.yaml', line: 6, column: 19, path: '/equipment/0/manufacturer', code: 'disguised-name', site: 'S-1', message: expect.stringMatching(message) })]);
  });
  it("a bidi control is refused too (by the loader's control-character check, before the register's)", () => {
    const r = loadSiteBytes('sites/x.yaml', site('Hik\\u202Evision'));
    expect(r.errors).toEqual([expect.objectContaining({ line: 6, column: 19, path: '/equipment/0/manufacturer', message: expect.stringMatching(/U\+202E/) })]);
    expect(nameProblems('Hik\u202Evision')[0]!.message).toMatch(/bidirectional control character \(U\+202E\)/);
  });
  it('never prints the invisible character itself', () => {
    const r = loadSiteBytes('sites/x.yaml', site('Hik\\u202Evision'));
    expect(r.errors[0]!.message).not.toMatch(/\u202E/);
    const mixed = nameProblems('X\u202E Hikvisi\u043En');
    expect(mixed.map((p) => p.message).join('\n')).not.toMatch(/\u202E/);
    expect(mixed.map((p) => p.message).join('\n')).toContain('\\u{202E}');
  });
  it.each(['Hikvision™', 'Hikvision® UK Ltd', 'Axis Communications', 'Café Systems', '海康威视 Hikvision', 'Dahua', 'unknown'])('%j is accepted', (maker) => {
    expect(loadSiteBytes('sites/x.yaml', site(maker)).errors).toEqual([]);
  });
  it('one error per disguised character, each with its position', () => {
    expect(nameProblems('H\u200Bik\u200Dvision').map((p) => p.offset)).toEqual([1, 4]);
  });
});

describe('other hidden characters are named for what they are', () => {
  it('private-use and unassigned characters', () => {
    expect(nameProblems('Hik\uE000vision')[0]!.message).toMatch(/^contains a private-use character \(U\+E000\) at character 4/);
    expect(nameProblems('Hik\u0378vision')[0]!.message).toMatch(/^contains an unassigned character \(U\+0378\) at character 4/);
  });
});
