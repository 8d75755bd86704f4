// The Markdown report, read back by a Markdown parser (marked): headings in order, one table row
// per site with every column intact (a `|` in a site name does not split a cell), no site text
// turned into HTML, and the provenance kept in a comment.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { marked, type Tokens } from 'marked';
import { AS_OF, run, scratch } from './helpers.js';
import { extractProvenance } from '../../src/report/provenance.js';
import { mdText as mdEsc } from '../../src/format/markdown-util.js';

describe('the Markdown report', () => {
  let dir: string;
  let md: string;
  let tokens: ReturnType<typeof marked.lexer>;
  let sites: { id: string; name: string; verdict: string }[];

  beforeAll(async () => {
    dir = scratch({ hostile: true });
    const r = await run(dir, ['report', 'sites/', '--out', 'report.md', '--as-of', AS_OF]);
    expect(r.code).toBe(0);
    md = readFileSync(join(dir, 'report.md'), 'utf8');
    tokens = marked.lexer(md);
    const json = (await run(dir, ['check', 'sites/', '--format', 'json', '--as-of', AS_OF])).stdout;
    writeFileSync(join(dir, 'check.json'), json);
    sites = (JSON.parse(json) as { sites: typeof sites }).sites;
  });

  it('has one h1 and headings that never skip a level', () => {
    const levels = tokens.filter((t): t is Tokens.Heading => t.type === 'heading').map((t) => t.depth);
    expect(levels.filter((l) => l === 1)).toHaveLength(1);
    for (let i = 1; i < levels.length; i++) expect(levels[i]! - levels[i - 1]!).toBeLessThanOrEqual(1);
  });

  // Every site once: a section in "Sites in detail" when it has a finding, a determination, an
  // unknown limb or an unknown scope; otherwise one row of "Other sites", every row with all five cells.
  it('has every site once: a section for those with something to act on or settle, a row for the rest', () => {
    const full = JSON.parse(readFileSync(join(dir, 'check.json'), 'utf8')) as { sites: { id: string; findings: unknown[]; determination?: unknown; scope?: { outcome: string }; limbs: { outcome: string }[] }[] };
    const detailed = (s: (typeof full.sites)[number]): boolean => s.findings.length > 0 || s.determination !== undefined || s.scope?.outcome === 'unknown' || s.limbs.some((l) => l.outcome === 'unknown');
    const headings = tokens.filter((t): t is Tokens.Heading => t.type === 'heading' && t.depth === 3).map((t) => t.text);
    const others = tokens.filter((t): t is Tokens.Table => t.type === 'table').find((t) => t.header.map((h) => h.text).join('|') === 'Site|Name|Verdict|Limbs met|File');
    expect(others).toBeDefined();
    for (const row of others!.rows) expect(row).toHaveLength(5);
    const rowIds = others!.rows.map((r) => r[0]!.text.replace(/^<a id="[^"]*"><\/a>/, ''));
    const sectionIds = full.sites.filter((s) => headings.some((h) => h.startsWith(`${s.id} — `))).map((s) => s.id);
    expect(sectionIds).toEqual(full.sites.filter(detailed).map((s) => s.id));
    expect(rowIds).toEqual(full.sites.filter((s) => !detailed(s)).map((s) => s.id));
    expect(sectionIds.length).toBeGreaterThan(0);
    expect(rowIds.length).toBeGreaterThan(0);
    // The hostile site has findings: its section heading keeps the markup as text.
    const evil = headings.find((h) => h.startsWith('EVIL-1 — '))!;
    expect(marked.parseInline(evil)).toContain('&lt;script&gt;');
    expect(md).toContain('> “any building or complex that routinely holds secret material or above”');
  });

  it('puts the action list first: what to stop, replace or remove, then what to settle, by site', () => {
    const full = JSON.parse(readFileSync(join(dir, 'check.json'), 'utf8')) as { sites: { id: string; verdict: string; findings: { outcome: string; equipment?: string }[] }[] };
    expect(md.indexOf('## Action list')).toBeGreaterThan(0);
    expect(md.indexOf('## Action list')).toBeLessThan(md.indexOf('## Sites in detail'));
    const tables = tokens.filter((t): t is Tokens.Table => t.type === 'table');
    const act = tables.find((t) => t.header.map((h) => h.text).join('|') === 'Site|What the instruction asks, and for which equipment')!;
    const settle = tables.find((t) => t.header.map((h) => h.text).join('|') === 'Site|Not yet known|Facts to record')!;
    const idOf = (cell: string): string => /^\[([^\]]*)\]/.exec(cell)![1]!.replace(/\\/g, '');
    expect(act.rows.map((r) => idOf(r[0]!.text))).toEqual(full.sites.filter((s) => s.findings.some((f) => f.outcome === 'met')).map((s) => s.id));
    for (const s of full.sites.filter((x) => x.verdict === 'undetermined')) expect(settle.rows.some((r) => idOf(r[0]!.text) === s.id && r[1]!.text.includes('the verdict'))).toBe(true);
    // Each met finding's equipment is named in its site's row.
    for (const s of full.sites) {
      const row = act.rows.find((r) => idOf(r[0]!.text) === s.id);
      for (const f of s.findings.filter((x) => x.outcome === 'met' && x.equipment)) expect(row![1]!.text).toContain(mdEsc(f.equipment!));
    }
  });

  it('never lets site text become HTML when rendered', () => {
    const html = marked.parse(md, { async: false });
    expect(html).not.toMatch(/<\/?script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<iframe/i);
    expect(html).toContain('&lt;script&gt;window.__pwned = 1&lt;/script&gt;');
  });

  it('escapes text so that it renders as itself, whatever it starts with', () => {
    for (const text of ['# not a heading', '- not a list', '1. not a list', '> not a quote', '**not bold** _x_ `code`', 'a | b', '[x](javascript:alert(1))', '<b>x</b> &amp;', '\\ backslash']) {
      const html = marked.parse(mdEsc(text), { async: false }).trim();
      expect(html).toMatch(/^<p>.*<\/p>$/s);
      const decoded = html.slice(3, -4).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
      expect(decoded).toBe(text);
    }
  });

  it('keeps the provenance in an HTML comment at the end', () => {
    const last = tokens.filter((t) => t.type !== 'space').at(-1)!;
    expect(last.type).toBe('html');
    expect(last.raw.startsWith('<!-- sitecheck-provenance')).toBe(true);
    const p = extractProvenance(md).provenance!;
    expect(p.results.sites.map((s) => s.id)).toEqual(sites.map((s) => s.id));
    expect(p.asOf).toBe(AS_OF);
  });
});
