// The HTML report opened in headless Chromium (Debian's chromium, driven by playwright-core): it
// loads with no console errors and no network requests, runs no script (a hostile site name stays
// text), has every site's section, and its headings are in order. A screenshot is kept as a CI
// artefact in .ci/out/.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { AS_OF, REPO, run, scratch } from './helpers.js';
import { chromium as findChromium, haveTools } from '../support/tools.js';

// CHROMIUM_PATH when set, else chromium, chromium-browser or google-chrome on PATH; skipped (with
// a line saying so) when there is none.
const browserTool = findChromium();
const CHROMIUM = browserTool.path ?? '';

describe.skipIf(!haveTools(import.meta.url, browserTool))('the HTML report in a browser', () => {
  let browser: BrowserContext;
  let page: Page;
  let dir: string;
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  let reportUrl: string;

  beforeAll(async () => {
    dir = scratch({ hostile: true });
    const r = await run(dir, ['report', 'sites/', '--out', 'report.html', '--as-of', AS_OF]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    reportUrl = pathToFileURL(join(dir, 'report.html')).href;
    browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'sitecheck-chromium-')), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1200, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
    page.on('request', (req) => {
      if (req.url() !== reportUrl) requests.push(req.url());
    });
    await page.goto(reportUrl, { waitUntil: 'load' });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('loads with no console errors, no network requests and no script run', async () => {
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    // The hostile name is shown as text, not turned into elements.
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('iframe').count()).toBe(0);
    const heading = await page.locator('#site-EVIL-1 h3').textContent();
    expect(heading).toContain('<script>window.__pwned = 1</script>');
    expect(await page.locator('#errors').textContent()).toContain('<img src=x onerror=alert(4)>');
  });

  it('has every site once: a section for those with something to act on or settle, one row for the rest', async () => {
    type Site = { id: string; verdict: string; findings: { outcome: string }[]; determination?: unknown; scope?: { outcome: string }; limbs: { outcome: string }[] };
    const json = JSON.parse((await run(dir, ['check', 'sites/', '--format', 'json', '--as-of', AS_OF])).stdout) as { sites: Site[] };
    expect(json.sites.length).toBeGreaterThan(10);
    const detailed = (s: Site): boolean => s.findings.length > 0 || s.determination !== undefined || s.scope?.outcome === 'unknown' || s.limbs.some((l) => l.outcome === 'unknown');
    const sections = await page.locator('section.site').evaluateAll((els) => els.map((e) => e.id));
    expect(sections).toEqual(json.sites.filter(detailed).map((s) => `site-${s.id}`));
    const rows = await page.locator('#others tr[id]').evaluateAll((els) => els.map((e) => e.id));
    expect(rows).toEqual(json.sites.filter((s) => !detailed(s)).map((s) => `site-${s.id}`));
    expect(rows.length).toBeGreaterThan(0);
    // Every element id site-… is one site, each site has exactly one.
    const all = await page.locator('[id^="site-"]').evaluateAll((els) => els.map((e) => e.id));
    expect([...all].sort()).toEqual(json.sites.map((s) => `site-${s.id}`).sort());
    // The action list links every site with a met finding to its section, before the detail.
    const acted = await page.locator('#act ~ table.act').first().locator('tbody th a').evaluateAll((els) => els.map((e) => e.getAttribute('href')));
    expect(acted).toEqual(json.sites.filter((s) => s.findings.some((f) => f.outcome === 'met')).map((s) => `#site-${s.id}`));
    // Each site shows its verdict in words (not only a colour).
    for (const s of json.sites) {
      const text = await page.locator(detailed(s) ? `#site-${s.id} dl` : `#site-${s.id}`).textContent();
      expect(text).toMatch({ sensitive: /Sensitive/, 'not-sensitive': /Not sensitive/, undetermined: /Undetermined/ }[s.verdict]!);
    }
  });

  it('lets a reader follow a verdict to the quoted words of the law', async () => {
    await page.click('#actions a[href="#site-CO-0001"]');
    const section = page.locator('#site-CO-0001');
    await expect.poll(() => section.locator('blockquote').first().textContent()).toContain('routinely holds secret material or above');
    const source = section.locator('.limb a[href^="#source-"]').first();
    const href = await source.getAttribute('href');
    expect(await page.locator(`${href} blockquote`).textContent()).toContain('any government location covered under the Serious Organised Crime and Police Act 2005');
    // A compact row's met limb links to the rule, whose conditions and quoted source are in Appendix A.
    const rule = await page.locator('#site-MCA-0001 a[href^="#rule-"]').first().getAttribute('href');
    expect(await page.locator(`${rule} blockquote`).textContent()).toContain('Serious Organised Crime and Police Act 2005');
  });

  it('has one h1, headings that never skip a level, a lang attribute and header cells with scope', async () => {
    const levels = await page.locator('h1, h2, h3, h4, h5, h6').evaluateAll((els) => els.map((e) => Number(e.tagName[1])));
    expect(levels.filter((l) => l === 1)).toHaveLength(1);
    for (let i = 1; i < levels.length; i++) expect(levels[i]! - levels[i - 1]!).toBeLessThanOrEqual(1);
    expect(await page.getAttribute('html', 'lang')).toBe('en-GB');
    expect(await page.locator('th:not([scope])').count()).toBe(0);
    expect(await page.locator('svg[role="img"] title').textContent()).toMatch(/Sensitive: \d+, Not sensitive: \d+, Undetermined: \d+/);
  });

  it('prints with a page break before each site', async () => {
    await page.emulateMedia({ media: 'print' });
    const breaks = await page.locator('section.site').evaluateAll((els) => els.map((e) => getComputedStyle(e).breakBefore));
    expect(new Set(breaks)).toEqual(new Set(['page']));
    await page.emulateMedia({ media: 'screen' });
  });

  it('would notice a report that tried to fetch something or run a script (the checks above can fail)', async () => {
    const tampered = join(dir, 'tampered.html');
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    writeFileSync(tampered, html.replace('</main>', '<img src="http://127.0.0.1:9/pixel.png" alt=""><script>console.error("ran")</script></main>'));
    const seen: string[] = [];
    const p = await browser.newPage();
    p.on('console', (m) => seen.push(`${m.type()}: ${m.text()}`));
    p.on('request', (r) => seen.push(`request: ${r.url()}`));
    await p.goto(pathToFileURL(tampered).href, { waitUntil: 'load' });
    await p.close();
    expect(seen.some((x) => x.includes('127.0.0.1:9'))).toBe(true);
    expect(seen.join('\n')).toMatch(/Content Security Policy/);
    expect(seen).not.toContain('error: ran');
  });

  it('saves a screenshot as a CI artefact', async () => {
    const out = join(REPO, '.ci', 'out');
    mkdirSync(out, { recursive: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(out, 'report.png') });
    await page.locator('#site-CO-0001').screenshot({ path: join(out, 'report-site.png') });
    expect(readFileSync(join(out, 'report.png')).subarray(1, 4).toString()).toBe('PNG');
  });
});
