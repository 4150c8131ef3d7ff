// Publishes the star and the indicators as Parquet for BI tools (DESIGN.md §7): a new version
// folder is written completely, then one atomic switch (a symlink rename) makes it current, and
// manifest.json is replaced atomically. A reader sees the previous complete set or the new one,
// never a mix. Facts and indicators are Hive-partitioned by year; dimensions are single files.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, sep } from 'node:path';
import { crashPoint } from '../../lib/crash.ts';
import { UserError } from '../../lib/errors.ts';
import { ident, str } from '../../sql/quote.ts';
import { readSqlFile } from '../../sql/sql-file.ts';
import type { Warehouse } from '../../sql/warehouse.ts';
import { transformsDir } from './transform.ts';

export interface PublishedTable {
  name: string;
  kind: 'dimension' | 'fact' | 'indicator' | 'quality';
  /** Date column whose year partitions the table; dimensions are not partitioned. */
  yearOf?: string;
  /** The table has its own `year` column to partition by. */
  hasYear?: boolean;
}

const partitioned = (t: PublishedTable) => Boolean(t.yearOf || t.hasYear);

export const publishedTables: PublishedTable[] = [
  { name: 'dim_date', kind: 'dimension' },
  { name: 'dim_client', kind: 'dimension' },
  { name: 'dim_service', kind: 'dimension' },
  { name: 'dim_municipality', kind: 'dimension' },
  { name: 'dim_instrument_domain', kind: 'dimension' },
  { name: 'dim_closure_reason', kind: 'dimension' },
  { name: 'fct_trajectory', kind: 'fact', yearOf: 'start_date' },
  { name: 'fct_contact', kind: 'fact', yearOf: 'contact_date' },
  { name: 'fct_outcome_score', kind: 'fact', yearOf: 'measured_on' },
  { name: 'fct_activity', kind: 'fact', yearOf: 'activity_date' },
  { name: 'fct_outcome_change', kind: 'fact', yearOf: 'end_date' },
  { name: 'story', kind: 'fact', yearOf: 'story_date' },
  { name: 'fct_budget', kind: 'fact', hasYear: true },
  { name: 'ind_reach', kind: 'indicator', yearOf: 'period_start' },
  { name: 'ind_trajectory', kind: 'indicator', yearOf: 'period_start' },
  { name: 'ind_activity', kind: 'indicator', yearOf: 'period_start' },
  { name: 'ind_outcome_change', kind: 'indicator', yearOf: 'period_start' },
  { name: 'ind_social_return', kind: 'indicator', yearOf: 'period_start' },
  { name: 'ind_data_quality', kind: 'quality' },
  { name: 'ind_data_quality_reason', kind: 'quality' },
];

/** Types every BI tool reads; anything else is a bug in a model, caught before publishing. */
const biSafe =
  /^(BOOLEAN|TINYINT|SMALLINT|INTEGER|BIGINT|FLOAT|DOUBLE|DECIMAL\(\d+,\d+\)|VARCHAR|DATE|TIMESTAMP)$/;

export interface ManifestTable {
  name: string;
  kind: PublishedTable['kind'];
  path: string;
  current_path: string;
  partitioned_by: string[];
  rows: number;
  files: { path: string; rows: number }[];
  schema: { name: string; type: string }[];
}

export interface Manifest {
  version: string;
  load_id: number;
  generated_at: string;
  suppression: { min_cell: number; applies_to: string[] };
  tables: ManifestTable[];
}

export async function publish(
  wh: Warehouse,
  publishDir: string,
  runId: number,
  minCell: number,
  keep: number,
) {
  const version = `${String(runId).padStart(6, '0')}-${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}`;
  const versions = join(publishDir, 'versions');
  const staging = join(versions, `.${version}.partial`);
  const final = join(versions, version);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  await prepareSuppression(wh, minCell);

  const tables: ManifestTable[] = [];
  for (const t of publishedTables) {
    const select = publishSelect(t);
    const schema = await wh.rows<{ column_name: string; column_type: string }>(`DESCRIBE ${select}`);
    const unsafe = schema.filter((c) => !biSafe.test(c.column_type));
    if (unsafe.length) {
      throw new UserError(
        `publish: ${t.name} has columns of types BI tools cannot read: ${unsafe.map((c) => `${c.column_name} ${c.column_type}`).join(', ')}.`,
      );
    }
    const target = partitioned(t) ? join(staging, t.name) : join(staging, `${t.name}.parquet`);
    // Part files carry the version in their name: a reader that listed `current/<table>/…` just
    // before a switch and opens the files after it gets "not found" and reads again, instead of
    // silently reading another version's file of the same name.
    const options = partitioned(t)
      ? `FORMAT parquet, COMPRESSION zstd, PARTITION_BY (year), FILENAME_PATTERN ${str(`part-${version}-{i}`)}`
      : 'FORMAT parquet, COMPRESSION zstd';
    await wh.run(`COPY (${select}) TO ${str(target)} (${options})`);
    let files = partitioned(t) ? parquetFiles(target) : [target];
    if (!files.length) {
      // No rows: still publish the table's schema, so readers of `<table>/**/*.parquet` and
      // BI folder connectors find a table with zero rows instead of a missing one.
      const empty = join(target, 'empty.parquet');
      await wh.run(`COPY (SELECT * EXCLUDE (year) FROM ${select} LIMIT 0) TO ${str(empty)} (FORMAT parquet)`);
      files = [empty];
    }
    const counted = await Promise.all(
      files.map(async (f) => ({
        path: relative(publishDir, f.replace(staging, final)).split(sep).join('/'),
        rows: await wh.value<number>(`SELECT count(*) FROM read_parquet(${str(f)})`),
      })),
    );
    tables.push({
      name: t.name,
      kind: t.kind,
      path: relative(publishDir, target.replace(staging, final)).split(sep).join('/'),
      current_path: relative(publishDir, target.replace(staging, join(publishDir, 'current')))
        .split(sep)
        .join('/'),
      partitioned_by: partitioned(t) ? ['year'] : [],
      rows: counted.reduce((n, f) => n + f.rows, 0),
      files: counted,
      schema: schema.map((c) => ({ name: c.column_name, type: c.column_type })),
    });
    if (t.name === 'fct_contact') crashPoint('publish:mid-tables');
  }

  const manifest: Manifest = {
    version,
    load_id: runId,
    generated_at: new Date().toISOString(),
    suppression: {
      min_cell: minCell,
      applies_to: publishedTables.filter((t) => t.kind === 'indicator').map((t) => t.name),
    },
    tables,
  };
  writeFileSync(join(staging, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(staging, final);
  crashPoint('publish:before-switch');
  switchCurrent(publishDir, version);
  writeAtomically(join(publishDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  pruneVersions(versions, keep);
  return manifest;
}

/**
 * The models behind suppression (transforms/publish/suppression_cell, suppression_term,
 * suppressed_cell), in that order, as temporary tables: the published models read them, and
 * nothing of them outlives the connection or reaches the warehouse file.
 */
export const suppressionModels = ['suppression_cell', 'suppression_term', 'suppressed_cell'];

/** Sets min_cell and decides which cells are hidden, before any published model is read. */
export async function prepareSuppression(wh: Warehouse, minCell: number) {
  await wh.run(`SET VARIABLE min_cell = ${Number(minCell)}`);
  for (const name of suppressionModels) {
    const { sql } = readSqlFile(join(transformsDir, 'publish', `${name}.sql`));
    await wh.run(`CREATE OR REPLACE TEMP TABLE ${ident(name)} AS\n${sql.replace(/;\s*$/, '')}`);
  }
}

export function publishSelect(t: Pick<PublishedTable, 'name' | 'yearOf'>): string {
  const custom = join(transformsDir, 'publish', `${t.name}.sql`);
  if (existsSync(custom)) return `(${readSqlFile(custom).sql.replace(/;\s*$/, '')})`;
  const year = t.yearOf ? `, year(${ident(t.yearOf)}) AS year` : '';
  return `(SELECT *${year} FROM ${ident(t.name)})`;
}

function parquetFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.parquet')) out.push(join(entry.parentPath, entry.name));
  }
  return out.sort();
}

/** `current` is a symlink to the version; rename() over it is atomic on POSIX file systems. */
function switchCurrent(publishDir: string, version: string) {
  const link = join(publishDir, 'current');
  const tmp = join(publishDir, `.current-${version}`);
  rmSync(tmp, { force: true });
  symlinkSync(join('versions', version), tmp, 'dir');
  renameSync(tmp, link);
}

/** Written next to it, then renamed over it: a reader sees the old file or the new one, never half. */
export function writeAtomically(path: string, content: string | Buffer) {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

function pruneVersions(versions: string, keep: number) {
  const all = readdirSync(versions)
    .filter((v) => !v.startsWith('.') && statSync(join(versions, v)).isDirectory())
    .sort();
  const current = existsSync(join(versions, '..', 'current'))
    ? readlinkSync(join(versions, '..', 'current'))
    : '';
  for (const v of all.slice(0, Math.max(0, all.length - keep))) {
    if (current.endsWith(v)) continue;
    rmSync(join(versions, v), { recursive: true, force: true });
  }
  for (const v of readdirSync(versions).filter((v) => v.endsWith('.partial'))) {
    rmSync(join(versions, v), { recursive: true, force: true });
  }
}
