import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openQueues, type PullResult, type Queues } from '../../jobs/queues.ts';
import { pullJobOptions } from '../../jobs/run-flow.ts';
import { readStatus } from '../../jobs/status.ts';
import { type RunningWorkers, startWorkers } from '../../jobs/workers.ts';
import { silentLogger } from '../../lib/logger.ts';
import { type DemoProject, demoProject, jobFinished, obliterate, testSettings, waitFor } from './helpers.ts';

// Pulls fail in two ways. A delivery still being written passes by itself: the pull is retried
// with exponential backoff until the files have settled. A missing export folder is the data
// expert's to fix: the pull fails once, at once, and its run fails before loading anything.
const settings = testSettings('pull', { pullSettleMs: 1500, pullBackoffMs: 250, pullAttempts: 6 });
let project: DemoProject;
let queues: Queues;
let workers: RunningWorkers;
const failures: { job: string; attempt: number; name: string; message: string }[] = [];

beforeAll(async () => {
  project = await demoProject();
  queues = openQueues(settings);
  workers = await startWorkers({ configFile: project.config, settings, logger: silentLogger });
  workers.workers
    .find((w) => w.name === 'pull')!
    .on('failed', (job, err) => {
      failures.push({ job: job!.id!, attempt: job!.attemptsMade, name: err.name, message: err.message });
    });
});

afterAll(async () => {
  await workers.close();
  await queues.close();
  await obliterate(settings);
  project.remove();
});

const finished = (loadJobId: string) => jobFinished(queues.load, loadJobId);

async function requestRun() {
  const request = await queues.run.add('manual run', { pipeline: 'default', trigger: 'manual' });
  return waitFor(
    'the flow',
    async () => (await queues.run.getJob(request.id!))?.returnvalue?.loadJobId as string,
  );
}

describe('a pull of a delivery that is still being written', () => {
  it('fails, is retried with backoff, then succeeds with every file and its sha256', async () => {
    const folder = join(project.dir, 'exports/regicare');
    const now = new Date();
    for (const f of readdirSync(folder)) utimesSync(join(folder, f), now, now); // just arrived
    const started = Date.now();
    const job = await queues.pull.add('regicare', { source: 'regicare' }, pullJobOptions(settings));
    const done = await jobFinished(queues.pull, job.id!);
    expect(done.state, done.job.failedReason).toBe('completed');

    const retried = failures.filter((f) => f.job === job.id);
    expect(retried.length).toBeGreaterThanOrEqual(2);
    expect(retried[0]!.message).toMatch(
      /^regicare: .* still being delivered \(changed 0 s ago\); the pull waits/,
    );
    expect(retried.every((f) => f.name === 'PassingFailure')).toBe(true);
    expect(done.job.attemptsStarted).toBe(retried.length + 1);
    // Exponential backoff (250, 500, 1000 ms …): the pull succeeded once the files were 1.5 s old.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);

    const files = (done.job.returnvalue as PullResult).files;
    expect(files.map((f) => f.name).sort()).toEqual(readdirSync(folder).sort());
    const first = files[0]!;
    const sha256 = createHash('sha256')
      .update(readFileSync(join(folder, first.name)))
      .digest('hex');
    expect(first).toMatchObject({ resource: expect.any(String), sha256 });
  });
});

describe('a pull whose export folder is missing', () => {
  it('fails once, without retrying, and fails its run before anything is loaded', async () => {
    const original = readFileSync(project.config, 'utf8');
    writeFileSync(project.config, original.replace('exports/regicare', 'exports/regicare-gone'));
    try {
      const { job, state } = await finished(await requestRun());
      expect(state).toBe('failed');
      const pull = (await queues.pull.getJob(`${job.id}-regicare`))!;
      expect(await pull.getState()).toBe('failed');
      expect(pull.attemptsStarted).toBe(1);
      expect(pull.failedReason).toMatch(
        /^regicare: the export folder .*regicare-gone does not exist\. Check location/,
      );
      const run = (await readStatus(queues, undefined, 5)).runs.find((r) => r.loadJobId === job.id);
      expect(run).toMatchObject({ state: 'failed', attempts: 1 });
      expect(run?.error).toMatch(/^pull failed: regicare: the export folder .* does not exist/);
      expect(failures.filter((f) => f.job === pull.id).map((f) => f.name)).toEqual(['UnrecoverableError']);
    } finally {
      writeFileSync(project.config, original);
    }
    expect(existsSync(project.warehouse)).toBe(false); // the load never started
  });
});
