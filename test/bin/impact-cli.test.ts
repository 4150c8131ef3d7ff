import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../sql/warehouse.ts';

// The README's first command, as a new user meets it: `impact start` in an empty folder writes
// the demo and runs everything; a second start changes no row counts.
const bin = join(import.meta.dirname, '../../bin/impact.js');
let dir: string;
const impact = (...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, IMPACT_PSEUDONYM_KEY: '' },
  });

const counts = async () => {
  const wh = await Warehouse.open({ path: join(dir, 'data/warehouse.duckdb'), readOnly: true });
  const rows = await wh.rows<{ t: string; n: number }>(
    [
      'dim_client',
      'dim_service',
      'fct_contact',
      'fct_outcome_score',
      'fct_trajectory',
      'fct_activity',
      'fct_budget',
      'ind_reach',
    ]
      .map((t) => `SELECT '${t}' AS t, count(*) AS n FROM ${t}`)
      .join(' UNION ALL '),
  );
  await wh.close();
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
};

let first: ReturnType<typeof impact>;
let before: Record<string, number>;
let second: ReturnType<typeof impact>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'impact-cli-'));
  first = impact('start', '--clients', '300');
  before = await counts();
  second = impact('start');
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('impact start', () => {
  it('writes the demo, runs the pipeline and says what it did', () => {
    expect(first.stderr).not.toMatch(/impact:/);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/Demo written: \d+ export files/);
    expect(first.stdout).toMatch(/Run 1 succeeded/);
    expect(first.stdout).toMatch(/published {2}data\/publish\/current\//);
  });

  it('fills the star and the indicators', () => {
    for (const table of [
      'dim_client',
      'dim_service',
      'fct_contact',
      'fct_outcome_score',
      'fct_activity',
      'fct_budget',
      'ind_reach',
    ]) {
      expect(before[table], table).toBeGreaterThan(0);
    }
  });

  it('publishes a manifest whose Parquet files DuckDB opens, with the row counts it states', async () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'data/publish/manifest.json'), 'utf8'));
    const wh = await Warehouse.open({ path: ':memory:' });
    for (const table of manifest.tables) {
      let rows = 0;
      for (const f of table.files) {
        const path = join(dir, 'data/publish', f.path);
        expect(existsSync(path), f.path).toBe(true);
        rows += await wh.value<number>(`SELECT count(*) FROM read_parquet('${path}')`);
      }
      expect(rows, table.name).toBe(table.rows);
    }
    const viaCurrent = await wh.value<number>(
      `SELECT count(*) FROM read_parquet('${join(dir, 'data/publish/current/fct_contact/**/*.parquet')}', hive_partitioning = true)`,
    );
    expect(viaCurrent).toBe(before.fct_contact);
    await wh.close();
  });

  it('changes no row counts when started again', async () => {
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/0 loaded, \d+ skipped \(content loaded before\)/);
    expect(await counts()).toEqual(before);
  });

  it('shows the run history', () => {
    const runs = impact('runs');
    expect(runs.status).toBe(0);
    expect(runs.stdout).toMatch(/succeeded/);
    expect(impact('runs', '--run', '1').stdout).toMatch(/fct_contact/);
  });
});

describe('impact errors', () => {
  it('has --help on every command', () => {
    for (const cmd of ['demo', 'run', 'start', 'runs', 'quarantine']) {
      const help = impact(cmd, '--help');
      expect(help.status, cmd).toBe(0);
      expect(help.stdout).toMatch(/Usage: impact/);
    }
  });

  it('fails with one line naming the key when the config is wrong', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, readFileSync(join(dir, 'impact.yaml'), 'utf8').replace('warehouse:', 'warehous:'));
    const run = impact('--config', bad, 'run');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^impact: .*bad\.yaml: unknown key 'warehous'/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('says where it looked when an export folder is missing', () => {
    const moved = join(dir, 'moved.yaml');
    writeFileSync(
      moved,
      readFileSync(join(dir, 'impact.yaml'), 'utf8').replace('exports/zrm', 'exports/zrm-elders'),
    );
    const run = impact('--config', moved, 'run');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/zrm\.scores: the export folder .*exports\/zrm-elders does not exist/);
  });
});
