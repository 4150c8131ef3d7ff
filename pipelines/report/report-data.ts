// Everything one municipal report shows, gathered from the published tables: the municipality
// and period checked (with errors a person can act on), the rows of every indicator family the
// manifest has, the reach trend for the chart table, and the stories of the period.
import { UserError } from '../../lib/errors.ts';
import { type Column, type Family, families, presentColumns } from './families.ts';
import { type Period, periodFromStart, quartersUpTo, yearPeriod } from './period.ts';
import type { Published } from './published.ts';
import { query, type Row } from './queries.ts';

export interface Municipality {
  code: string;
  name: string;
}

export interface FamilyRows {
  family: Family;
  columns: Column[];
  rows: Row[];
  /** The period of these rows: the report's, or its year for the (yearly) societal return. */
  period: Period;
}

export interface ReportData {
  organisation?: string;
  municipality: Municipality;
  period: Period;
  minCell: number;
  loadId: number;
  publishedAt: string;
  families: FamilyRows[];
  trend: { quarters: Period[]; rows: Row[] };
  stories: Row[];
}

export async function gatherReport(
  p: Published,
  o: { municipality: string; period: Period; organisation?: string },
): Promise<ReportData> {
  const municipality = await resolveMunicipality(p, o.municipality);
  const period = o.period;
  const out: FamilyRows[] = [];
  for (const family of families) {
    if (!p.has(family.table)) continue; // a table colleagues have not published yet
    const own = family.key === 'social_return' ? yearPeriod(period.year) : period;
    const rows =
      family.key === 'social_return'
        ? await query(p, family.query, [municipality.code, own.start])
        : await query(p, family.query, [municipality.code, own.type, own.start]);
    out.push({ family, columns: presentColumns(family, p.columns(family.table)), rows, period: own });
  }
  const hasFigures = out.some((f) => f.family.key !== 'social_return' && f.rows.length > 0);
  if (!hasFigures) throw await noDataError(p, municipality, period);

  const quarters = quartersUpTo(period, 8);
  const trend = await query(p, 'reach-trend', [
    municipality.code,
    quarters[0]!.start,
    quarters.at(-1)!.start,
  ]);
  const stories = p.has('story')
    ? await query(p, 'stories', [municipality.code, period.start, period.end])
    : [];
  return {
    organisation: o.organisation,
    municipality,
    period,
    minCell: p.minCell,
    loadId: p.manifest.load_id,
    publishedAt: p.manifest.generated_at,
    families: out,
    trend: { quarters, rows: trend },
    stories,
  };
}

/** A CBS code (GM0344, gm344) or a name (Utrecht), checked against dim_municipality. */
export async function resolveMunicipality(p: Published, text: string): Promise<Municipality> {
  const known = await p.wh.rows<{ municipality_code: string; name: string }>(
    'SELECT municipality_code, name FROM dim_municipality',
  );
  const wanted = text.trim().toLowerCase();
  const asCode = /^gm\d{1,4}$/.test(wanted) ? `gm${wanted.slice(2).padStart(4, '0')}` : wanted;
  const hit = known.find(
    (m) => m.municipality_code.toLowerCase() === asCode || m.name.toLowerCase() === wanted,
  );
  if (hit) return { code: hit.municipality_code, name: hit.name };
  const withData = await query(p, 'municipalities');
  const some = withData
    .slice(0, 5)
    .map((m) => `${m.municipality_code} ${m.name}`)
    .join(', ');
  throw new UserError(
    `'${text}' is not a municipality in the published data.`,
    `Use a CBS code or name, e.g. ${some}${withData.length > 5 ? ` (${withData.length} with figures)` : ''}.`,
  );
}

async function noDataError(p: Published, m: Municipality, period: Period): Promise<UserError> {
  const periods = (await query(p, 'periods', [m.code])).filter((r) => r.period_type === period.type);
  const labels = periods.map((r) => periodFromStart(period.type, String(r.period_start)).label);
  const hint = labels.length
    ? `Periods of this kind with figures for ${m.name}: ${labels.length > 6 ? `${labels[0]} … ${labels.at(-1)}` : labels.join(', ')}.`
    : `There are no published figures for ${m.name} at all; is it one of the organisation's municipalities?`;
  return new UserError(`No published figures for ${m.name} (${m.code}) in ${period.label}.`, hint);
}
