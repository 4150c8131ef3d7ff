// The analyst snapshot (DESIGN.md §7): a separate DuckDB file with the star, the indicators and
// the run history, written next to the warehouse and swapped in with one rename after each
// successful run. Analysts open it read-only and never meet the loader's lock; a reader that
// has the old file open keeps reading the old file.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { crashPoint } from '../../lib/crash.ts';
import { ident, str } from '../../sql/quote.ts';
import type { Warehouse } from '../../sql/warehouse.ts';

export async function writeSnapshot(wh: Warehouse, path: string): Promise<{ tables: number }> {
  const tmp = `${path}.tmp-${process.pid}`;
  removeLeftovers(path);
  const tables = await wh.rows<{ schema_name: string; table_name: string; comment: string | null }>(
    `SELECT schema_name, table_name, comment FROM duckdb_tables()
     WHERE database_name = current_database() AND (schema_name = 'main' OR schema_name = 'meta')
     ORDER BY 1, 2`,
  );
  await wh.run(`ATTACH ${str(tmp)} AS snapshot`);
  try {
    await wh.run('CREATE SCHEMA snapshot.meta');
    for (const t of tables) {
      await wh.run(
        `CREATE TABLE snapshot.${t.schema_name}.${t.table_name} AS SELECT * FROM ${t.schema_name}.${t.table_name}`,
      );
      if (t.table_name === 'fct_contact') crashPoint('snapshot:mid-copy');
      if (t.comment)
        await wh.run(`COMMENT ON TABLE snapshot.${t.schema_name}.${t.table_name} IS ${str(t.comment)}`);
    }
    // CREATE TABLE AS copies no comments: carry the data dictionary over.
    const columns = await wh.rows<{
      schema_name: string;
      table_name: string;
      column_name: string;
      comment: string;
    }>(
      `SELECT schema_name, table_name, column_name, comment FROM duckdb_columns()
       WHERE database_name = current_database() AND schema_name IN ('main', 'meta') AND comment IS NOT NULL`,
    );
    const comments = columns.map(
      (c) =>
        `COMMENT ON COLUMN snapshot.${c.schema_name}.${ident(c.table_name)}.${ident(c.column_name)} IS ${str(c.comment)};`,
    );
    if (comments.length) await wh.run(comments.join('\n'));
  } finally {
    await wh.run('DETACH snapshot');
  }
  renameSync(tmp, path);
  if (existsSync(`${tmp}.wal`)) rmSync(`${tmp}.wal`, { force: true });
  return { tables: tables.length };
}

/** A snapshot cut short (kill -9, power cut) leaves its temp files; the next one removes them. */
function removeLeftovers(path: string) {
  mkdirSync(dirname(path), { recursive: true });
  const prefix = `${basename(path)}.tmp-`;
  for (const f of readdirSync(dirname(path))) {
    if (f.startsWith(prefix)) rmSync(join(dirname(path), f), { force: true });
  }
}
