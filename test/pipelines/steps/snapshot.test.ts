import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfigYaml } from '../../../bench/generate/impact-yaml.ts';
import { writeDemoExports } from '../../../bench/generate/write-demo-exports.ts';
import { type Config, loadConfig } from '../../../lib/config.ts';
import { runPipeline } from '../../../pipelines/run-pipeline.ts';
import { Warehouse } from '../../../sql/warehouse.ts';

// The analyst snapshot (DESIGN.md §7) as an analyst meets it: `impact run` loads in its own
// process and holds the warehouse's lock, while this process opens data/analyst.duckdb again and
// again and queries it. No query may fail or wait for the load, and some must fall inside the
// run's land step — otherwise the test proves nothing.
const bin = join(import.meta.dirname, '..', '..', '..', 'bin', 'impact.js');
let dir: string;
let cfg: Config;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'impact-snapshot-'));
  await writeDemoExports({ dir: join(dir, 'exports'), seed: 3, clients: 60 });
  writeFileSync(join(dir, 'impact.yaml'), demoConfigYaml);
  cfg = loadConfig(join(dir, 'impact.yaml'));
  const run = await runPipeline(cfg, { trigger: 'test' });
  expect(run.status, run.error).toBe('succeeded');
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Query {
  at: number;
  ms: number;
  run?: number;
  error?: string;
}

async function querySnapshot(): Promise<Query> {
  const at = Date.now();
  try {
    const snap = await Warehouse.open({ path: cfg.publish.snapshot, readOnly: true });
    try {
      const run = await snap.value<number>(
        "SELECT max(run_id) FROM meta.run WHERE status = 'succeeded' AND (SELECT count(*) FROM fct_contact) > 0",
      );
      return { at, ms: Date.now() - at, run };
    } finally {
      await snap.close();
    }
  } catch (err) {
    return { at, ms: Date.now() - at, error: (err as Error).message };
  }
}

describe('the analyst snapshot', () => {
  it('answers a second process at every moment of a run that loads', async () => {
    // Another delivery of the same exports: every file changed, so run 2 lands them all.
    await writeDemoExports({ dir: join(dir, 'exports'), seed: 4, clients: 60 });
    const child = spawn(process.execPath, [bin, '--config', join(dir, 'impact.yaml'), 'run'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.stdout.resume();
    let done = false;
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => {
        done = true;
        resolve(code);
      }),
    );

    const queries: Query[] = [];
    while (!done) {
      queries.push(await querySnapshot());
      await sleep(150);
    }
    expect(await exited, err).toBe(0);
    queries.push(await querySnapshot());

    // When run 2 was landing, by its own record in the snapshot it swapped in at the end.
    const snap = await Warehouse.open({ path: cfg.publish.snapshot, readOnly: true });
    const land = await snap.rows<{ from: number; to: number }>(
      `SELECT epoch_ms(min(started_at)) AS "from", epoch_ms(max(started_at + to_milliseconds(duration_ms))) AS "to"
       FROM meta.run_step WHERE run_id = 2 AND step = 'land'`,
    );
    await snap.close();
    const { from, to } = land[0]!;
    const duringLand = queries.filter((q) => q.at >= Number(from) && q.at + q.ms <= Number(to));

    expect(queries.filter((q) => q.error)).toEqual([]);
    expect(duringLand.length).toBeGreaterThan(2);
    expect(duringLand.every((q) => q.run === 1)).toBe(true); // the last finished run, complete
    expect(queries.at(-1)!.run).toBe(2);
    // Never waiting on the loader: each open + query is a matter of milliseconds; the bound
    // leaves room for a busy two-core machine, far below the run itself.
    const slowest = Math.max(...queries.map((q) => q.ms));
    expect(slowest).toBeLessThan(Math.min(3000, (Number(to) - Number(from)) / 2));
    console.log(
      `snapshot: ${queries.length} queries during run 2 (${duringLand.length} while landing ${Number(to) - Number(from)} ms), slowest ${slowest} ms`,
    );
  }, 180_000);
});
