// Saving keeps every line the answers do not touch byte for byte: comments, order, spacing,
// quoting, blank lines and the other documents of the file. New keys go where the site schema
// puts them; comments on changed lines are reported for the officer to confirm or drop.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { appendEquipment, dropComments, editSiteText, removeEquipment } from '../../src/tui/yaml-edit.js';
import { auditedChanges, lineDiff } from '../../src/tui/audit.js';

const FILE = `# yaml-language-server: $schema=../schema/site.schema.json
# Survey pending.

id:   HO-0042          # the estates id
name: "Quarry House"
organisation: 'Home Office'

government_location: unknown   # nobody has surveyed this office yet
classified_material:
    highest: SECRET     # seen on the 2024 visit
# vetting is being counted
vetting:
    staff_total: 120
ministerial_use: none
assessment:
  by: Old Officer
  on: 2024-01-02
  notes: |
    First visit.
---
id: HO-0043
name:    Second   # untouched document
`;

/** The lines of `after` that are not lines of `before` (as a multiset). */
function changedLines(before: string, after: string): string[] {
  return lineDiff(before, after, 0).filter((d) => d.kind === '+').map((d) => d.text);
}

describe('editing a site file as text', () => {
  it('replaces a fact where it stands: only that line changes, its comment is flagged', () => {
    const { text, flags } = editSiteText(FILE, 0, { government_location: true });
    expect(text).toBe(FILE.replace('government_location: unknown', 'government_location: true'));
    expect(flags).toEqual([{ line: 8, comment: '# nobody has surveyed this office yet', path: 'government_location', where: 'end-of-line' }]);
  });

  it('flags the comment lines just above a changed fact too', () => {
    const { flags } = editSiteText(FILE, 0, { 'vetting.staff_total': 130 });
    expect(flags).toEqual([]);
    const { flags: above } = editSiteText(FILE.replace('vetting:\n    staff_total: 120', 'vetting:\n    # counted by HR\n    staff_total: 120'), 0, { 'vetting.staff_total': 130 });
    expect(above).toEqual([{ line: 13, comment: '# counted by HR', path: 'vetting.staff_total', where: 'above' }]);
  });

  it('adds new facts in schema order, indented like their siblings, and touches no other line', () => {
    const { text } = editSiteText(FILE, 0, {
      'vetting.developed_vetting': 30,
      'classified_material.frequency': 'routine',
      'socpa.designated': false,
      address: '2 Marsham Street',
    });
    // Every old line is still there, in order, byte for byte.
    const before = FILE.split('\n');
    const after = text.split('\n');
    let j = 0;
    for (const line of after) if (j < before.length && line === before[j]) j++;
    expect(j).toBe(before.length);
    expect(changedLines(FILE, text)).toEqual(['address: 2 Marsham Street', '    frequency: routine', '    developed_vetting: 30', 'socpa:', '  designated: false']);
    // Schema order: address after organisation; frequency after highest; socpa after ministerial_use.
    expect(text.indexOf('address:')).toBeGreaterThan(text.indexOf('organisation:'));
    expect(text.indexOf('address:')).toBeLessThan(text.indexOf('government_location:'));
    expect(text.indexOf('    frequency: routine')).toBeGreaterThan(text.indexOf('highest: SECRET'));
    expect(text.indexOf('socpa:')).toBeGreaterThan(text.indexOf('ministerial_use:'));
    expect(text.indexOf('socpa:')).toBeLessThan(text.indexOf('assessment:'));
    // The other document is untouched.
    expect(text.slice(text.indexOf('---'))).toBe(FILE.slice(FILE.indexOf('---')));
  });

  it('brings the assessment up to date: by, on, and a dated line added to the notes', () => {
    const changes = auditedChanges({ government_location: true }, { by: 'A. Officer', authority: 'survey of 3 Nov' }, '2026-11-23', 'First visit.\n');
    const { text } = editSiteText(FILE, 0, changes);
    expect(text).toContain('  by: A. Officer\n  on: 2026-11-23\n  notes: |\n    First visit.\n    2026-11-23 A. Officer (authority: survey of 3 Nov): recorded government_location in the sitecheck TUI.\n---');
    expect(text.startsWith(FILE.slice(0, FILE.indexOf('government_location')))).toBe(true);
  });

  it('adds an assessment block at the end of a site that has none, before the next document', () => {
    const bare = 'id: A\nname: B\n---\nid: C\nname: D\n';
    const { text } = editSiteText(bare, 0, auditedChanges({}, { by: 'X', authority: 'Y' }, '2026-01-01', undefined));
    expect(text).toBe('id: A\nname: B\nassessment:\n  by: X\n  on: 2026-01-01\n  notes: "2026-01-01 X (authority: Y): recorded no facts in the sitecheck TUI."\n---\nid: C\nname: D\n');
  });

  it('keeps Windows line endings, and a last line without a newline', () => {
    const crlf = 'id: A\r\nname: B\r\nvetting:\r\n  staff_total: 3\r\n';
    expect(editSiteText(crlf, 0, { 'vetting.developed_vetting': 1 }).text).toBe('id: A\r\nname: B\r\nvetting:\r\n  staff_total: 3\r\n  developed_vetting: 1\r\n');
    expect(editSiteText('id: A\nname: B', 0, { ministerial_use: 'none' }).text).toBe('id: A\nname: B\nministerial_use: none');
  });

  it('drops the comments the officer chose to drop, and only those', () => {
    const { text, flags } = editSiteText(FILE, 0, { government_location: true });
    const dropped = dropComments(text, flags);
    expect(dropped).toBe(FILE.replace('government_location: unknown   # nobody has surveyed this office yet', 'government_location: true'));
  });

  it('refuses a site written as a flow mapping rather than re-render it', () => {
    expect(() => editSiteText('{id: A, name: B}\n', 0, { ministerial_use: 'none' })).toThrow(/block mapping/);
    expect(() => editSiteText('id: A\nname: B\nvetting: {staff_total: 3}\n', 0, { 'vetting.developed_vetting': 1 })).toThrow(/on one line/);
  });

  it('adds equipment at the end of the list, keys in schema order, or a new list in its place', () => {
    const withList = 'id: A\nname: B\nequipment:\n    - id: C1  # old\n      kind: nvr\n      manufacturer: X\n      status: installed\nassessment:\n  by: Z\n';
    expect(appendEquipment(withList, 0, [{ status: 'planned', manufacturer: 'Axis', id: 'P1', kind: 'cctv-camera' }]))
      .toBe('id: A\nname: B\nequipment:\n    - id: C1  # old\n      kind: nvr\n      manufacturer: X\n      status: installed\n    - id: P1\n      kind: cctv-camera\n      manufacturer: Axis\n      status: planned\nassessment:\n  by: Z\n');
    expect(appendEquipment('id: A\nname: B\nassessment:\n  by: Z\n', 0, [{ id: 'P1', kind: 'nvr', manufacturer: 'Axis', status: 'planned' }]))
      .toBe('id: A\nname: B\nequipment:\n  - id: P1\n    kind: nvr\n    manufacturer: Axis\n    status: planned\nassessment:\n  by: Z\n');
    expect(() => appendEquipment('id: A\nequipment: []\n', 0, [{ id: 'P1', kind: 'nvr', manufacturer: 'Axis', status: 'planned' }])).toThrow(/list of/);
  });

  it('property: for any set of answers, every untouched line survives in order and the facts read back', () => {
    const facts = fc.record({
      government_location: fc.option(fc.boolean(), { nil: undefined }),
      'vetting.developed_vetting': fc.option(fc.nat(120), { nil: undefined }),
      'vetting.staff_total': fc.option(fc.integer({ min: 120, max: 500 }), { nil: undefined }),
      'classified_material.frequency': fc.option(fc.constantFrom('routine', 'occasional', 'unknown'), { nil: undefined }),
      ministerial_use: fc.option(fc.constantFrom('none', 'routine', 'unknown'), { nil: undefined }),
      'socpa.designated': fc.option(fc.boolean(), { nil: undefined }),
    }, { requiredKeys: [] });
    fc.assert(fc.property(facts, (f) => {
      const changes = Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as Record<string, string | number | boolean>;
      const { text } = editSiteText(FILE, 0, changes);
      const touched = new Set(['government_location', 'staff_total', 'ministerial_use'].filter((k) => Object.keys(changes).some((p) => p.endsWith(k))));
      const kept = FILE.split('\n').filter((l) => ![...touched].some((k) => l.trimStart().startsWith(`${k}:`)));
      const after = text.split('\n');
      let j = 0;
      for (const line of after) if (j < kept.length && line === kept[j]) j++;
      return j === kept.length;
    }), { numRuns: 200 });
  });
});

describe('removing equipment', () => {
  const text = 'id: A\nequipment:\n  - id: C1   # the old one\n    kind: nvr\n    manufacturer: X\n    status: installed\n  - id: C2\n    kind: nvr\n    manufacturer: Y\n    status: planned\nassessment:\n  by: Z\n';
  it('takes out only the lines of the items removed', () => {
    expect(removeEquipment(text, 0, [0])).toBe('id: A\nequipment:\n  - id: C2\n    kind: nvr\n    manufacturer: Y\n    status: planned\nassessment:\n  by: Z\n');
    expect(removeEquipment(text, 0, [1])).toBe('id: A\nequipment:\n  - id: C1   # the old one\n    kind: nvr\n    manufacturer: X\n    status: installed\nassessment:\n  by: Z\n');
  });
  it('leaves an empty list when every item goes', () => {
    expect(removeEquipment(text, 0, [0, 1])).toBe('id: A\nequipment: []\nassessment:\n  by: Z\n');
  });
});
