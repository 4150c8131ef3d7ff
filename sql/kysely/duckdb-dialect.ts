// A small Kysely dialect over @duckdb/node-api. We write our own (DEVELOPERS.md: kysely-duckdb
// lags Kysely and loses per-connection settings) and keep it minimal: Kysely compiles with its
// PostgreSQL compiler (DuckDB speaks the same dialect for what we use, with $1 parameters) and
// every query runs on the warehouse's single connection, so SET TimeZone and friends hold.
import { type DuckDBConnection, type DuckDBType, type DuckDBValue, VARCHAR } from '@duckdb/node-api';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
} from 'kysely';

export function duckdbDialect(
  connection: DuckDBConnection,
  serialise: <T>(fn: () => Promise<T>) => Promise<T>,
): Dialect {
  return {
    createAdapter: () => new PostgresAdapter(),
    createQueryCompiler: () => new PostgresQueryCompiler(),
    createIntrospector: (db: Kysely<unknown>) => new PostgresIntrospector(db),
    createDriver: () => new DuckDBDriver(connection, serialise),
  };
}

class DuckDBDriver implements Driver {
  constructor(
    private readonly connection: DuckDBConnection,
    private readonly serialise: <T>(fn: () => Promise<T>) => Promise<T>,
  ) {}
  async init() {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return new DuckDBKyselyConnection(this.connection, this.serialise);
  }
  async beginTransaction(conn: DatabaseConnection) {
    await (conn as DuckDBKyselyConnection).raw('BEGIN TRANSACTION');
  }
  async commitTransaction(conn: DatabaseConnection) {
    await (conn as DuckDBKyselyConnection).raw('COMMIT');
  }
  async rollbackTransaction(conn: DatabaseConnection) {
    await (conn as DuckDBKyselyConnection).raw('ROLLBACK');
  }
  async releaseConnection() {}
  async destroy() {}
}

class DuckDBKyselyConnection implements DatabaseConnection {
  constructor(
    private readonly connection: DuckDBConnection,
    private readonly serialise: <T>(fn: () => Promise<T>) => Promise<T>,
  ) {}

  raw(sql: string) {
    return this.serialise(() => this.connection.run(sql));
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const reader = await this.serialise(() =>
      this.connection.runAndReadAll(query.sql, toParams(query.parameters), paramTypes(query.parameters)),
    );
    const rows = reader.getRowObjectsJS().map(toPlainRow) as R[];
    return { rows };
  }

  // biome-ignore lint/correctness/useYield: streaming is not offered; the generator only throws
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not supported by the DuckDB dialect');
  }
}

/** BIGINT counts come back as bigint; hand numbers to callers when they fit. */
export function toPlainRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    out[k] =
      typeof v === 'bigint' && v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER)
        ? Number(v)
        : v;
  }
  return out;
}

/** JS Dates become UTC timestamp text, which DuckDB casts to TIMESTAMP or DATE where needed. */
export function toParams(values: readonly unknown[]): DuckDBValue[] {
  return values.map((v) =>
    v instanceof Date ? v.toISOString().replace('T', ' ').replace('Z', '') : v,
  ) as DuckDBValue[];
}

/** DuckDB cannot infer a type for a NULL parameter; VARCHAR casts implicitly to any column. */
export function paramTypes(values: readonly unknown[]): DuckDBType[] {
  return values.map((v) => (v === null || v === undefined ? VARCHAR : undefined)) as DuckDBType[];
}
