// Which models a run must rebuild (DESIGN.md §9: a nightly run costs seconds, not a full
// reload). A model's fingerprint is a sha256 over its SQL, the fingerprints of the models it
// reads, the tables it reads, and what every model shares (migrations with their macros, the
// data dictionary, the pseudonym key). A model whose fingerprint equals the one it was last
// built with would come out the same, so it is kept as it is.
// Every model is a pure function of what it reads, so this is exact as long as the reads are
// visible in its SQL: a model's inputs are found the way its build order is (names in the SQL,
// comments stripped), which can only over-count. What a model cannot show by name is covered
// by rule: a model that uses the date depends on it (only on the year when all it asks is
// year(current_date)), and one that uses a clock, a random number or a run variable is
// rebuilt every run.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrationsDir } from '../../sql/migrate.ts';
import type { SqlFile } from '../../sql/sql-file.ts';
import type { Warehouse } from '../../sql/warehouse.ts';
import { type Layer, layerSchema, transformsDir, upstream } from './transform.ts';

export interface PlannedModel {
  layer: Layer;
  model: SqlFile;
}

const sha256 = (...parts: string[]) => createHash('sha256').update(parts.join('\0')).digest('hex');

/** Schemas whose tables models read but do not build. */
const baseSchemas = ['land', 'ref', 'meta'];

const volatile = /\b(now|current_timestamp|get_current_timestamp|random|uuid|gen_random_uuid|getvariable)\b/i;

/** Above this many rows a rebuilt table is not summed: its fingerprint stands for its content. */
const summedUpTo = 5_000_000;

/**
 * keep: the model holds what it would build; append: an incremental model whose only change is
 * files landed since, which it adds; full: build it anew.
 */
export interface Decision {
  fingerprint: string;
  build: 'keep' | 'append' | 'full';
}

export class BuildPlan {
  /** What each model read this run holds, by name: its content fingerprint. */
  private readonly contents = new Map<string, string>();
  /** Land and reference tables do not change while models build; meta tables may. */
  private readonly stableTables = new Map<string, string>();

  private constructor(
    private readonly wh: Warehouse,
    private readonly runId: number,
    private readonly shared: string,
    private readonly built: Map<string, { fingerprint: string; content: string }>,
    /** Every model in build order (staging, star, indicators): name → schema.name. */
    private readonly order: Map<string, string>,
  ) {}

  /**
   * @param all every model of every layer in build order (also those this pipeline does not
   * build), so a model can read one that another pipeline builds.
   */
  static async open(
    wh: Warehouse,
    runId: number,
    all: PlannedModel[],
    pseudonymKey: Buffer,
  ): Promise<BuildPlan> {
    const rows = await wh.rows<{ model: string; fingerprint: string; content: string }>(
      'SELECT model, fingerprint, content FROM meta.model_build',
    );
    const built = new Map(rows.map((r) => [r.model, { fingerprint: r.fingerprint, content: r.content }]));
    const migrations = readdirSync(migrationsDir)
      .filter((f) => f.endsWith('.sql'))
      .sort()
      .map((f) => readFileSync(join(migrationsDir, f), 'utf8'));
    const shared = sha256(
      ...migrations,
      readFileSync(join(transformsDir, 'dictionary.yaml'), 'utf8'),
      // A new key gives every client a new pseudonym; the key itself is never stored.
      createHash('sha256').update('impact-warehouse model fingerprint\0').update(pseudonymKey).digest('hex'),
    );
    const order = new Map(all.map(({ layer, model }) => [model.name, `${layerSchema[layer]}.${model.name}`]));
    return new BuildPlan(wh, runId, shared, built, order);
  }

  /**
   * The model's fingerprint, and whether its table (or view) already holds what it would build.
   * Call in build order, and `settle` each model before checking the next.
   */
  async check({ layer, model }: PlannedModel): Promise<Decision> {
    const target = `${layerSchema[layer]}.${model.name}`;
    const body = model.sql.replace(/--.*$/gm, '');
    const parts = [this.shared, target, model.sql];
    /** The landed tables it reads, apart: an incremental model only adds their new files. */
    const landed: string[] = [];
    // Only models built before this one can be read by it (a name further on is a column or a
    // land table of the same name).
    const names = [...this.order.keys()];
    const at = names.indexOf(model.name);
    for (const name of upstream(model, new Set(at < 0 ? names : names.slice(0, at)))) {
      const qualified = this.order.get(name)!;
      parts.push(
        `${qualified}=${this.contents.get(name) ?? this.built.get(qualified)?.content ?? 'never built'}`,
      );
    }
    const tables = new Set(
      [...body.matchAll(/\b(land|ref|meta)\.([a-z_][a-z0-9_]*)\b/gi)].map((m) => m[0].toLowerCase()),
    );
    for (const table of [...tables].sort()) {
      const fingerprint = await this.tableFingerprint(table);
      (fingerprint.startsWith('landed ') ? landed : parts).push(`${table}=${fingerprint}`);
    }
    if (volatile.test(body)) parts.push(`run ${this.runId}`);
    else if (/\bcurrent_date\b/i.test(body.replace(/\byear\s*\(\s*current_date\s*\)/gi, ''))) {
      parts.push(`date ${await this.wh.value<string>('SELECT current_date::VARCHAR')}`);
    } else if (/\bcurrent_date\b/i.test(body)) {
      parts.push(`year ${await this.wh.value<number>('SELECT year(current_date)')}`);
    }
    // "<everything but the landed rows>.<everything>": equal first halves mean only new files
    // landed since the last build.
    const fingerprint = `${sha256(...parts)}.${sha256(...parts, ...landed)}`;
    const exists = await this.wh.value<string | undefined>(
      'SELECT table_type FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2',
      [layerSchema[layer], model.name],
    );
    const wanted = model.settings.materialized === 'view' ? 'VIEW' : 'BASE TABLE';
    const before = exists === wanted ? this.built.get(target)?.fingerprint : undefined;
    if (before === fingerprint) return { fingerprint, build: 'keep' };
    const sameButLanded = before?.split('.')[0] === fingerprint.split('.')[0];
    return {
      fingerprint,
      build: model.settings.materialized === 'incremental' && sameButLanded ? 'append' : 'full',
    };
  }

  /**
   * After the model was built (or kept): what the models that read it will see of it. A
   * rebuilt table is summed row by row, so one rebuilt to the same rows (client pseudonyms
   * after a delivery of contacts of known clients) leaves its readers as they are. Recorded
   * inside the run's transaction, like the model.
   */
  async settle({ layer, model }: PlannedModel, fingerprint: string, rebuilt: boolean): Promise<void> {
    const target = `${layerSchema[layer]}.${model.name}`;
    let content = this.built.get(target)?.content ?? fingerprint;
    if (rebuilt) {
      content = fingerprint;
      if (model.settings.materialized !== 'view') {
        const rows = await this.wh.value<number>(`SELECT count(*) FROM ${target}`);
        if (rows <= summedUpTo) {
          content = await this.wh.value<string>(
            `SELECT count(*) || ':' || coalesce(sum(hash(t)::HUGEINT), 0) FROM ${target} AS t`,
          );
        }
      }
      await this.wh.run('INSERT OR REPLACE INTO meta.model_build VALUES ($1, $2, $3, $4, now()::TIMESTAMP)', [
        target,
        fingerprint,
        content,
        this.runId,
      ]);
    }
    this.contents.set(model.name, content);
  }

  /**
   * What a publish made now would be made of: what every model holds, the configuration
   * (min_cell, the publish folder, the organisation's name) and the code that writes the files.
   */
  publication(configHash: string, codeVersion: string): string {
    return sha256(configHash, codeVersion, ...[...this.contents].sort().map(([m, c]) => `${m}=${c}`));
  }

  /**
   * A landed table only grows, one load at a time, so its row count and newest load and file
   * identify its content without reading it; any other table is summed row by row.
   */
  private async tableFingerprint(table: string): Promise<string> {
    const [schema, name] = table.split('.') as [string, string];
    const known = this.stableTables.get(table);
    if (known) return known;
    const columns = await this.wh.rows<{ column_name: string }>(
      `SELECT column_name FROM duckdb_columns()
       WHERE database_name = current_database() AND schema_name = $1 AND table_name = $2`,
      [schema, name],
    );
    if (!columns.length) return 'absent'; // a type such as land.cell_error, or a table not made yet
    const appendOnly = schema === 'land' && columns.some((c) => c.column_name === '_load_id');
    const fingerprint = await this.wh.value<string>(
      appendOnly
        ? `SELECT 'landed ' || count(*) || ':' || coalesce(max(_load_id), 0) || ':' || coalesce(max(_file_id), 0) FROM ${table}`
        : `SELECT count(*) || ':' || coalesce(sum(hash(t)::HUGEINT), 0) FROM ${table} AS t`,
    );
    if (baseSchemas.includes(schema) && schema !== 'meta') this.stableTables.set(table, fingerprint);
    return fingerprint;
  }
}

/** Rows of a model kept as it was (a view has none of its own). */
export async function countRows(wh: Warehouse, { layer, model }: PlannedModel): Promise<number | undefined> {
  if (model.settings.materialized === 'view') return undefined;
  return wh.value<number>(`SELECT count(*) FROM ${layerSchema[layer]}.${model.name}`);
}

/** The fingerprint of the pipeline's last complete publish (meta.build_input), if any. */
export async function publishedFrom(wh: Warehouse, pipeline: string): Promise<string | undefined> {
  return wh.value<string | undefined>('SELECT fingerprint FROM meta.build_input WHERE pipeline = $1', [
    pipeline,
  ]);
}

export async function recordPublication(wh: Warehouse, pipeline: string, fingerprint: string, runId: number) {
  await wh.run('INSERT OR REPLACE INTO meta.build_input VALUES ($1, $2, $3, now()::TIMESTAMP)', [
    pipeline,
    fingerprint,
    runId,
  ]);
}
