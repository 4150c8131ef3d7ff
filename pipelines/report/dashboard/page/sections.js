// The dashboard's script, part 3 of 4: one card per indicator family for the chosen
// municipality, service and period — reach, trajectories and goal attainment, outcome change,
// societal return with its inputs, collective activities — and the stories beside them.
// ---- selections ----
// biome-ignore-all lint/correctness/noUnusedVariables: the four parts share one block in the page; what one declares, another uses.
const inScope = (r) =>
  r.municipality_code === state.gm && (state.svc === '*' || r.service_code === state.svc);
const inPeriod = (r, p) => r.period_type === p.type && r.period_start === p.start;
const byService = (a, b) =>
  (serviceName.get(a.service_code) || '').localeCompare(serviceName.get(b.service_code) || '', 'nl');

function card(id, title, sub) {
  const c = h(
    'section',
    { class: 'card', id },
    h('h2', {}, title),
    sub ? h('p', { class: 'sub' }, sub) : null,
  );
  return c;
}
function legend(items) {
  return h(
    'div',
    { class: 'legend' },
    items.map(([label, color]) => {
      const e = h('span', {}, label);
      e.style.setProperty('--swatch', color);
      return e;
    }),
  );
}

// ---- reach: trend over 8 quarters, and the figures of the period ----
function reachCard(p) {
  const c = card('reach', 'Bereik', `Bereikte cliënten per kwartaal, 8 kwartalen tot en met ${p.labelNl}`);
  const quarters = quartersUpTo(p.end, 8);
  const rows = (tables.reach || []).filter((r) => inScope(r) && r.period_type === 'quarter');
  const codes = [...new Set(rows.map((r) => r.service_code))].sort((a, b) =>
    (serviceName.get(a) || a).localeCompare(serviceName.get(b) || b, 'nl'),
  );
  const series = codes
    .map((code) => ({
      code,
      name: serviceName.get(code) || code,
      color: colorOf.get(code) || COLORS[0],
      points: quarters.map((q) => {
        const r = rows.find((x) => x.service_code === code && x.period_start === q.start);
        if (!r) return { q, state: 'missing' };
        return r.reached_clients === null
          ? { q, state: 'hidden' }
          : { q, state: 'value', value: r.reached_clients };
      }),
    }))
    .filter((x) => x.points.some((pt) => pt.state !== 'missing'));
  if (!series.length) c.append(h('p', { class: 'empty' }, 'Geen bereikcijfers voor deze keuze.'));
  else {
    c.append(lineChart(quarters, series));
    c.append(legend([...series.map((x) => [x.name, x.color]), ['verborgen', '#E3E7EB']]));
  }
  const now = (tables.reach || []).filter((r) => inScope(r) && inPeriod(r, p)).sort(byService);
  c.append(h('div', { class: 'block' }, h('h3', {}, `Bereik in ${p.labelNl}`)));
  c.append(
    now.length
      ? figuresTable(now, family.reach.columns)
      : h('p', { class: 'empty' }, 'Geen gegevens in deze periode.'),
  );
  return c;
}

// ---- trajectories and goal attainment ----
function trajectoryCard(p) {
  const c = card(
    'trajectory',
    'Trajecten en doelrealisatie',
    `Afgesloten trajecten in ${p.labelNl}: hoe vaak de doelen zijn bereikt`,
  );
  const rows = (tables.trajectory || []).filter((r) => inScope(r) && inPeriod(r, p)).sort(byService);
  if (!rows.length) {
    c.append(h('p', { class: 'empty' }, 'Geen trajecten in deze periode.'));
    return c;
  }
  const rate = family.trajectory.columns.find((x) => x.name === 'goal_attainment_rate');
  const W = 760;
  const rowH = 30;
  const L = 230;
  const barW = 330;
  const g = s('svg', {
    viewBox: `0 0 ${W} ${rows.length * rowH + 8}`,
    width: W,
    height: rows.length * rowH + 8,
    id: 'goal-chart',
    role: 'img',
    'aria-label': 'Doelrealisatie per werksoort',
  });
  rows.forEach((r, i) => {
    const yy = i * rowH + 4;
    const name = serviceName.get(r.service_code) || r.service_code;
    g.append(s('text', { x: 0, y: yy + 17 }, name));
    g.append(s('rect', { x: L, y: yy + 5, width: barW, height: 16, fill: '#F0F2F4' }));
    const f = rate ? shown(r, rate) : { state: 'none' };
    let label;
    if (f.state === 'value') {
      g.append(
        s(
          'rect',
          {
            x: L,
            y: yy + 5,
            width: barW * f.value,
            height: 16,
            fill: colorOf.get(r.service_code),
            'data-value': f.value,
          },
          tip(`${name}: ${pct.format(f.value)} doelen bereikt`),
        ),
      );
      label = `${pct.format(f.value)} van ${f0.format(r.closed)} afgesloten`;
    } else if (f.state === 'hidden') {
      label = 'verborgen';
    } else label = 'geen afgesloten trajecten';
    const t = s('text', { x: L + barW + 10, y: yy + 17, class: f.state === 'value' ? '' : 'muted' }, label);
    if (f.state === 'hidden') t.append(tip(HIDDEN_DERIVED));
    g.append(t);
  });
  c.append(g, figuresTable(rows, family.trajectory.columns));
  return c;
}

// ---- outcome change per domain, with the 95 % interval of the mean change ----
function outcomeCard(p) {
  const c = card(
    'outcome',
    'Verandering bij cliënten',
    `Eerste en laatste meting van trajecten die in ${p.labelNl} zijn afgesloten. Verandering, geen effect: er is geen vergelijkingsgroep.`,
  );
  const rows = (tables.outcome || []).filter((r) => inScope(r) && inPeriod(r, p));
  if (!rows.length) {
    c.append(
      h(
        'p',
        { class: 'empty' },
        p.type === 'year'
          ? 'Geen afgesloten trajecten met metingen in deze periode.'
          : 'Geen cijfers in deze periode; kies een jaar, per kwartaal of maand zijn de aantallen vaak te klein.',
      ),
    );
    return c;
  }
  const groups = new Map();
  for (const r of rows) {
    const key = `${r.service_code}|${r.instrument}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(r);
  }
  for (const [key, list] of [...groups.entries()].sort()) {
    const [code] = key.split('|');
    list.sort((a, b) => (a.domain_order ?? 0) - (b.domain_order ?? 0));
    const visible = list.some((r) =>
      ['share_improved', 'share_stable', 'share_declined', 'mean_delta'].some(
        (x) => typeof r[x] === 'number',
      ),
    );
    const title = h('h3', {}, `${serviceName.get(code) || code} · ${instrumentName(list[0].instrument)}`);
    const body = visible
      ? changeChart(list)
      : h(
          'p',
          { class: 'empty', title: HIDDEN_DERIVED },
          `Alle ${list.length} regels verborgen: te weinig paren, of verborgen om kleine aantallen te beschermen.${p.type === 'year' ? '' : ' Kies een jaar voor meer paren.'}`,
        );
    c.append(h('div', { class: 'block' }, title, body));
  }
  c.append(
    legend([
      ['Vooruit', CHANGE.improved],
      ['Gelijk', CHANGE.stable],
      ['Achteruit', CHANGE.declined],
      ['Verborgen (kleine aantallen)', '#D5DAE0'],
    ]),
  );
  c.append(
    h(
      'p',
      { class: 'note' },
      'Rechts: gemiddelde verandering in punten (positief is beter) met het 95%-betrouwbaarheidsinterval. Een interval dat 0 niet raakt, wijst op een verandering die waarschijnlijk niet op toeval berust — niet op de oorzaak ervan.',
    ),
  );
  return c;
}
// ---- societal return, with its inputs ----
function socialReturnCard(p) {
  const year = p.start.slice(0, 4);
  const c = card(
    'social-return',
    `Maatschappelijk rendement ${year}`,
    'Een waardering van uitkomsten met proxy’s (vaste bedragen per uitkomst, gecorrigeerd voor wat ook zonder hulp was gebeurd) — geen gemeten effect. Alleen per jaar.',
  );
  const rows = (tables.social_return || []).filter((r) => inScope(r) && r.period_start === `${year}-01-01`);
  const totals = rows.filter((r) => r.outcome === '*').sort(byService);
  if (!totals.length) {
    c.append(h('p', { class: 'empty' }, `Geen rendementscijfers voor ${year}.`));
    return c;
  }
  const max = Math.max(1, ...totals.flatMap((r) => [r.benefit_eur ?? 0, r.cost_eur ?? 0]));
  const W = 760;
  const rowH = 46;
  const L = 230;
  const barW = 300;
  const g = s('svg', {
    viewBox: `0 0 ${W} ${totals.length * rowH}`,
    width: W,
    height: totals.length * rowH,
    id: 'return-chart',
    role: 'img',
    'aria-label': 'Baten en kosten per werksoort',
  });
  totals.forEach((r, i) => {
    const yy = i * rowH;
    const name = serviceName.get(r.service_code) || r.service_code;
    g.append(s('text', { x: 0, y: yy + 16 }, name));
    const ratio = r.return_ratio;
    const line =
      typeof ratio === 'number'
        ? `${eur2.format(ratio)} baten per € 1 kosten`
        : r.cost_eur === null
          ? 'geen kosten bekend'
          : 'verborgen (kleine aantallen)';
    const t = s('text', { x: 0, y: yy + 33, class: 'muted' }, line);
    if (ratio === null && r.cost_eur !== null) t.append(tip(HIDDEN_DERIVED));
    g.append(t);
    const bars = [
      ['benefit_eur', 'Baten', '#009E73'],
      ['cost_eur', 'Kosten', '#9AA5B1'],
    ];
    bars.forEach(([col, word, color], j) => {
      const v = r[col];
      const by = yy + 4 + j * 18;
      if (typeof v === 'number') {
        g.append(
          s(
            'rect',
            { x: L, y: by, width: Math.max(1, (barW * v) / max), height: 14, fill: color, 'data-value': v },
            tip(`${word}: ${eur.format(v)}`),
          ),
        );
        g.append(s('text', { x: L + (barW * v) / max + 8, y: by + 12 }, `${word} ${eur.format(v)}`));
      } else {
        const txt = s(
          'text',
          { x: L, y: by + 12, class: 'muted' },
          `${word}: ${col === 'cost_eur' ? 'onbekend' : 'verborgen'}`,
        );
        if (col !== 'cost_eur') txt.append(tip(HIDDEN_DERIVED));
        g.append(txt);
      }
    });
  });
  c.append(
    g,
    legend([
      ['Baten', '#009E73'],
      ['Kosten', '#9AA5B1'],
    ]),
  );
  const through = totals
    .map((r) => r.data_through)
    .filter(Boolean)
    .sort()[0];
  if (through && through < `${year}-12-31`) {
    c.append(
      h('p', { class: 'note' }, `Het jaar is nog niet compleet: gegevens tot en met ${dateNl(through)}.`),
    );
  }
  if (rows.some((r) => /illustr/i.test(String(r.proxy_status || '')))) {
    c.append(
      h(
        'p',
        { class: 'note' },
        'Let op: de proxy’s zijn illustratief (status “illustrative”); vervang ze door de eigen, onderbouwde bedragen van de organisatie.',
      ),
    );
  }
  const cols = family.social_return.columns.filter(
    // Cost and the proxy's provenance are the same on every row: shown once, above and below.
    (x) => !['proxy_status', 'proxy_source', 'data_through', 'cost_eur'].includes(x.name),
  );
  c.append(
    h(
      'details',
      {},
      h('summary', {}, 'Invoer van de berekening (per uitkomst), zodat u hem kunt nagaan'),
      figuresTable(rows.slice().sort(byService), cols, [{ name: 'outcome_label', label: 'Uitkomst' }]),
      h(
        'p',
        { class: 'note' },
        'Baten = gevallen × waarde per geval; waarde per geval = waarde per jaar × (1 − deadweight) × (1 − attributie) × (1 − verplaatsing) × duurfactor (drop-off over de jaren baat).',
      ),
      h(
        'p',
        { class: 'note' },
        `Bron van de proxy’s: ${[...new Set(rows.map((r) => String(r.proxy_source || '').replace(/\.$/, '')).filter(Boolean))].join('; ') || 'onbekend'}.`,
      ),
    ),
  );
  return c;
}

// ---- collective activities ----
function activityCard(p) {
  const c = card(
    'activity',
    'Collectieve activiteiten',
    `Bijeenkomsten, deelnames en vrijwilligers in ${p.labelNl}`,
  );
  const rows = (tables.activity || []).filter((r) => inScope(r) && inPeriod(r, p)).sort(byService);
  c.append(
    rows.length
      ? figuresTable(rows, family.activity.columns)
      : h('p', { class: 'empty' }, 'Geen activiteiten in deze periode.'),
  );
  return c;
}

// ---- stories beside the numbers ----
function storiesCard(p) {
  const c = h(
    'aside',
    { class: 'card', id: 'stories' },
    h('h2', {}, 'Verhalen'),
    h('p', { class: 'sub' }, `Tellen én vertellen — ${p.labelNl}`),
  );
  const all = (tables.stories || []).filter(inScope);
  const now = all.filter((r) => r.story_date >= p.start && r.story_date <= p.end);
  const story = (r) =>
    h(
      'article',
      { class: 'story' },
      h('h3', {}, r.title),
      h(
        'p',
        { class: 'meta' },
        [dateNl(r.story_date), serviceName.get(r.service_code) || r.service_code, r.domains]
          .filter(Boolean)
          .join(' · '),
      ),
      h('p', {}, r.text),
    );
  if (now.length) c.append(...now.map(story));
  else {
    c.append(h('p', { class: 'empty' }, 'Geen verhalen in deze periode.'));
    const earlier = all
      .filter((r) => r.story_date < p.start)
      .slice(-3)
      .reverse();
    if (earlier.length) c.append(h('h3', {}, 'Eerder'), ...earlier.map(story));
  }
  c.append(h('p', { class: 'note' }, 'Alleen verhalen waarvoor de cliënt toestemming gaf, zonder namen.'));
  return c;
}
