// What every worker of `impact worker` shares: where Redis is, how long locks last, the worker's
// name (stored on each job it takes, so `impact status` can say who ran what), and one log line
// per job outcome — a failure that will be retried is a warning, a final one an error.
import { hostname } from 'node:os';
import type { Job, Worker, WorkerOptions } from 'bullmq';
import type { Logger } from '../lib/logger.ts';
import { connectionOf } from './queues.ts';
import type { JobSettings } from './settings.ts';

export interface WorkerDeps {
  /** The impact.yaml this worker serves; each job reads it afresh. */
  configFile: string;
  settings: JobSettings;
  logger: Logger;
  /** Stored on every job this worker takes; default host:pid. */
  name?: string;
}

export const workerName = (deps: WorkerDeps) => deps.name ?? `${hostname()}:${process.pid}`;

export function workerOptions(deps: WorkerDeps, concurrency: number): WorkerOptions {
  return {
    connection: connectionOf(deps.settings),
    prefix: deps.settings.prefix,
    name: workerName(deps),
    concurrency,
    lockDuration: deps.settings.lockMs,
    stalledInterval: deps.settings.stalledCheckMs,
  };
}

export function logOutcomes(worker: Worker, log: Logger): void {
  worker.on('active', (job: Job) => log.info({ job: job.id, name: job.name }, 'job started'));
  worker.on('completed', (job: Job) => log.info({ job: job.id, name: job.name }, 'job done'));
  worker.on('failed', (job: Job | undefined, err: Error) => {
    if (!job) return log.error({ error: err.message }, 'job failed');
    const attempts = job.opts.attempts ?? 1;
    const final = err.name === 'UnrecoverableError' || job.attemptsMade >= attempts;
    const fields = {
      job: job.id,
      name: job.name,
      attempt: job.attemptsMade,
      of: attempts,
      error: err.message,
    };
    if (final) log.error(fields, 'job failed');
    else log.warn(fields, 'job failed, will be retried');
  });
  worker.on('stalled', (jobId: string) =>
    log.warn({ job: jobId }, 'job stalled: its worker stopped; taken over'),
  );
  worker.on('error', (err: Error) => log.error({ error: err.message }, 'worker error'));
}
