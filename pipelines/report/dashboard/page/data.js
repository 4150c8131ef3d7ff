// The dashboard's script, part 1 of 4 (dashboard-page.ts inlines the parts in order, in one
// block): the embedded figures decoded back into rows, numbers formatted as a Dutch reader
// writes them, small DOM helpers that only ever set text (so a story cannot inject markup),
// and the rule for a hidden figure — it reads "verborgen" with a tooltip, never 0 (the same rule
// as pipelines/report/families.ts). Not "< 10": complementary suppression hides some larger
// counts too, and which ones is exactly what must not show.
// biome-ignore-all lint/correctness/noUnusedVariables: the four parts share one block in the page; what one declares, another uses.
const data = JSON.parse(document.getElementById('dashboard-data').textContent);
const MIN = data.meta.min_cell;
const COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#6B4C9A', '#8C6D31'];
const CHANGE = { improved: '#0072B2', stable: '#B8C0C8', declined: '#D55E00' };
const HIDDEN_COUNT =
  `Verborgen: minder dan ${MIN}, zodat niemand herleidbaar is, of verborgen zodat zo'n klein aantal ` +
  'niet uit de totalen terug te rekenen is. Het is niet 0.';
const HIDDEN_DERIVED = 'Verborgen: berekend uit een verborgen aantal.';

// ---- numbers as a Dutch reader writes them ----
const nf = (o) => new Intl.NumberFormat('nl-NL', o);
const f0 = nf({ maximumFractionDigits: 0 });
const f1 = nf({ minimumFractionDigits: 1, maximumFractionDigits: 1 });
const f2 = nf({ minimumFractionDigits: 2, maximumFractionDigits: 2 });
const pct = nf({ style: 'percent', maximumFractionDigits: 0 });
const eur = nf({ style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });
const eur2 = nf({ style: 'currency', currency: 'EUR', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const dateNl = (iso) => {
  const [y, m, d] = String(iso).slice(0, 10).split('-').map(Number);
  return `${d}-${m}-${y}`;
};
const signed = (v) => (v > 0 ? `+${f2.format(v)}` : f2.format(v));
function format(value, kind) {
  switch (kind) {
    case 'rate':
      return pct.format(value);
    case 'decimal':
    case 'ratio':
      return f2.format(value);
    case 'hours':
      return f1.format(value);
    case 'eur':
      return eur.format(value);
    case 'date':
      return dateNl(value);
    case 'text':
      return String(value);
    default:
      return f0.format(value);
  }
}

// ---- rows back into objects ----
const decode = (col) => (Array.isArray(col) ? col : col.index.map((i) => col.values[i]));
function objects(t) {
  const cols = Object.entries(t.columns).map(([name, col]) => [name, decode(col)]);
  return Array.from({ length: t.length }, (_, i) =>
    Object.fromEntries(cols.map(([name, v]) => [name, v[i]])),
  );
}
const tables = {};
for (const key of Object.keys(data.tables)) tables[key] = objects(data.tables[key]);
const family = Object.fromEntries(data.families.map((f) => [f.key, f]));
const serviceName = new Map(data.services.map((s) => [s.code, s.name]));
const colorOf = new Map(data.services.map((s, i) => [s.code, COLORS[i % COLORS.length]]));

// ---- DOM helpers: text only through textContent ----
function h(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else e.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}
const SVG = 'http://www.w3.org/2000/svg';
function s(tag, attrs, ...children) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null) e.setAttribute(k, v);
  for (const c of children.flat()) {
    if (c === undefined || c === null) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}
const tip = (text) => s('title', {}, text);

// ---- a figure as shown (the same rule as pipelines/report/families.ts) ----
function shown(row, col) {
  const v = row[col.name];
  if (v !== null && v !== undefined) return { state: 'value', value: v };
  if (col.kind === 'count') return { state: 'hidden' };
  if ((col.base || []).some((b) => row[b] === null)) return { state: 'hidden' };
  return { state: 'none' };
}
function figureCell(row, col) {
  const f = shown(row, col);
  if (f.state === 'value') return h('td', {}, format(f.value, col.kind));
  if (f.state === 'hidden') {
    const title = col.kind === 'count' ? HIDDEN_COUNT : HIDDEN_DERIVED;
    return h('td', { class: 'hidden', title }, 'verborgen');
  }
  return h('td', { class: 'none', title: 'Niet van toepassing' }, '–');
}
function figuresTable(rows, allCols, keyCols = []) {
  const cols = allCols.filter((c) => !c.detail);
  const many = state.svc === '*'; // with one service chosen, its name is in the title already
  const head = h(
    'tr',
    {},
    many ? h('th', {}, 'Werksoort') : null,
    keyCols.map((k) => h('th', { class: 'key' }, k.label)),
    cols.map((c) => h('th', {}, c.label)),
  );
  const body = rows.map((r) =>
    h(
      'tr',
      { 'data-service': r.service_code },
      many ? h('td', {}, serviceName.get(r.service_code) || r.service_code) : null,
      keyCols.map((k) => h('td', { class: 'key' }, r[k.name] ?? '')),
      cols.map((c) => figureCell(r, c)),
    ),
  );
  return h(
    'div',
    { class: 'scroll' },
    h('table', { class: 'figures' }, h('thead', {}, head), h('tbody', {}, body)),
  );
}

// ---- periods ----
const periodKey = (p) => `${p.type}:${p.start}`;
const periods = new Map(data.periods.map((p) => [periodKey(p), p]));

function quartersUpTo(endIso, count) {
  const [y, m] = endIso.split('-').map(Number);
  const index = y * 4 + Math.floor((m - 1) / 3);
  const out = [];
  for (let i = index - count + 1; i <= index; i++) {
    const yy = Math.floor(i / 4);
    const q = (i % 4) + 1;
    out.push({ start: `${yy}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01`, label: `${yy} K${q}` });
  }
  return out;
}
