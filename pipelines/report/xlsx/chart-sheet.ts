// Chart-ready tables: tidy blocks a policy officer can select and turn into an Excel chart.
// Hidden or missing figures are left empty here, not "< 10": Excel draws an empty cell as a
// gap, while text would be drawn as 0 — and a hidden count is not zero. Rows and series with no
// visible figure at all are left out (and said so), since they would only draw nothing.
import type { CellObject, WorkSheet } from 'xlsx';
import { nlDate } from '../dutch.ts';
import type { Kind } from '../families.ts';
import type { FamilyRows, ReportData } from '../report-data.ts';
import { type Cell, numberCell } from './cells.ts';
import { SheetBuilder } from './sheet-builder.ts';

const num = (v: unknown, kind: Kind): CellObject | undefined =>
  typeof v === 'number' ? numberCell(v, kind) : undefined;

export function chartSheet(d: ReportData): WorkSheet {
  const s = new SheetBuilder();
  s.line(`Grafiekdata — ${d.municipality.name} (${d.municipality.code}) — ${d.period.labelNl}`);
  s.line(
    'Een lege cel is verborgen (kleine aantallen) of zonder gegevens; Excel tekent dan een gat, geen nul.',
  );
  reachTrend(s, d);
  const family = (key: FamilyRows['family']['key']) => d.families.find((f) => f.family.key === key);
  const trajectory = family('trajectory');
  if (trajectory) goalAttainment(s, trajectory);
  const outcome = family('outcome');
  if (outcome) outcomeChange(s, outcome);
  const social = family('social_return');
  if (social) socialReturn(s, social);
  return s.build();
}

/** A block: title, header, the rows that have at least one figure, and what was left out. */
function block(s: SheetBuilder, title: string, header: string[], rows: { label: Cell[]; figures: Cell[] }[]) {
  const kept = rows.filter((r) => r.figures.some((f) => f !== undefined));
  s.blank().line(title);
  s.table(
    header,
    kept.map((r) => [...r.label, ...r.figures]),
  );
  const left = rows.length - kept.length;
  if (!kept.length) s.line('Geen zichtbare cijfers in deze periode.');
  else if (left) s.line(`${left} rij(en) zonder zichtbare cijfers weggelaten.`);
}

function reachTrend(s: SheetBuilder, d: ReportData) {
  const { quarters, rows } = d.trend;
  const byKey = new Map(rows.map((r) => [`${r.service_code}|${r.period_start}`, r]));
  const all = [...new Map(rows.map((r) => [String(r.service_code), String(r.service_name)])).entries()];
  const series = all.filter(([code]) =>
    quarters.some((q) => typeof byKey.get(`${code}|${q.start}`)?.reached_clients === 'number'),
  );
  s.blank().line(
    `Bereikte cliënten per kwartaal, ${quarters.length} kwartalen t/m ${nlDate(quarters.at(-1)!.end)}`,
  );
  s.table(
    ['Kwartaal', ...series.map(([, name]) => name)],
    quarters.map((q) => [
      q.label.replace('-Q', ' K'),
      ...series.map(([code]) => num(byKey.get(`${code}|${q.start}`)?.reached_clients, 'count')),
    ]),
  );
  const hidden = all.filter((a) => !series.includes(a)).map(([, name]) => name);
  if (hidden.length) s.line(`Zonder zichtbaar kwartaalcijfer, dus weggelaten: ${hidden.join(', ')}.`);
}

function goalAttainment(s: SheetBuilder, f: FamilyRows) {
  block(
    s,
    `Doelrealisatie per werksoort, ${f.period.labelNl}`,
    ['Werksoort', 'Afgesloten', 'Doelrealisatie'],
    f.rows.map((r) => ({
      label: [String(r.service_name)],
      figures: [num(r.closed, 'count'), num(r.goal_attainment_rate, 'rate')],
    })),
  );
}

function outcomeChange(s: SheetBuilder, f: FamilyRows) {
  block(
    s,
    `Verandering per domein (verandering, geen effect), ${f.period.labelNl}`,
    [
      'Werksoort',
      'Instrument',
      'Domein',
      'Vooruit',
      'Gelijk',
      'Achteruit',
      'Gem. verandering',
      '95% onder',
      '95% boven',
    ],
    f.rows.map((r) => ({
      label: [String(r.service_name), String(r.instrument_name), String(r.domain_label)],
      figures: [
        num(r.share_improved, 'rate'),
        num(r.share_stable, 'rate'),
        num(r.share_declined, 'rate'),
        num(r.mean_delta, 'decimal'),
        num(r.ci95_low, 'decimal'),
        num(r.ci95_high, 'decimal'),
      ],
    })),
  );
}

function socialReturn(s: SheetBuilder, f: FamilyRows) {
  block(
    s,
    `Maatschappelijk rendement ${f.period.labelNl} (waardering met proxy’s, geen gemeten effect)`,
    ['Werksoort', 'Baten (€)', 'Kosten (€)', 'Baten per € 1 kosten'],
    f.rows
      .filter((r) => r.outcome === '*')
      .map((r) => ({
        label: [String(r.service_name)],
        figures: [num(r.benefit_eur, 'eur'), num(r.cost_eur, 'eur'), num(r.return_ratio, 'ratio')],
      })),
  );
}
