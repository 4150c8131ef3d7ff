// What the job tests share: a tiny demo project on disk, queue settings with a prefix of their
// own and every wait shortened, worker processes to stop or kill, and a clean Redis afterwards.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Job, Queue } from 'bullmq';
import { demoConfigYaml } from '../../bench/generate/impact-yaml.ts';
import { writeDemoExports } from '../../bench/generate/write-demo-exports.ts';
import { openQueues } from '../../jobs/queues.ts';
import { type JobSettings, jobSettings } from '../../jobs/settings.ts';
import { Warehouse } from '../../sql/warehouse.ts';

export const bin = join(import.meta.dirname, '../../bin/impact.js');
export const pseudonymKey = 'jobs-test-key-0123456789abcdef';

export interface DemoProject {
  dir: string;
  config: string;
  warehouse: string;
  remove(): void;
}

/**
 * 60 demo clients over half a year: every kind of export, a few files per source, a run of a
 * few seconds. The same seed gives the same files, so two projects can be compared row by row.
 */
export async function demoProject(o: { seed?: number; extraYaml?: string } = {}): Promise<DemoProject> {
  process.env.IMPACT_PSEUDONYM_KEY = pseudonymKey;
  const dir = mkdtempSync(join(tmpdir(), 'impact-jobs-'));
  await writeDemoExports({
    dir: join(dir, 'exports'),
    seed: o.seed ?? 11,
    clients: 60,
    from: '2025-01-01',
    to: '2025-06-30',
  });
  const config = join(dir, 'impact.yaml');
  writeFileSync(config, demoConfigYaml + (o.extraYaml ?? ''));
  return {
    dir,
    config,
    warehouse: join(dir, 'data/warehouse.duckdb'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Settings for one test file: its own prefix, short locks, quick retries, no settle wait. */
export function testSettings(name: string, over: Partial<JobSettings> = {}): JobSettings {
  return {
    ...jobSettings({}),
    redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
    prefix: `impact-test-${name}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    lockMs: 2000,
    stalledCheckMs: 1000,
    pullAttempts: 4,
    pullBackoffMs: 200,
    pullSettleMs: 0,
    loadAttempts: 3,
    loadBackoffMs: 500,
    ...over,
  };
}

/** The same settings as environment variables, for worker processes. */
export function settingsEnv(s: JobSettings): NodeJS.ProcessEnv {
  return {
    ...process.env,
    IMPACT_PSEUDONYM_KEY: pseudonymKey,
    REDIS_URL: s.redisUrl,
    IMPACT_QUEUE_PREFIX: s.prefix,
    IMPACT_LOCK_MS: String(s.lockMs),
    IMPACT_STALLED_CHECK_MS: String(s.stalledCheckMs),
    IMPACT_PULL_ATTEMPTS: String(s.pullAttempts),
    IMPACT_PULL_BACKOFF_MS: String(s.pullBackoffMs),
    IMPACT_PULL_SETTLE_MS: String(s.pullSettleMs),
    IMPACT_LOAD_ATTEMPTS: String(s.loadAttempts),
    IMPACT_LOAD_BACKOFF_MS: String(s.loadBackoffMs),
  };
}

/** Removes every key of the test's prefix (queues, jobs, schedulers). */
export async function obliterate(s: JobSettings): Promise<void> {
  const q = openQueues(s);
  for (const queue of [q.run, q.pull, q.load]) await queue.obliterate({ force: true });
  await q.close();
}

export interface WorkerProcess {
  name: string;
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `impact worker` as a user starts it, resolved once it says it is ready. */
export async function startWorkerProcess(
  config: string,
  s: JobSettings,
  name: string,
): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [bin, '--config', config, 'worker', '--name', name], {
    env: settingsEnv(s),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => {
    err += d;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('Workers ready')) resolve();
    });
    exited.then(({ code }) => reject(new Error(`worker ${name} exited (${code}) before ready: ${err}`)));
  });
  return { name, child, stderr: () => err, exited };
}

export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined | false>,
  ms = 30_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Waits until a job has completed or failed, then reads it. The state is asked first: a copy of
 * the job read before it finished would have no return value or failed reason yet.
 */
export function jobFinished(queue: Queue, jobId: string, ms = 30_000): Promise<{ state: string; job: Job }> {
  return waitFor(
    `job ${jobId} to finish`,
    async () => {
      const state = await queue.getJobState(jobId);
      if (state !== 'completed' && state !== 'failed') return false;
      const job = await queue.getJob(jobId);
      return job && { state, job };
    },
    ms,
  );
}

const counted: Record<string, string> = {
  land_contact: 'SELECT count(*) FROM land.contact',
  land_outcome_score: 'SELECT count(*) FROM land.outcome_score',
  files_loaded: "SELECT count(*) FROM meta.load_file WHERE status = 'loaded'",
  dim_client: 'SELECT count(*) FROM dim_client',
  fct_trajectory: 'SELECT count(*) FROM fct_trajectory',
  fct_contact: 'SELECT count(*) FROM fct_contact',
  fct_outcome_score: 'SELECT count(*) FROM fct_outcome_score',
  fct_activity: 'SELECT count(*) FROM fct_activity',
  ind_reach: 'SELECT count(*) FROM ind_reach',
  quarantine: 'SELECT count(*) FROM staging.quarantine',
};

/** Row counts of the warehouse (read-only), to compare a recovered run with a clean one. */
export async function rowCounts(path: string): Promise<Record<string, number>> {
  const wh = await Warehouse.open({ path, readOnly: true });
  try {
    const rows = await wh.rows<{ t: string; n: number }>(
      Object.entries(counted)
        .map(([t, sql]) => `SELECT '${t}' AS t, (${sql}) AS n`)
        .join(' UNION ALL '),
    );
    return Object.fromEntries(rows.map((r) => [r.t, Number(r.n)]));
  } finally {
    await wh.close();
  }
}

export interface RunRow {
  run_id: number;
  status: string;
  trigger: string;
  started_at: Date;
  finished_at: Date | null;
  error: string | null;
}

export async function runHistory(path: string): Promise<RunRow[]> {
  const wh = await Warehouse.open({ path, readOnly: true });
  try {
    return await wh.rows<RunRow>(
      'SELECT run_id, status, trigger, started_at, finished_at, error FROM meta.run ORDER BY run_id',
    );
  } finally {
    await wh.close();
  }
}
