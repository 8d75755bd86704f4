// Saving the wizard's answers: new files that `check` accepts, in-place updates that keep comments,
// and refusals that never lose the answers.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, afterAll } from 'vitest';
import { check } from '../../src/check.js';
import { updateSiteText, newSiteText } from '../../src/tui/save-site.js';
import { planWizard, saveWizard } from '../../src/tui/wizard-site.js';
import { identityQuestions } from '../../src/tui/questions.js';
import { initialWizard, wizardReducer, type WizardState } from '../../src/tui/wizard-state.js';
import { AS_OF, fixtureData, fixtureDir, UNDETERMINED, removeFixtures } from './tui-fixtures.js';

afterAll(removeFixtures);

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

describe('new site files', () => {
  it('writes a file that sitecheck check accepts, with unknown for “don’t know”', async () => {
    const dir = fixtureDir();
    const data = await fixtureData(dir);
    const questions = [...identityQuestions(), ...data.questions];
    const w: WizardState = {
      ...initialWizard({ mode: 'new', questions, file: join(dir, 'N-1.yaml') }),
      answers: { id: 'N-1', name: 'New House', 'classified_material.highest': 'SECRET', 'classified_material.frequency': 'routine', ministerial_use: 'unknown', 'vetting.staff_total': 40 },
    };
    expect(saveWizard(data, w)).toBe(join(dir, 'N-1.yaml'));
    const text = readFileSync(join(dir, 'N-1.yaml'), 'utf8');
    expect(text).toContain('ministerial_use: unknown');
    const { report } = await check([join(dir, 'N-1.yaml')], { asOf: AS_OF });
    expect(report.errors).toEqual([]);
    expect(report.sites[0]).toMatchObject({ id: 'N-1', verdict: 'sensitive' });
  });

  it('refuses to overwrite an existing file, and an id already used in the inventory', async () => {
    const dir = fixtureDir();
    const data = await fixtureData(dir);
    const questions = [...identityQuestions(), ...data.questions];
    const base = initialWizard({ mode: 'new', questions, file: join(dir, 'sensitive.yaml') });
    expect(() => saveWizard(data, { ...base, answers: { id: 'N-9', name: 'x' } })).toThrow(/already exists; not overwritten/);
    expect(readFileSync(join(dir, 'sensitive.yaml'), 'utf8')).toContain('T-SENS');
    expect(() => saveWizard(data, { ...base, file: join(dir, 'dup.yaml'), answers: { id: 'T-SENS', name: 'x' } })).toThrow(/T-SENS is already used at/);
  });

  it('says so in words when the folder does not exist', async () => {
    const dir = fixtureDir();
    const data = await fixtureData(dir);
    const w = { ...initialWizard({ mode: 'new', questions: identityQuestions(), file: join(dir, 'no/such/folder/N-1.yaml') }), answers: { id: 'N-1', name: 'x' } };
    expect(() => saveWizard(data, w)).toThrow(/could not write .*N-1\.yaml: the folder does not exist \(ENOENT\)/);
  });

  it('starts with the schema line for editors and a comment saying what unknown means', () => {
    expect(newSiteText({ id: 'a', name: 'b' })).toMatch(/^# Written by the sitecheck assessment wizard/);
    const text = newSiteText({ id: 'a', name: 'b' }, join(ROOT, 'sites/new.yaml'));
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/site.schema.json');
    expect(text.split('\n')[1]).toMatch(/^# Written by the sitecheck assessment wizard/);
  });
});

describe('updating an existing file', () => {
  it('replaces an unknown where it stands, keeping its comment, and leaves other documents alone', () => {
    const { text: out, flags } = updateSiteText(UNDETERMINED, 0, { government_location: true });
    expect(out).toBe(UNDETERMINED.replace('government_location: unknown', 'government_location: true'));
    // The comment on the changed line is flagged for the officer to confirm or drop.
    expect(flags).toEqual([{ line: 4, comment: '# the lease is being checked', path: 'government_location', where: 'end-of-line' }]);
  });

  it('adds a fact not yet written, keeping the comments and the other document', () => {
    const { text: out } = updateSiteText(UNDETERMINED, 0, { 'vetting.staff_total': 12, ministerial_use: 'occasional' });
    expect(out).toContain('# the lease is being checked');
    expect(out).toContain('  staff_total: 12');
    expect(out).toContain('ministerial_use: occasional');
    expect(out.slice(out.indexOf('---'))).toBe(UNDETERMINED.slice(UNDETERMINED.indexOf('---')));
  });

  it('writes the answers into the file through the wizard, and check reads the new verdict', async () => {
    const dir = fixtureDir();
    const data = await fixtureData(dir);
    const w = wizardReducer(
      initialWizard({ mode: 'existing', siteId: 'T-UND', questions: data.questions.filter((q) => q.path === 'government_location'), file: join(dir, 'undetermined.yaml') }),
      { type: 'choose', index: 0 },
    );
    saveWizard(data, w);
    const text = readFileSync(join(dir, 'undetermined.yaml'), 'utf8');
    expect(text).toContain('government_location: true   # the lease is being checked');
    const { report } = await check([dir], { asOf: AS_OF });
    expect(report.sites.find((s) => s.id === 'T-UND')!.verdict).toBe('sensitive');
  });

  it('refuses to write over a file changed on disk since it was read', async () => {
    const dir = fixtureDir();
    const data = await fixtureData(dir);
    const file = join(dir, 'undetermined.yaml');
    writeFileSync(file, UNDETERMINED.replace('Cedar Point', 'Cedar Point (renamed by a colleague)'));
    const w = { ...initialWizard({ mode: 'existing', siteId: 'T-UND', questions: data.questions, file }), answers: { government_location: true } };
    expect(() => saveWizard(data, w)).toThrow(/has changed on disk since it was read; not overwritten/);
    expect(readFileSync(file, 'utf8')).toContain('renamed by a colleague');
    expect(readFileSync(file, 'utf8')).toContain('government_location: unknown');
  });
});

describe('ids and the files on disk at save', () => {
  it('refuses a new site whose id a colleague has used in a file written since the inventory was read', async () => {
    const dir = fixtureDir();
    const data = await fixtureData(dir);
    writeFileSync(join(dir, 'colleague.yaml'), 'id: N-5\nname: Written meanwhile\n');
    const questions = [...identityQuestions(), ...data.questions];
    const w = { ...initialWizard({ mode: 'new', questions, file: join(dir, 'N-5.yaml') }), answers: { id: 'N-5', name: 'Mine' } };
    expect(() => planWizard(data, w, { by: 'A', authority: 'B' })).toThrow(/the id N-5 is now used at .*colleague\.yaml:1 \(written since the inventory was read\)/);
    expect(() => readFileSync(join(dir, 'N-5.yaml'))).toThrow();
  });

  it('an existing file is never named with a flag the TUI does not have', async () => {
    const dir = fixtureDir();
    const data = await fixtureData(dir);
    const w = { ...initialWizard({ mode: 'new', questions: identityQuestions(), file: join(dir, 'sensitive.yaml') }), answers: { id: 'N-9', name: 'x' } };
    let message = '';
    try {
      saveWizard(data, w);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/already exists; not overwritten/);
    expect(message).not.toContain('--force');
  });
});
