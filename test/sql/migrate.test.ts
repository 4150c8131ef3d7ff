import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, migrationsDir, pendingMigrations } from '../../sql/migrate.ts';
import { Warehouse } from '../../sql/warehouse.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'impact-migrate-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('migrations', () => {
  it('create the whole schema on an empty warehouse', async () => {
    const path = join(tempDir(), 'w.duckdb');
    const wh = await Warehouse.open({ path });
    const tables = await wh.rows<{ t: string }>(
      `SELECT schema_name || '.' || table_name AS t FROM duckdb_tables() ORDER BY 1`,
    );
    expect(tables.map((r) => r.t)).toEqual(
      expect.arrayContaining([
        'meta.run',
        'meta.run_step',
        'meta.load_file',
        'land.contact',
        'land.outcome_score',
      ]),
    );
    await wh.close();
  });

  it('apply only what is new on an existing warehouse, and keep its data', async () => {
    const dir = tempDir();
    const path = join(dir, 'w.duckdb');
    const own = join(dir, 'migrations');
    cpSync(migrationsDir, own, { recursive: true });
    let wh = await Warehouse.open({ path, migrate: false });
    expect((await migrate(wh, own)).length).toBeGreaterThan(0);
    await wh.run(
      `INSERT INTO meta.run (run_id, started_at, status, trigger, pipeline) VALUES (1, now()::TIMESTAMP, 'succeeded', 'test', 'default')`,
    );
    await wh.close();

    writeFileSync(
      join(own, '9999_add_note.sql'),
      '-- 9999_add_note — a later migration.\nALTER TABLE meta.run ADD COLUMN note VARCHAR;\n',
    );
    wh = await Warehouse.open({ path, migrate: false });
    expect(await migrate(wh, own)).toEqual(['9999_add_note']);
    expect(await migrate(wh, own)).toEqual([]);
    expect(await wh.value('SELECT count(*) FROM meta.run')).toBe(1);
    await wh.close();
  });

  it('tell a read-only reader which migrations an older warehouse lacks', async () => {
    const dir = tempDir();
    const path = join(dir, 'w.duckdb');
    const own = join(dir, 'migrations');
    cpSync(migrationsDir, own, { recursive: true });
    let wh = await Warehouse.open({ path, migrate: false });
    await migrate(wh, own);
    await wh.close();
    writeFileSync(
      join(own, '9999_add_note.sql'),
      '-- 9999_add_note\nALTER TABLE meta.run ADD COLUMN note VARCHAR;\n',
    );
    wh = await Warehouse.open({ path, readOnly: true });
    expect(await pendingMigrations(wh, own)).toEqual(['9999_add_note']);
    expect(await pendingMigrations(wh, migrationsDir)).toEqual([]);
    await wh.close();
  });

  it('refuse to run when an applied migration was edited (they are append-only)', async () => {
    const dir = tempDir();
    const own = join(dir, 'migrations');
    cpSync(migrationsDir, own, { recursive: true });
    const wh = await Warehouse.open({ path: join(dir, 'w.duckdb'), migrate: false });
    await migrate(wh, own);
    writeFileSync(join(own, '0001_run_history.sql'), '-- edited\nSELECT 1;\n');
    await expect(migrate(wh, own)).rejects.toThrow(/0001_run_history was changed after it was applied/);
    await wh.close();
  });

  it('say clearly that another process holds the warehouse', async () => {
    const path = join(tempDir(), 'w.duckdb');
    const { spawnSync } = await import('node:child_process');
    const wh = await Warehouse.open({ path });
    const child = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `import('./sql/warehouse.ts').then(m => m.Warehouse.open({ path: ${JSON.stringify(path)} })).catch(e => { console.log(e.message); })`,
      ],
      { encoding: 'utf8' },
    );
    expect(child.stdout).toMatch(/in use by another process \(PID \d+\): a run is probably going on/);
    await wh.close();
  });
});
