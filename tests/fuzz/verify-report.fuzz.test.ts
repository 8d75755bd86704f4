// Fuzzing `verify` with hostile reports, as an attacker who can edit a committed report would make
// them: random paths in the provenance (absolute, climbing out with `..`, through links that lead
// out, with control characters), digests recomputed so only the path checks stand in the way;
// tampered digests; findings and fields removed from plain JSON and from JSON evidence. The
// properties: nothing outside the working directory is ever read or quoted, a path that leaves it
// is exit 2, a tampered report never holds, output never carries a raw control character, and
// there is never a crash.
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { overallDigest, resultsDigest } from '../../src/report/provenance.js';
import { AS_OF, REPO, run } from '../report/helpers.js';
import { scratch } from '../hardening/helpers.js';
import { fuzz, TIMEOUT } from './config.js';

const MARKER = 'hunter2-fuzz-secret';

// One small inventory (a file with findings), a secret outside it, and links leading out.
const outside = scratch('sitecheck-fuzz-verify-outside-');
writeFileSync(join(outside, 'secret.yaml'), `id: S-1\nname: ${MARKER}\n`);
mkdirSync(join(outside, 'dir'));
writeFileSync(join(outside, 'dir', 'x.yaml'), `id: S-2\nname: ${MARKER}\n`);
const dir = scratch('sitecheck-fuzz-verify-');
mkdirSync(join(dir, 'sites'));
cpSync(join(REPO, 'sites', 'cabinet-office.yaml'), join(dir, 'sites', 'cabinet-office.yaml'));
writeFileSync(join(dir, 'params.yaml'), 'developed_vetting.significant_proportion: 0.25\n');
symlinkSync(join(outside, 'secret.yaml'), join(dir, 'out-file.yaml'));
symlinkSync(join(outside, 'dir'), join(dir, 'out-dir'));
symlinkSync(join(dir, 'sites'), join(dir, 'in-dir')); // a link that stays inside

const made = await run(dir, ['report', 'sites/', '--out', 'evidence.json', '--as-of', AS_OF]);
if (made.code !== 0) throw new Error(made.stderr);
const EVIDENCE = JSON.parse(readFileSync(join(dir, 'evidence.json'), 'utf8'));
const PLAIN = JSON.parse((await run(dir, ['check', 'sites/', '--format', 'json', '--as-of', AS_OF, '--fail-on', 'none'])).stdout);
const clone = <T>(v: T): T => structuredClone(v);

/** What every run must satisfy, whatever the report. */
function sane(r: { code: number; stdout: string; stderr: string }): void {
  expect([0, 1, 2]).toContain(r.code);
  const all = r.stdout + r.stderr;
  expect(all).not.toContain(MARKER);
  expect(all).not.toMatch(/internal error|\n\s+at /);
  // No raw control characters but newlines (escaped as \uNNNN instead), no line separators.
  expect(all).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u180e\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/);
}

async function verify(name: string, value: unknown): Promise<{ code: number; stdout: string; stderr: string }> {
  writeFileSync(join(dir, name), JSON.stringify(value, null, 2) + '\n');
  return run(dir, ['verify', name]);
}

/** Paths that must be refused: absolute, climbing out, hidden, or through a link that leads out. */
const leaving = fc.oneof(
  fc.constantFrom('/', '/etc/passwd', join(outside, 'secret.yaml'), outside, 'C:\\Windows', 'out-file.yaml', 'out-dir', 'out-dir/x.yaml', './out-dir/', 'sites/../out-dir', '.env', '.git/config', 'sites/.hidden.yaml'),
  fc.tuple(fc.array(fc.constantFrom('..', '.', 'sites', 'x'), { minLength: 0, maxLength: 4 }), fc.constantFrom('', 'secret.yaml', 'etc/passwd')).map(([parts, tail]) => ['..', ...parts, tail].filter((x) => x !== '').join('/')),
  fc.tuple(fc.constantFrom('sites/', 'in-dir/', ''), fc.constantFrom('../', '..\\')).map(([a, b]) => `${a}${b}${'../'.repeat(8)}${outside.slice(1)}/secret.yaml`),
);
/** Paths that are merely odd: missing, inside, control characters, empty. */
const odd = fc.oneof(
  fc.constantFrom('sites/', 'sites', 'in-dir', '.', 'params.yaml', 'missing/x.yaml', '', 'sites/\u001b[2J.yaml', 'a\nb', 'sites/cabinet-office.yaml', 'sites/\u202e.yaml', '\ufeffsites', 'x\u2028y'),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
);
const field = fc.constantFrom('paths', 'rules.dir', 'parameters.file', 'inputs', 'sites', 'plain');

function forge(where: string, p: string): { name: string; value: unknown } {
  if (where === 'plain') {
    const v = clone(PLAIN);
    v.sites[0].file = p;
    return { name: 'plain.json', value: v };
  }
  const v = clone(EVIDENCE);
  const prov = v.provenance;
  if (where === 'paths') prov.paths = [p];
  else if (where === 'rules.dir') prov.rules.dir = p;
  else if (where === 'parameters.file') prov.parameters.file = p;
  else if (where === 'inputs') prov.inputs[0].file = p;
  else prov.results.sites[0].file = p;
  prov.results.sha256 = resultsDigest(prov.results.sites, prov.results.errors);
  prov.sha256 = overallDigest(prov); // as an attacker would: only the path checks stand in the way
  return { name: 'forged.json', value: v };
}

describe('fuzz: hostile reports for verify', () => {
  it('a path that leaves the working directory is exit 2, and nothing outside is read or quoted', async () => {
    await fc.assert(
      fc.asyncProperty(field, leaving, async (where, p) => {
        const { name, value } = forge(where, p);
        const r = await verify(name, value);
        sane(r);
        expect(r.code, `${where} = ${JSON.stringify(p)}\n${r.stdout}${r.stderr}`).toBe(2);
        expect(r.stderr).toContain('verify reads only files under the folder it is run from');
      }),
      fuzz(12, 4_000),
    );
  }, TIMEOUT);

  it('any other path never crashes, never reads outside, never prints a control character', async () => {
    await fc.assert(
      fc.asyncProperty(field, odd, async (where, p) => {
        const { name, value } = forge(where, p);
        sane(await verify(name, value));
      }),
      fuzz(12, 4_000),
    );
  }, TIMEOUT);

  it('a tampered digest never holds', async () => {
    const digests = (v: any): { get: () => string; set: (x: string) => void }[] => [
      { get: () => v.provenance.sha256, set: (x) => (v.provenance.sha256 = x) },
      { get: () => v.provenance.results.sha256, set: (x) => (v.provenance.results.sha256 = x) },
      { get: () => v.provenance.parameters.sha256, set: (x) => (v.provenance.parameters.sha256 = x) },
      { get: () => v.provenance.rules.sha256, set: (x) => (v.provenance.rules.sha256 = x) },
      { get: () => v.provenance.rules.files[0].sha256, set: (x) => (v.provenance.rules.files[0].sha256 = x) },
      { get: () => v.provenance.inputs[0].sha256, set: (x) => (v.provenance.inputs[0].sha256 = x) },
      { get: () => v.provenance.results.sites[0].sha256, set: (x) => (v.provenance.results.sites[0].sha256 = x) },
      { get: () => v.rules.sha256, set: (x) => (v.rules.sha256 = x) },
    ];
    await fc.assert(
      fc.asyncProperty(fc.nat(7), fc.nat(63), fc.constantFrom(...'0123456789abcdef'), fc.boolean(), async (which, at, hex, recompute) => {
        const v = clone(EVIDENCE);
        const d = digests(v)[which]!;
        const old = d.get();
        const next = old.slice(0, at) + (old[at] === hex ? (hex === '0' ? '1' : '0') : hex) + old.slice(at + 1);
        d.set(next);
        if (recompute && which >= 2) {
          v.provenance.results.sha256 = resultsDigest(v.provenance.results.sites, v.provenance.results.errors);
          v.provenance.sha256 = overallDigest(v.provenance);
        }
        const r = await verify('tampered.json', v);
        sane(r);
        expect(r.code).toBe(1);
        expect(r.stdout).toContain('does NOT hold');
      }),
      fuzz(12, 4_000),
    );
  }, TIMEOUT);

  it('removed findings and removed fields never hold, in plain JSON and in JSON evidence', async () => {
    const withFindings = (PLAIN.sites as any[]).map((s, i) => [i, s.findings.length] as const).filter(([, n]) => n > 0);
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.subarray(withFindings, { minLength: 1 }),
        fc.nat(),
        fc.option(fc.nat(), { nil: undefined }),
        async (evidence, sites, pick, dropField) => {
          const v = clone(evidence ? EVIDENCE : PLAIN);
          const removed: string[] = [];
          for (const [i, n] of sites) {
            const site = v.sites[i];
            site.findings.splice(pick % n, 1);
            removed.push(site.id);
            if (dropField !== undefined) {
              const keys = Object.keys(site).filter((k) => k !== 'id');
              delete site[keys[dropField % keys.length]!];
            }
          }
          const r = await verify(evidence ? 'cut-evidence.json' : 'cut-plain.json', v);
          sane(r);
          // A site without a field verify reads by name (its file, verdict, limbs) is not a report: exit 2.
          if (dropField === undefined) expect(r.code).toBe(1);
          else expect([1, 2]).toContain(r.code);
          if (r.code === 1) for (const id of removed) expect(r.stdout).toContain(`site ${id}: `);
        },
      ),
      fuzz(12, 4_000),
    );
  }, TIMEOUT);

  it('a report with values of the wrong type anywhere is exit 1 or 2, never a crash', async () => {
    const json = fc.jsonValue({ maxDepth: 2 });
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.nat(), fc.nat(), json, async (evidence, a, b, value) => {
        const v = clone(evidence ? EVIDENCE : PLAIN);
        // Replace one value somewhere in the first two levels of a site or of the provenance.
        const host: any = evidence && a % 2 === 0 ? v.provenance : v.sites[a % v.sites.length];
        const keys = Object.keys(host);
        const k = keys[b % keys.length]!;
        const unchanged = JSON.stringify(host[k]) === JSON.stringify(value);
        host[k] = value;
        const r = await verify('typed.json', v);
        sane(r);
        if (unchanged) expect(r.code).toBe(0);
        else expect([1, 2]).toContain(r.code);
      }),
      fuzz(12, 4_000),
    );
  }, TIMEOUT);
});
