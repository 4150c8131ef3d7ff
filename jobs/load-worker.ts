// The load worker: the only worker that writes the warehouse. DuckDB allows one writing process,
// so the load queue runs one job at a time across every worker on every machine (global
// concurrency 1) and each worker takes one at a time. The job itself runs in a forked process
// (load-sandbox.mjs → load-processor.ts) so a long, CPU-heavy run never starves lock renewal.
import { fileURLToPath } from 'node:url';
import { Worker } from 'bullmq';
import type { Queues } from './queues.ts';
import { type LoadRequest, type LoadResult, queueNames } from './queues.ts';
import { logOutcomes, type WorkerDeps, workerOptions } from './worker-options.ts';

export const loadSandboxFile = fileURLToPath(new URL('./load-sandbox.mjs', import.meta.url));

export async function loadWorker(deps: WorkerDeps, queues: Pick<Queues, 'load'>) {
  await queues.load.setGlobalConcurrency(1);
  const log = deps.logger.child({ queue: queueNames.load });
  const worker = new Worker<LoadRequest, LoadResult>(queueNames.load, loadSandboxFile, {
    ...workerOptions(deps, 1),
    useWorkerThreads: false,
    workerForkOptions: {
      env: {
        ...process.env,
        IMPACT_CONFIG: deps.configFile,
        IMPACT_LOG_LEVEL: deps.logger.level,
      },
    },
  });
  logOutcomes(worker, log);
  // A lock that could not be renewed is gone (Redis was out of reach longer than the lock lasts):
  // another worker may already be loading. Stop writing at once; the load is idempotent.
  worker.on('lockRenewalFailed', (jobIds: string[]) => {
    for (const id of jobIds) {
      log.error({ job: id }, 'lost the lock of a running load: stopping it, another worker takes it over');
      worker.cancelJob(id, 'lock lost');
    }
  });
  return worker;
}
