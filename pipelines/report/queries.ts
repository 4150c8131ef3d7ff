// Runs the report's SQL files (pipelines/report/queries/*.sql) against the published tables and
// hands back plain rows: numbers as numbers, dates as 'yyyy-mm-dd', NULL as null — the shape
// both the XLSX writer and the dashboard's embedded JSON want.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSqlFile, type SqlFile } from '../../sql/sql-file.ts';
import type { Published } from './published.ts';

const queriesDir = fileURLToPath(new URL('./queries/', import.meta.url));
const cache = new Map<string, SqlFile>();

export type Value = string | number | boolean | null;
export type Row = Record<string, Value>;

export function reportQuery(name: string): SqlFile {
  let file = cache.get(name);
  if (!file) {
    file = readSqlFile(join(queriesDir, `${name}.sql`));
    cache.set(name, file);
  }
  return file;
}

export async function query(p: Published, name: string, params: (string | null)[] = []): Promise<Row[]> {
  const rows = await p.wh.rows(reportQuery(name).sql, params);
  return rows.map(plainRow);
}

export function plainRow(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) out[k] = plainValue(v);
  return out;
}

function plainValue(v: unknown): Value {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) {
    const text = v.toISOString();
    // DATE columns arrive as UTC midnight; TIMESTAMPs keep their time.
    return text.endsWith('T00:00:00.000Z') ? text.slice(0, 10) : text;
  }
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return String(v);
}
