// The dashboard's script, part 4 of 4: the filters (kept in the address), the default choice
// (the busiest municipality, its latest quarter with visible reach) and drawing the page.
// ---- state: filters, kept in the address (#gemeente=…&werksoort=…&periode=…) ----
// biome-ignore-all lint/correctness/noUnusedVariables: the four parts share one block in the page; what one declares, another uses.
const state = { gm: '', svc: '*', period: '' };
function defaults() {
  state.gm = data.municipalities[0] ? data.municipalities[0].code : '';
  pickDefaultPeriod();
}
function pickDefaultPeriod() {
  const visible = tables.reach
    ? tables.reach.filter(
        (r) => r.municipality_code === state.gm && r.period_type === 'quarter' && r.reached_clients !== null,
      )
    : [];
  const latest = visible
    .map((r) => r.period_start)
    .sort()
    .pop();
  const fallback = data.periods
    .filter((p) => p.type === 'quarter')
    .map(periodKey)
    .sort()
    .pop();
  state.period = latest
    ? `quarter:${latest}`
    : fallback || (data.periods[0] ? periodKey(data.periods[0]) : '');
}
function readHash() {
  const q = new URLSearchParams(location.hash.slice(1));
  if (data.municipalities.some((m) => m.code === q.get('gemeente'))) state.gm = q.get('gemeente');
  if (q.get('werksoort') === '*' || serviceName.has(q.get('werksoort'))) state.svc = q.get('werksoort');
  const p = data.periods.find((x) => x.label === q.get('periode'));
  if (p) state.period = periodKey(p);
}
function writeHash() {
  const p = periods.get(state.period);
  const text = `gemeente=${state.gm}&werksoort=${encodeURIComponent(state.svc)}&periode=${p ? p.label : ''}`;
  try {
    if (location.hash.slice(1) !== text) history.replaceState(null, '', `#${text}`);
  } catch {
    // file:// pages may not rewrite their address in every browser; the filters still work.
  }
}

// ---- filters ----
function option(value, label, selected) {
  const o = h('option', { value }, label);
  o.selected = selected;
  return o;
}
function buildFilters() {
  const gm = document.getElementById('filter-gemeente');
  const svc = document.getElementById('filter-werksoort');
  const per = document.getElementById('filter-periode');
  gm.replaceChildren(
    ...data.municipalities.map((m) => option(m.code, `${m.name} (${m.code})`, m.code === state.gm)),
  );
  const used = new Set(
    ['reach', 'trajectory', 'activity'].flatMap((k) => (tables[k] || []).map((r) => r.service_code)),
  );
  svc.replaceChildren(
    option('*', 'Alle werksoorten', state.svc === '*'),
    ...data.services.filter((x) => used.has(x.code)).map((x) => option(x.code, x.name, x.code === state.svc)),
  );
  const groups = [
    ['quarter', 'Kwartaal'],
    ['year', 'Jaar'],
    ['month', 'Maand'],
  ].map(([type, label]) =>
    h(
      'optgroup',
      { label },
      data.periods
        .filter((p) => p.type === type)
        .slice()
        .reverse()
        .map((p) => option(periodKey(p), p.labelNl, periodKey(p) === state.period)),
    ),
  );
  per.replaceChildren(...groups);
  gm.onchange = () => {
    state.gm = gm.value;
    render();
  };
  svc.onchange = () => {
    state.svc = svc.value;
    render();
  };
  per.onchange = () => {
    state.period = per.value;
    render();
  };
}

// ---- the page ----
function render() {
  const p = periods.get(state.period);
  const main = document.getElementById('main');
  const side = document.getElementById('side');
  if (!p || !state.gm) {
    main.replaceChildren(h('p', { class: 'empty' }, 'Er zijn nog geen gepubliceerde cijfers.'));
    side.replaceChildren();
    return;
  }
  const m = data.municipalities.find((x) => x.code === state.gm);
  document.getElementById('selection').textContent =
    `${m ? m.name : state.gm} · ${state.svc === '*' ? 'alle werksoorten' : serviceName.get(state.svc)} · ${p.labelNl}`;
  const cards = [reachCard(p)];
  if (tables.trajectory) cards.push(trajectoryCard(p));
  if (tables.outcome) cards.push(outcomeCard(p));
  if (tables.social_return) cards.push(socialReturnCard(p));
  if (tables.activity) cards.push(activityCard(p));
  main.replaceChildren(...cards);
  side.replaceChildren(storiesCard(p));
  writeHash();
}

defaults();
readHash();
const meta = data.meta;
document.getElementById('meta').textContent =
  `${meta.organisation ? `${meta.organisation} · ` : ''}gegevens gepubliceerd ${new Date(meta.published_at).toLocaleString('nl-NL', { dateStyle: 'short', timeStyle: 'short' })} (run ${meta.load_id}) · aantallen van 1 tot ${MIN} zijn verborgen, en waar nodig een groter aantal om ze te beschermen`;
buildFilters();
render();
document.body.dataset.ready = 'true';
