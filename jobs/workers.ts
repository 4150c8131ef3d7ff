// `impact worker`: the run, pull and load workers in one process, and a graceful stop. On
// SIGTERM or SIGINT the workers take no new jobs and the process exits once the jobs they hold
// have finished — a load is never cut off by a deploy or a Ctrl-C. A second signal stops at
// once; the job it held is then taken over by another worker (or this one, restarted).
import type { Worker } from 'bullmq';
import { loadWorker } from './load-worker.ts';
import { pullWorker } from './pull-worker.ts';
import { openQueues, type queueNames } from './queues.ts';
import { runWorker } from './run-worker.ts';
import type { WorkerDeps } from './worker-options.ts';

export interface RunningWorkers {
  workers: Worker[];
  /** Stops taking jobs, waits for the current ones, closes every connection. */
  close(): Promise<void>;
}

export type QueueName = keyof typeof queueNames;

/** Starts a worker for each queue (all three unless `only` names some). */
export async function startWorkers(deps: WorkerDeps, only?: QueueName[]): Promise<RunningWorkers> {
  const queues = openQueues(deps.settings);
  const serve = (name: QueueName) => !only || only.includes(name);
  const workers: Worker[] = [];
  if (serve('run')) workers.push(runWorker(deps, queues));
  if (serve('pull')) workers.push(pullWorker(deps));
  if (serve('load')) workers.push(await loadWorker(deps, queues));
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  deps.logger.info(
    { queues: workers.map((w) => w.name), prefix: deps.settings.prefix, pid: process.pid },
    'workers ready',
  );
  let closing: Promise<void> | undefined;
  return {
    workers,
    close() {
      closing ??= Promise.all(workers.map((w) => w.close())).then(() => queues.close());
      return closing;
    },
  };
}

export function stopOnSignals(running: RunningWorkers, deps: Pick<WorkerDeps, 'logger'>): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        deps.logger.warn({ signal }, 'second signal: stopping now; the current job will be taken over');
        process.exit(130);
      }
      stopping = true;
      deps.logger.info({ signal }, 'stopping: no new jobs; waiting for the current ones to finish');
      running.close().then(
        () => {
          deps.logger.info('stopped');
          resolve();
        },
        (err: Error) => {
          deps.logger.error({ error: err.message }, 'could not stop cleanly');
          process.exitCode = 1;
          resolve();
        },
      );
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}
