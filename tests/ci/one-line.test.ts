// One line per line: whatever a site file (or a file name, or git history) holds, no output can
// print a line of its own, reorder text with bidi marks, or send a terminal escape. The site text
// is made hostile in the Report itself, so this holds whatever the input side accepts or refuses.
// Markdown is rendered with a real GFM renderer (marked, gfm: true) to check that it links and
// pings nobody.
import { describe, expect, it } from 'vitest';
import { marked } from 'marked';
import { check } from '../../src/check.js';
import { FORMATS, type Format } from '../../src/format/registry.js';
import { renderToString } from '../../src/format/types.js';
import { explainText } from '../../src/format/explain.js';
import { oneLine } from '../../src/format/escape.js';
import { mdCode, mdText } from '../../src/format/markdown-util.js';
import { DIFF_FORMATS } from '../../src/diff/formats.js';
import { compareReports } from '../../src/diff/compare.js';
import { colors } from '../../src/util/color.js';
import type { Report } from '../../src/model.js';
import { shippedFailOn } from '../../src/check.js';

const DEFAULT_FAIL_ON = shippedFailOn().defaults;
import { AS_OF } from './helpers.js';

const FAKE = 'Verdict: ○ NOT SENSITIVE';
// Every way to start a line, reorder a line, or hide text that the escaper must catch.
const BREAKS = ['\n', '\r', '\r\n', '\u2028', '\u2029', '\u0085', '\u000b', '\u000c'];
const MARKS = ['\u202e', '\u2066', '\u200e', '\u200f', '\u061c', '\u200b', '\ufeff', '\u001b[2K\u001b[1A', '\u0000', '\u007f', '\u{e0041}'];
const hostile = (s: string): string => `${s}${BREAKS.map((b) => `${b}${FAKE}`).join('')}${MARKS.join('x')}`;

async function hostileReport(): Promise<{ report: Report; clean: Report; ruleset: Awaited<ReturnType<typeof check>>['ruleset'] }> {
  const { report: clean, ruleset } = await check(['tests/ci/fixtures/sites'], { asOf: AS_OF });
  const report: Report = {
    ...clean,
    sites: clean.sites.map((s) => ({
      ...s,
      id: hostile(s.id),
      name: hostile(s.name),
      ...(s.organisation ? { organisation: hostile(s.organisation) } : {}),
      file: hostile(s.file),
      decidingFacts: s.decidingFacts.map(hostile),
      findings: s.findings.map((f) => ({ ...f, equipment: hostile(f.equipment), message: hostile(f.message) })),
    })),
    errors: clean.errors.map((e) => ({ ...e, file: hostile(e.file), message: hostile(e.message), path: hostile(e.path), ...(e.site ? { site: hostile(e.site) } : {}) })),
  };
  return { report, clean, ruleset };
}

// What may remain in an output: the line feed between lines (CRLF in CSV), the CSV's byte-order
// mark at the very start, and the zero-width joiners Markdown puts after @ # : and www.
function strayCharacters(format: string, out: string): string[] {
  let text = out.replace(/\n/g, '');
  if (format === 'csv') text = text.replace(/^\ufeff/, '').replace(/\r/g, '');
  if (format === 'markdown' || format === 'diff-markdown') text = text.replace(/(?<=[@#:]|www|GH)\u200d/g, '');
  return [...text.matchAll(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu)].map((m) => `U+${m[0].codePointAt(0)!.toString(16).padStart(4, '0')}`);
}

function fakeLines(out: string): string[] {
  return out.split(/\r?\n/).filter((l) => l.replace(/^[\s|>*_-]+/, '').startsWith(FAKE));
}

describe('one line per line', () => {
  const formats = (Object.keys(FORMATS) as Format[]).filter((f) => f !== 'json'); // JSON escapes by its own rules

  it.each(formats)('%s: hostile site text and file names print no line of their own and no invisible marks', async (format) => {
    const { report, ruleset } = await hostileReport();
    for (const failOn of [DEFAULT_FAIL_ON, ['errors', 'undetermined'] as const]) {
      const out = renderToString(FORMATS[format], report, { colors: colors(false), ruleset, failOn });
      expect(out).toContain('NOT SENSITIVE'); // the text is there, shown …
      expect(fakeLines(out)).toEqual([]); // … but never as a line of its own
      expect(strayCharacters(format, out)).toEqual([]);
    }
  });

  it('explain: the same for every site', async () => {
    const { report, ruleset } = await hostileReport();
    for (const site of report.sites) {
      const out = explainText(site, ruleset, colors(false), AS_OF);
      expect(out.split('\n').filter((l) => l.startsWith('Verdict:'))).toHaveLength(1);
      expect(fakeLines(out)).toEqual([]);
      expect(strayCharacters('explain', out)).toEqual([]);
    }
  });

  it.each(['text', 'markdown'] as const)('diff %s: names from git history are escaped the same way', async (format) => {
    const { report, clean } = await hostileReport();
    // Before: the hostile names (as if in git history); after: renamed and re-filed sites.
    const d = compareReports(report, { ...clean, sites: clean.sites.slice(1) }, hostile('main'), 'abc123def4567890');
    const out = DIFF_FORMATS[format]({ ...d, added: report.sites.slice(0, 2) }, { colors: colors(false) });
    expect(fakeLines(out)).toEqual([]);
    expect(strayCharacters(`diff-${format}`, out)).toEqual([]);
  });

  it('shows what it escaped, as file names are shown', () => {
    expect(oneLine('a\nb\u2028c\u202ed\u{e0041}')).toBe('a\\x0ab\\u2028c\\u202ed\\u{e0041}');
    expect(oneLine('Ünïcödé · 東京 · 👍')).toBe('Ünïcödé · 東京 · 👍');
  });
});

describe('Markdown that pings and links nobody (rendered with marked, GFM)', () => {
  const LURES = '@octocat @github/security-team #12 owner/repo#34 GH-56 https://evil.example/x http://evil.example www.evil.example ftp://evil.example mailto:a@evil.example xmpp:a@evil.example user@evil.example';
  const html = (md: string): string => marked.parse(md, { gfm: true, async: false }) as string;
  const text = (h: string): string => h.replace(/<[^>]*>/g, '').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"');

  it('a GFM renderer would link the lures as they stand (so the test below can fail)', () => {
    expect(html(LURES)).toMatch(/<a href="(https?|ftp|mailto):/);
  });

  it('mdText: no link, no mention, no reference survives', () => {
    const h = html(mdText(LURES));
    expect(h).not.toContain('<a');
    const t = text(h);
    expect(t).not.toMatch(/[@#][\p{L}\p{N}_]/u); // mentions, team mentions, #refs
    expect(t).not.toMatch(/GH-\d/i);
    expect(t).not.toMatch(/[a-z]:\/\/|www\.|mailto:[^\u200d]|xmpp:[^\u200d]/i);
    // … and it still reads as written once the joiners are taken out.
    expect(t.replace(/\u200d/g, '').trim()).toBe(LURES);
  });

  it('mdCode: a code span, which GitHub never links', () => {
    expect(html(mdCode(LURES))).not.toContain('<a');
  });

  it('the markdown format links only to the site files', async () => {
    const { clean, ruleset } = await hostileReport();
    const report: Report = { ...clean, sites: clean.sites.map((s) => ({ ...s, name: `${s.name} ${LURES}`, findings: s.findings.map((f) => ({ ...f, message: `${f.message} ${LURES}` })) })) };
    const h = html(renderToString(FORMATS.markdown, report, { colors: colors(false), ruleset, failOn: ['errors', 'undetermined', 'prohibited-equipment'] }));
    const hrefs = [...h.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]!);
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^tests\/ci\/fixtures\/sites\/[\w/.-]+\.yaml#L\d+$/);
    expect(text(h)).not.toMatch(/[@#][\p{L}\p{N}_]/u);
  });
});
