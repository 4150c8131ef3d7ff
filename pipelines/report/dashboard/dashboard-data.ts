// The data the dashboard embeds: the published (suppressed) indicator rows of every family the
// manifest has, the stories, and the labels to show them with. Tables travel column by column,
// repeated texts (codes, periods, descriptions) as an index into a list of their values and
// decimals rounded to 4 places — a third of the size of plain rows; the page decodes them.
// Outcome change by month is left out: nearly every monthly cell is too small to show.
import { type Family, families, presentColumns } from '../families.ts';
import { type PeriodType, periodFromStart } from '../period.ts';
import type { Published } from '../published.ts';
import { query, type Row, type Value } from '../queries.ts';
import { resolveMunicipality } from '../report-data.ts';

/** A column: its values, or for repeated texts the distinct values and an index per row. */
export type EncodedColumn = Value[] | { values: Value[]; index: number[] };

export interface Columnar {
  length: number;
  columns: Record<string, EncodedColumn>;
}

export interface DashboardData {
  meta: {
    load_id: number;
    published_at: string;
    built_at: string;
    min_cell: number;
    organisation?: string;
  };
  families: Pick<Family, 'key' | 'title' | 'keys' | 'columns' | 'note'>[];
  municipalities: { code: string; name: string }[];
  services: { code: string; name: string; kind: string }[];
  domains: Row[];
  periods: { type: PeriodType; start: string; end: string; label: string; labelNl: string }[];
  tables: Partial<Record<Family['key'] | 'stories', Columnar>>;
}

/** Columns the page derives elsewhere (names from `services`, ends from `periods`). */
const dropped = new Set(['service_name', 'period_end', 'year', 'instrument_name']);

export async function gatherDashboard(
  p: Published,
  o: { organisation?: string; municipality?: string; builtAt: Date },
): Promise<DashboardData> {
  const only = o.municipality ? (await resolveMunicipality(p, o.municipality)).code : null;
  const tables: DashboardData['tables'] = {};
  const shown: DashboardData['families'] = [];
  for (const family of families) {
    if (!p.has(family.table)) continue;
    const rows =
      family.key === 'social_return'
        ? await query(p, family.query, [only, null])
        : await query(p, family.query, [only, null, null]);
    tables[family.key] = columnar(
      family.key === 'outcome' ? rows.filter((r) => r.period_type !== 'month') : rows,
    );
    shown.push({
      key: family.key,
      title: family.title,
      keys: family.keys,
      columns: presentColumns(family, p.columns(family.table)),
      note: family.note,
    });
  }
  if (p.has('story')) tables.stories = columnar(await query(p, 'stories', [only, null, null]));

  const municipalities = (await query(p, 'municipalities'))
    .filter((m) => !only || m.municipality_code === only)
    .map((m) => ({ code: String(m.municipality_code), name: String(m.name) }));
  const services = (await query(p, 'services')).map((s) => ({
    code: String(s.service_code),
    name: String(s.name),
    kind: String(s.kind),
  }));
  const domains = p.has('dim_instrument_domain') ? await query(p, 'domains') : [];
  const periods = (await query(p, 'periods', [only])).map((r) => {
    const period = periodFromStart(r.period_type as PeriodType, String(r.period_start));
    return {
      type: period.type,
      start: period.start,
      end: period.end,
      label: period.label,
      labelNl: period.labelNl,
    };
  });
  return {
    meta: {
      load_id: p.manifest.load_id,
      published_at: p.manifest.generated_at,
      built_at: o.builtAt.toISOString(),
      min_cell: p.minCell,
      organisation: o.organisation,
    },
    families: shown,
    municipalities,
    services,
    domains,
    periods,
    tables,
  };
}

function columnar(rows: Row[]): Columnar {
  const names = Object.keys(rows[0] ?? {}).filter((c) => !dropped.has(c));
  const columns: Record<string, EncodedColumn> = {};
  for (const name of names) columns[name] = encode(rows.map((r) => compact(r[name] ?? null)));
  return { length: rows.length, columns };
}

function encode(values: Value[]): EncodedColumn {
  if (!values.some((v) => typeof v === 'string')) return values;
  const distinct = [...new Set(values)];
  if (distinct.length > values.length / 2) return values;
  const at = new Map(distinct.map((v, i) => [v, i]));
  return { values: distinct, index: values.map((v) => at.get(v)!) };
}

/** Decimals to 4 places: more than any figure on screen needs (47,6 %, € 0,75, +0,37). */
function compact(v: Value): Value {
  return typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 1e4) / 1e4 : v;
}
