// Row count and an order-independent hash of every star and indicator table, for tests that
// must show two warehouses are the same (a crashed-and-resumed run, a day-by-day load) whatever
// the run ids that loaded them.
import { Warehouse } from '../../sql/warehouse.ts';

export async function starFingerprint(path: string): Promise<Record<string, string>> {
  const wh = await Warehouse.open({ path, readOnly: true });
  try {
    const tables = await wh.rows<{ t: string }>(
      `SELECT table_name AS t FROM duckdb_tables()
       WHERE schema_name = 'main' AND table_name NOT LIKE 'ind_data_quality%' ORDER BY 1`,
    );
    const out: Record<string, string> = {};
    for (const { t } of tables) {
      const cols = await wh.rows<{ c: string; type: string }>(
        `SELECT column_name AS c, data_type AS type FROM duckdb_columns()
         WHERE schema_name = 'main' AND table_name = $1 AND column_name NOT IN ('_load_id')`,
        [t],
      );
      // Parallel sums of doubles may differ in the last bits between runs: compare to 9 decimals.
      const values = cols.map((c) => (c.type === 'DOUBLE' ? `round("${c.c}", 9)` : `"${c.c}"`));
      const [row] = await wh.json<{ n: string; h: string }>(
        `SELECT count(*) AS n, coalesce(sum(hash(${values.join(', ')}))::VARCHAR, '0') AS h FROM ${t}`,
      );
      out[t] = `${row!.n}:${row!.h}`;
    }
    return out;
  } finally {
    await wh.close();
  }
}
