// Builds the SQL models of one layer of transforms/ (staging, star, indicators): each .sql file
// becomes a table (or a view, when its header says `materialized: view`) of the same name.
// Within a layer, a model that reads another is built after it (order from the SQL itself).
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crashPoint } from '../../lib/crash.ts';
import { UserError } from '../../lib/errors.ts';
import { ident, str } from '../../sql/quote.ts';
import { readSqlDir, type SqlFile } from '../../sql/sql-file.ts';
import type { Warehouse } from '../../sql/warehouse.ts';
import { commentColumns } from './dictionary.ts';

export const transformsDir = fileURLToPath(new URL('../../transforms/', import.meta.url));

export type Layer = 'staging' | 'star' | 'indicators';

export const layerSchema: Record<Layer, string> = { staging: 'staging', star: 'main', indicators: 'main' };

export function layerModels(layer: Layer): SqlFile[] {
  return dependencyOrder(readSqlDir(join(transformsDir, layer)));
}

/** Models in an order where every model comes after the models of its layer that it reads. */
export function dependencyOrder(models: SqlFile[]): SqlFile[] {
  const names = new Set(models.map((m) => m.name));
  const deps = new Map(models.map((m) => [m.name, upstream(m, names)]));
  const done: SqlFile[] = [];
  const visiting = new Set<string>();
  const visit = (m: SqlFile) => {
    if (done.includes(m)) return;
    if (visiting.has(m.name))
      throw new UserError(`transforms: models depend on each other in a cycle at ${m.name}.`);
    visiting.add(m.name);
    for (const d of deps.get(m.name) ?? []) visit(models.find((x) => x.name === d)!);
    visiting.delete(m.name);
    done.push(m);
  };
  for (const m of models) visit(m);
  return done;
}

/** Names from `names` that the model's SQL (comments stripped) refers to. */
export function upstream(model: SqlFile, names: Set<string>): string[] {
  const body = model.sql.replace(/--.*$/gm, '');
  return [...names].filter((n) => n !== model.name && new RegExp(`\\b${n}\\b`).test(body));
}

/**
 * A checked staging table (`materialized: incremental`) holds every landed row with its problems
 * and depends on land alone, so it commits on its own, like a landed file, before the models
 * that commit together: read inside the transaction that wrote it, 20 M contacts ran DuckDB out
 * of memory even at 8 GB, while committed they build at 4 GB (bench/RESULTS.md).
 */
export function commitsAlone(model: SqlFile): boolean {
  return model.settings.materialized === 'incremental';
}

/**
 * The model's SQL with every landed table it reads cut to the files after `after`. DuckDB pushes
 * the outer `_file_id` filter into most scans, but not through a LEFT JOIN into its right side
 * (stg_contact__checked's duplicate aggregate read all 20 M landed rows for 0.8 M new ones).
 */
async function onlyFilesAfter(wh: Warehouse, sql: string, after: number): Promise<string> {
  const landed = new Set(
    (
      await wh.rows<{ t: string }>(
        `SELECT table_name AS t FROM duckdb_columns() WHERE schema_name = 'land' AND column_name = '_file_id'`,
      )
    ).map((r) => r.t),
  );
  return sql
    .replace(/;\s*$/, '')
    .replace(
      /\bfrom\s+land\.([a-z_][a-z0-9_]*)\b(\s+as\s+[a-z_][a-z0-9_]*)?/gi,
      (whole, table: string, alias = '') =>
        landed.has(table.toLowerCase())
          ? `from (SELECT * FROM land.${table} WHERE _file_id > ${after})${alias || ` AS ${table}`}`
          : whole,
    );
}

/**
 * Builds the model anew, or with `append` (a `materialized: incremental` model, whose rows of a
 * file depend on that file alone) adds the rows of the files landed after the newest file it
 * holds: file ids only grow, and the filter on _file_id reaches the land scan.
 */
export async function buildModel(
  wh: Warehouse,
  layer: Layer,
  model: SqlFile,
  opts: { append?: boolean } = {},
): Promise<number | undefined> {
  const schema = layerSchema[layer];
  const target = `${schema}.${ident(model.name)}`;
  if (opts.append) {
    const after = Number((await wh.value<number | null>(`SELECT max(_file_id) FROM ${target}`)) ?? -1);
    await wh.run(
      `INSERT INTO ${target}\nSELECT * FROM (${await onlyFilesAfter(wh, model.sql, after)}) WHERE _file_id > ${after}`,
    );
    return wh.value<number>(`SELECT count(*) FROM ${target}`);
  }
  const asView = model.settings.materialized === 'view';
  // A model that changed from table to view (or back) must lose its old form first.
  const existing = await wh.value<string | undefined>(
    'SELECT table_type FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2',
    [schema, model.name],
  );
  if (existing === 'VIEW' && !asView) await wh.run(`DROP VIEW ${target}`);
  if (existing === 'BASE TABLE' && asView) await wh.run(`DROP TABLE ${target}`);
  // The model's header (purpose, grain, definition) becomes the table's comment, so analysts
  // see it in DBeaver or duckdb_tables() without opening the repository.
  const comment = `COMMENT ON ${asView ? 'VIEW' : 'TABLE'} ${target} IS ${str(model.header)}`;
  if (asView) {
    await wh.run(`CREATE OR REPLACE VIEW ${target} AS\n${model.sql}`);
    await wh.run(comment);
    return undefined;
  }
  await wh.run(`CREATE OR REPLACE TABLE ${target} AS\n${model.sql}`);
  crashPoint(`${layer}:mid-models`);
  await wh.run(comment);
  if (schema === 'main') await commentColumns(wh, schema, model.name);
  return wh.value<number>(`SELECT count(*) FROM ${target}`);
}

/**
 * Reference data (transforms/seeds/ref_*.csv) → tables ref.<name>, replaced every run. A file of
 * the same name in the organisation's own folder (impact.yaml `reference.directory`) replaces
 * the shipped one: that is how a custom instrument, service or proxy set is added, without code.
 */
export async function loadSeeds(wh: Warehouse, ownDir?: string): Promise<string[]> {
  const shipped = join(transformsDir, 'seeds');
  if (ownDir && !existsSync(ownDir)) {
    throw new UserError(`reference.directory: the folder ${ownDir} does not exist.`);
  }
  const seeds = (dir: string) => (dir ? readdirSync(dir).filter((f) => /^ref_[a-z0-9_]+\.csv$/.test(f)) : []);
  const own = new Set(ownDir ? seeds(ownDir) : []);
  const files = [...new Set([...seeds(shipped), ...own])].sort();
  for (const f of files) {
    const name = basename(f, '.csv').replace(/^ref_/, '');
    const path = join(own.has(f) ? ownDir! : shipped, f);
    await wh.run(
      `CREATE OR REPLACE TABLE ref.${ident(name)} AS
       SELECT * FROM read_csv(${str(path)}, header = true, all_varchar = true, delim = ',', quote = '"')`,
    );
  }
  return files.map((f) => (own.has(f) ? `${f} (own)` : f));
}
