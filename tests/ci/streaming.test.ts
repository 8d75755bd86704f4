// Every format written site by site (issue 11 item 4): `sitecheck check` never builds a whole
// Report. The streamed output is byte for byte the whole-Report formatter's (for every format, with
// --marking and --redact, for -j1 and -j2, and for several outputs from one run), and a check run
// writes its sites while it is still running (it keeps no SiteResults to render at the end).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, shippedFailOn } from '../../src/check.js';
import { FORMATS, FORMAT_NAMES, STREAMING } from '../../src/format/registry.js';
import { renderToString, type Formatter } from '../../src/format/types.js';
import { Spool } from '../../src/format/spool.js';
import { withMarking, withMarkingStream } from '../../src/handling/marking.js';
import { redactSpecFor } from '../../src/handling/redact.js';
import { runCheck } from '../../src/scale/check-run.js';
import { colors } from '../../src/util/color.js';
import type { Report } from '../../src/model.js';
import { AS_OF, sitecheck } from './helpers.js';

const FAIL_ON = shippedFailOn().defaults;

/** The whole-Report rendering, as the Node API gives it. */
async function wholeReport(paths: string[], redact: boolean): Promise<{ report: Report; ruleset: Awaited<ReturnType<typeof check>>['ruleset'] }> {
  const spec = redact ? redactSpecFor({ redact: true }, {}) : undefined;
  return check(paths, { asOf: AS_OF, ...(spec ? { redact: spec } : {}) });
}

function render(f: Formatter, format: string, report: Report, ruleset: Awaited<ReturnType<typeof check>>['ruleset'], marking?: string): string {
  return renderToString(withMarking(format, f), report, { colors: colors(false), ruleset, failOn: FAIL_ON, ...(marking ? { marking } : {}) });
}

describe('streamed formats', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'sitecheck-stream-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes a site to the streaming formatter exactly as the whole-Report formatter writes it, sites fed in any order', async () => {
    const { report, ruleset } = await wholeReport(['sites/', 'tests/ci/fixtures/hostile'], false);
    // Sites out of file order (a Report a caller built): JUnit still groups them by file.
    const shuffled = { ...report, sites: report.sites.filter((_s, i) => i % 2 === 1).concat(report.sites.filter((_s, i) => i % 2 === 0)) };
    for (const r of [report, shuffled]) {
      for (const format of FORMAT_NAMES) {
        for (const marking of [undefined, 'MARK <&> *x*']) {
          const ctx = { colors: colors(format === 'text'), ruleset, failOn: FAIL_ON, ...(marking ? { marking } : {}) };
          const parts: string[] = [];
          const w = withMarkingStream(format, STREAMING[format])(r, ctx, { write: (c) => void parts.push(c) });
          for (const site of r.sites) w.site(site);
          w.end(r);
          expect(parts.join(''), `${format} ${marking ?? ''}`).toBe(renderToString(withMarking(format, FORMATS[format]), r, ctx));
        }
      }
    }
  });

  for (const jobs of ['1', '2']) {
    it(`check -j${jobs} writes every format as check() and the whole-Report formatter do, with --marking and --redact`, async () => {
      for (const redact of [false, true]) {
        const { report, ruleset } = await wholeReport(['sites/'], redact);
        for (const format of FORMAT_NAMES) {
          const args = ['check', 'sites/', '--format', format, '--as-of', AS_OF, '--jobs', jobs, '--quiet', '--marking', 'TEST MARK', ...(redact ? ['--redact'] : [])];
          const run = await sitecheck(args, { env: { NO_COLOR: '1' } });
          expect(run.stderr).toBe('');
          expect(run.stdout, `${format}${redact ? ' --redact' : ''}`).toBe(render(FORMATS[format], format, report, ruleset, 'TEST MARK'));
        }
      }
    }, 240_000);
  }

  it('writes several outputs from one run, each as its format alone gives it', async () => {
    const { report, ruleset } = await wholeReport(['sites/'], false);
    const args = ['check', 'sites/', '--as-of', AS_OF, '--jobs', '2', '--quiet'];
    for (const format of FORMAT_NAMES) if (format !== 'text') args.push('--format', format, '--output', join(root, `out.${format}`));
    args.push('--format', 'text');
    const run = await sitecheck(args, { env: { NO_COLOR: '1' } });
    expect(run.stdout).toBe(render(FORMATS.text, 'text', report, ruleset));
    for (const format of FORMAT_NAMES) {
      if (format === 'text') continue;
      const marking = format === 'markdown' ? 'OFFICIAL-SENSITIVE' : undefined;
      expect(readFileSync(join(root, `out.${format}`), 'utf8'), format).toBe(render(FORMATS[format], format, report, ruleset, marking));
    }
  });

  it('writes sites while the run is still going, and waits for a reader that is behind', async () => {
    // 3,000 sites with long names: over a megabyte of CSV, so the output is written in several pieces.
    const dir = join(root, 'many');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir);
    const long = 'x'.repeat(450);
    for (let f = 0; f < 15; f++) {
      const docs: string[] = [];
      for (let i = 0; i < 200; i++) docs.push(`id: S-${f}-${i}\nname: Site ${long} ${i}\n`);
      writeFileSync(join(dir, `f${f}.yaml`), docs.join('---\n'));
    }
    const chunks: string[] = [];
    let drain: (() => void) | undefined;
    const stdout = {
      write(chunk: string | Uint8Array) {
        chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        return false; // always behind: the run must wait for 'drain' after every write
      },
      once(event: string, fn: () => void) {
        if (event === 'drain') drain = fn;
      },
      removeListener() {},
    };
    const stderr = { write: () => true };
    let settled = false;
    const done = runCheck({ paths: [dir], outputs: [{ format: 'csv' }], failOn: FAIL_ON, asOf: AS_OF, jobs: 1, quiet: true }, { stdout, stderr, env: {} } as never).then((code) => {
      settled = true;
      return code;
    });
    while (chunks.length === 0 && !settled) await new Promise((r) => setImmediate(r));
    // The first piece is out, and the run is held back: not every site has been written.
    for (let k = 0; k < 20; k++) await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    const rowsSoFar = chunks.join('').split('\r\n').length - 2;
    expect(rowsSoFar, 'rows written before the run waited').toBeGreaterThan(0);
    expect(rowsSoFar).toBeLessThan(3000);
    while (!settled) {
      const d = drain;
      drain = undefined;
      d?.();
      await new Promise((r) => setImmediate(r));
    }
    expect(await done).toBe(0);
    const { report, ruleset } = await check([dir], { asOf: AS_OF });
    expect(chunks.join('')).toBe(render(FORMATS.csv, 'csv', report, ruleset));
  });
});

describe('Spool', () => {
  it('gives back every record in order, and any range, across compressed blocks', () => {
    const spool = new Spool();
    const records: string[] = [];
    for (let i = 0; i < 30000; i++) records.push(`${i}:${'é✓'.repeat(i % 50)}${'z'.repeat(i % 97)}\n`);
    for (const r of records) spool.add(r);
    expect(spool.length).toBe(records.length);
    expect(Array.from(spool.all())).toEqual(records);
    for (const [a, b] of [[0, 1], [9000, 21000], [29999, 30000], [15000, 15000], [123, 29000]] as const) {
      expect(Array.from(spool.range(a, b))).toEqual(records.slice(a, b));
    }
  });
});
