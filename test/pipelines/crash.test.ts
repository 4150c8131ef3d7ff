import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfigYaml } from '../../bench/generate/impact-yaml.ts';
import { writeDemoExports } from '../../bench/generate/write-demo-exports.ts';
import type { CrashPoint } from '../../lib/crash.ts';
import { Warehouse } from '../../sql/warehouse.ts';

// kill -9 at every step of a run (DESIGN.md: a crash mid-run leaves the previous consistent
// state; a rerun finishes the job). Each case: a first delivery is loaded; the second delivery's
// run is killed at one point; the warehouse, the published files and the analyst snapshot must
// still be the first run's; the next run must end in exactly the warehouse that one clean run
// over both deliveries gives.
const bin = join(import.meta.dirname, '../../bin/impact.js');
const env = { ...process.env, IMPACT_PSEUDONYM_KEY: 'crash-test-key-0123456789abcdef' };
let root: string;
let exports: string;
let reference: Record<string, string>;

const impact = (dir: string, crashAt?: CrashPoint) =>
  spawnSync(process.execPath, [bin, 'run'], {
    cwd: dir,
    encoding: 'utf8',
    env: crashAt ? { ...env, IMPACT_CRASH_AT: crashAt } : env,
  });

/** Row count and an order-independent hash of every star and indicator table (run ids aside). */
async function fingerprint(path: string): Promise<Record<string, string>> {
  const wh = await Warehouse.open({ path, readOnly: true });
  const tables = await wh.rows<{ t: string }>(
    `SELECT table_name AS t FROM duckdb_tables() WHERE schema_name = 'main' AND table_name NOT LIKE 'ind_data_quality%' ORDER BY 1`,
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
  await wh.close();
  return out;
}

/** A project folder with the first delivery (or both). */
function project(name: string, both: boolean): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'impact.yaml'),
    demoConfigYaml.replace('allow_generated_key: true', 'allow_generated_key: false'),
  );
  cpSync(exports, join(dir, 'exports'), {
    recursive: true,
    filter: (src) => both || !/contacten_2025-0[4-6]\.csv$/.test(src),
  });
  return dir;
}

const deliverRest = (dir: string) => cpSync(exports, join(dir, 'exports'), { recursive: true });

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'impact-crash-'));
  exports = join(root, 'source-exports');
  await writeDemoExports({ dir: exports, seed: 11, clients: 80, from: '2025-01-01', to: '2025-06-30' });
  const clean = project('clean', true);
  expect(impact(clean).status).toBe(0);
  reference = await fingerprint(join(clean, 'data/warehouse.duckdb'));
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const points: CrashPoint[] = [
  'land:after-first-file',
  'transform:mid-models',
  'transform:before-commit',
  'publish:mid-tables',
  'publish:before-switch',
  'snapshot:mid-copy',
];

describe('kill -9 during a run', () => {
  it.each(points)('at %s leaves the previous state, and the next run ends as a clean run', async (point) => {
    const dir = project(point.replace(':', '-'), false);
    expect(impact(dir).status).toBe(0);
    const before = {
      star: await fingerprint(join(dir, 'data/warehouse.duckdb')),
      snapshot: await fingerprint(join(dir, 'data/analyst.duckdb')),
      manifest: readFileSync(join(dir, 'data/publish/manifest.json'), 'utf8'),
    };

    deliverRest(dir);
    const crashed = impact(dir, point);
    expect(crashed.signal).toBe('SIGKILL');

    // The models commit together before publishing starts: a crash up to the commit leaves the
    // old star, a crash after it the complete new one — never a mix.
    const committed = point.startsWith('publish') || point.startsWith('snapshot');
    expect(await fingerprint(join(dir, 'data/warehouse.duckdb'))).toEqual(
      committed ? reference : before.star,
    );
    expect(await fingerprint(join(dir, 'data/analyst.duckdb'))).toEqual(before.snapshot);
    // Publishing switches before the snapshot starts: a crash in the snapshot leaves the new set.
    const manifestNow = readFileSync(join(dir, 'data/publish/manifest.json'), 'utf8');
    if (point.startsWith('snapshot')) expect(JSON.parse(manifestNow).load_id).toBe(2);
    else expect(manifestNow).toBe(before.manifest);
    const manifest = JSON.parse(manifestNow);
    for (const t of manifest.tables) for (const f of t.files) readFileSync(join(dir, 'data/publish', f.path));

    const rerun = impact(dir);
    expect(rerun.stderr).toBe('');
    expect(rerun.status).toBe(0);
    expect(await fingerprint(join(dir, 'data/warehouse.duckdb'))).toEqual(reference);
    expect(readdirSync(join(dir, 'data')).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});
