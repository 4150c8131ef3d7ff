// `impact enqueue`: ask the workers to run a pipeline now, through Redis, exactly as a schedule
// would; with --wait, follow it to the end and exit non-zero when it failed.

import { pipelineNamed } from '../../jobs/pipelines.ts';
import { keepJobs, openQueues } from '../../jobs/queues.ts';
import { checkRedis } from '../../jobs/redis-check.ts';
import type { RunRequestResult } from '../../jobs/run-worker.ts';
import { jobSettings } from '../../jobs/settings.ts';
import { readStatus } from '../../jobs/status.ts';
import { loadConfig } from '../../lib/config.ts';
import { UserError } from '../../lib/errors.ts';
import { seconds } from './job-format.ts';

export async function enqueueRun(o: { config: string; pipeline: string; wait: boolean }) {
  loadConfig(o.config);
  pipelineNamed(o.pipeline);
  const settings = jobSettings();
  await checkRedis(settings);
  const queues = openQueues(settings);
  try {
    const job = await queues.run.add(
      'manual run',
      { pipeline: o.pipeline, trigger: 'manual' },
      { attempts: 3, backoff: { type: 'exponential', delay: 5_000 }, ...keepJobs },
    );
    console.log(`Run of pipeline ${o.pipeline} requested (request ${job.id}). \`impact status\` follows it.`);
    if (!o.wait) return;
    if ((await queues.run.getWorkersCount()) === 0)
      console.log('No worker is running yet: start `impact worker`.');
    let loadJobId: string | undefined;
    for (;;) {
      await new Promise((r) => setTimeout(r, 500));
      if (!loadJobId) {
        const request = await queues.run.getJob(job.id!);
        if ((await request?.getState()) === 'failed')
          throw new UserError(`The request failed: ${request?.failedReason}`);
        loadJobId = (request?.returnvalue as RunRequestResult | undefined)?.loadJobId;
        continue;
      }
      const run = (await readStatus(queues, undefined, 50)).runs.find((r) => r.loadJobId === loadJobId);
      if (run?.state === 'completed' && run.result) {
        const r = run.result;
        const took = run.finishedAt && run.startedAt ? seconds(run.finishedAt - run.startedAt) : '';
        return console.log(
          `Run ${r.runId} succeeded in ${took}: ${r.filesLoaded} files loaded, ${r.filesSkipped} seen before.`,
        );
      }
      if (run?.state === 'failed') throw new UserError(`The run failed: ${run.error}`);
    }
  } finally {
    await queues.close();
  }
}
