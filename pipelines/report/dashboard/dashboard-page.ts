// The dashboard as one self-contained HTML file: the published figures embedded as JSON in a
// <script type="application/json">, the stylesheet and the drawing script inlined. It opens
// from disk with no network: its Content-Security-Policy allows nothing but its own inline
// script and style (by hash), so not even a story's text could make it fetch something.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DashboardData } from './dashboard-data.ts';

const asset = (name: string) => readFileSync(fileURLToPath(new URL(`./${name}`, import.meta.url)), 'utf8');

/** The script's parts, in order; inlined together in one block so they share their names. */
const scriptParts = ['page/data.js', 'page/charts.js', 'page/sections.js', 'page/main.js'];
const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** JSON that cannot end its <script> element early: every '<' becomes \u003c. */
export function embedJson(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll('<', '\\u003c')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}

const escapeHtml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

export function contentSecurityPolicy(script: string, style: string): string {
  return [
    "default-src 'none'",
    `script-src ${sha256(script)}`,
    `style-src ${sha256(style)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function dashboardHtml(data: DashboardData): string {
  const script = `\n{\n${scriptParts.map(asset).join('\n')}}\n`;
  const style = `\n${asset('page/style.css')}`;
  const title = `Impactdashboard${data.meta.organisation ? ` — ${data.meta.organisation}` : ''}`;
  return `<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(script, style)}">
<meta name="generator" content="impact-warehouse, load_id ${data.meta.load_id}">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
<header class="top">
  <h1>${escapeHtml(title)} · <span id="selection"></span></h1>
  <p id="meta"></p>
</header>
<nav class="filters" aria-label="Filters">
  <label>Gemeente <select id="filter-gemeente"></select></label>
  <label>Werksoort <select id="filter-werksoort"></select></label>
  <label>Periode <select id="filter-periode"></select></label>
</nav>
<div class="layout">
  <main id="main"></main>
  <div id="side"></div>
</div>
<footer>
  <p>“verborgen”: een aantal van 1 tot ${data.meta.min_cell}, verborgen zodat niemand herleidbaar is (het is niet 0), een
  aantal dat verborgen is zodat zo’n klein aantal niet uit de totalen terug te rekenen is, of een cijfer dat daarvan is
  afgeleid. –: niet van toepassing. Beweeg over een cijfer voor uitleg.</p>
  <p>Verandering in scores is verandering, geen effect: er is geen vergelijkingsgroep. Het maatschappelijk rendement is een
  waardering met proxy’s. Definities: het blad Definities van het rapport (impact report) of <code>impact indicators</code>.</p>
</footer>
<script type="application/json" id="dashboard-data">${embedJson(data)}</script>
<script>${script}</script>
</body>
</html>
`;
}
