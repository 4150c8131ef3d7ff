// The data dictionary (transforms/dictionary.yaml) applied to the warehouse: every column of the
// star and the indicators gets its description as a DuckDB comment, which DBeaver, the DuckDB
// CLI (duckdb_columns()) and `impact docs` show. Table comments come from the models' headers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ident, str } from '../../sql/quote.ts';
import type { Warehouse } from '../../sql/warehouse.ts';
import { transformsDir } from './transform.ts';

export interface Dictionary {
  columns: Record<string, string>;
  tables: Record<string, Record<string, string>>;
}

let cached: Dictionary | undefined;

export function dictionary(): Dictionary {
  cached ??= parse(readFileSync(join(transformsDir, 'dictionary.yaml'), 'utf8')) as Dictionary;
  return cached;
}

export function describeColumn(table: string, column: string): string | undefined {
  const d = dictionary();
  return d.tables[table]?.[column] ?? d.columns[column];
}

export async function commentColumns(wh: Warehouse, schema: string, table: string): Promise<void> {
  const columns = await wh.rows<{ column_name: string }>(
    'SELECT column_name FROM duckdb_columns() WHERE schema_name = $1 AND table_name = $2 AND database_name = current_database()',
    [schema, table],
  );
  const statements = columns.flatMap(({ column_name }) => {
    const text = describeColumn(table, column_name);
    return text ? [`COMMENT ON COLUMN ${schema}.${ident(table)}.${ident(column_name)} IS ${str(text)};`] : [];
  });
  if (statements.length) await wh.run(statements.join('\n'));
}
