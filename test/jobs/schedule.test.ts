import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { printStatus } from '../../bin/commands/status.ts';
import { openQueues, type Queues } from '../../jobs/queues.ts';
import type { Schedule } from '../../jobs/schedule-config.ts';
import { readStatus } from '../../jobs/status.ts';
import { syncSchedules } from '../../jobs/sync-schedules.ts';
import { type RunningWorkers, startWorkers } from '../../jobs/workers.ts';
import { silentLogger } from '../../lib/logger.ts';
import {
  bin,
  type DemoProject,
  demoProject,
  obliterate,
  rowCounts,
  runHistory,
  settingsEnv,
  testSettings,
  waitFor,
} from './helpers.ts';

// Schedules from impact.yaml become BullMQ Job Schedulers; one that fires runs the whole
// pipeline through the queues: a run request, a pull per source, the load in its own process.
const settings = testSettings('schedule');
let project: DemoProject;
let queues: Queues;
let workers: RunningWorkers | undefined;

const schedule = (name: string, cron: string): Schedule => ({
  name,
  cron,
  timezone: 'Europe/Amsterdam',
  pipeline: 'default',
});

beforeAll(async () => {
  project = await demoProject();
  queues = openQueues(settings);
});

afterAll(async () => {
  await workers?.close();
  await queues.close();
  await obliterate(settings);
  project.remove();
});

describe('impact schedule', () => {
  it('adds, keeps, updates and removes job schedulers to match the config', async () => {
    const nightly = schedule('nightly', '0 2 * * *');
    const changes = async (list: Schedule[]) =>
      (await syncSchedules(queues.run, list)).map((c) => `${c.name} ${c.change}`);
    expect(await changes([nightly, schedule('weekly', '0 6 * * 1')])).toEqual([
      'nightly added',
      'weekly added',
    ]);
    const next = (await queues.run.getJobScheduler('nightly'))?.next;
    expect(await changes([nightly, schedule('weekly', '0 6 * * 1')])).toEqual([
      'nightly unchanged',
      'weekly unchanged',
    ]);
    expect((await queues.run.getJobScheduler('nightly'))?.next).toBe(next);
    expect(await changes([schedule('nightly', '30 1 * * *')])).toEqual(['nightly updated', 'weekly removed']);
    expect((await queues.run.getJobSchedulers()).map((s) => [s.key, s.pattern, s.tz])).toEqual([
      ['nightly', '30 1 * * *', 'Europe/Amsterdam'],
    ]);
    expect(await changes([])).toEqual(['nightly removed']);
    expect(await queues.run.getJobSchedulersCount()).toBe(0);
  });

  it('is what `impact schedule` does from the command line, and `impact status` shows', async () => {
    const original = readFileSync(project.config, 'utf8');
    writeFileSync(project.config, `${original}\nschedules:\n  - name: nightly\n    cron: "0 2 * * *"\n`);
    try {
      const cli = spawnSync(process.execPath, [bin, '--config', project.config, 'schedule'], {
        encoding: 'utf8',
        env: settingsEnv(settings),
      });
      expect(cli.stderr).toBe('');
      expect(cli.stdout).toMatch(
        /nightly {2}added {6}0 2 \* \* \* {2}pipeline default {2}next \d{4}-\d\d-\d\d 02:00 Europe\/Amsterdam/,
      );
      const status = await printed(() =>
        withEnv(settingsEnv(settings), () => printStatus({ config: project.config, limit: 5 })),
      );
      expect(status).toMatch(
        /nightly {2}0 2 \* \* \* {2}Europe\/Amsterdam {2}pipeline default {2}next .* 02:00 \(in /,
      );
      expect(status).toMatch(/\n {2}run +0 +0 +1 /); // the next fire waits as a delayed job
    } finally {
      writeFileSync(project.config, original);
    }
    const stale = await printed(() =>
      withEnv(settingsEnv(settings), () => printStatus({ config: project.config, limit: 5 })),
    );
    expect(stale).toMatch(/nightly .* no longer in impact\.yaml: run `impact schedule` to remove it/);
  });
});

/** What a command prints with console.log. */
async function printed(fn: () => Promise<void>): Promise<string> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...args) => void lines.push(args.join(' ')));
  try {
    await fn();
  } finally {
    spy.mockRestore();
  }
  return lines.join('\n');
}

async function withEnv<T>(env: NodeJS.ProcessEnv, fn: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return await fn();
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

describe('a schedule that fires', () => {
  it('runs the pipeline end to end: pulls, then the load in a process of its own', async () => {
    await syncSchedules(queues.run, [schedule('every-second', '* * * * * *')]);
    workers = await startWorkers({ configFile: project.config, settings, logger: silentLogger });
    const load = await waitFor('the first scheduled load', async () => (await queues.load.getJobs())[0]);
    await syncSchedules(queues.run, []); // one fire is enough; removing it takes its next fire too
    const done = await waitFor('the load to finish', async () => {
      const state = await load.getState();
      if (state === 'failed')
        throw new Error(`load failed: ${(await queues.load.getJob(load.id!))?.failedReason}`);
      return state === 'completed' && (await queues.load.getJob(load.id!));
    });
    expect(done.data).toMatchObject({ pipeline: 'default', trigger: 'schedule', schedule: 'every-second' });
    expect(done.returnvalue).toMatchObject({ status: 'succeeded', filesLoaded: 13, filesPulled: 13 });
    expect(done.returnvalue.pid).not.toBe(process.pid); // sandboxed: another process did the work

    const pulls = await queues.pull.getJobs(['completed']);
    expect(pulls.map((p) => p.returnvalue.source).sort()).toEqual([
      'activiteiten',
      'financien',
      'regicare',
      'verhalen',
      'zrm',
    ]);
    expect(pulls.every((p) => p.returnvalue.files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256)))).toBe(true);

    await waitFor('no load pending (a second fire may have slipped in)', async () => {
      const c = await queues.load.getJobCounts('waiting', 'active', 'waiting-children', 'delayed');
      return Object.values(c).every((n) => n === 0);
    });
    await workers.close();
    workers = undefined;
    expect(await queues.load.getJobCountByTypes('completed', 'failed')).toBe(1);
    const runs = await runHistory(project.warehouse);
    expect(runs.map((r) => [r.status, r.trigger])).toContainEqual(['succeeded', 'schedule']);
    expect((await rowCounts(project.warehouse)).fct_contact).toBeGreaterThan(0);

    const status = await readStatus(queues, [], 5);
    expect(status.runs.find((r) => r.loadJobId === load.id)).toMatchObject({
      state: 'completed',
      trigger: 'schedule',
      schedule: 'every-second',
      result: { runId: done.returnvalue.runId },
    });
    expect(status.loadConcurrency).toBe(1);
  });
});
