// `sitecheck verify`: an untouched report holds (exit 0); after one input or one rule is edited it
// does not (exit 1), and the output names what changed; a file that is not a report is exit 2.
import { readFileSync, writeFileSync, appendFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { AS_OF, REPO, run, scratch } from './helpers.js';

/**
 * A fresh scratch copy of sites/ and rules/ holding report.EXT, the untouched report of its sites/.
 * A report names its inputs by relative path and digest only (its bytes are the same in any copy),
 * so each is made once, in a copy of its own, and every test gets the file in a new copy.
 */
const made = new Map<string, Promise<Buffer>>();
async function freshReport(ext: 'html' | 'md' | 'json', extra: string[] = []): Promise<string> {
  const key = JSON.stringify([ext, extra]);
  let bytes = made.get(key);
  if (!bytes) {
    bytes = (async () => {
      const first = scratch();
      const r = await run(first, ['report', 'sites/', '--rules', 'rules', '--out', `report.${ext}`, '--as-of', AS_OF, ...extra]);
      expect(r.code).toBe(0);
      return readFileSync(join(first, `report.${ext}`));
    })();
    made.set(key, bytes);
  }
  const dir = scratch();
  writeFileSync(join(dir, `report.${ext}`), await bytes);
  return dir;
}

describe('sitecheck verify', () => {
  for (const ext of ['html', 'md', 'json'] as const) {
    it(`passes on an untouched .${ext} report`, async () => {
      const dir = await freshReport(ext);
      const v = await run(dir, ['verify', `report.${ext}`]);
      expect(v.stdout).toContain('The report holds');
      expect(v.stdout).toContain('every verdict and limb outcome the same');
      expect(v.code).toBe(0);
    });
  }

  for (const ext of ['html', 'md'] as const) {
    it(`reads back its provenance from a .${ext} report of hostile sites and paths (such as sites/hostile/</script>.yaml)`, async () => {
      const dir = scratch({ hostile: true });
      expect((await run(dir, ['report', 'sites/', '--out', `r.${ext}`, '--as-of', AS_OF])).code).toBe(0);
      const text = readFileSync(join(dir, `r.${ext}`), 'utf8');
      // In HTML the path is always escaped; in Markdown it may sit in a code span, which a renderer escapes.
      if (ext === 'html') expect(text).not.toContain('sites/hostile/</script>');
      else expect(text).toContain('`sites/hostile/</script>.yaml`');
      const v = await run(dir, ['verify', `r.${ext}`]);
      expect(v.stdout).toContain('The report holds');
      expect(v.code).toBe(0);
    });
  }

  it('fails after one input file is edited, naming the file and the verdict that changed', async () => {
    const dir = await freshReport('html');
    const file = join(dir, 'sites', 'cabinet-office.yaml');
    // CO-0002 is sensitive through limb 3 alone (routine ministerial use).
    writeFileSync(file, readFileSync(file, 'utf8').replace(/(id: CO-0002[\s\S]*?ministerial_use: )routine/, '$1occasional'));
    const v = await run(dir, ['verify', 'report.html']);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('input file sites/cabinet-office.yaml has changed');
    expect(v.stdout).toMatch(/site CO-0002: verdict was sensitive, now (not-sensitive|undetermined)/);
    expect(v.stdout).toContain('site CO-0002: limb 3 (ministerial-use) was met, now not-met');
    expect(v.stdout).toContain('does NOT hold');
  });

  it('fails after a comment-only edit to an input: same verdicts, but the input digest differs', async () => {
    const dir = await freshReport('md');
    appendFileSync(join(dir, 'sites', 'office-for-public-safety.yaml'), '\n# reviewed\n');
    const v = await run(dir, ['verify', 'report.md']);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('input file sites/office-for-public-safety.yaml has changed');
    expect(v.stdout).toContain('every verdict and limb outcome the same');
  });

  it('names an input file added to, or removed from, the inventory', async () => {
    const dir = await freshReport('html');
    writeFileSync(join(dir, 'sites', 'new.yaml'), 'id: NEW-1\nname: New site\nministerial_use: routine\n');
    unlinkSync(join(dir, 'sites', 'dept-regional-resilience.yaml'));
    const v = await run(dir, ['verify', 'report.html']);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('input file sites/new.yaml is new');
    expect(v.stdout).toContain('input file sites/dept-regional-resilience.yaml is gone');
    expect(v.stdout).toContain('site NEW-1 (sensitive) is new');
    expect(v.stdout).toMatch(/site \S+ \(\S+\) is no longer in the inventory/);
  });

  it('fails after one rule is edited, naming the rules file', async () => {
    const dir = await freshReport('html');
    const rule = join(dir, 'rules', 'definition', 'ministerial-use.yaml');
    writeFileSync(rule, readFileSync(rule, 'utf8').replace('value: routine', 'value: occasional'));
    const v = await run(dir, ['verify', 'report.html']);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('rules file definition/ministerial-use.yaml has changed');
    expect(v.stdout).toMatch(/site CO-0002: verdict was sensitive, now/);
    expect(v.stdout).not.toContain('input file');
  });

  it('says when the rules no longer load at all, naming the file and line', async () => {
    const dir = await freshReport('html');
    writeFileSync(join(dir, 'rules', 'definition', 'ministerial-use.yaml'), readFileSync(join(dir, 'rules', 'definition', 'ministerial-use.yaml'), 'utf8').replace('limb: 3', 'limb: three'));
    const v = await run(dir, ['verify', 'report.html']);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('the rules or parameters no longer load');
    expect(v.stdout).toMatch(/rules\/definition\/ministerial-use\.yaml:\d+:\d+/);
  });

  it('names a parameter whose --params file changed', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'params.yaml'), 'developed_vetting.significant_proportion: 0.25\n');
    expect((await run(dir, ['report', 'sites/', '--params', 'params.yaml', '--out', 'r.html', '--as-of', AS_OF])).code).toBe(0);
    expect((await run(dir, ['verify', 'r.html'])).code).toBe(0);
    writeFileSync(join(dir, 'params.yaml'), 'developed_vetting.significant_proportion: 0.9\n');
    const v = await run(dir, ['verify', 'r.html']);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('parameter developed_vetting.significant_proportion was 0.25 (interpretation), now 0.9');
  });

  it('catches an edit to the report itself, and an edited provenance block', async () => {
    const dir = await freshReport('html');
    const path = join(dir, 'report.html');
    const original = readFileSync(path, 'utf8');
    writeFileSync(path, original.replace('<span class="verdict v-sensitive">● Sensitive</span></td>', '<span class="verdict v-not-sensitive">○ Not sensitive</span></td>'));
    let v = await run(dir, ['verify', 'report.html']);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/the report's text differs from what sitecheck writes for the same inputs, first at line \d+/);
    writeFileSync(path, original.replace(/"asOf":"[^"]+"/, '"asOf":"2020-01-01"'));
    v = await run(dir, ['verify', 'report.html']);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('the provenance block has been edited');
  });

  it('verifies plain `check --format json` output by its results, and says what it cannot check', async () => {
    const dir = scratch();
    const c = await run(dir, ['check', 'sites/', '--format', 'json', '--as-of', AS_OF, '--fail-on', 'none']);
    writeFileSync(join(dir, 'check.json'), c.stdout);
    let v = await run(dir, ['verify', 'check.json']);
    expect(v.code).toBe(0);
    expect(v.stdout).toContain('records no input digests');
    const file = join(dir, 'sites', 'cabinet-office.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/(id: CO-0002[\s\S]*?ministerial_use: )routine/, '$1none'));
    v = await run(dir, ['verify', 'check.json']);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/site CO-0002: verdict was sensitive, now/);
  });

  it('reads only under the working directory: run from elsewhere, the inputs are missing (never looked up beside the report)', async () => {
    const dir = await freshReport('html');
    const elsewhere = scratch();
    const v = await run(join(elsewhere, 'rules'), ['verify', join(dir, 'report.html')]);
    expect(v.stdout).toContain('input path sites/ does not exist here (run verify from the folder the report was made in)');
    expect(v.stdout).toContain('does NOT hold');
    expect(v.code).toBe(1);
  });

  it('says plainly when none of the inputs can be found', async () => {
    const dir = await freshReport('md');
    const { renameSync } = await import('node:fs');
    renameSync(join(dir, 'sites'), join(dir, 'sites-moved'));
    const v = await run(dir, ['verify', 'report.md']);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('input path sites/ does not exist');
    expect(v.stdout).toMatch(/none of the report's \d+ input files or \d+ sites could be re-read/);
    expect(v.stdout.split('\n').length).toBeLessThan(12);
  });

  it('exits 2 for a file that is not a report, or cannot be read', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'notes.html'), '<!DOCTYPE html><p>hello</p>');
    let v = await run(dir, ['verify', 'notes.html']);
    expect(v.code).toBe(2);
    expect(v.stderr).toContain('no sitecheck provenance block found');
    v = await run(dir, ['verify', 'missing.html']);
    expect(v.code).toBe(2);
    expect(v.stderr).toContain('cannot read missing.html');
  });

  it('gives the differences as JSON with --format json', async () => {
    const dir = await freshReport('json');
    appendFileSync(join(dir, 'rules', 'parameters.yaml'), '\n# note\n');
    const v = await run(dir, ['verify', 'report.json', '--format', 'json']);
    expect(v.code).toBe(1);
    const out = JSON.parse(v.stdout) as { holds: boolean; differences: { kind: string; subject: string }[] };
    expect(out.holds).toBe(false);
    expect(out.differences).toEqual([expect.objectContaining({ kind: 'rules-file', subject: 'parameters.yaml' })]);
  });
});

describe('sitecheck report', () => {
  it('refuses to overwrite an existing report without --force', async () => {
    const dir = await freshReport('html');
    const before = readFileSync(join(dir, 'report.html'), 'utf8');
    let r = await run(dir, ['report', 'sites/', '--out', 'report.html', '--as-of', '2026-01-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('already exists; not overwritten (use --force');
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toBe(before);
    r = await run(dir, ['report', 'sites/', '--out', 'report.html', '--as-of', '2026-01-01', '--force']);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('as of 2026-01-01');
  });

  it('rejects an --out without a known extension, and a missing --out', async () => {
    const dir = scratch();
    let r = await run(dir, ['report', 'sites/', '--out', 'report.pdf']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('must end in .html, .md, .json or .xlsx');
    r = await run(dir, ['report', 'sites/']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('report needs --out FILE');
  });

  it('writes JSON evidence that is the check JSON plus a provenance field', async () => {
    const dir = await freshReport('json');
    const evidence = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Record<string, unknown>;
    const check = JSON.parse((await run(dir, ['check', 'sites/', '--rules', 'rules', '--format', 'json', '--as-of', AS_OF])).stdout) as Record<string, unknown>;
    const { provenance, ...rest } = evidence;
    expect(rest).toEqual(check);
    expect(provenance).toMatchObject({ format: 'sitecheck-provenance/3', asOf: AS_OF, paths: ['sites/'] });
    // Still valid against the published JSON output schema: the added field is backward compatible.
    const validate = new Ajv2020({ strict: true, allErrors: true }).compile(JSON.parse(readFileSync(join(REPO, 'schema/report.schema.json'), 'utf8')) as object);
    expect(validate(evidence), JSON.stringify(validate.errors)).toBe(true);
  });
});
