// The pull worker: one job per source, several at once (pulls wait on disks and networks, not
// on the warehouse). A permanent failure fails the pull — and with it the run's load — at once;
// a passing one is retried with exponential backoff (see run-flow.ts for the attempts).
import { UnrecoverableError, Worker } from 'bullmq';
import { loadConfig } from '../lib/config.ts';
import { forTheQueue } from './failure-policy.ts';
import { locationOf } from './pull-location.ts';
import { type PullRequest, type PullResult, queueNames } from './queues.ts';
import { logOutcomes, type WorkerDeps, workerOptions } from './worker-options.ts';

const parallelPulls = 4;

export function pullWorker(deps: WorkerDeps): Worker<PullRequest, PullResult> {
  const log = deps.logger.child({ queue: queueNames.pull });
  const worker = new Worker<PullRequest, PullResult>(
    queueNames.pull,
    async (job) => {
      const started = Date.now();
      try {
        const cfg = loadConfig(deps.configFile);
        const source = cfg.sources.find((s) => s.name === job.data.source);
        if (!source) {
          throw new UnrecoverableError(`There is no source '${job.data.source}' in ${cfg.file} any more.`);
        }
        const location = locationOf(source, cfg.data_dir);
        const files = await location.pull({ settleMs: deps.settings.pullSettleMs });
        log.info({ job: job.id, source: source.name, files: files.length }, 'pulled');
        return { source: source.name, location: location.label, files, ms: Date.now() - started };
      } catch (err) {
        throw forTheQueue(err);
      }
    },
    workerOptions(deps, parallelPulls),
  );
  logOutcomes(worker, log);
  return worker;
}
