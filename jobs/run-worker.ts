// The run worker: turns a run request — fired by a schedule, or put there by `impact enqueue` —
// into a flow of pulls and a load. A request for a pipeline whose previous load has not even
// started yet is skipped: that load will read the folders when it starts and see everything.
import { Worker } from 'bullmq';
import { loadConfig } from '../lib/config.ts';
import { forTheQueue } from './failure-policy.ts';
import { type Queues, queueNames, type RunRequest } from './queues.ts';
import { addRunFlow, queuedLoad } from './run-flow.ts';
import { logOutcomes, type WorkerDeps, workerOptions } from './worker-options.ts';

export interface RunRequestResult {
  loadJobId: string;
  skipped?: string;
}

export function runWorker(deps: WorkerDeps, queues: Pick<Queues, 'load' | 'flows'>) {
  const log = deps.logger.child({ queue: queueNames.run });
  const worker = new Worker<RunRequest, RunRequestResult>(
    queueNames.run,
    async (job) => {
      try {
        const queued = await queuedLoad(queues, job.data.pipeline);
        if (queued?.id) {
          log.info({ job: job.id, load: queued.id }, 'run request skipped: a load is still queued');
          return {
            loadJobId: queued.id,
            skipped: `load ${queued.id} of ${job.data.pipeline} is still queued`,
          };
        }
        const cfg = loadConfig(deps.configFile);
        const started = await addRunFlow(queues, cfg, deps.settings, job.data, job.id ?? job.name);
        log.info({ job: job.id, load: started.loadJobId, schedule: job.data.schedule }, 'run started');
        return { loadJobId: started.loadJobId };
      } catch (err) {
        throw forTheQueue(err);
      }
    },
    workerOptions(deps, 1),
  );
  logOutcomes(worker, log);
  return worker;
}
