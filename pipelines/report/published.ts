// The published set, read for municipalities: the tables in manifest.json, loaded from their
// Parquet files into an in-memory DuckDB. Reports and the dashboard never open the warehouse
// (a run may hold its lock) and only ever see what was published — small cells already
// suppressed. The files are those the manifest names (versions/<version>/…), so one report is
// built from one complete version even when a run publishes the next one meanwhile.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../lib/errors.ts';
import { ident, strList } from '../../sql/quote.ts';
import { Warehouse } from '../../sql/warehouse.ts';
import type { Manifest } from '../steps/publish.ts';

/**
 * What a municipality may see: the suppressed indicators, consented stories and the names of
 * services, municipalities and instrument domains. Facts and dim_client are client-level and
 * are never loaded here, so neither the report nor the server can hand them out.
 */
export const municipalTables = [
  'dim_service',
  'dim_municipality',
  'dim_instrument_domain',
  'ind_reach',
  'ind_trajectory',
  'ind_activity',
  'ind_outcome_change',
  'ind_social_return',
  'story',
] as const;
export type MunicipalTable = (typeof municipalTables)[number];

export interface Published {
  manifest: Manifest;
  minCell: number;
  /** In-memory DuckDB holding the municipal tables (only those the manifest lists). */
  wh: Warehouse;
  has(table: MunicipalTable): boolean;
  columns(table: MunicipalTable): string[];
  close(): Promise<void>;
}

export function readManifest(publishDir: string): Manifest {
  const file = join(publishDir, 'manifest.json');
  if (!existsSync(file)) {
    throw new UserError(
      `Nothing has been published yet: there is no ${file}.`,
      'Run `impact run` first; it publishes the indicators this reads.',
    );
  }
  return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
}

export async function openPublished(publishDir: string): Promise<Published> {
  // A run that publishes while we read may prune the version we started on (keep_versions):
  // then read the new manifest and start again.
  for (let attempt = 1; ; attempt++) {
    const manifest = readManifest(publishDir);
    const wh = await Warehouse.open({ path: ':memory:', migrate: false });
    try {
      const loaded = new Map<string, string[]>();
      for (const name of municipalTables) {
        const table = manifest.tables.find((t) => t.name === name);
        if (!table) continue;
        const files = table.files.map((f) => join(publishDir, f.path));
        // hive_partitioning off: the `year=` folder is only the partition, periods say it all.
        await wh.run(
          `CREATE TABLE ${ident(name)} AS SELECT * FROM read_parquet(${strList(files)}, hive_partitioning = false, union_by_name = true)`,
        );
        const cols = await wh.rows<{ column_name: string }>(
          'SELECT column_name FROM duckdb_columns() WHERE table_name = $1 ORDER BY column_index',
          [name],
        );
        loaded.set(
          name,
          cols.map((c) => c.column_name),
        );
      }
      return {
        manifest,
        minCell: manifest.suppression?.min_cell ?? 10,
        wh,
        has: (t) => loaded.has(t),
        columns: (t) => loaded.get(t) ?? [],
        close: () => wh.close(),
      };
    } catch (err) {
      await wh.close();
      const vanished = /No files found|does not exist|No such file/i.test(String(err));
      if (!vanished || attempt >= 3) throw err;
    }
  }
}
