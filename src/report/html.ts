// The auditor's report as one self-contained HTML file: no scripts, no external requests (a
// Content-Security-Policy forbids them), a print stylesheet with a page break before each site, and
// every piece of site-provided text escaped. Built by pushing strings onto one array: linear in the
// number of sites.
import { VERDICTS, type LimbResult, type SiteResult } from '../model.js';
import type { SourceDef } from '../rules/ruleset.js';
import {
  CONDITION_WORD, conditionTree, FINDING_SYMBOL, limbsMet, OUTCOME_SYMBOL, OUTCOME_WORD, plural, ruleAnchor, show, siteAnchor,
  sourceAnchor, VERDICT_LABEL, VERDICT_MEANING, VERDICT_SYMBOL, type ConditionNode, type ReportInput,
} from './describe.js';
import { embeddableJson, HTML_PROVENANCE_OPEN } from './provenance.js';

const SITES_PER_TABLE = 250;

import { oneLine } from '../format/escape.js';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape text for HTML element content and attribute values (and, like every output, show control, bidi and format marks as escapes). */
export function esc(s: unknown): string {
  return oneLine(s).replace(/[&<>"']/g, (ch) => ESC[ch]!);
}

const CSS = `
:root{--sens:#a4161a;--not:#1d6b35;--und:#7a5300;--ink:#1b1b1b;--muted:#555;--rule:#ccc;--bg-sens:#fde8e8;--bg-not:#e6f4ea;--bg-und:#fff4d6}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:var(--ink);max-width:1100px;margin:0 auto;padding:1.5rem}
h1{font-size:1.8rem;margin:0 0 .5rem}h2{font-size:1.4rem;border-bottom:2px solid var(--rule);padding-bottom:.2rem;margin-top:2.5rem}
h3{font-size:1.15rem;margin-top:1.5rem}h4{font-size:1rem;margin:1rem 0 .3rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid var(--rule);padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em;overflow-wrap:break-word}.hash{overflow-wrap:anywhere}
.verdict{display:inline-block;padding:0 .4rem;border-radius:3px;font-weight:600;border:1px solid}
.v-sensitive{color:var(--sens);background:var(--bg-sens)}.v-not-sensitive{color:var(--not);background:var(--bg-not)}.v-undetermined{color:var(--und);background:var(--bg-und)}
.o-met{color:var(--sens)}.o-not-met{color:var(--not)}.o-unknown{color:var(--und)}
.limb{border-left:4px solid var(--rule);padding:.1rem 0 .1rem .8rem;margin:.8rem 0}
.limb.l-met{border-left-color:var(--sens)}.limb.l-not-met{border-left-color:var(--not)}.limb.l-unknown{border-left-color:var(--und)}
blockquote{margin:.4rem 0;padding:.3rem .8rem;border-left:3px solid #888;background:#f7f7f7;font-style:italic}
.muted{color:var(--muted)}.site{border-top:1px solid var(--rule);margin-top:2rem;content-visibility:auto;contain-intrinsic-size:auto 2400px}
dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dl.kv dt{font-weight:600}dl.kv dd{margin:0}
nav ol{columns:2}
.chunk{content-visibility:auto;contain-intrinsic-size:auto 9000px}table.sites{table-layout:fixed}.c-id{width:9em}.c-v{width:10em}.c-l{width:7em}.c-f{width:5.5em}
a.back{font-size:.85rem}
@media print{
  body{max-width:none;padding:0;font-size:11pt}
  a{color:inherit;text-decoration:none}
  .site,.chunk{content-visibility:visible}
  .site{break-before:page;border-top:none}
  .limb,blockquote,tr,figure{break-inside:avoid}
  h2,h3,h4{break-after:avoid}
  #appendix-rules,#appendix-sources,#errors{break-before:page}
  a.back,nav{display:none}
  .verdict{border:1px solid #000}
}
`;

function verdictBadge(v: SiteResult['verdict']): string {
  return `<span class="verdict v-${v}">${VERDICT_SYMBOL[v]} ${esc(VERDICT_LABEL[v])}</span>`;
}

function outcomeBadge(o: LimbResult['outcome']): string {
  return `<strong class="o-${o}">${OUTCOME_SYMBOL[o]} ${OUTCOME_WORD[o]}</strong>`;
}

/** Horizontal bar chart of the verdict counts; each bar carries its label and number as text. */
function chart(counts: Record<string, number>, total: number): string {
  const max = Math.max(1, ...VERDICTS.map((v) => counts[v] ?? 0));
  const rowH = 34;
  const width = 640;
  const labelW = 190;
  const barMax = width - labelW - 80;
  const colors: Record<string, string> = { sensitive: '#a4161a', 'not-sensitive': '#1d6b35', undetermined: '#b07a00' };
  const patterns = `<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#b07a00"/><line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2"/></pattern></defs>`;
  const rows = VERDICTS.map((v, i) => {
    const n = counts[v] ?? 0;
    const w = Math.round((n / max) * barMax);
    const y = 10 + i * rowH;
    const fill = v === 'undetermined' ? 'url(#hatch)' : colors[v];
    return (
      `<text x="${labelW - 8}" y="${y + 18}" text-anchor="end" font-size="14" fill="#1b1b1b">${VERDICT_SYMBOL[v]} ${esc(VERDICT_LABEL[v])}</text>` +
      `<rect x="${labelW}" y="${y + 4}" width="${Math.max(w, 1)}" height="20" fill="${fill}" stroke="#1b1b1b" stroke-width="${v === 'not-sensitive' ? 0 : 1}"/>` +
      `<text x="${labelW + Math.max(w, 1) + 8}" y="${y + 19}" font-size="14" fill="#1b1b1b">${n}</text>`
    );
  }).join('');
  const desc = VERDICTS.map((v) => `${VERDICT_LABEL[v]}: ${counts[v] ?? 0}`).join(', ');
  return (
    `<figure><svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-title" width="${width}" height="${10 + VERDICTS.length * rowH + 10}" viewBox="0 0 ${width} ${10 + VERDICTS.length * rowH + 10}">` +
    `<title id="chart-title">Sites by verdict (${total} in all): ${esc(desc)}</title>${patterns}${rows}</svg>` +
    `<figcaption class="muted">Sites by verdict. Each bar is labelled with its verdict and count.</figcaption></figure>`
  );
}

function conditionList(node: ConditionNode): string {
  if (node.kind === 'leaf') return `<li>${esc(node.text)} <span class="muted">(<code>${esc(node.formal)}</code>)</span></li>`;
  return `<li>${esc(node.text)}<ul>${node.children.map(conditionList).join('')}</ul></li>`;
}

function citationHtml(c: { source: string; pinpoint?: string; quote: string; title?: string; url?: string }, source: SourceDef | undefined): string {
  const title = source ? `${source.title}, ${source.date}` : c.title ?? c.source;
  return (
    `<blockquote>“${esc(c.quote)}”</blockquote>` +
    `<p>Source: <a href="#${sourceAnchor(c.source)}">${esc(title)}</a> <span class="muted">[${esc(c.source)}]</span>` +
    `${c.pinpoint ? `, ${esc(c.pinpoint)}` : ''}</p>`
  );
}

function limbHtml(limb: LimbResult, site: SiteResult, input: ReportInput, out: string[]): void {
  out.push(`<div class="limb l-${limb.outcome}"><h4>Limb ${limb.limb}: ${esc(limb.title)} — ${outcomeBadge(limb.outcome)}</h4>`);
  out.push(`<p class="muted">Rule <a href="#${ruleAnchor(limb.rule)}"><code>${esc(limb.rule)}</code></a></p>`);
  out.push('<table><thead><tr><th scope="col">Condition</th><th scope="col">Value at this site</th><th scope="col">Outcome</th></tr></thead><tbody>');
  for (const c of limb.conditions) {
    out.push(
      `<tr><td>${esc(c.description ?? `${c.fact} ${c.operator} ${show(c.value)}`)}</td><td>${esc(show(c.actual))}</td>` +
        `<td class="o-${c.outcome}">${OUTCOME_SYMBOL[c.outcome]} ${CONDITION_WORD[c.outcome]}${c.needed ? '' : ' <span class="muted">(not needed for the outcome)</span>'}</td></tr>`,
    );
  }
  out.push('</tbody></table>');
  const facts = Object.entries(limb.facts);
  if (facts.length) {
    out.push('<p><strong>Facts used:</strong></p><ul>');
    for (const [path, value] of facts) {
      const pos = limb.locations[path];
      out.push(`<li><code>${esc(path)}</code> = ${esc(show(value))}${pos ? ` <span class="muted">(${esc(site.file)}:${pos.line})</span>` : ''}</li>`);
    }
    out.push('</ul>');
  }
  if (limb.missing.length) {
    out.push(`<p><strong>Missing facts</strong> (not known, so counted neither way): ${limb.missing.map((m) => `<code>${esc(m)}</code>`).join(', ')}</p>`);
  }
  for (const [name, p] of Object.entries(limb.parameters)) {
    out.push(
      `<p><strong>Parameter</strong> <code>${esc(name)}</code> = ${esc(show(p.value))} — ` +
        `${p.interpretation ? '<strong>a local interpretation, found in no source</strong>' : 'taken from a cited source'}` +
        ` <span class="muted">(from ${esc(p.origin)})</span></p>`,
    );
  }
  out.push(citationHtml(limb.citation, input.ruleset.sources.get(limb.citation.source)));
  out.push('</div>');
}

function siteHtml(site: SiteResult, input: ReportInput, out: string[]): void {
  out.push(`<section class="site" id="${siteAnchor(site.id)}" aria-labelledby="${siteAnchor(site.id)}-h">`);
  out.push(`<h3 id="${siteAnchor(site.id)}-h">${esc(site.id)} — ${esc(site.name)}</h3>`);
  out.push('<dl class="kv">');
  if (site.organisation !== undefined) out.push(`<dt>Organisation</dt><dd>${esc(site.organisation)}</dd>`);
  out.push(`<dt>File</dt><dd><code>${esc(site.file)}:${site.line}</code></dd>`);
  const met = limbsMet(site.limbs);
  out.push(`<dt>Verdict</dt><dd>${verdictBadge(site.verdict)} — ${esc(VERDICT_MEANING[site.verdict])}${met ? ` (${met} met)` : ''}.</dd>`);
  if (site.verdict === 'undetermined') {
    out.push(`<dt>Would be decided by</dt><dd>${site.decidingFacts.map((f) => `<code>${esc(f)}</code>`).join(', ')}</dd>`);
  }
  out.push('</dl>');
  for (const limb of site.limbs) limbHtml(limb, site, input, out);
  out.push('<h4>Equipment findings</h4>');
  if (site.findings.length === 0) {
    out.push(`<p>${site.verdict === 'not-sensitive' ? 'None: the exclusion does not apply to this site.' : 'None: no equipment from a manufacturer on the supplier register is installed or planned.'}</p>`);
  } else {
    out.push('<table><thead><tr><th scope="col">Finding</th><th scope="col">Equipment</th><th scope="col">Manufacturer</th><th scope="col">Status</th><th scope="col">Detail</th><th scope="col">Where</th></tr></thead><tbody>');
    for (const f of site.findings) {
      out.push(
        `<tr><td>${FINDING_SYMBOL[f.severity]} ${esc(f.kind)}</td><td>${esc(f.equipment ?? '(site)')}</td><td>${esc(f.manufacturer ?? '')}</td><td>${esc(f.status ?? '')}${f.removalDue ? ` (removal due ${esc(f.removalDue)})` : ''}</td>` +
          `<td>${esc(f.message)} <small>[${esc(f.rule)} · ${esc(f.citation.source)}]</small></td><td><code>${esc(site.file)}:${f.line}</code></td></tr>`,
      );
    }
    out.push('</tbody></table>');
  }
  out.push('<p><a class="back" href="#sites">Back to the list of sites</a></p></section>');
}

export function renderHtml(input: ReportInput): string {
  const { report, ruleset, provenance: prov } = input;
  const s = report.summary;
  const out: string[] = [];
  out.push(
    '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="sitecheck ${esc(report.tool.version)}">`,
    `<title>Sensitive sites report, as of ${esc(report.asOf)}</title><style>${CSS}</style></head><body>`,
    '<header><h1>Sensitive sites report</h1>',
    `<p>Which sites are “sensitive sites” under the UK government's exclusion of surveillance equipment made by companies subject to the National Intelligence Law of the People's Republic of China, and what that means for the equipment listed there.</p>`,
    '<dl class="kv">',
    `<dt>Evaluated as of</dt><dd>${esc(report.asOf)}</dd>`,
    `<dt>Tool</dt><dd>sitecheck ${esc(report.tool.version)}</dd>`,
    `<dt>Inventory</dt><dd>${prov.paths.map((p) => `<code>${esc(p)}</code>`).join(', ')} (${plural(prov.inputs.length, 'file')}, ${plural(s.sites, 'site')})</dd>`,
    `<dt>Provenance digest</dt><dd><code class="hash">${esc(prov.sha256)}</code></dd>`,
    '</dl>',
    `<p>To confirm this report later: <code>sitecheck verify FILE</code> re-evaluates the inputs listed below and says whether the report still holds.</p></header>`,
    '<nav aria-label="Contents"><h2 id="contents">Contents</h2><ol><li><a href="#provenance">Provenance</a></li><li><a href="#summary">Summary</a></li><li><a href="#sites">Sites</a></li><li><a href="#details">Site by site</a></li>',
    report.errors.length ? '<li><a href="#errors">Input errors</a></li>' : '',
    '<li><a href="#appendix-rules">Appendix A: the rules</a></li><li><a href="#appendix-sources">Appendix B: the source registry</a></li></ol></nav>',
    '<main>',
  );

  // Provenance
  out.push('<section id="provenance"><h2>Provenance</h2>');
  out.push(`<p>The sha256 digest of every file this report was made from. The provenance digest above is one sha256 over all of them, the tool version and the evaluation date.</p>`);
  out.push(`<h3>Rules</h3><p>Rules folder: ${prov.rules.dir === null ? 'the rules shipped with sitecheck' : `<code>${esc(prov.rules.dir)}</code>`}; digest over the folder <code class="hash">${esc(prov.rules.sha256)}</code></p>`);
  out.push('<table><thead><tr><th scope="col">Rules file</th><th scope="col">sha256</th></tr></thead><tbody>');
  for (const f of prov.rules.files) out.push(`<tr><td><code>${esc(f.name)}</code></td><td><code class="hash">${esc(f.sha256)}</code></td></tr>`);
  out.push('</tbody></table>');
  out.push(`<h3>Parameters</h3><p>Parameters in force${prov.parameters.file ? ` (overridden by <code>${esc(prov.parameters.file)}</code>)` : ''}; sha256 of their canonical JSON <code class="hash">${esc(prov.parameters.sha256)}</code></p>`);
  out.push('<table><thead><tr><th scope="col">Parameter</th><th scope="col">Value</th><th scope="col">Status</th><th scope="col">From</th></tr></thead><tbody>');
  for (const [name, p] of Object.entries(prov.parameters.values)) {
    out.push(`<tr><th scope="row"><code>${esc(name)}</code></th><td>${esc(show(p.value))}</td><td>${p.interpretation ? 'local interpretation, found in no source' : 'cited'}</td><td><code>${esc(p.origin)}</code></td></tr>`);
  }
  out.push('</tbody></table>');
  out.push(`<h3>Input files</h3><table><thead><tr><th scope="col">Site file</th><th scope="col">sha256</th></tr></thead><tbody>`);
  for (const f of prov.inputs) out.push(`<tr><td><code>${esc(f.file)}</code></td><td><code class="hash">${f.sha256 === null ? 'unreadable' : esc(f.sha256)}</code></td></tr>`);
  out.push('</tbody></table></section>');

  // Summary
  out.push('<section id="summary"><h2>Summary</h2>');
  out.push('<table><thead><tr><th scope="col">Verdict</th><th scope="col">Sites</th><th scope="col">Meaning</th></tr></thead><tbody>');
  for (const v of VERDICTS) out.push(`<tr><th scope="row">${verdictBadge(v)}</th><td>${s[v]}</td><td>${esc(VERDICT_MEANING[v])}</td></tr>`);
  out.push(`<tr><th scope="row">All sites</th><td>${s.sites}</td><td></td></tr></tbody></table>`);
  out.push(chart(s as unknown as Record<string, number>, s.sites));
  out.push('<table><thead><tr><th scope="col">Equipment finding</th><th scope="col">Count</th></tr></thead><tbody>');
  for (const k of Object.keys(s.findings)) out.push(`<tr><th scope="row">${esc(k)}</th><td>${s.findings[k]}</td></tr>`);
  out.push(`</tbody></table><p>${s.errors ? `<a href="#errors">${plural(s.errors, 'input error')}</a>: the sites in those files are not evaluated.` : 'No input errors: every file was read.'}</p></section>`);

  // Sites table: in chunks of rows, each its own table that the browser lays out only when it is
  // scrolled to (content-visibility), so 10,000 sites open in seconds.
  out.push(`<section id="sites"><h2>Sites</h2><p class="muted">${plural(report.sites.length, 'site')}, sorted by file. Follow a site's id to its explanation.</p>`);
  const head = '<thead><tr><th scope="col" class="c-id">Site</th><th scope="col">Name</th><th scope="col">Organisation</th><th scope="col" class="c-v">Verdict</th><th scope="col" class="c-l">Limbs met</th><th scope="col" class="c-f">Findings</th><th scope="col">File</th></tr></thead>';
  for (let i = 0; i === 0 || i < report.sites.length; i += SITES_PER_TABLE) {
    out.push(`<div class="chunk"><table class="sites">${head}<tbody>`);
    for (const site of report.sites.slice(i, i + SITES_PER_TABLE)) {
      out.push(
        `<tr><th scope="row"><a href="#${siteAnchor(site.id)}">${esc(site.id)}</a></th><td>${esc(site.name)}</td><td>${site.organisation !== undefined ? esc(site.organisation) : ''}</td>` +
          `<td>${verdictBadge(site.verdict)}</td><td>${esc(limbsMet(site.limbs))}</td><td>${site.findings.length || ''}</td><td><code>${esc(site.file)}:${site.line}</code></td></tr>`,
      );
    }
    out.push('</tbody></table></div>');
  }
  out.push('</section>');

  // Per site
  out.push('<section id="details"><h2>Site by site</h2>');
  out.push('<p>For each site: the verdict, then each limb of the definition with the conditions it checks, the facts used (with file and line), the facts that are missing, any parameter used, and the quoted words of the source. A site is sensitive if any limb is met; a missing fact is never counted as “no”.</p>');
  for (const site of report.sites) siteHtml(site, input, out);
  out.push('</section>');

  // Errors
  if (report.errors.length) {
    out.push(`<section id="errors"><h2>Input errors</h2><p>${plural(report.errors.length, 'problem')} in the inventory. A site in a file with an error is not evaluated, and is not in this report's verdicts.</p>`);
    out.push('<table><thead><tr><th scope="col">Where</th><th scope="col">Field</th><th scope="col">Problem</th></tr></thead><tbody>');
    for (const e of report.errors) out.push(`<tr><td><code>${esc(e.file)}:${e.line}:${e.column}</code></td><td><code>${esc(e.path)}</code></td><td>${esc(e.message)}</td></tr>`);
    out.push('</tbody></table></section>');
  }

  // Appendix A: rules
  out.push('<section id="appendix-rules"><h2>Appendix A: the rules</h2><p>Each limb of the definition is one rule, written as data in the rules folder. Its conditions, in plain English (with the formal condition in brackets):</p>');
  for (const rule of ruleset.rules) {
    out.push(`<section id="${ruleAnchor(rule.id)}"><h3>Limb ${rule.limb}: ${esc(rule.title)}</h3>`);
    out.push(`<p class="muted">Rule <code>${esc(rule.id)}</code>, from <code>${esc(rule.file)}</code></p><p>${esc(rule.description)}</p>`);
    out.push(`<h4>Conditions</h4><p>The limb is met when:</p><ul>${conditionList(conditionTree(rule.conditions))}</ul>`);
    out.push('<h4>Source</h4>', citationHtml(rule.citation, ruleset.sources.get(rule.citation.source)));
    if (rule.see.length) out.push(`<p>See also: ${rule.see.map((id) => `<a href="#${sourceAnchor(id)}">${esc(id)}</a>`).join(', ')}</p>`);
    out.push('</section>');
  }
  out.push('<section id="parameters"><h3>Parameters</h3>');
  for (const p of ruleset.parameters.values()) {
    out.push(`<h4><code>${esc(p.name)}</code> = ${esc(show(p.value))}</h4><p>${esc(p.description)}</p>`);
    if (p.interpretation) out.push(`<p><strong>A local interpretation, found in no source.</strong> ${p.rationale ? esc(p.rationale) : ''}</p>`);
    if (p.citation) out.push(citationHtml(p.citation, ruleset.sources.get(p.citation.source)));
  }
  out.push('</section><section id="suppliers"><h3>Supplier register</h3><ul>');
  for (const sup of ruleset.suppliers) {
    out.push(`<li><strong>${esc(sup.name)}</strong> <span class="muted">[${esc(sup.id)}]</span>, also matched as: ${sup.aliases.map(esc).join(', ')}${citationHtml(sup.citation, ruleset.sources.get(sup.citation.source))}</li>`);
  }
  out.push('</ul></section></section>');

  // Appendix B: sources
  out.push('<section id="appendix-sources"><h2>Appendix B: the source registry</h2><p>Every document the rules cite. Where an excerpt is stored, it is the passage quoted, word for word, with its sha256 (<code>sitecheck rules lint</code> checks both).</p>');
  for (const src of ruleset.sources.values()) {
    out.push(`<section id="${sourceAnchor(src.id)}"><h3>${esc(src.title)}</h3><dl class="kv"><dt>Id</dt><dd><code>${esc(src.id)}</code></dd><dt>Date</dt><dd>${esc(src.date)}</dd><dt>Issued by</dt><dd>${esc(src.issuer)}</dd>`);
    if (src.url) out.push(`<dt>Address</dt><dd><a href="${esc(src.url)}" rel="noreferrer">${esc(src.url)}</a></dd>`);
    if (src.pinpoint_status) out.push(`<dt>Pinpoint</dt><dd>${esc(src.pinpoint_status)}</dd>`);
    if (src.gives) out.push(`<dt>Gives</dt><dd>${esc(src.gives)}</dd>`);
    out.push('</dl>');
    if (src.excerpt) {
      out.push(`<h4>Stored excerpt</h4><blockquote>${esc(src.excerpt)}</blockquote><p class="muted">sha256 <code class="hash">${esc(src.excerpt_sha256 ?? '')}</code>${src.excerpt_from ? `; from ${esc(src.excerpt_from)}` : ''}</p>`);
    }
    out.push('</section>');
  }
  out.push('</section></main>');
  out.push(`<footer><p class="muted">Written by sitecheck ${esc(report.tool.version)}, evaluated as of ${esc(report.asOf)}. Provenance digest <code class="hash">${esc(prov.sha256)}</code>.</p></footer>`);
  out.push(`${HTML_PROVENANCE_OPEN}${embeddableJson(prov)}</script>\n</body></html>\n`);
  return out.join('\n');
}
