// Measures the incremental nightly run (DESIGN.md §9): a warehouse built from the demo exports
// with the last day of the last month held back, then that month's full export delivered again
// (RegiCare re-sends the month with one day more; write: replace-period), then a run with
// nothing new. Prints wall time per run and where each run's time went (meta.run_step, summed
// per step). Usage: node --import tsx bench/nightly.ts [clients]   (default 20,000)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { dropRecordsDated, lastContactMonth } from './data.ts';

const bin = join(import.meta.dirname, '../bin/impact.js');
const clients = Number(process.argv[2] ?? 20_000);

function impact(args: string[], cwd: string): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, IMPACT_PSEUDONYM_KEY: '' },
  });
  if (run.status !== 0) throw new Error(`impact ${args.join(' ')} failed: ${run.stderr}${run.stdout}`);
  return (performance.now() - started) / 1000;
}

/** Seconds per step of the run, and the slowest targets, from the run record. */
async function stepTimes(project: string, runId: number) {
  const db = await DuckDBInstance.create(join(project, 'data/warehouse.duckdb'), {
    access_mode: 'READ_ONLY',
  });
  const c = await db.connect();
  const read = async (sql: string) => (await c.runAndReadAll(sql)).getRowObjectsJson();
  const steps = await read(
    `SELECT step, count(*) AS n, round(sum(duration_ms) / 1000, 2) AS s FROM meta.run_step
     WHERE run_id = ${runId} GROUP BY step ORDER BY min(started_at)`,
  );
  const slow = await read(
    `SELECT step, target, round(duration_ms / 1000, 2) AS s FROM meta.run_step
     WHERE run_id = ${runId} AND duration_ms IS NOT NULL ORDER BY duration_ms DESC LIMIT 6`,
  );
  const rebuilt = await read(
    `SELECT string_agg(target, ', ' ORDER BY started_at) AS models FROM meta.run_step
     WHERE run_id = ${runId} AND step IN ('staging', 'star', 'indicators') AND status = 'succeeded'`,
  );
  c.closeSync();
  db.closeSync();
  return { steps, slow, rebuilt: String(rebuilt[0]?.models ?? '') };
}

const dir = mkdtempSync(join(tmpdir(), 'impact-bench-nightly-'));
try {
  impact(['demo', '--clients', String(clients)], dir);
  const regicare = join(dir, 'exports', 'regicare');
  const { last, lastDay } = lastContactMonth(regicare);
  const full = readFileSync(join(regicare, last), 'latin1');
  writeFileSync(join(regicare, last), dropRecordsDated(full, lastDay), 'latin1');

  const runs: [string, number][] = [['first run (everything)', impact(['run'], dir)]];
  writeFileSync(join(regicare, last), full, 'latin1');
  runs.push([`nightly: ${last} again with ${lastDay}`, impact(['run'], dir)]);
  runs.push(['nothing new', impact(['run'], dir)]);

  console.log(
    `${clients.toLocaleString('en')} demo clients; load average ${(await import('node:os'))
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')}`,
  );
  for (const [i, [what, wall]] of runs.entries()) {
    const { steps, slow, rebuilt } = await stepTimes(dir, i + 1);
    console.log(`\n${what}: ${wall.toFixed(1)} s wall`);
    console.log(`  steps: ${steps.map((s) => `${s.step} ${s.s} s (${s.n})`).join(', ')}`);
    console.log(`  models built: ${rebuilt || 'none'}`);
    console.log(`  slowest: ${slow.map((s) => `${s.step}/${s.target} ${s.s} s`).join(', ')}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
