// The Markdown report, read back by a Markdown parser (marked): headings in order, one table row
// per site with every column intact (a `|` in a site name does not split a cell), no site text
// turned into HTML, and the provenance kept in a comment.
import { readFileSync } from 'node:fs';
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
    sites = (JSON.parse((await run(dir, ['check', 'sites/', '--format', 'json', '--as-of', AS_OF])).stdout) as { sites: typeof sites }).sites;
  });

  it('has one h1 and headings that never skip a level', () => {
    const levels = tokens.filter((t): t is Tokens.Heading => t.type === 'heading').map((t) => t.depth);
    expect(levels.filter((l) => l === 1)).toHaveLength(1);
    for (let i = 1; i < levels.length; i++) expect(levels[i]! - levels[i - 1]!).toBeLessThanOrEqual(1);
  });

  it('lists every site in the sites table, every row with all seven cells', () => {
    const tables = tokens.filter((t): t is Tokens.Table => t.type === 'table');
    const sitesTable = tables.find((t) => t.header.map((h) => h.text).join('|') === 'Site|Name|Organisation|Verdict|Limbs met|Findings|File');
    expect(sitesTable).toBeDefined();
    expect(sitesTable!.rows).toHaveLength(sites.length);
    for (const row of sitesTable!.rows) expect(row).toHaveLength(7);
    const evil = sitesTable!.rows.find((r) => r[0]!.text.includes('EVIL-1'))!;
    // marked keeps the entity text in the token; rendered, it is the literal name.
    expect(marked.parseInline(evil[1]!.text)).toContain('&lt;script&gt;');
  });

  it('has a section for every site, with its verdict and the quoted source words', () => {
    const headings = tokens.filter((t): t is Tokens.Heading => t.type === 'heading' && t.depth === 3).map((t) => t.text);
    for (const s of sites) expect(headings.some((h) => h.startsWith(`${s.id} — `))).toBe(true);
    expect(md).toContain('> “any building or complex that routinely holds secret material or above”');
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
