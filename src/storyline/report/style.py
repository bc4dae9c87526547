"""The report's stylesheet, inlined into the page so the file works offline and alone."""

from __future__ import annotations

CSS = """
:root {
  --ink: #1d2330; --muted: #5b6470; --faint: #8a919c; --line: #e2e5ea; --panel: #f5f7fa;
  --accent: #1f4e79; --accent-soft: #e6eef7; --warn: #b42318; --warn-soft: #fdecea;
  --mark1: #fff0a0; --mark2: #ffdd55; --mark3: #ffc53d;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  --serif: Charter, "Bitstream Charter", "Iowan Old Style", "Source Serif Pro", Georgia, Cambria, serif;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: #fff; color: var(--ink); font: 17px/1.6 var(--serif);
  font-kerning: normal; text-rendering: optimizeLegibility; }
a { color: var(--accent); text-decoration-thickness: 1px; text-underline-offset: 2px; }
code { font: 12.5px/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; word-break: break-all; }
.layout { display: grid; grid-template-columns: 232px minmax(0, 1fr); max-width: 1300px; margin: 0 auto; }
nav.toc { position: sticky; top: 0; align-self: start; height: 100vh; overflow-y: auto;
  padding: 36px 18px 24px 24px; border-right: 1px solid var(--line); font: 14px/1.35 var(--sans); }
nav.toc .brand { font-weight: 700; letter-spacing: .06em; text-transform: uppercase; font-size: 11px;
  color: var(--faint); margin: 0 0 14px; }
nav.toc ol { list-style: none; margin: 0; padding: 0; }
nav.toc li { margin: 0; }
nav.toc a { display: flex; justify-content: space-between; gap: 8px; padding: 6px 10px; border-radius: 6px;
  color: var(--ink); text-decoration: none; }
nav.toc a:hover { background: var(--panel); }
nav.toc .n { color: var(--faint); font-variant-numeric: tabular-nums; }
main { padding: 44px 60px 96px; min-width: 0; max-width: 1020px; }
header.top h1 { font-size: 2.35rem; line-height: 1.15; margin: 0 0 .35em; letter-spacing: -.01em; }
header.top .sub { font: 14px/1.5 var(--sans); color: var(--muted); margin: 0; }
h2 { font: 700 13px/1.3 var(--sans); text-transform: uppercase; letter-spacing: .1em; color: var(--accent);
  border-top: 2px solid var(--ink); padding-top: 12px; margin: 56px 0 18px; }
h3 { font-size: 1.3rem; line-height: 1.3; margin: 30px 0 6px; }
h3.story, h3.episode { border-top: 2px solid var(--line); padding-top: 12px; color: var(--accent); }
h4 { font: 600 15px/1.4 var(--sans); margin: 18px 0 6px; }
section > p.intro, .empty { color: var(--muted); font-size: 15px; }
.label { font: 700 11px/1.4 var(--sans); text-transform: uppercase; letter-spacing: .08em; color: var(--faint);
  margin: 16px 0 6px; }
span.label { margin-right: 8px; }
.meta, .tags, .count, .docs { font: 13.5px/1.5 var(--sans); color: var(--muted); }
.count { font-weight: 400; margin-left: 6px; }
.muted { color: var(--faint); }
.tag { display: inline-block; font: 600 11px/1 var(--sans); padding: 4px 7px; border-radius: 4px;
  background: var(--panel); color: var(--muted); text-transform: uppercase; letter-spacing: .05em; margin-right: 6px;
  vertical-align: 2px; }
.tag.warn { background: var(--warn-soft); color: var(--warn); }
.cites { white-space: normal; }
.cite { display: inline-block; font: 600 11px/1.1 var(--sans); padding: 3px 7px; margin: 0 0 2px 4px;
  border-radius: 10px; background: var(--accent-soft); color: var(--accent); text-decoration: none;
  vertical-align: 2px; white-space: nowrap; max-width: 16em; overflow: hidden; text-overflow: ellipsis; }
a.cite:hover { background: var(--accent); color: #fff; }
.cite.unlinked, .unlinked { color: var(--faint); }
.cite.unlinked { background: #f0f0f0; }
.stats { display: flex; flex-wrap: wrap; gap: 10px; margin: 0 0 18px; }
.stat { flex: 1 1 110px; background: var(--panel); border-radius: 8px; padding: 12px 14px; }
.stat dd { margin: 0; font: 700 26px/1.1 var(--sans); font-variant-numeric: tabular-nums; }
.stat dt { font: 12px/1.4 var(--sans); color: var(--muted); text-transform: capitalize; }
.span { font: 15px/1.5 var(--sans); }
ul.outlets { display: flex; flex-wrap: wrap; gap: 6px; list-style: none; padding: 0; margin: 0;
  font: 13.5px/1.3 var(--sans); }
ul.outlets li { border: 1px solid var(--line); border-radius: 14px; padding: 4px 10px; }
figure.chart-box { margin: 0 0 18px; padding: 14px 12px 10px; border: 1px solid var(--line); border-radius: 10px; }
svg.chart { display: block; height: auto; }
svg.chart a:hover circle, svg.chart a:hover path:last-of-type, svg.chart a:focus circle { filter: brightness(1.35); }
figcaption { font: 12px/1.5 var(--sans); color: var(--muted); margin-top: 6px; display: flex; flex-wrap: wrap;
  gap: 4px 18px; }
.key i { display: inline-block; width: 11px; height: 11px; margin-right: 6px; vertical-align: -1px; }
.key .dot { border-radius: 50%; background: #1f4e79; }
.key .diamond { background: var(--warn); transform: rotate(45deg) scale(.85); }
.key .bar { width: 20px; height: 7px; border-radius: 4px; background: #1f4e79; opacity: .3; vertical-align: 1px; }
.undated ul { font: 14px/1.5 var(--sans); margin: 0; padding-left: 18px; }
ol.timeline { list-style: none; padding: 0; margin: 22px 0 0; }
ol.timeline > li { display: grid; grid-template-columns: 34px 150px minmax(0, 1fr); gap: 0 12px;
  padding: 12px 8px; border-bottom: 1px solid var(--line); }
ol.timeline .num { width: 24px; height: 24px; border-radius: 50%; background: #1f4e79; color: #fff;
  font: 700 11px/24px var(--sans); text-align: center; margin-top: 2px; }
ol.timeline .conflict .num { background: var(--warn); border-radius: 4px; }
ol.timeline .when { font: 600 14px/1.5 var(--sans); padding-top: 3px; font-variant-numeric: tabular-nums; }
ol.timeline .what p { margin: 0 0 4px; }
ol.timeline .conflict { background: linear-gradient(90deg, var(--warn-soft), #fff 60%); }
ul.competing { margin: 6px 0 2px; padding-left: 18px; font: 14px/1.6 var(--sans); color: var(--warn); }
ul.competing strong { color: var(--ink); }
article.event, article.speaker, article.actor, article.contradiction { padding-bottom: 8px;
  border-bottom: 1px solid var(--line); }
.summary { margin: 8px 0 10px; }
.sentence { margin-right: 2px; }
.statement { margin: 16px 0 22px; }
blockquote { margin: 0; padding: 4px 0 4px 18px; border-left: 3px solid var(--accent); font-size: 18px;
  font-style: italic; }
table { width: 100%; border-collapse: collapse; font: 13.5px/1.45 var(--sans); margin: 10px 0 6px; }
th { text-align: left; font-weight: 700; font-size: 11px; text-transform: uppercase; letter-spacing: .06em;
  color: var(--faint); border-bottom: 1.5px solid var(--ink); padding: 6px 8px; }
td { vertical-align: top; padding: 8px; border-bottom: 1px solid var(--line); }
td p { margin: 4px 0 0; }
td.num-col, th.num-col { text-align: right; font-variant-numeric: tabular-nums; }
td.big { font-size: 20px; font-weight: 700; }
td.big.weak { color: #b54708; }
table.versions td:last-child { width: 42%; }
h3 a { text-decoration: none; }
h3 a:hover { text-decoration: underline; }
article.doc > h3 { margin-top: 18px; }
td.name { font-weight: 600; }
td.value { font-weight: 600; }
.speaker { font-weight: 600; }
ul.variants, ul.plain { list-style: none; margin: 0; padding: 0; }
.variants .n { color: var(--faint); font-size: 12px; }
details.doc-list summary { cursor: pointer; }
details.doc-list[open] { text-align: left; }
table.positions { table-layout: fixed; }
table.positions thead th:first-child { width: 130px; }
table.positions th.issue { font: 600 13.5px/1.5 var(--sans); text-align: left; vertical-align: top; }
table.positions th.issue .count { display: block; font-weight: 400; color: var(--faint); }
table.positions td { vertical-align: top; font-size: 15px; }
table.positions li { margin: 0 0 8px; }
table.positions .when, table.positions .outlet { font: 13px/1.6 var(--sans); color: var(--muted); }
table.positions .when { font-weight: 600; color: var(--ink); }
a.quote-link { color: inherit; text-decoration-color: #b7c6d8; }
a.quote-link:hover { color: var(--accent); }
article.doc { border: 1px solid var(--line); border-radius: 10px; padding: 6px 26px 20px; margin: 22px 0; }
dl.doc-meta { display: grid; grid-template-columns: 110px minmax(0, 1fr); gap: 2px 12px; font: 13px/1.5 var(--sans);
  color: var(--muted); margin: 8px 0 14px; padding: 10px 12px; background: var(--panel); border-radius: 6px; }
dl.doc-meta dt { font-weight: 700; color: var(--faint); }
dl.doc-meta dd { margin: 0; }
.evidence { font-style: italic; }
.doc-text { border-top: 1px solid var(--line); padding-top: 6px; }
.block { margin: 10px 0; white-space: pre-line; }
.k-title { font-weight: 700; font-size: 1.2em; line-height: 1.3; }
.k-standfirst { font-size: 1.05em; color: #333b48; }
.k-subheading { font-weight: 700; }
.k-byline, .k-dateline { font: 13px/1.5 var(--sans); color: var(--muted); }
.k-caption { font-size: .9em; font-style: italic; color: var(--muted); }
details.aside { font: 13px/1.5 var(--sans); color: var(--faint); background: #fafbfc; border-left: 3px solid #d5d9df;
  padding: 5px 12px; }
details.aside summary { cursor: pointer; font-size: 11px; text-transform: uppercase; letter-spacing: .06em; }
details.aside > div { white-space: pre-line; padding: 6px 0 2px; }
.outside { border-top: 1px dashed var(--line); margin-top: 12px; }
mark { color: inherit; padding: 1px 0; border-radius: 2px; }
mark.d1 { background: var(--mark1); }
mark.d2 { background: var(--mark2); }
mark.d3 { background: var(--mark3); }
:target { scroll-margin-top: 28px; }
mark:target, mark:has(> .anchor:target) { outline: 2px solid var(--accent); outline-offset: 1px; }
li:target, tr:target, article:target, .statement:target { background: var(--accent-soft); }
footer { margin-top: 64px; font: 12px/1.5 var(--sans); color: var(--faint); }
@media (max-width: 900px) {
  .layout { display: block; }
  nav.toc { position: static; height: auto; border-right: 0; border-bottom: 1px solid var(--line); padding: 16px 20px; }
  nav.toc ol { display: flex; flex-wrap: wrap; gap: 2px 4px; }
  main { padding: 28px 20px 64px; }
  ol.timeline > li { grid-template-columns: 30px minmax(0, 1fr); }
  ol.timeline .what { grid-column: 2; }
  table.positions thead th:first-child { width: 80px; }
}
@media print {
  @page { margin: 16mm 14mm; }
  body { font-size: 11pt; }
  nav.toc { display: none; }
  .layout { display: block; }
  main { padding: 0; max-width: none; }
  a { color: inherit; text-decoration: none; }
  .cite { background: none; border: 1px solid #bbb; }
  figure.chart-box, article, .statement, tr, ol.timeline > li { break-inside: avoid; }
  h2, h3, h4 { break-after: avoid; }
  details::details-content { content-visibility: visible; display: block; }
  mark { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""
