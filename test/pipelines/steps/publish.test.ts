import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfigYaml } from '../../../bench/generate/impact-yaml.ts';
import { writeDemoExports } from '../../../bench/generate/write-demo-exports.ts';
import { type Config, loadConfig } from '../../../lib/config.ts';
import { runPipeline } from '../../../pipelines/run-pipeline.ts';
import { type Manifest, publish, publishedTables } from '../../../pipelines/steps/publish.ts';
import { str } from '../../../sql/quote.ts';
import { Warehouse } from '../../../sql/warehouse.ts';

// The publishing contract of DESIGN.md §7 on the demo project (150 clients, one run): what
// manifest.json says, what types the Parquet files hold, how many versions stay, and that a
// reader in another process never sees half a publish.
let dir: string;
let cfg: Config;
let manifest: Manifest;
let mem: Warehouse;

const readManifest = (): Manifest => JSON.parse(readFileSync(join(cfg.publish.dir, 'manifest.json'), 'utf8'));
const versions = () =>
  readdirSync(join(cfg.publish.dir, 'versions'))
    .filter((v) => !v.startsWith('.'))
    .sort();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'impact-publish-'));
  await writeDemoExports({ dir: join(dir, 'exports'), seed: 7, clients: 150 });
  writeFileSync(join(dir, 'impact.yaml'), demoConfigYaml);
  cfg = loadConfig(join(dir, 'impact.yaml'));
  const run = await runPipeline(cfg, { trigger: 'test' });
  expect(run.status, run.error).toBe('succeeded');
  manifest = readManifest();
  mem = await Warehouse.open({ path: ':memory:', migrate: false });
}, 120_000);

afterAll(async () => {
  await mem?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('manifest.json', () => {
  it('names the run, the time, the suppression settings and every published table', () => {
    expect(manifest.load_id).toBe(1);
    expect(manifest.version).toMatch(/^000001-\d{8}T\d{6}$/);
    expect(Date.now() - Date.parse(manifest.generated_at)).toBeLessThan(10 * 60_000);
    expect(manifest.generated_at).toMatch(/Z$/); // UTC
    expect(manifest.suppression).toEqual({
      min_cell: cfg.privacy.min_cell,
      applies_to: ['ind_reach', 'ind_trajectory', 'ind_activity', 'ind_outcome_change', 'ind_social_return'],
    });
    expect(manifest.tables.map((t) => t.name)).toEqual(publishedTables.map((t) => t.name));
    expect(readlinkSync(join(cfg.publish.dir, 'current'))).toBe(join('versions', manifest.version));
  });

  it('lists per table the files with their rows, and the schema the files have', async () => {
    for (const t of manifest.tables) {
      const files = t.files.map((f) => join(cfg.publish.dir, f.path));
      for (const [i, f] of files.entries()) {
        expect(await mem.value(`SELECT count(*) FROM read_parquet(${str(f)})`), f).toBe(t.files[i]!.rows);
      }
      expect(t.rows).toBe(t.files.reduce((n, f) => n + f.rows, 0));
      const described = await mem.rows<{ column_name: string; column_type: string }>(
        `DESCRIBE SELECT * FROM read_parquet([${files.map(str).join(', ')}], hive_partitioning = false)`,
      );
      // The `year` partition column lives in the folder name, not in the files.
      expect(
        described.map((c) => ({ name: c.column_name, type: c.column_type })),
        t.name,
      ).toEqual(t.schema.filter((c) => !(t.partitioned_by.includes(c.name) && c.name === 'year')));
    }
    expect(manifest.tables.find((t) => t.name === 'fct_contact')!.rows).toBeGreaterThan(1000);
  });

  it('partitions facts and indicators by year and keeps dimensions in single files, zstd', async () => {
    for (const t of manifest.tables) {
      const kind = publishedTables.find((p) => p.name === t.name)!.kind;
      if (kind === 'dimension') {
        expect(t.files.map((f) => f.path)).toEqual([`versions/${manifest.version}/${t.name}.parquet`]);
      } else if (kind !== 'quality') {
        expect(t.partitioned_by, t.name).toEqual(['year']);
        for (const f of t.files) {
          expect(f.path, t.name).toMatch(
            new RegExp(`^versions/${manifest.version}/${t.name}/year=\\d{4}/[^/]+\\.parquet$`),
          );
        }
      }
      if (t.rows === 0) continue; // a table with no rows is one empty file that only carries the schema
      const codecs = await mem.rows<{ compression: string }>(
        `SELECT DISTINCT compression FROM parquet_metadata([${t.files.map((f) => str(join(cfg.publish.dir, f.path))).join(', ')}])`,
      );
      expect(
        codecs.map((c) => c.compression),
        t.name,
      ).toEqual(['ZSTD']);
    }
  });
});

describe('README "For BI tools"', () => {
  it('has DuckDB views (for Metabase and Superset) that read the current version', async () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(
      readme.indexOf('## For BI tools'),
      readme.indexOf('## Reports and dashboard'),
    );
    const sql = /```sql\n([\s\S]*?)```/
      .exec(section)![1]!
      .replaceAll('/srv/impact/data/publish', cfg.publish.dir);
    const views = await Warehouse.open({ path: ':memory:', migrate: false });
    try {
      await views.run(sql);
      const names = [...sql.matchAll(/CREATE OR REPLACE VIEW (\w+)/g)].map((m) => m[1]!);
      expect(names.length).toBeGreaterThan(2);
      for (const name of names) {
        expect(await views.value(`SELECT count(*) FROM ${name}`), name).toBe(
          readManifest().tables.find((t) => t.name === name)!.rows,
        );
      }
      expect(await views.value('SELECT count(*) FROM ind_reach WHERE suppressed')).toBeGreaterThan(0);
    } finally {
      await views.close();
    }
  });
});

describe('every Parquet file', () => {
  it('holds only types BI tools read (no HUGEINT, UUID, unsigned, INTERVAL, nanoseconds)', async () => {
    const files = manifest.tables.flatMap((t) => t.files.map((f) => join(cfg.publish.dir, f.path)));
    expect(files.length).toBeGreaterThan(publishedTables.length);
    const safe =
      /^(BOOLEAN|TINYINT|SMALLINT|INTEGER|BIGINT|FLOAT|DOUBLE|DECIMAL\((\d|1[0-8]),\d+\)|VARCHAR|DATE|TIMESTAMP)$/;
    const unsafe: string[] = [];
    for (const f of files) {
      // As DuckDB reads it back …
      for (const c of await mem.rows<{ column_name: string; column_type: string }>(
        `DESCRIBE SELECT * FROM read_parquet(${str(f)})`,
      )) {
        if (!safe.test(c.column_type)) unsafe.push(`${f}: ${c.column_name} ${c.column_type}`);
      }
      // … and as the file itself declares it, which is what Power BI and pandas see.
      for (const c of await mem.rows<{
        name: string;
        type: string | null;
        converted_type: string | null;
        logical_type: string | null;
      }>(
        `SELECT name, type, converted_type, logical_type::VARCHAR AS logical_type FROM parquet_schema(${str(f)})`,
      )) {
        const declared = `${c.type} ${c.converted_type} ${c.logical_type}`;
        if (/UINT|INTERVAL|UUID|INT96|FIXED_LEN_BYTE_ARRAY|NANOS=(?!<null>)/i.test(declared))
          unsafe.push(`${f}: ${c.name} ${declared}`);
      }
    }
    expect(unsafe).toEqual([]);
  });

  it('is refused before it is written when a model gives a type BI tools cannot read', async () => {
    const wh = await Warehouse.open({ path: cfg.warehouse.path });
    try {
      await wh.run('ALTER TABLE dim_service ADD COLUMN big_number HUGEINT');
      await expect(publish(wh, cfg.publish.dir, 90, cfg.privacy.min_cell, 3)).rejects.toThrow(
        /publish: dim_service has columns of types BI tools cannot read: big_number HUGEINT/,
      );
      await wh.run('ALTER TABLE dim_service DROP COLUMN big_number');
    } finally {
      await wh.close();
    }
    expect(readManifest()).toEqual(manifest); // the published set did not change
  });
});

describe('publishing again and again', () => {
  it('lets a reader in another process see one whole version at a time, and keeps the last N', async () => {
    const stop = join(dir, 'stop-reading');
    const reader = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'publish-reader.ts'), cfg.publish.dir, stop],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    reader.stdout.on('data', (d) => {
      out += d;
    });
    reader.stderr.on('data', (d) => {
      err += d;
    });
    const exited = new Promise<number | null>((resolve) => reader.on('exit', resolve));

    const wh = await Warehouse.open({ path: cfg.warehouse.path });
    const published: Manifest[] = [];
    try {
      for (let run = 2; run <= 4; run++) {
        // Each version has other row counts, so a table read from the wrong version shows.
        await wh.run(
          `DELETE FROM fct_contact WHERE rowid IN (SELECT rowid FROM fct_contact LIMIT ${run * 7})`,
        );
        await wh.run(`DELETE FROM ind_reach WHERE rowid IN (SELECT rowid FROM ind_reach LIMIT ${run})`);
        published.push(await publish(wh, cfg.publish.dir, run, cfg.privacy.min_cell, 2));
      }
    } catch (err) {
      reader.kill();
      throw err;
    } finally {
      await wh.close();
      writeFileSync(stop, '');
    }
    expect(await exited, err).toBe(0);
    const seen = JSON.parse(out) as {
      reads: number;
      switchedDuringRead: number;
      manifestVersions: number;
      currentVersions: number;
      problems: string[];
    };
    expect(seen.problems).toEqual([]);
    // The reader read while versions changed under it, and saw several of them.
    expect(seen.reads).toBeGreaterThan(4);
    expect(seen.currentVersions).toBeGreaterThan(1);
    expect(seen.switchedDuringRead).toBeGreaterThan(0);

    // keep_versions 2: the last two stay, current is the newest, nothing half-written is left.
    expect(versions()).toEqual(published.slice(-2).map((m) => m.version));
    expect(readManifest()).toEqual(published.at(-1));
    expect(readlinkSync(join(cfg.publish.dir, 'current'))).toBe(join('versions', published.at(-1)!.version));
    expect(existsSync(join(cfg.publish.dir, 'versions', manifest.version))).toBe(false);
    // No two versions share a part file's name, so a reader going through `current` cannot
    // mistake one version's file for another's.
    const names = [manifest, ...published].map(
      (m) => new Set(m.tables.flatMap((t) => t.files.map((f) => f.path.split('/').slice(2).join('/')))),
    );
    for (const [i, a] of names.entries()) {
      for (const b of names.slice(i + 1))
        expect([...a].filter((n) => n.includes('/year=') && b.has(n))).toEqual([]);
    }
  }, 120_000);
});
