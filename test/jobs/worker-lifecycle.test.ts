import { mkdirSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectionOf,
  type LoadProgress,
  type LoadResult,
  openQueues,
  type Queues,
} from '../../jobs/queues.ts';
import { addRunFlow } from '../../jobs/run-flow.ts';
import { type RunningWorkers, startWorkers } from '../../jobs/workers.ts';
import { loadConfig } from '../../lib/config.ts';
import { silentLogger } from '../../lib/logger.ts';
import { runPipeline } from '../../pipelines/run-pipeline.ts';
import {
  type DemoProject,
  demoProject,
  jobFinished,
  obliterate,
  rowCounts,
  runHistory,
  startWorkerProcess,
  testSettings,
  type WorkerProcess,
  waitFor,
} from './helpers.ts';

// Two nights in the life of the workers of one warehouse: two `impact worker` processes, and a
// third worker that joins on night 2.
// Night 1: two loads are asked for at once. DuckDB allows one writing process, so the second
// waits for the first although a worker is idle. A deploy sends SIGTERM to the worker that is
// loading: it takes no new job, lets the load finish and exits 0.
// Night 2: the worker that is loading the new delivery is killed with SIGKILL — no chance to
// clean up. Once its lock expires another worker takes the job over, and
// because loads are idempotent (files land in their own transactions and are skipped once
// loaded; the models rebuild in one transaction) the warehouse ends with exactly the rows of one
// clean run over everything: nothing lost, nothing twice.
const settings = testSettings('lifecycle');
let project: DemoProject;
let reference: DemoProject;
let clean: Record<string, number>;
let queues: Queues;
let events: QueueEvents;
let workers: WorkerProcess[] = [];
let joined: RunningWorkers | undefined;

/** The contacts of April to June arrive on night 2. */
const contacts = (p: DemoProject) => join(p.dir, 'exports/regicare');
const later = (p: DemoProject) => join(p.dir, 'later');
const laterFiles = (f: string) => /contacten_2025-0[4-6]/.test(f);

beforeAll(async () => {
  [project, reference] = await Promise.all([demoProject({ seed: 5 }), demoProject({ seed: 5 })]);
  mkdirSync(later(project));
  for (const f of readdirSync(contacts(project)).filter(laterFiles)) {
    renameSync(join(contacts(project), f), join(later(project), f));
  }
  queues = openQueues(settings);
  events = new QueueEvents('load', { connection: connectionOf(settings), prefix: settings.prefix });
  const cleanRun = runPipeline(loadConfig(reference.config), { trigger: 'test' });
  workers = await Promise.all(
    ['worker-a', 'worker-b'].map((name) => startWorkerProcess(project.config, settings, name)),
  );
  expect((await cleanRun).status).toBe('succeeded');
  clean = await rowCounts(reference.warehouse);
  await events.waitUntilReady();
});

afterAll(async () => {
  await joined?.close();
  for (const w of workers) w.child.kill('SIGKILL');
  await events.close();
  await queues.close();
  await obliterate(settings);
  project.remove();
  reference.remove();
});

/** Resolves when a load has landed `files` files: which load, where, and the worker holding it. */
function landed(files: number) {
  return new Promise<{ jobId: string; at: LoadProgress; holder: WorkerProcess }>((resolve) => {
    const listener = async ({ jobId, data }: { jobId: string; data: unknown }) => {
      const p = data as LoadProgress;
      if (p.step !== 'land' || p.done < files) return;
      events.off('progress', listener);
      const processedBy = (await queues.load.getJob(jobId))!.processedBy;
      resolve({ jobId, at: p, holder: workers.find((w) => w.name === processedBy)! });
    };
    events.on('progress', listener);
  });
}

async function completed(jobId: string) {
  const { state, job } = await jobFinished(queues.load, jobId, 45_000);
  if (state === 'failed') throw new Error(`load failed: ${job.failedReason}`);
  return job;
}

const overlap = (a: LoadResult, b: LoadResult) =>
  Date.parse(a.startedAt) < Date.parse(b.finishedAt) && Date.parse(b.startedAt) < Date.parse(a.finishedAt);

describe('night 1: two loads at once, and SIGTERM during the first', () => {
  it('runs the loads one at a time; the stopped worker finishes its load, takes no new job, exits 0', async () => {
    const cfg = loadConfig(project.config);
    const firstLanded = landed(1);
    const flows = await Promise.all(
      ['first', 'second'].map((id) =>
        addRunFlow(queues, cfg, settings, { pipeline: 'default', trigger: 'manual' }, id),
      ),
    );
    const { jobId, holder } = await firstLanded;
    const otherId = flows.map((f) => f.loadJobId).find((id) => id !== jobId)!;
    holder.child.kill('SIGTERM');
    const signalled = Date.now();
    await waitFor('the worker to start stopping', async () => /"msg":"stopping/.test(holder.stderr()));
    const pull = await queues.pull.add('regicare', { source: 'regicare' }); // a new job meanwhile

    expect(await holder.exited).toEqual({ code: 0, signal: null });
    const first = await completed(jobId);
    expect(first.processedBy).toBe(holder.name);
    expect(first.finishedOn!).toBeGreaterThan(signalled);
    expect(first.returnvalue).toMatchObject({ status: 'succeeded', filesLoaded: 10 });
    const { state: takenState, job: taken } = await jobFinished(queues.pull, pull.id!);
    expect(takenState, taken.failedReason).toBe('completed');
    expect(taken.processedBy).not.toBe(holder.name);

    // The other worker was idle all along, yet took the second load only after the first: the
    // load queue runs one job at a time, so nobody met a locked warehouse (one try each).
    const second = await completed(otherId);
    expect(second.processedBy).not.toBe(holder.name);
    expect(await queues.load.getGlobalConcurrency()).toBe(1);
    expect([first.attemptsStarted, second.attemptsStarted]).toEqual([1, 1]);
    expect(overlap(first.returnvalue, second.returnvalue)).toBe(false);
    expect(second.processedOn!).toBeGreaterThanOrEqual(first.finishedOn!);
    const runs = await runHistory(project.warehouse);
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    expect(runs[1]!.started_at.getTime()).toBeGreaterThanOrEqual(runs[0]!.finished_at!.getTime());
    const gap = Date.parse(second.returnvalue.startedAt) - Date.parse(first.returnvalue.finishedAt);
    console.log(`the second load opened the warehouse ${gap} ms after the first closed it`);
    workers = workers.filter((w) => w !== holder);
  });
});

describe('night 2: SIGKILL during a load', () => {
  it('leaves the job to another worker, and the warehouse ends as after one clean run', async () => {
    for (const f of readdirSync(later(project)))
      renameSync(join(later(project), f), join(contacts(project), f));
    const killAt = landed(2);
    await queues.run.add('manual run', { pipeline: 'default', trigger: 'manual' });
    const { jobId, at, holder: victim } = await killAt;
    joined = await startWorkers({
      configFile: project.config,
      settings,
      logger: silentLogger,
      name: 'worker-c',
    });
    victim.child.kill('SIGKILL');
    expect(await victim.exited).toEqual({ code: null, signal: 'SIGKILL' });

    const done = await completed(jobId);
    expect(done.processedBy).toBe('worker-c');
    expect(done.attemptsStarted).toBe(2); // once by the victim, once by the one that took over
    // The victim's load process died with it: it does not keep the warehouse locked.
    expect(() => process.kill(at.pid, 0)).toThrow(/ESRCH/);

    const runs = await runHistory(project.warehouse);
    expect(runs.map((r) => [r.status, r.error?.slice(0, 11) ?? null])).toEqual([
      ['succeeded', null],
      ['succeeded', null],
      ['failed', 'interrupted'],
      ['succeeded', null],
    ]);
    expect(await rowCounts(project.warehouse)).toEqual(clean);
    expect(clean.fct_contact).toBeGreaterThan(0);
    console.log(`killed ${victim.name} at ${at.step} ${at.done}/${at.total}; ${done.processedBy} took over`);
  });
});
