// One municipal table for the API, filtered by what a caller asks in the query string
// (?municipality=GM0344&service=AMW&period=2025-Q1). The table name comes from a fixed list and
// the filter columns from the table's own schema; every value is a bound parameter. This is
// the one query built in code: its shape depends on which columns a table has.
import { UserError } from '../../../lib/errors.ts';
import { ident } from '../../../sql/quote.ts';
import { parsePeriod } from '../period.ts';
import { type MunicipalTable, municipalTables, type Published } from '../published.ts';
import { plainRow, type Row } from '../queries.ts';
import type { ColumnType } from './arrow.ts';

export const filters = [
  'municipality',
  'service',
  'period',
  'period_type',
  'instrument',
  'domain',
  'outcome',
] as const;

const columnOf: Record<string, string> = {
  municipality: 'municipality_code',
  service: 'service_code',
  period_type: 'period_type',
  instrument: 'instrument',
  domain: 'domain_code',
  outcome: 'outcome',
};

export function isMunicipalTable(name: string): name is MunicipalTable {
  return (municipalTables as readonly string[]).includes(name);
}

export async function apiTable(
  p: Published,
  table: MunicipalTable,
  query: URLSearchParams,
): Promise<{ rows: Row[]; columns: ColumnType[] }> {
  const columns = await p.wh.rows<{ column_name: string; data_type: string }>(
    'SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = $1 ORDER BY column_index',
    [table],
  );
  const has = (c: string) => columns.some((x) => x.column_name === c);
  const where: string[] = [];
  const params: string[] = [];
  const bind = (v: string) => {
    params.push(v);
    return `$${params.length}`;
  };
  for (const [key, value] of query) {
    if (!(filters as readonly string[]).includes(key)) {
      throw new UserError(`Unknown filter '${key}'.`, `Filters: ${filters.join(', ')}.`);
    }
    if (key === 'period') {
      const period = parsePeriod(value);
      if (has('period_start')) {
        where.push(`period_type = ${bind(period.type)}`, `period_start = ${bind(period.start)}::date`);
      } else if (has('story_date')) {
        where.push(`story_date BETWEEN ${bind(period.start)}::date AND ${bind(period.end)}::date`);
      }
      continue;
    }
    const column = columnOf[key]!;
    if (has(column)) where.push(`${ident(column)} = ${bind(value)}`);
  }
  const order = ['municipality_code', 'service_code', 'period_type', 'period_start', 'story_date'].filter(
    has,
  );
  const sql =
    `SELECT * FROM ${ident(table)}` +
    (where.length ? ` WHERE ${where.join(' AND ')}` : '') +
    (order.length ? ` ORDER BY ${order.map(ident).join(', ')}` : '');
  const rows = (await p.wh.rows(sql, params)).map(plainRow);
  return { rows, columns: columns.map((c) => ({ name: c.column_name, type: c.data_type })) };
}
