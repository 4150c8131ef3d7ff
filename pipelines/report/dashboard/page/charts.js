// The dashboard's script, part 2 of 4: the inline SVG charts — the reach trend per quarter
// with the band where hidden counts lie, and outcome change per domain (improved / stable /
// declined, hidden remainder hatched) beside the mean change with its 95 % interval.
// biome-ignore-all lint/correctness/noUnusedVariables: the four parts share one block in the page; what one declares, another uses.
/** Axis ticks at round numbers (1, 2, 5 × 10ⁿ), at most five steps up to at least `v`. */
function niceTicks(v) {
  const raw = Math.max(v, 1) / 5;
  const unit = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * unit).find((x) => x >= raw);
  const top = Math.ceil(v / step) * step;
  const ticks = [];
  for (let t = 0; t <= top + step / 2; t += step) ticks.push(t);
  return { top, ticks };
}

function lineChart(quarters, series) {
  const W = 760;
  const H = 270;
  const L = 48;
  const R = 16;
  const T = 14;
  const B = 30;
  const values = series.flatMap((x) => x.points.filter((pt) => pt.state === 'value').map((pt) => pt.value));
  const { top, ticks } = niceTicks(Math.max(MIN * 1.5, ...values) * 1.08);
  const x = (i) => L + ((W - L - R) * (i + 0.5)) / quarters.length;
  const y = (v) => T + (H - T - B) * (1 - v / top);
  const g = s('svg', {
    viewBox: `0 0 ${W} ${H}`,
    width: W,
    height: H,
    role: 'img',
    'aria-label': 'Bereikte cliënten per kwartaal',
    id: 'reach-chart',
  });
  // The band where hidden counts lie: somewhere from 1 to MIN − 1, never drawn as 0.
  g.append(
    s(
      'rect',
      { x: L, y: y(MIN), width: W - L - R, height: y(0) - y(MIN), fill: '#EEF1F4' },
      tip(HIDDEN_COUNT),
    ),
    s('text', { x: W - R - 6, y: y(MIN) + 13, 'text-anchor': 'end', class: 'muted' }, 'verborgen'),
  );
  for (const v of ticks) {
    g.append(
      s('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), class: 'axis' }),
      s('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'muted' }, f0.format(v)),
    );
  }
  quarters.forEach((q, i) => {
    g.append(s('text', { x: x(i), y: H - 10, 'text-anchor': 'middle', class: 'muted' }, q.label));
  });
  const single = series.length === 1;
  series.forEach((ser, k) => {
    // Hidden points of several services sit side by side in the band, not on top of each other.
    const nudge = (k - (series.length - 1) / 2) * 7;
    let d = '';
    let pen = false;
    ser.points.forEach((pt, i) => {
      if (pt.state === 'value') {
        d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(pt.value).toFixed(1)}`;
        pen = true;
      } else pen = false;
    });
    if (d) g.append(s('path', { d, fill: 'none', stroke: ser.color, 'stroke-width': 2.5 }));
    ser.points.forEach((pt, i) => {
      const common = { 'data-series': ser.code, 'data-period': pt.q.start, class: 'point' };
      if (pt.state === 'value') {
        g.append(
          s(
            'circle',
            { ...common, cx: x(i), cy: y(pt.value), r: 4.5, fill: ser.color, 'data-value': pt.value },
            tip(`${ser.name}, ${pt.q.label}: ${f0.format(pt.value)} bereikte cliënten`),
          ),
        );
        if (single) {
          g.append(s('text', { x: x(i), y: y(pt.value) - 9, 'text-anchor': 'middle' }, f0.format(pt.value)));
        }
      } else if (pt.state === 'hidden') {
        g.append(
          s(
            'circle',
            {
              ...common,
              cx: x(i) + nudge,
              cy: y(MIN / 2),
              r: 4,
              fill: '#fff',
              stroke: ser.color,
              'stroke-width': 1.5,
              'data-hidden': 'true',
            },
            tip(`${ser.name}, ${pt.q.label}: verborgen (niet 0)`),
          ),
        );
      }
    });
  });
  return g;
}

const instrumentNames = new Map();
for (const d of data.domains || []) instrumentNames.set(d.instrument, d.instrument_name);
const instrumentName = (code) => instrumentNames.get(code) || String(code).toUpperCase();

function changeChart(list) {
  const W = 760;
  const rowH = 26;
  const L = 200;
  const barW = 300;
  const C0 = L + barW + 40;
  const CW = W - C0 - 10;
  const reach = Math.max(
    1,
    ...list.flatMap((r) => [
      Math.abs(r.ci95_low ?? 0),
      Math.abs(r.ci95_high ?? 0),
      Math.abs(r.mean_delta ?? 0),
    ]),
  );
  const span = Math.ceil(reach * 2) / 2;
  const cx = (v) => C0 + (CW * (v + span)) / (2 * span);
  const TOP = 20; // column headings
  const H = TOP + list.length * rowH + 22;
  const g = s('svg', {
    viewBox: `0 0 ${W} ${H}`,
    width: W,
    height: H,
    class: 'change-chart',
    role: 'img',
    'aria-label': 'Verandering per domein',
  });
  const defs = s(
    'defs',
    {},
    s(
      'pattern',
      { id: 'hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
      s('rect', { width: 6, height: 6, fill: '#E9ECEF' }),
      s('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: '#C3CAD2', 'stroke-width': 2 }),
    ),
  );
  g.append(defs);
  g.append(
    s('text', { x: L, y: 12, class: 'muted' }, 'Aandeel vooruit · gelijk · achteruit'),
    s('text', { x: C0 + CW / 2, y: 12, 'text-anchor': 'middle', class: 'muted' }, 'Gemiddelde verandering'),
    s('line', { x1: cx(0), x2: cx(0), y1: TOP, y2: H - 18, stroke: '#9AA5B1', 'stroke-dasharray': '3 3' }),
  );
  const axis = (v) => `${v > 0 ? '+' : ''}${(Number.isInteger(v) ? f0 : f1).format(v)}`;
  g.append(
    s('text', { x: cx(-span), y: H - 4, class: 'muted' }, axis(-span)),
    s('text', { x: cx(0), y: H - 4, 'text-anchor': 'middle', class: 'muted' }, '0'),
    s('text', { x: cx(span), y: H - 4, 'text-anchor': 'end', class: 'muted' }, `${axis(span)} punt`),
  );
  list.forEach((r, i) => {
    const yy = TOP + i * rowH;
    const label = r.domain_code === '*' ? 'Traject als geheel' : r.domain_label;
    g.append(s('text', { x: 0, y: yy + 17, class: r.domain_code === '*' ? 'strong' : '' }, label));
    let at = L;
    const parts = [
      ['share_improved', 'improved', 'vooruit'],
      ['share_stable', 'stable', 'gelijk'],
      ['share_declined', 'declined', 'achteruit'],
    ];
    for (const [col, cls, word] of parts) {
      const v = r[col];
      if (typeof v !== 'number' || v <= 0) continue;
      g.append(
        s(
          'rect',
          {
            x: at,
            y: yy + 5,
            width: barW * v,
            height: 16,
            fill: CHANGE[cls],
            'data-share': cls,
            'data-value': v,
          },
          tip(`${label}: ${pct.format(v)} ${word}`),
        ),
      );
      if (barW * v > 34)
        g.append(
          s(
            'text',
            {
              x: at + (barW * v) / 2,
              y: yy + 17,
              'text-anchor': 'middle',
              class: cls === 'stable' ? '' : 'on-dark',
            },
            pct.format(v),
          ),
        );
      at += barW * v;
    }
    const rest = L + barW - at;
    if (rest > 0.5) {
      const all = at === L;
      g.append(
        s(
          'rect',
          { x: at, y: yy + 5, width: rest, height: 16, fill: 'url(#hatch)', 'data-share': 'hidden' },
          tip(
            all
              ? `Verborgen: minder dan ${MIN} paren, of aantallen verborgen om kleine aantallen te beschermen`
              : 'Rest verborgen: een klasse met een verborgen aantal',
          ),
        ),
      );
      if (all)
        g.append(
          s('text', { x: L + barW / 2, y: yy + 17, 'text-anchor': 'middle', class: 'muted' }, 'verborgen'),
        );
    }
    if (typeof r.mean_delta === 'number') {
      if (typeof r.ci95_low === 'number' && typeof r.ci95_high === 'number') {
        g.append(
          s('line', {
            x1: cx(r.ci95_low),
            x2: cx(r.ci95_high),
            y1: yy + 13,
            y2: yy + 13,
            stroke: '#1f2933',
            'stroke-width': 1.5,
          }),
        );
        for (const v of [r.ci95_low, r.ci95_high])
          g.append(
            s('line', {
              x1: cx(v),
              x2: cx(v),
              y1: yy + 8,
              y2: yy + 18,
              stroke: '#1f2933',
              'stroke-width': 1.5,
            }),
          );
      }
      const ci =
        typeof r.ci95_low === 'number'
          ? ` (95%-interval ${signed(r.ci95_low)} tot ${signed(r.ci95_high)})`
          : '';
      g.append(
        s(
          'circle',
          { cx: cx(r.mean_delta), cy: yy + 13, r: 4.5, fill: '#1f2933', 'data-mean': r.mean_delta },
          tip(`${label}: gemiddeld ${signed(r.mean_delta)} punt${ci}, ${f0.format(r.pairs)} paren`),
        ),
      );
    } else {
      const t = s(
        'text',
        { x: C0 + CW / 2, y: yy + 17, 'text-anchor': 'middle', class: 'muted' },
        'verborgen',
      );
      t.append(tip(HIDDEN_DERIVED));
      g.append(t);
    }
  });
  return g;
}
