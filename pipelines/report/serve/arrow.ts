// Published rows as Arrow IPC (stream format), typed after the DuckDB columns — BIGINT as
// Int64, DATE as Date32, DOUBLE as Float64 — so pandas, polars or R read the same types as
// from the Parquet. (tableFromJSON would guess: every number a Float64, dates as text, and an
// all-NULL column of type Null.)
import {
  Bool,
  type DataType,
  DateDay,
  Float64,
  Int32,
  Int64,
  Table,
  TimestampMillisecond,
  tableToIPC,
  Utf8,
  type Vector,
  vectorFromArray,
} from 'apache-arrow';
import type { Row, Value } from '../queries.ts';

export interface ColumnType {
  name: string;
  type: string;
}

function arrowType(duckdb: string): [DataType, (v: Value) => unknown] {
  if (duckdb === 'BIGINT' || duckdb === 'HUGEINT') return [new Int64(), (v) => BigInt(v as number)];
  if (duckdb === 'INTEGER' || duckdb === 'SMALLINT' || duckdb === 'TINYINT') return [new Int32(), (v) => v];
  if (duckdb === 'DOUBLE' || duckdb === 'FLOAT' || duckdb.startsWith('DECIMAL'))
    return [new Float64(), Number];
  if (duckdb === 'BOOLEAN') return [new Bool(), (v) => v];
  if (duckdb === 'DATE') return [new DateDay(), (v) => new Date(`${v}T00:00:00Z`)];
  if (duckdb.startsWith('TIMESTAMP'))
    return [new TimestampMillisecond(), (v) => new Date(String(v)).getTime()];
  return [new Utf8(), String];
}

export function rowsToArrowIpc(
  rows: Row[],
  columns: ColumnType[],
  metadata: Record<string, string>,
): Uint8Array {
  const vectors: Record<string, Vector> = {};
  for (const c of columns) {
    const [type, convert] = arrowType(c.type);
    vectors[c.name] = vectorFromArray(
      rows.map((r) => (r[c.name] === null || r[c.name] === undefined ? null : convert(r[c.name]!))),
      type,
    ) as Vector;
  }
  const table = new Table(vectors);
  for (const [k, v] of Object.entries(metadata)) table.schema.metadata.set(k, v);
  return tableToIPC(table, 'stream');
}
