// The reports are rendered in pieces and written as a stream: the pieces add up to exactly the
// report, the provenance block streamed record by record is the same JSON as written whole, and
// verify's piecewise comparison finds the first line that differs (an edit, a cut, an addition).
import { describe, expect, it } from 'vitest';
import { gatherEvidence } from '../../src/report/build.js';
import { htmlChunks } from '../../src/report/html.js';
import { markdownChunks } from '../../src/report/markdown.js';
import { embeddableJson, extractProvenance, provenanceChunks } from '../../src/report/provenance.js';
import { firstDifferentLine } from '../../src/report/verify.js';
import { AS_OF, REPO } from './helpers.js';

describe('reports rendered as a stream', () => {
  it('streams the provenance record by record as the same JSON as written whole', async () => {
    const cwd = process.cwd();
    process.chdir(REPO);
    try {
      const e = await gatherEvidence({ paths: ['sites/'], asOf: AS_OF });
      expect([...provenanceChunks(e.provenance)].join('')).toBe(embeddableJson(e.provenance));
      // A provenance with no sites at all, and one with more sites than one piece holds.
      const none = { ...e.provenance, results: { ...e.provenance.results, sites: [] } };
      expect([...provenanceChunks(none)].join('')).toBe(embeddableJson(none));
      const many = { ...e.provenance, results: { ...e.provenance.results, sites: Array.from({ length: 1203 }, (_, i) => ({ ...e.provenance.results.sites[i % 15]!, id: `S-${i}` })) } };
      const pieces = [...provenanceChunks(many)];
      expect(pieces.length).toBeGreaterThan(3);
      expect(pieces.join('')).toBe(embeddableJson(many));
      // The HTML and Markdown, written in pieces, carry a provenance verify reads back whole.
      for (const chunks of [htmlChunks(e), markdownChunks(e)]) {
        const text = [...chunks].join('');
        expect(extractProvenance(text).provenance).toEqual(JSON.parse(embeddableJson(e.provenance)));
      }
    } finally {
      process.chdir(cwd);
    }
  });

  it('finds the first line that differs from the pieces, or 0 when the text is the same', () => {
    const pieces = ['a\nb', '\nc\n', 'd\ne\n'];
    const text = pieces.join('');
    expect(firstDifferentLine(pieces, text)).toBe(0);
    expect(firstDifferentLine(pieces, text.replace('d', 'x'))).toBe(4);
    expect(firstDifferentLine(pieces, text.replace('b', 'B'))).toBe(2);
    expect(firstDifferentLine(pieces, text.slice(0, 5))).toBe(3); // cut short
    expect(firstDifferentLine(pieces, text + 'more\n')).toBe(6); // added to
    expect(firstDifferentLine(pieces, '')).toBe(1);
  });
});
