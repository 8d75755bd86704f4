// `verify` treats the report as hostile. A forged report (its digests recomputed, as an attacker
// would) that names a path outside the working directory is refused with exit 2 before anything
// is read; every path it reads is covered by the digest; a non-shipped rules folder is named in
// the verdict; findings, scope and every other field are compared, for reports and plain JSON alike.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson, overallDigest, resultsDigest, sha256Hex, type Provenance } from '../../src/report/provenance.js';
import { AS_OF, run, scratch } from './helpers.js';
import { scratch as bareScratch } from '../hardening/helpers.js';

type Mutable = { -readonly [K in keyof Provenance]: any };

/** Rewrite a .json report's provenance, recomputing its digests unless `keepDigests`. */
function forgeJson(file: string, edit: (p: Mutable, body: any) => void, keepDigests = false): void {
  const value = JSON.parse(readFileSync(file, 'utf8'));
  edit(value.provenance, value);
  if (!keepDigests) {
    value.provenance.results.sha256 = resultsDigest(value.provenance.results.sites, value.provenance.results.errors);
    value.provenance.sha256 = overallDigest(value.provenance);
  }
  writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}

/** The same for the provenance block of an .html report. */
function forgeHtml(file: string, edit: (p: Mutable) => void, keepDigests = false): void {
  const text = readFileSync(file, 'utf8');
  const open = '<script type="application/json" id="sitecheck-provenance">';
  const start = text.indexOf(open) + open.length;
  const end = text.indexOf('</script>', start);
  const p = JSON.parse(text.slice(start, end));
  edit(p);
  if (!keepDigests) {
    p.results.sha256 = resultsDigest(p.results.sites, p.results.errors);
    p.sha256 = overallDigest(p);
  }
  const json = JSON.stringify(p).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
  writeFileSync(file, text.slice(0, start) + json + text.slice(end));
}

/**
 * A fresh scratch copy of sites/ and rules/ holding r.EXT, the report of its sites/. The report
 * names its inputs by relative path and digest only (the bytes are the same in any copy), so each
 * report is made once, in a copy of its own, and each test gets the file in a new copy to forge.
 */
const made = new Map<string, Promise<Buffer>>();
async function report(ext: 'json' | 'html' | 'md', extra: string[] = []): Promise<string> {
  const key = JSON.stringify([ext, extra]);
  let bytes = made.get(key);
  if (!bytes) {
    bytes = (async () => {
      const first = scratch();
      const r = await run(first, ['report', 'sites/', '--out', `r.${ext}`, '--as-of', AS_OF, ...extra]);
      expect(r.code, r.stderr).toBe(0);
      return readFileSync(join(first, `r.${ext}`));
    })();
    made.set(key, bytes);
  }
  const dir = scratch();
  writeFileSync(join(dir, `r.${ext}`), await bytes);
  return dir;
}

/** A secret outside the working directory, as an attacker would aim at. */
function secret(): { dir: string; file: string } {
  const dir = bareScratch();
  const file = join(dir, 'secret.yaml');
  writeFileSync(file, 'DATABASE_URL: postgres://admin:hunter2-topsecret@db\n');
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'sub', 'x.yaml'), 'DATABASE_URL: postgres://admin:hunter2-topsecret@db\n');
  return { dir, file };
}

function refused(v: { code: number; stdout: string; stderr: string }, why: RegExp): void {
  expect(v.code).toBe(2);
  expect(v.stderr).toMatch(why);
  expect(v.stderr).toContain('verify reads only files under the folder it is run from');
  expect(v.stdout + v.stderr).not.toContain('hunter2');
}

describe('verify refuses paths outside the working directory, before reading them', () => {
  it('an absolute parameters file, rules folder, input path or site file', async () => {
    const s = secret();
    const cases: [string, (p: Mutable) => void][] = [
      ['parameters.file', (p) => (p.parameters.file = s.file)],
      ['rules.dir', (p) => (p.rules.dir = s.dir)],
      ['paths[0]', (p) => (p.paths = [s.dir])],
      ['paths[0]', (p) => (p.paths = ['/'])],
      ['inputs[0].file', (p) => (p.inputs[0].file = s.file)],
      ['results.sites[0].file', (p) => (p.results.sites[0].file = '/etc/passwd')],
    ];
    for (const [field, edit] of cases) {
      const dir = await report('json');
      forgeJson(join(dir, 'r.json'), edit);
      const v = await run(dir, ['verify', 'r.json']);
      refused(v, new RegExp(`provenance\\.${field.replace(/[[\].]/g, '\\$&')}\\) .* is an absolute path`));
    }
  });

  it('a plain JSON report whose site file is "/" is refused at once (no walk of the disk)', async () => {
    const dir = scratch();
    const c = await run(dir, ['check', 'sites/', '--format', 'json', '--as-of', AS_OF, '--fail-on', 'none']);
    const value = JSON.parse(c.stdout);
    value.sites[0].file = '/';
    writeFileSync(join(dir, 'check.json'), JSON.stringify(value));
    const started = Date.now();
    const v = await run(dir, ['verify', 'check.json']);
    refused(v, /the report's file "\/" is an absolute path/);
    expect(Date.now() - started).toBeLessThan(5_000); // a hang guard, not a speed test
  });

  it('a path that climbs out with ..', async () => {
    const s = secret();
    const dir = await report('html');
    forgeHtml(join(dir, 'r.html'), (p) => (p.parameters.file = `../../../../../../../../..${s.file}`));
    refused(await run(dir, ['verify', 'r.html']), /parameters file \(provenance\.parameters\.file\) .* climbs out with "\.\."/);
  });

  it('a symbolic link that leads outside: as the parameters file, as the rules folder, and inside the inventory', async () => {
    const s = secret();
    let dir = await report('json');
    symlinkSync(s.file, join(dir, 'params.yaml'));
    forgeJson(join(dir, 'r.json'), (p) => (p.parameters.file = 'params.yaml'));
    refused(await run(dir, ['verify', 'r.json']), /goes through a symbolic link \("params\.yaml"\) that leads outside the folder/);

    dir = await report('json');
    symlinkSync(s.dir, join(dir, 'my-rules'));
    forgeJson(join(dir, 'r.json'), (p) => (p.rules.dir = 'my-rules/sub'));
    refused(await run(dir, ['verify', 'r.json']), /rules folder \(provenance\.rules\.dir\) "my-rules\/sub" goes through a symbolic link \("my-rules"\)/);

    // A site file in the inventory that is a link to a file outside: refused, even without forging.
    dir = await report('json');
    symlinkSync(s.file, join(dir, 'sites', 'leak.yaml'));
    refused(await run(dir, ['verify', 'r.json']), /holds a symbolic link, sites\/leak\.yaml, that leads outside the folder/);
    // The same in a folder that is a link to a folder outside.
    dir = await report('json');
    symlinkSync(s.dir, join(dir, 'sites', 'more'));
    refused(await run(dir, ['verify', 'r.json']), /holds a symbolic link, sites\/more, that leads outside the folder/);
  });

  it('a hidden file (.env), a file that is not YAML, and a rules message that would quote a secret', async () => {
    let dir = await report('json');
    writeFileSync(join(dir, '.env'), 'DATABASE_URL=postgres://admin:hunter2-topsecret@db\n');
    forgeJson(join(dir, 'r.json'), (p) => (p.parameters.file = '.env'));
    refused(await run(dir, ['verify', 'r.json']), /parameters file \(provenance\.parameters\.file\) "\.env" names a hidden file or folder/);

    dir = await report('json');
    writeFileSync(join(dir, 'notes.txt'), 'DATABASE_URL=postgres://admin:hunter2-topsecret@db\n');
    forgeJson(join(dir, 'r.json'), (p) => (p.paths = ['notes.txt']));
    refused(await run(dir, ['verify', 'r.json']), /input path \(provenance\.paths\[0\]\) "notes\.txt" is not a \.yaml or \.yml file/);

    // A YAML file under the folder is read as parameters, but its values are never quoted.
    dir = await report('json');
    writeFileSync(join(dir, 'secrets.yaml'), 'DATABASE_URL: postgres://admin:hunter2-topsecret@db\n');
    forgeJson(join(dir, 'r.json'), (p) => (p.parameters.file = 'secrets.yaml'));
    const v = await run(dir, ['verify', 'r.json']);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('the rules or parameters no longer load');
    expect(v.stdout).toMatch(/secrets\.yaml:1:\d+  /);
    expect(v.stdout + v.stderr).not.toContain('hunter2');
  });

  it('a symbolic link that stays inside is read as usual', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'inv'));
    symlinkSync(join(dir, 'sites', 'cabinet-office.yaml'), join(dir, 'inv', 'co.yaml'));
    // The link leads out of the path named (inv/) but not out of the working directory: the
    // report follows it only when asked, and verify then re-reads it the same way.
    expect((await run(dir, ['report', 'inv', '--out', 'r.json', '--as-of', AS_OF, '--follow-symlinks'])).code).toBe(0);
    const v = await run(dir, ['verify', 'r.json']);
    expect(v.stdout).toContain('The report holds');
    expect(v.code).toBe(0);
  });

  it('input limits outside the ranges the flags allow (a report cannot lift them)', async () => {
    const dir = await report('json');
    forgeJson(join(dir, 'r.json'), (p) => (p.limits.maxFileSize = 1e15));
    const v = await run(dir, ['verify', 'r.json']);
    expect(v.code).toBe(2);
    expect(v.stderr).toContain("the report's provenance.limits.maxFileSize (--max-file-size) is 1000000000000000, not a whole number between 1 and");
  });

  it('a provenance block of the wrong shape names the field, quoting a short escaped snippet', async () => {
    const dir = await report('json');
    forgeJson(join(dir, 'r.json'), (p) => (p.paths = [`\u001b[2J${'x'.repeat(5000)}`, 7]), true);
    const v = await run(dir, ['verify', 'r.json']);
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(/provenance\.paths\[1\] is not a string \(found 7\)/);
    forgeJson(join(dir, 'r.json'), (p) => (p.paths = [`\u001b[2J${'x'.repeat(5000)}`]));
    const w = await run(dir, ['verify', 'r.json']);
    expect(w.code).toBe(2);
    expect(w.stderr).toContain('\\u001b[2J');
    expect(w.stderr).not.toContain('\u001b');
    expect(w.stderr.length).toBeLessThan(600);
  });

  it('an evaluation date that is not a date is refused, naming the field', async () => {
    const dir = await report('json');
    forgeJson(join(dir, 'r.json'), (p) => (p.asOf = '2026-02-30'));
    const v = await run(dir, ['verify', 'r.json']);
    expect(v.code).toBe(2);
    expect(v.stderr).toContain('provenance.asOf is not a real date in the form YYYY-MM-DD (found "2026-02-30")');
  });

  it('a file that is not JSON is not quoted beyond a short snippet', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'env.json'), `{"provenance": DATABASE_URL=postgres://admin:hunter2-topsecret@db ${'y'.repeat(200)}}`);
    const v = await run(dir, ['verify', 'env.json']);
    expect(v.code).toBe(2);
    expect(v.stderr).toContain('is not valid JSON');
    expect(v.stderr).not.toContain('hunter2');
  });

  it('a report in the old provenance format is refused with the reason', async () => {
    const dir = await report('json');
    forgeJson(join(dir, 'r.json'), (p) => (p.format = 'sitecheck-provenance/1'), true);
    const v = await run(dir, ['verify', 'r.json']);
    expect(v.code).toBe(2);
    expect(v.stderr).toContain('format sitecheck-provenance/1, written by an older sitecheck');
  });
});

describe('the digest covers every path verify reads', () => {
  for (const [field, edit] of [
    ['rules.dir', (p: Mutable) => (p.rules.dir = 'rules')],
    ['parameters.file', (p: Mutable) => (p.parameters.file = 'params.yaml')],
    ['paths', (p: Mutable) => (p.paths = ['sites/cabinet-office.yaml', 'sites/'])],
  ] as const) {
    it(`an edited ${field} (digest not recomputed) is caught`, async () => {
      const dir = await report('html');
      writeFileSync(join(dir, 'params.yaml'), '{}\n');
      forgeHtml(join(dir, 'r.html'), edit, true);
      const v = await run(dir, ['verify', 'r.html']);
      expect(v.stdout).toContain('the provenance block has been edited');
      expect(v.code).toBe(1);
    });
  }

  it('an edited results block (digest not recomputed) is caught', async () => {
    const dir = await report('md');
    const path = join(dir, 'r.md');
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.replace('"verdict":"sensitive"', '"verdict":"not-sensitive"'));
    const v = await run(dir, ['verify', 'r.md']);
    expect(v.stdout).toContain('the results digest does not match the results listed with it');
    expect(v.code).toBe(1);
  });
});

describe('a non-shipped rules folder is named in the verdict', () => {
  it('holds, with the rules folder X, not the shipped rules', async () => {
    const dir = await report('html', ['--rules', 'rules']);
    const v = await run(dir, ['verify', 'r.html']);
    expect(v.stdout).toContain('The report holds, with the rules folder rules, not the shipped rules');
    expect(v.code).toBe(0);
    const json = JSON.parse((await run(dir, ['verify', 'r.html', '--format', 'json'])).stdout);
    expect(json.rulesDir).toBe('rules');
  });

  it('the shipped rules are not so named', async () => {
    const dir = await report('html');
    const v = await run(dir, ['verify', 'r.html']);
    expect(v.stdout).toMatch(/The report holds: /);
    expect(v.stdout).not.toContain('not the shipped rules');
  });
});

describe('verify compares findings and every field of each result', () => {
  async function plain(): Promise<{ dir: string; value: any }> {
    const dir = scratch();
    const c = await run(dir, ['check', 'sites/', '--format', 'json', '--as-of', AS_OF, '--fail-on', 'none']);
    return { dir, value: JSON.parse(c.stdout) };
  }

  it('plain check JSON with one finding deleted does not hold, naming the finding', async () => {
    const { dir, value } = await plain();
    const site = value.sites.find((s: any) => s.id === 'OPS-0001');
    const [gone] = site.findings.splice(1, 1);
    writeFileSync(join(dir, 'check.json'), JSON.stringify(value, null, 2));
    const v = await run(dir, ['verify', 'check.json']);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain(`site OPS-0001: finding ${gone.kind}, rule ${gone.rule}, equipment ${gone.equipment}: ${JSON.stringify(gone.message).slice(0, 20)}`);
    expect(v.stdout).toMatch(/site OPS-0001: finding .* is new \(the report does not have it\)/);
    expect(v.stdout).not.toContain('The report holds');
  });

  it('plain check JSON with every finding deleted does not hold', async () => {
    const { dir, value } = await plain();
    for (const s of value.sites) s.findings = [];
    writeFileSync(join(dir, 'check.json'), JSON.stringify(value));
    const v = await run(dir, ['verify', 'check.json']);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/\d+ differences/);
  });

  it('a changed finding field, a changed name and a field the model has (or gains) are each named', async () => {
    const { dir, value } = await plain();
    const site = value.sites.find((s: any) => s.id === 'CO-0001');
    site.findings[0].removalDue = '2099-01-01';
    site.name = 'Somewhere else';
    site.futureField = { status: 'in-scope' }; // a field this build does not produce: "was …, now absent"
    value.summary.sensitive += 1;
    writeFileSync(join(dir, 'check.json'), JSON.stringify(value));
    const v = await run(dir, ['verify', 'check.json']);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/site CO-0001: finding core-network-unknown, rule core-network, equipment CAM-001: .*: removalDue was "2099-01-01", now "2025-04-30"/);
    expect(v.stdout).toMatch(/site CO-0001: name was "Somewhere else", now ".+"/);
    expect(v.stdout).toContain('site CO-0001: futureField was {"status":"in-scope"}, now absent');
    expect(v.stdout).toMatch(/the report's summary\.sensitive was \d+, now \d+/);
  });

  it('JSON evidence (report --out .json) with a finding deleted names it', async () => {
    const dir = await report('json');
    forgeJson(join(dir, 'r.json'), (_p, body) => {
      body.sites.find((s: any) => s.id === 'CO-0002').findings = [];
    });
    const v = await run(dir, ['verify', 'r.json']);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/site CO-0002: finding prohibited-equipment, rule cease-deployment, equipment NVR-02: .* is new \(the report does not have it\)/);
  });

  for (const ext of ['html', 'md'] as const) {
    it(`a .${ext} report whose recorded finding was removed (digests recomputed) names it`, async () => {
      const dir = await report(ext);
      const file = join(dir, `r.${ext}`);
      if (ext === 'html') {
        forgeHtml(file, (p) => {
          p.results.sites.find((s: any) => s.id === 'CO-0002').findings = [];
        });
      } else {
        const text = readFileSync(file, 'utf8');
        const start = text.indexOf('<!-- sitecheck-provenance\n') + '<!-- sitecheck-provenance\n'.length;
        const end = text.indexOf('\n-->', start);
        const p = JSON.parse(text.slice(start, end));
        p.results.sites.find((s: any) => s.id === 'CO-0002').findings = [];
        p.results.sha256 = resultsDigest(p.results.sites, p.results.errors);
        p.sha256 = overallDigest(p);
        const json = JSON.stringify(p).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
        writeFileSync(file, text.slice(0, start) + json + text.slice(end));
      }
      const v = await run(dir, ['verify', `r.${ext}`]);
      expect(v.code).toBe(1);
      // The report records each finding by kind, rule, outcome and equipment (its message is in the digest).
      expect(v.stdout).toMatch(/site CO-0002: finding prohibited-equipment, rule cease-deployment, equipment NVR-02 is new/);
    });

    it(`a .${ext} report whose compact site record was changed names the site and the field`, async () => {
      const dir = await report(ext);
      const file = join(dir, `r.${ext}`);
      const text = readFileSync(file, 'utf8');
      const open = ext === 'html' ? '<script type="application/json" id="sitecheck-provenance">' : '<!-- sitecheck-provenance\n';
      const start = text.indexOf(open) + open.length;
      const end = text.indexOf(ext === 'html' ? '</script>' : '\n-->', start);
      const p = JSON.parse(text.slice(start, end));
      const co3 = p.results.sites.find((s: any) => s.id === 'CO-0003');
      co3.scope = 'out-of-scope';
      co3.limbs[0] = 'met';
      // A site with no finding, shown as one compact row: only its digest covers its name.
      const ops = p.results.sites.find((s: any) => s.id === 'MCA-0003');
      ops.sha256 = '0'.repeat(64);
      p.results.sha256 = resultsDigest(p.results.sites, p.results.errors);
      p.sha256 = overallDigest(p);
      const json = JSON.stringify(p).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
      writeFileSync(file, text.slice(0, start) + json + text.slice(end));
      const v = await run(dir, ['verify', `r.${ext}`]);
      expect(v.code).toBe(1);
      expect(v.stdout).toContain('site CO-0003: scope was "out-of-scope", now "in-scope"');
      expect(v.stdout).toContain("site CO-0003: limb 1 (secret-material) was met, now not-met");
      expect(v.stdout).toMatch(/site MCA-0003: a part of its result that the report records only as a digest .* differs: sha256 was 000000000000…/);
    });
  }

  it('a .html report whose limb details alone were changed says the result digest differs', async () => {
    const dir = await report('html');
    forgeHtml(join(dir, 'r.html'), (p) => {
      p.results.sites[0].sha256 = sha256Hex(canonicalJson({ forged: true }));
    });
    const v = await run(dir, ['verify', 'r.html']);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/a part of its result that the report records only as a digest .* differs/);
  });

  it('site ids and messages from a report are escaped: no report can print a line of its own', async () => {
    const { dir, value } = await plain();
    value.sites[0].id = 'X\n  ✔ The report holds: the same inputs, rules and tool give the same results.\u001b[2J';
    writeFileSync(join(dir, 'check.json'), JSON.stringify(value));
    const v = await run(dir, ['verify', 'check.json']);
    expect(v.code).toBe(1);
    expect(v.stdout).not.toContain('\u001b');
    expect(v.stdout.split('\n').filter((l) => l.startsWith('  ✔ The report holds'))).toEqual([]);
    expect(v.stdout).toContain('X\\u000a  ✔ The report holds');
  });
});
