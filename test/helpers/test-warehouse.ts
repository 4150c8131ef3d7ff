// A fresh in-memory warehouse for tests: migrated, reference data loaded, a fixed pseudonym
// key, and every model built once on empty land tables so that tests can insert rows into any
// table and rebuild the model under test. TimeZone is pinned to UTC as in production.
import type { DuckDBValue } from '@duckdb/node-api';
import { buildModel, type Layer, layerModels, loadSeeds } from '../../pipelines/steps/transform.ts';
import { installPseudonym } from '../../sql/pseudonym.ts';
import { ident } from '../../sql/quote.ts';
import { Warehouse } from '../../sql/warehouse.ts';

export const testKey = Buffer.from('test-key-that-is-long-enough-0123456789');

export interface TestWarehouse {
  wh: Warehouse;
  insert(table: string, rows: Record<string, unknown>[]): Promise<void>;
  build(model: string): Promise<void>;
  rows<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

const layers: Layer[] = ['staging', 'star', 'indicators'];

export async function testWarehouse(): Promise<TestWarehouse> {
  const wh = await Warehouse.open({ path: ':memory:' });
  await installPseudonym(wh, testKey);
  await loadSeeds(wh);
  for (const layer of layers) for (const m of layerModels(layer)) await buildModel(wh, layer, m);
  return {
    wh,
    async insert(table, rows) {
      await wh.run(`DELETE FROM ${table}`);
      for (const row of rows) {
        const cols = Object.keys(row);
        await wh.run(
          `INSERT INTO ${table} (${cols.map(ident).join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`,
          Object.values(row) as DuckDBValue[],
        );
      }
    },
    async build(model) {
      for (const layer of layers) {
        const m = layerModels(layer).find((x) => x.name === model);
        if (m) return void (await buildModel(wh, layer, m));
      }
      throw new Error(`no model ${model}`);
    },
    async rows<T>(sql: string) {
      const rows = await wh.rows(sql);
      return rows.map((r) =>
        Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof Date ? isoDay(v) : v])),
      ) as T[];
    },
    close: () => wh.close(),
  };
}

/** DATE values come back as Date at UTC midnight; tests compare calendar days. */
export const isoDay = (d: Date) => d.toISOString().slice(0, 10);
