// Applies the migrations in sql/migrations/ in file-name order, each in its own transaction,
// and remembers them in meta.schema_migration. Migrations are append-only: an applied file
// that has since been edited stops the run, because the warehouse would no longer match it.
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { UserError } from '../lib/errors.ts';
import { readSqlDir } from './sql-file.ts';
import type { Warehouse } from './warehouse.ts';

export const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));

export async function migrate(wh: Warehouse, dir = migrationsDir): Promise<string[]> {
  await wh.run(`
    CREATE SCHEMA IF NOT EXISTS meta;
    CREATE TABLE IF NOT EXISTS meta.schema_migration (
      version    VARCHAR PRIMARY KEY,
      checksum   VARCHAR NOT NULL,
      applied_at TIMESTAMP NOT NULL
    );`);
  const applied = new Map(
    (
      await wh.rows<{ version: string; checksum: string }>(
        'SELECT version, checksum FROM meta.schema_migration',
      )
    ).map((r) => [r.version, r.checksum]),
  );
  const done: string[] = [];
  for (const file of readSqlDir(dir)) {
    const checksum = createHash('sha256').update(file.sql).digest('hex');
    const known = applied.get(file.name);
    if (known === checksum) continue;
    if (known) {
      throw new UserError(
        `Migration ${file.name} was changed after it was applied to ${wh.path}.`,
        'Migrations are append-only: restore the file and add a new migration for the change.',
      );
    }
    await wh.transaction(async () => {
      await wh.runFile(file);
      await wh.run('INSERT INTO meta.schema_migration VALUES ($1, $2, now()::TIMESTAMP)', [
        file.name,
        checksum,
      ]);
    });
    done.push(file.name);
  }
  return done;
}

/**
 * For a warehouse opened read-only, which cannot migrate itself: the migrations it still lacks.
 * A newer `impact` reading an older warehouse would otherwise fail on a missing table.
 */
export async function pendingMigrations(wh: Warehouse, dir = migrationsDir): Promise<string[]> {
  const applied = new Set(
    (
      await wh
        .rows<{ version: string }>('SELECT version FROM meta.schema_migration')
        .catch(() => [] as { version: string }[])
    ).map((r) => r.version),
  );
  return readSqlDir(dir)
    .map((f) => f.name)
    .filter((name) => !applied.has(name));
}
