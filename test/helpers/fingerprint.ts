// Row count and an order-independent hash of every star and indicator table, for tests that
// must show two warehouses (or two publish folders) are the same — a crashed-and-resumed run, a
// day-by-day load — whatever the run ids that loaded them. Data quality is per delivered file
// and run, so it is left out.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Warehouse } from '../../sql/warehouse.ts';

/** `rows:hash` of a relation; load ids are left out by the caller. */
async function fingerprintOf(
  wh: Warehouse,
  from: string,
  columns: { name: string; type: string }[],
): Promise<string> {
  // Parallel sums of doubles may differ in the last bits between runs: compare to 9 decimals.
  const values = columns.map((c) => (c.type === 'DOUBLE' ? `round("${c.name}", 9)` : `"${c.name}"`));
  const [row] = await wh.json<{ n: string; h: string }>(
    `SELECT count(*) AS n, coalesce(sum(hash(${values.join(', ')}))::VARCHAR, '0') AS h FROM ${from}`,
  );
  return `${row!.n}:${row!.h}`;
}

export async function starFingerprint(path: string): Promise<Record<string, string>> {
  const wh = await Warehouse.open({ path, readOnly: true });
  try {
    const tables = await wh.rows<{ t: string }>(
      `SELECT table_name AS t FROM duckdb_tables()
       WHERE schema_name = 'main' AND table_name NOT LIKE 'ind_data_quality%' ORDER BY 1`,
    );
    const out: Record<string, string> = {};
    for (const { t } of tables) {
      const cols = await wh.rows<{ name: string; type: string }>(
        `SELECT column_name AS name, data_type AS type FROM duckdb_columns()
         WHERE schema_name = 'main' AND table_name = $1 AND column_name NOT IN ('_load_id')`,
        [t],
      );
      out[t] = await fingerprintOf(wh, t, cols);
    }
    return out;
  } finally {
    await wh.close();
  }
}

/** The same for every table a publish folder's manifest lists, read from its Parquet files. */
export async function publishedFingerprint(publishDir: string): Promise<Record<string, string>> {
  const manifest = JSON.parse(readFileSync(join(publishDir, 'manifest.json'), 'utf8'));
  const wh = await Warehouse.open({ path: ':memory:' });
  try {
    const out: Record<string, string> = {};
    for (const t of manifest.tables as {
      name: string;
      files: { path: string }[];
      schema: { name: string; type: string }[];
    }[]) {
      if (t.name.startsWith('ind_data_quality')) continue;
      const files = t.files.map((f) => `'${join(publishDir, f.path)}'`).join(', ');
      const cols = t.schema.filter((c) => !/load_id/.test(c.name));
      out[t.name] = await fingerprintOf(wh, `read_parquet([${files}])`, cols);
    }
    return out;
  } finally {
    await wh.close();
  }
}
