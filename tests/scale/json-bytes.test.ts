// The JSON report's sites written as bytes with the shared parts' text made once (json-bytes.ts)
// must be exactly what JSON.stringify gives, for every kind of site, cold and warm, pretty and
// compact, and whatever a site's own strings hold.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRules } from '../../src/check.js';
import { Evaluator } from '../../src/engine/evaluate.js';
import { loadSiteFile } from '../../src/input/sites.js';
import { DEFAULT_LIMITS } from '../../src/input/yaml-source.js';
import type { SiteResult } from '../../src/model.js';
import { ByteChunks, markerForTests, siteJsonText, writeSiteJson } from '../../src/scale/json-bytes.js';
import { Buffered } from '../../src/scale/report-stream.js';
// @ts-expect-error plain ESM script without types
import { generate } from '../../bench/generate.mjs';

const AS_OF = '2026-11-22';
const evaluator = new Evaluator(loadRules());
const dir = mkdtempSync(join(tmpdir(), 'sitecheck-json-bytes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function results(folder: string): SiteResult[] {
  const out: SiteResult[] = [];
  for (const name of readdirSync(folder, { recursive: true }).map(String).filter((n) => /\.ya?ml$/.test(n)).sort()) {
    for (const record of loadSiteFile(join(folder, name), DEFAULT_LIMITS).sites) out.push(evaluator.evaluateSync(record, AS_OF));
  }
  return out;
}

function bytesOf(site: SiteResult, compact = false): string {
  const chunks = new ByteChunks();
  writeSiteJson(site, chunks, compact);
  return Buffer.from(chunks.view()).toString('utf8');
}

const plain = (site: SiteResult, compact = false): string => (compact ? JSON.stringify(site) : siteJsonText(site));

describe('a site written as bytes with shared text', () => {
  generate({ sites: 400, layout: 'stream', out: join(dir, 'gen'), seed: 7, perStream: 100 });
  const generated = results(join(dir, 'gen'));
  const bundled = results('sites');

  it('is JSON.stringify byte for byte, for the bundled sites and 400 generated ones, pretty and compact, first time and again', () => {
    expect(generated.length).toBeGreaterThan(390);
    expect(bundled.length).toBeGreaterThan(5);
    for (const site of [...bundled, ...generated, ...bundled, ...generated]) {
      expect(bytesOf(site)).toBe(plain(site));
      expect(bytesOf(site, true)).toBe(plain(site, true));
    }
  });

  it('shares text: most of a site comes from the shared parts', () => {
    // (Not a timing: what makes it fast is that the text of what sites share is not made again.)
    // (What is met once is written the plain way; from the second time on, from shared text.)
    for (const site of generated) writeSiteJson(site, new ByteChunks());
    for (const site of generated) {
      const total = Buffer.byteLength(plain(site));
      expect(writeSiteJson(site, new ByteChunks())).toBeGreaterThan(total * 0.6);
    }
  });

  it("is the same when a site's own strings hold the marker, quotes, non-ASCII text or lone surrogates", () => {
    const base = generated.find((s) => s.findings.length > 0) ?? generated[0]!;
    const marker = markerForTests();
    for (const name of [marker, `"${marker}"`, `x"${marker}"y`, 'caf\u00e9 \u2014 \u{1F600}', '\ud800 lone', 'line\u2028sep', '\\"quoted\\"']) {
      const site = { ...base, name, file: name };
      expect(bytesOf(site)).toBe(plain(site));
      expect(bytesOf(site, true)).toBe(plain(site, true));
    }
    // The marker itself, as a site's string, makes the site be written the plain way.
    expect(writeSiteJson({ ...base, name: marker }, new ByteChunks())).toBe(0);
    // A key equal to the marker (as a site's extension fields could be), too.
    const keyed = { ...base, [marker]: marker } as SiteResult;
    expect(bytesOf(keyed)).toBe(plain(keyed));
  });

  it('never writes stale text for a frozen value whose insides can still change', () => {
    const inner = { note: 'before' };
    const outer = Object.freeze({ inner });
    const site = { ...generated[0]!, extra: outer } as unknown as SiteResult;
    expect(bytesOf(site)).toBe(plain(site));
    inner.note = 'after';
    expect(bytesOf(site)).toContain('"after"');
    expect(bytesOf(site)).toBe(plain(site));
  });

  it('writes the same bytes through an output buffer whose writes end inside characters', () => {
    const got: Buffer[] = [];
    const out = new Buffered({ write: (c: string | Uint8Array) => got.push(Buffer.from(c)) }, 4096);
    let want = '';
    for (const site of generated.slice(0, 50)) {
      const s = { ...site, name: `\u00e9\u{1F600}${site.name}` };
      writeSiteJson(s, out);
      out.push('\u2014');
      want += plain(s) + '\u2014';
    }
    out.flush();
    expect(got.length).toBeGreaterThan(10);
    expect(Buffer.concat(got).toString('utf8')).toBe(want);
  });
});
