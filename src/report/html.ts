// The auditor's report as one self-contained HTML file: no scripts, no external requests (a
// Content-Security-Policy forbids them), a print stylesheet with a page break before each site, and
// every piece of site-provided text escaped. Built by pushing strings onto one array: linear in the
// number of sites.
import { VERDICTS, type LimbResult, type SiteResult } from '../model.js';
import type { Ruleset, SourceDef } from '../rules/ruleset.js';
import {
  CONDITION_WORD, conditionTree, FINDING_SYMBOL, limbsMet, OUTCOME_SYMBOL, OUTCOME_WORD, plural, ruleAnchor, show, siteAnchor,
  sourceAnchor, VERDICT_LABEL, VERDICT_MEANING, VERDICT_SYMBOL, type ConditionNode, type ReportInput, needsDetail, siteActions, SCOPE_WORD, EXCLUSION_WORD,
} from './describe.js';
import { HTML_PROVENANCE_OPEN, provenanceChunks } from './provenance.js';

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
.muted{color:var(--muted)}.site{border-top:1px solid var(--rule);margin-top:1.5rem;content-visibility:auto;contain-intrinsic-size:auto 500px}
ul.fl,ul.lb{padding-left:1.2rem}ul.lb li{overflow-wrap:anywhere}ul.lb li.o-met,ul.lb li.o-not-met,ul.lb li.o-unknown{color:var(--ink)}ul.lb li.o-met::marker{color:var(--sens)}ul.lb li.o-unknown::marker{color:var(--und)}
dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dl.kv dt{font-weight:600}dl.kv dd{margin:0}
nav ol{columns:2}
.chunk{content-visibility:auto;contain-intrinsic-size:auto 9000px}table.sites{table-layout:fixed}.c-id{width:11em}.c-v{width:11.5em}.c-l{width:7em}.c-f{width:5.5em}
a.back{font-size:.85rem}
@media print{
  body{max-width:none;padding:0;font-size:11pt}
  a{color:inherit;text-decoration:none}
  .site,.chunk{content-visibility:visible}
  .site{break-before:page;border-top:none}
  .limb,blockquote,tr,figure{break-inside:avoid}
  h2,h3,h4{break-after:avoid}
  #appendix-rules,#appendix-sources,#errors,#provenance{break-before:page}
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

/** Facts a limb used (with their lines) and the facts it misses. */
function factsText(limb: LimbResult): string {
  const parts: string[] = [];
  for (const [path, value] of Object.entries(limb.facts)) {
    const pos = limb.locations[path];
    parts.push(`<code>${esc(path)}</code> = ${esc(show(value))}${pos ? ` (line ${pos.line})` : ''}`);
  }
  for (const [name, p] of Object.entries(limb.parameters)) {
    parts.push(`parameter <code>${esc(name)}</code> = ${esc(show(p.value))}${p.interpretation ? ' <em>(a local interpretation)</em>' : ''}`);
  }
  if (limb.missing.length) parts.push(`<b>not known</b>: ${limb.missing.map((m) => `<code>${esc(m)}</code>`).join(', ')}`);
  return parts.join('; ');
}

/** A site with something to act on or settle: its verdict, scope, determination, each limb's facts, its findings. */
function siteHtml(site: SiteResult, ruleset: Ruleset, push: Push): void {
  const a = siteAnchor(site.id);
  push(`<section class="site" id="${a}"><h3>${esc(site.id)} — ${esc(site.name)}</h3><dl class="kv">`);
  const met = limbsMet(site.limbs);
  push(
    `<dt>Verdict</dt><dd>${verdictBadge(site.verdict)}${met ? ` ${met} met` : ''}${site.verdict === 'undetermined' ? `; would be decided by ${site.decidingFacts.map((f) => `<code>${esc(f)}</code>`).join(', ')}` : ''}</dd>`);
  push(
    `<dt>Where</dt><dd>${site.organisation !== undefined ? `${esc(site.organisation)}, ` : ''}<code>${esc(site.file)}:${site.line}</code></dd>`,
  );
  if (site.scope) {
    push(`<dt>Scope</dt><dd class="o-${site.scope.outcome === 'in-scope' ? 'met' : site.scope.outcome === 'unknown' ? 'unknown' : 'not-met'}">${esc(SCOPE_WORD[site.scope.outcome])} (${esc(site.scope.estate)}${site.scope.estateFrom === 'parameter' ? ', by default' : ''})${site.scope.missing.length ? `; not known: ${site.scope.missing.map((m) => `<code>${esc(m)}</code>`).join(', ')}` : ''}</dd>`);
  }
  if (site.determination) {
    const d = site.determination;
    push(
      `<dt>Determination</dt><dd>${verdictBadge(d.verdict)}${d.by ? ` by ${esc(d.by)}` : ''}${d.on ? ` on ${esc(d.on)}` : ''}${d.reference ? ` (${esc(d.reference)})` : ''}: ` +
        `${d.agrees === null ? 'the computed verdict is undetermined' : d.agrees ? 'agrees with the computed verdict' : '<strong>differs from the computed verdict</strong>'}</dd>`,
    );
  }
  if (site.exclusion) push(`<dt>Exclusion</dt><dd class="o-${site.exclusion.outcome}">${EXCLUSION_WORD[site.exclusion.outcome]}${site.exclusion.why.length ? ` (${site.exclusion.why.map(esc).join(', ')})` : ''}</dd>`);
  push('</dl><ul class="lb">');
  for (const l of site.limbs) {
    const facts = factsText(l);
    push(`<li class="o-${l.outcome}"><a href="#${ruleAnchor(l.rule)}">Limb ${l.limb}</a> ${OUTCOME_SYMBOL[l.outcome]} ${OUTCOME_WORD[l.outcome]}${facts ? `: ${facts}` : ''}</li>`);
  }
  push('</ul>');
  // The quoted words behind a met limb (every rule's words are in Appendix A).
  for (const l of site.limbs) if (l.outcome === 'met') push(`<div class="limb l-met">${citationHtml(l.citation, ruleset.sources.get(l.citation.source))}</div>`);
  if (site.findings.length) {
    push('<ul class="fl">');
    for (const f of site.findings) {
      push(`<li>${FINDING_SYMBOL[f.severity]} <strong>${esc(f.kind)}</strong> <code>:${f.line}</code> ${esc(f.message)} [${esc(f.rule)}]</li>`);
    }
    push('</ul>');
  }
  push('</section>');
}

/**
 * The report is made of these pieces, so that the whole-Report renderer (htmlChunks) and the
 * streamed one (report-stream.ts) write the same bytes. Each `push` adds one line of the file (the
 * renderer ends every piece with '\n'). The pieces around the sites read only the summary, the
 * errors and the provenance, never `report.sites`.
 */
export type Push = (line: string) => void;
/** The same for a table's lines as UTF-8 bytes (the streamed report spools what a worker rendered). */
export type PushBytes = (line: string | Uint8Array) => void;
/** A piece of a site's rows as text (rendered here) or its UTF-8 bytes (from a worker thread). */
export type Piece = string | Uint8Array;

/** The document head, the cover, the contents and the summary (with the chart). */
export function htmlHead(input: ReportInput, push: Push): void {
  const { report, provenance: prov } = input;
  const s = report.summary;
  push('<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">');
  push(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
  push('<meta name="viewport" content="width=device-width, initial-scale=1">');
  push(`<meta name="generator" content="sitecheck ${esc(report.tool.version)}">`);
  push(`<title>Sensitive sites report, as of ${esc(report.asOf)}</title><style>${CSS}</style></head><body>`);
  push('<header><h1>Sensitive sites report</h1>');
  push(`<p>Which sites are “sensitive sites” under the UK government's exclusion of surveillance equipment made by companies subject to the National Intelligence Law of the People's Republic of China, and what that means for the equipment listed there.</p>`);
  push('<dl class="kv">');
  push(`<dt>Evaluated as of</dt><dd>${esc(report.asOf)}</dd>`);
  push(`<dt>Tool</dt><dd>sitecheck ${esc(report.tool.version)}</dd>`);
  push(`<dt>Inventory</dt><dd>${prov.paths.map((p) => `<code>${esc(p)}</code>`).join(', ')} (${plural(prov.inputs.length, 'file')}, ${plural(s.sites, 'site')})</dd>`);
  push(`<dt>Provenance digest</dt><dd><code class="hash">${esc(prov.sha256)}</code></dd>`);
  push('</dl>');
  push(`<p>To confirm this report later: <code>sitecheck verify FILE</code> re-evaluates the inputs listed under <a href="#provenance">Provenance</a> and says whether the report still holds.</p></header>`);
  push('<nav aria-label="Contents"><h2 id="contents">Contents</h2><ol><li><a href="#summary">Summary</a></li><li><a href="#actions">Action list</a></li><li><a href="#details">Sites in detail</a></li><li><a href="#others">Other sites</a></li><li><a href="#provenance">Provenance</a></li>');
  push(report.errors.length ? '<li><a href="#errors">Input errors</a></li>' : '');
  push('<li><a href="#appendix-rules">Appendix A: the rules</a></li><li><a href="#appendix-sources">Appendix B: the source registry</a></li></ol></nav>');
  push('<main>');

  // Summary
  push('<section id="summary"><h2>Summary</h2>');
  push('<table><thead><tr><th scope="col">Verdict</th><th scope="col">Sites</th><th scope="col">Meaning</th></tr></thead><tbody>');
  for (const v of VERDICTS) push(`<tr><th scope="row">${verdictBadge(v)}</th><td>${s[v]}</td><td>${esc(VERDICT_MEANING[v])}</td></tr>`);
  push(`<tr><th scope="row">All sites</th><td>${s.sites}</td><td></td></tr></tbody></table>`);
  push(chart(s as unknown as Record<string, number>, s.sites));
  push('<table><thead><tr><th scope="col">Equipment finding</th><th scope="col">Count</th></tr></thead><tbody>');
  for (const k of Object.keys(s.findings)) push(`<tr><th scope="row">${esc(k)}</th><td>${s.findings[k]}</td></tr>`);
  push(`</tbody></table><p>${s.errors ? `<a href="#errors">${plural(s.errors, 'input error')}</a>: the sites in those files are not evaluated.` : 'No input errors: every file was read.'}</p></section>`);
  push('<section id="actions"><h2>Action list</h2><p>What the instruction asks at each site, from its findings, then what to record to settle what is not yet known. Each site links to its explanation below.</p>');
  push('<h3 id="act">To stop, replace or remove</h3>');
}

/**
 * The rows of the report's site tables, one site at a time, in output order: the action list's two
 * tables, the sites in detail and the compact rows of the rest. Each table's rows go to their own
 * `push`; `between` gives what comes after each table (its count-dependent closing and the next
 * section's opening), once every site has been added.
 */
/** One site's pieces of the site tables, each its lines joined by '\n' ('' when the site has none). */
export interface SitePieces<T extends Piece = string> {
  /** Its row in "To stop, replace or remove". */
  readonly act: T;
  /** Its row in "To settle". */
  readonly settle: T;
  /** Its full explanation (a site with something to act on or settle) ... */
  readonly detail: T;
  /** ... or else its compact row. */
  readonly row: T;
}

/** A site's pieces of the HTML report: they depend on the site and the rules alone, so a worker thread can render them. */
export function htmlSitePieces(site: SiteResult, ruleset: Ruleset): SitePieces {
  const { act, settle, why } = siteActions(site, ruleset);
  const actRow = act.length
    ? `<tr><th scope="row"><a href="#${siteAnchor(site.id)}">${esc(site.id)}</a></th><td>${act.map((x) => `${FINDING_SYMBOL[x.severity]} ${esc(x.title)} <span class="muted">(${esc(x.kind)})</span>: ${x.items.map(esc).join(', ')}`).join('<br>')}</td></tr>`
    : '';
  const settleRow = why.length ? `<tr><th scope="row"><a href="#${siteAnchor(site.id)}">${esc(site.id)}</a></th><td>${why.map(esc).join('; ')}</td><td>${settle.map((f) => `<code>${esc(f)}</code>`).join(', ')}</td></tr>` : '';
  if (needsDetail(site)) {
    const lines: string[] = [];
    siteHtml(site, ruleset, (l) => void lines.push(l));
    return { act: actRow, settle: settleRow, detail: lines.join('\n'), row: '' };
  }
  const metLinks = site.limbs.filter((l) => l.outcome === 'met').map((l) => `<a href="#${ruleAnchor(l.rule)}">${l.limb}</a>`).join(', ');
  const row = `<tr id="${siteAnchor(site.id)}"><th scope="row">${esc(site.id)}</th><td>${esc(site.name)}</td><td>${verdictBadge(site.verdict)}</td><td>${metLinks}</td><td><code>${esc(site.file)}:${site.line}</code></td></tr>`;
  return { act: actRow, settle: settleRow, detail: '', row };
}

/**
 * The report's site tables, one site at a time, in output order: the action list's two tables,
 * the sites in detail and the compact rows of the rest. Each table's lines go to their own `push`;
 * `between` gives what comes after each table (its count-dependent closing and the next section's
 * opening), once every site has been added.
 */
export class HtmlSiteRows {
  private act = 0;
  private settle = 0;
  private detailed = 0;
  private rows = 0;
  constructor(private readonly ruleset: Ruleset) {}

  /** Add one site: `push` is [action rows, settle rows, detail, compact rows]. */
  add(site: SiteResult, push: readonly [Push, Push, Push, Push]): void {
    this.place(htmlSitePieces(site, this.ruleset), push);
  }

  /** Add one site's pieces (rendered here or in a worker thread). */
  place<T extends Piece>(p: SitePieces<T>, push: readonly [(l: T | string) => void, (l: T | string) => void, (l: T | string) => void, (l: T | string) => void]): void {
    if (p.act.length) {
      if (this.act++ === 0) push[0]('<table class="act"><thead><tr><th scope="col" class="c-id">Site</th><th scope="col">What the instruction asks, and for which equipment</th></tr></thead><tbody>');
      push[0](p.act);
    }
    if (p.settle.length) {
      if (this.settle++ === 0) push[1]('<table class="act"><thead><tr><th scope="col" class="c-id">Site</th><th scope="col">Not yet known</th><th scope="col">Facts to record</th></tr></thead><tbody>');
      push[1](p.settle);
    }
    if (p.detail.length) {
      this.detailed++;
      push[2](p.detail);
      return;
    }
    if (this.rows % SITES_PER_TABLE === 0) push[3](`${this.rows ? '</tbody></table></div>' : ''}<div class="chunk"><table class="sites">${OTHERS_HEAD}<tbody>`);
    this.rows++;
    push[3](p.row);
  }

  /** What follows table `k` (0: the action rows, 1: the settle rows, 2: the details, 3: the compact rows). */
  between(k: 0 | 1 | 2 | 3, push: Push): void {
    if (k === 0) {
      push(this.act ? '</tbody></table>' : '<p>Nothing: no finding is met at any site.</p>');
      push('<h3 id="settle">To settle</h3>');
    } else if (k === 1) {
      push(this.settle ? '</tbody></table>' : '<p>Nothing: every verdict, scope and finding is settled.</p>');
      push('</section>');
      // Full detail for the sites with something to act on or settle; one compact row for the rest.
      push(`<section id="details"><h2>Sites in detail</h2><p>${plural(this.detailed, 'site')} with a finding, a determination, an unknown limb or an unknown scope: the verdict, the scope, each limb with the facts used (with their line in the site file) and the facts not known, the quoted words behind a met limb, and every finding. A missing fact is never counted as “no”. The conditions of each limb, in plain English, are in <a href="#appendix-rules">Appendix A</a>.</p>`);
    } else if (k === 2) {
      push('</section>');
      push(`<section id="others"><h2>Other sites</h2><p class="muted">${plural(this.rows, 'site')} whose verdict rests on known facts alone, with nothing to act on or settle: one row each. The rule behind a met limb links to its conditions and source.</p>`);
    } else {
      push(this.rows ? '</tbody></table></div>' : '<p>None.</p>');
      push('</section>');
    }
  }
}

const OTHERS_HEAD = '<thead><tr><th scope="col" class="c-id">Site</th><th scope="col">Name</th><th scope="col" class="c-v">Verdict</th><th scope="col" class="c-l">Limbs met</th><th scope="col">File</th></tr></thead>';

/** Everything after the site tables up to the embedded provenance's opening tag (included). */
export function htmlTail(input: ReportInput, push: Push): void {
  const { report, ruleset, provenance: prov } = input;
  // Provenance
  push('<section id="provenance"><h2>Provenance</h2>');
  push(`<p>The sha256 digest of every file this report was made from. The provenance digest above is one sha256 over all of them, the tool version and the evaluation date.</p>`);
  push(`<h3>Rules</h3><p>Rules folder: ${prov.rules.dir === null ? 'the rules shipped with sitecheck' : `<code>${esc(prov.rules.dir)}</code>`}; digest over the folder <code class="hash">${esc(prov.rules.sha256)}</code></p>`);
  push('<table><thead><tr><th scope="col">Rules file</th><th scope="col">sha256</th></tr></thead><tbody>');
  for (const f of prov.rules.files) push(`<tr><td><code>${esc(f.name)}</code></td><td><code class="hash">${esc(f.sha256)}</code></td></tr>`);
  push('</tbody></table>');
  push(`<h3>Parameters</h3><p>Parameters in force${prov.parameters.file ? ` (overridden by <code>${esc(prov.parameters.file)}</code>)` : ''}; sha256 of their canonical JSON <code class="hash">${esc(prov.parameters.sha256)}</code></p>`);
  push('<table><thead><tr><th scope="col">Parameter</th><th scope="col">Value</th><th scope="col">Status</th><th scope="col">From</th></tr></thead><tbody>');
  for (const [name, p] of Object.entries(prov.parameters.values)) {
    push(`<tr><th scope="row"><code>${esc(name)}</code></th><td>${esc(show(p.value))}</td><td>${p.interpretation ? 'local interpretation, found in no source' : 'cited'}</td><td><code>${esc(p.origin)}</code></td></tr>`);
  }
  push('</tbody></table>');
  push(`<h3>Input files</h3><table><thead><tr><th scope="col">Site file</th><th scope="col">sha256</th></tr></thead><tbody>`);
  for (const f of prov.inputs) push(`<tr><td><code>${esc(f.file)}</code></td><td><code class="hash">${f.sha256 === null ? 'unreadable' : esc(f.sha256)}</code></td></tr>`);
  push('</tbody></table></section>');

  // Errors
  if (report.errors.length) {
    push(`<section id="errors"><h2>Input errors</h2><p>${plural(report.errors.length, 'problem')} in the inventory. A site in a file with an error is not evaluated, and is not in this report's verdicts.</p>`);
    push('<table><thead><tr><th scope="col">Where</th><th scope="col">Field</th><th scope="col">Problem</th></tr></thead><tbody>');
    for (const e of report.errors) push(`<tr><td><code>${esc(e.file)}:${e.line}:${e.column}</code></td><td><code>${esc(e.path)}</code></td><td>${esc(e.message)}</td></tr>`);
    push('</tbody></table></section>');
  }

  // Appendix A: rules
  push('<section id="appendix-rules"><h2>Appendix A: the rules</h2><p>Each limb of the definition is one rule, written as data in the rules folder. Its conditions, in plain English (with the formal condition in brackets):</p>');
  for (const rule of ruleset.rules) {
    push(`<section id="${ruleAnchor(rule.id)}"><h3>Limb ${rule.limb}: ${esc(rule.title)}</h3>`);
    push(`<p class="muted">Rule <code>${esc(rule.id)}</code>, from <code>${esc(rule.file)}</code></p><p>${esc(rule.description)}</p>`);
    push(`<h4>Conditions</h4><p>The limb is met when:</p><ul>${conditionList(conditionTree(rule.conditions))}</ul>`);
    push('<h4>Source</h4>');
    push(citationHtml(rule.citation, ruleset.sources.get(rule.citation.source)));
    if (rule.see.length) push(`<p>See also: ${rule.see.map((id) => `<a href="#${sourceAnchor(id)}">${esc(id)}</a>`).join(', ')}</p>`);
    push('</section>');
  }
  push('<section id="parameters"><h3>Parameters</h3>');
  for (const p of ruleset.parameters.values()) {
    push(`<h4><code>${esc(p.name)}</code> = ${esc(show(p.value))}</h4><p>${esc(p.description)}</p>`);
    if (p.interpretation) push(`<p><strong>A local interpretation, found in no source.</strong> ${p.rationale ? esc(p.rationale) : ''}</p>`);
    if (p.citation) push(citationHtml(p.citation, ruleset.sources.get(p.citation.source)));
  }
  push('</section><section id="suppliers"><h3>Supplier register</h3><ul>');
  for (const sup of ruleset.suppliers) {
    push(`<li><strong>${esc(sup.name)}</strong> <span class="muted">[${esc(sup.id)}]</span>, also matched as: ${sup.aliases.map(esc).join(', ')}${citationHtml(sup.citation, ruleset.sources.get(sup.citation.source))}</li>`);
  }
  push('</ul></section></section>');

  // Appendix B: sources
  push('<section id="appendix-sources"><h2>Appendix B: the source registry</h2><p>Every document the rules cite. Where an excerpt is stored, it is the passage quoted, word for word, with its sha256 (<code>sitecheck rules lint</code> checks both).</p>');
  for (const src of ruleset.sources.values()) {
    push(`<section id="${sourceAnchor(src.id)}"><h3>${esc(src.title)}</h3><dl class="kv"><dt>Id</dt><dd><code>${esc(src.id)}</code></dd><dt>Date</dt><dd>${esc(src.date)}</dd><dt>Issued by</dt><dd>${esc(src.issuer)}</dd>`);
    if (src.url) push(`<dt>Address</dt><dd><a href="${esc(src.url)}" rel="noreferrer">${esc(src.url)}</a></dd>`);
    if (src.pinpoint_status) push(`<dt>Pinpoint</dt><dd>${esc(src.pinpoint_status)}</dd>`);
    if (src.gives) push(`<dt>Gives</dt><dd>${esc(src.gives)}</dd>`);
    push('</dl>');
    if (src.excerpt) {
      push(`<h4>Stored excerpt</h4><blockquote>${esc(src.excerpt)}</blockquote><p class="muted">sha256 <code class="hash">${esc(src.excerpt_sha256 ?? '')}</code>${src.excerpt_from ? `; from ${esc(src.excerpt_from)}` : ''}</p>`);
    }
    push('</section>');
  }
  push('</section></main>');
  push(`<footer><p class="muted">Written by sitecheck ${esc(report.tool.version)}, evaluated as of ${esc(report.asOf)}. Provenance digest <code class="hash">${esc(prov.sha256)}</code>.</p></footer>`);
  push(HTML_PROVENANCE_OPEN);
}

/** What ends the file, after the embedded provenance. */
export const HTML_END = '</script>\n</body></html>\n';

/** The HTML report, whole (small inventories, tests, verify). `report` streams the same bytes (report-stream.ts). */
export function renderHtml(input: ReportInput): string {
  let text = '';
  for (const chunk of htmlChunks(input)) text += chunk;
  return text;
}

/** A report's four site tables, the parts around them, and how the file ends (HTML or Markdown). */
export interface ReportLayout {
  head(input: ReportInput, push: Push): void;
  rows(ruleset: Ruleset): { add(site: SiteResult, push: readonly [Push, Push, Push, Push]): void; between(k: 0 | 1 | 2 | 3, push: Push): void };
  tail(input: ReportInput, push: Push): void;
  end: string;
}

/** A report in pieces of a few hundred lines each (their concatenation is the report): the HTML and Markdown reports alike. */
export function* reportChunks(input: ReportInput, layout: ReportLayout): Generator<string> {
  const { report, ruleset, provenance: prov } = input;
  const out: string[] = [];
  const push: Push = (line) => void out.push(line);
  const flush = function* (): Generator<string> {
    if (out.length === 0) return;
    yield out.join('\n') + '\n';
    out.length = 0;
  };
  layout.head(input, push);
  // Each table is one pass over the sites (a site adds to several tables).
  for (const k of [0, 1, 2, 3] as const) {
    const rows = layout.rows(ruleset);
    const drop: Push = () => undefined;
    const to: [Push, Push, Push, Push] = [drop, drop, drop, drop];
    to[k] = push;
    for (const site of report.sites) {
      rows.add(site, to);
      if (out.length > 512) yield* flush();
    }
    rows.between(k, push);
  }
  layout.tail(input, push);
  yield* flush();
  // The provenance, one site record at a time: never the whole block as one string.
  yield* provenanceChunks(prov);
  yield layout.end;
}

/** The HTML report in pieces of a few hundred sites each: their concatenation is the report. */
export function htmlChunks(input: ReportInput): Generator<string> {
  return reportChunks(input, { head: htmlHead, rows: (ruleset) => new HtmlSiteRows(ruleset), tail: htmlTail, end: HTML_END });
}
