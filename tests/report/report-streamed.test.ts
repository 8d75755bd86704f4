// `sitecheck report` is built from the pipeline, site by site (src/report/stream.ts), and writes
// exactly the bytes of the whole-Report renderers: on sites/ with hostile and invalid files, with
// --marking and --redact, in one thread and in worker threads. Uses dist/ (the worker threads).
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatherEvidence, renderEvidence } from '../../src/report/build.js';
import { markingFor, markingOption, markReport } from '../../src/handling/marking.js';
import { Redactor, redactSpecFor } from '../../src/handling/redact.js';
import { writeReport } from '../../src/report/stream.js';
import { checkFile } from '../../src/scale/file-task.js';
import { Evaluator } from '../../src/engine/evaluate.js';
import { loadRules } from '../../src/check.js';
import { DEFAULT_LIMITS } from '../../src/input/yaml-source.js';
import { sha256Hex } from '../../src/report/provenance.js';
import { generate } from '../../bench/generate.mjs';
import { AS_OF, REPO, run, scratch } from './helpers.js';

const KINDS = { html: 'report-html', md: 'report-md', json: 'json' } as const;
type Kind = keyof typeof KINDS;

type WholeOptions = { marking?: string; redact?: 'redact' | 'redact-ids' };

/**
 * The report as the whole-Report renderer makes it (what `report` wrote before it streamed), in
 * each of `kinds`: the evidence is gathered once and rendered in each.
 */
async function wholeIn<K extends Kind>(cwd: string, kinds: readonly K[], paths: string[], opts: WholeOptions = {}): Promise<Record<K, string>> {
  const e = await evidence(cwd, paths, opts.redact);
  const out = {} as Record<K, string>;
  for (const kind of kinds) out[kind] = markReport(kind, renderEvidence(kind, e), markingFor(KINDS[kind], markingOption(opts.marking)));
  return out;
}

/**
 * The evidence of `paths` in `cwd`, gathered once for each redaction (the cases differ in their
 * marking and their kind, which are applied to it afterwards): the inputs are not changed while
 * the file runs.
 */
const gathered = new Map<string, ReturnType<typeof gatherEvidence>>();
function evidence(cwd: string, paths: string[], redact: WholeOptions['redact']): ReturnType<typeof gatherEvidence> {
  const key = JSON.stringify([cwd, paths, redact ?? null]);
  let e = gathered.get(key);
  if (!e) {
    e = (async () => {
      const before = process.cwd();
      process.chdir(cwd);
      try {
        const spec = redact ? redactSpecFor({ redact: true, 'redact-ids': redact === 'redact-ids' }, {}) : undefined;
        return await gatherEvidence({ paths, asOf: AS_OF, ...(spec ? { redactor: new Redactor(spec) } : {}) });
      } finally {
        process.chdir(before);
      }
    })();
    gathered.set(key, e);
  }
  return e;
}

async function whole(cwd: string, kind: Kind, paths: string[], opts: WholeOptions = {}): Promise<string> {
  return (await wholeIn(cwd, [kind], paths, opts))[kind];
}

describe('report, streamed from the pipeline', () => {
  let dir: string;
  beforeAll(() => {
    dir = scratch({ hostile: true });
    // Files that do not validate, and a duplicate id (a later use is an input error).
    cpSync(join(REPO, 'tests', 'fixtures', 'bad'), join(dir, 'sites', 'bad'), { recursive: true });
    mkdirSync(join(dir, 'sites', 'zz'));
    cpSync(join(dir, 'sites', 'hostile', 'evil.yaml'), join(dir, 'sites', 'zz', 'again.yaml'));
    // Enough generated sites for several compressed batches and several compact tables.
    generate({ sites: 800, layout: 'stream', out: join(dir, 'gen'), perStream: 100 });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cases: [string, string[], { marking?: string; redact?: 'redact' | 'redact-ids' }][] = [
    ['plain', [], {}],
    ['a marking with markup in it', ['--marking', `SECRET <b>&</b> "x" 'y'`], { marking: `SECRET <b>&</b> "x" 'y'` }],
    ['no marking', ['--marking', 'none'], { marking: 'none' }],
    ['--redact', ['--redact'], { redact: 'redact' }],
    ['--redact-ids', ['--redact-ids'], { redact: 'redact-ids' }],
  ];
  for (const kind of ['html', 'md', 'json'] as const) {
    for (const [name, args, opts] of cases) {
      it(`writes the same ${kind} as the whole-Report renderer on sites/ with hostile and invalid files (${name})`, async () => {
        const out = `r-${name.replace(/\W+/g, '-')}.${kind}`;
        const r = await run(dir, ['report', 'sites/', '--out', out, '--as-of', AS_OF, '--force', ...args]);
        expect(r.stderr).toBe('');
        const text = readFileSync(join(dir, out), 'utf8');
        expect(text).toContain(opts.redact === 'redact-ids' ? 'id#' : 'EVIL-');
        expect(text === (await whole(dir, kind, ['sites/'], opts))).toBe(true);
      });
    }
  }

  it('writes the same report in one thread and in worker threads, equal to the whole-Report renderer', async () => {
    const all = await wholeIn(dir, ['html', 'md', 'json'] as const, ['gen/', 'sites/hostile/']);
    for (const kind of ['html', 'md', 'json'] as const) {
      const expected = all[kind];
      for (const jobs of ['1', '2']) {
        const out = `gen-j${jobs}.${kind}`;
        const r = await run(dir, ['report', 'gen/', 'sites/hostile/', '--out', out, '--as-of', AS_OF, '--force', '--jobs', jobs]);
        expect(r.stdout).toContain('wrote');
        expect(readFileSync(join(dir, out), 'utf8') === expected, `${kind}, --jobs ${jobs}`).toBe(true);
      }
    }
  }, 300_000);

  it('renders each site as it arrives, and writes the file only once it is complete, beside the target', async () => {
    const out = join(dir, 'progress.html');
    const seen: { rendered: number; exists: boolean }[] = [];
    const { outlines } = await writeReport(['gen/'].map((p) => join(dir, p)), {
      kind: 'html', asOf: AS_OF, limits: DEFAULT_LIMITS, paths: ['gen/'], out, overwrite: true, jobs: 1,
      onSite: (report) => seen.push({ rendered: report.rendered(), exists: existsSync(out) }),
    });
    expect(seen.length).toBe(outlines.length);
    expect(seen.length).toBeGreaterThan(700);
    // Every site adds to the report while the run goes on, not at its end.
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.rendered).toBeGreaterThan(seen[i - 1]!.rendered);
    expect(seen.every((s) => !s.exists)).toBe(true);
    expect(existsSync(out)).toBe(true);
    // No temporary file is left beside it.
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 120_000);

  it('records each file digest where the file is read (no second read for the provenance)', async () => {
    const file = join(dir, 'sites', 'hostile', 'evil.yaml');
    const done = await checkFile(file, { evaluator: new Evaluator(loadRules()), asOf: AS_OF, limits: DEFAULT_LIMITS, mode: 'full' });
    expect(done.sha256).toBe(sha256Hex(readFileSync(file)));
  });
});
