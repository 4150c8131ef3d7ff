// A pipeline run as a BullMQ flow: one pull per source as children, the load as their parent.
// The load starts only when every pull succeeded; a pull that fails for good fails the load
// with it (failParentOnFailure), so a run never loads half of what was asked. Job ids derive
// from the request, so handling one request twice (a worker died halfway) adds one flow.
import type { Config } from '../lib/config.ts';
import { pipelineNamed } from './pipelines.ts';
import { keepJobs, type Queues, queueNames, type RunRequest } from './queues.ts';
import type { JobSettings } from './settings.ts';

export interface StartedRun {
  loadJobId: string;
  /** False when the flow was already there (the same request seen before). */
  added: boolean;
}

export async function addRunFlow(
  queues: Pick<Queues, 'load' | 'flows'>,
  cfg: Config,
  settings: JobSettings,
  request: RunRequest,
  requestId: string,
): Promise<StartedRun> {
  const pipeline = pipelineNamed(request.pipeline);
  const sources = cfg.sources.filter((s) => pipeline.sources === 'all' || pipeline.sources.includes(s.name));
  const loadJobId = `load-${requestId.replaceAll(':', '-')}`;
  if (await queues.load.getJob(loadJobId)) return { loadJobId, added: false };
  await queues.flows.add({
    name: pipeline.name,
    queueName: queueNames.load,
    data: { ...request, requestedAt: new Date().toISOString() },
    opts: {
      jobId: loadJobId,
      attempts: settings.loadAttempts,
      backoff: { type: 'exponential', delay: settings.loadBackoffMs },
      ...keepJobs,
    },
    children: sources.map((s) => ({
      name: s.name,
      queueName: queueNames.pull,
      data: { source: s.name },
      opts: { jobId: `${loadJobId}-${s.name}`, failParentOnFailure: true, ...pullJobOptions(settings) },
    })),
  });
  return { loadJobId, added: true };
}

/** A pull is tried pullAttempts times, waiting pullBackoffMs, then twice that, … in between. */
export const pullJobOptions = (settings: JobSettings) => ({
  attempts: settings.pullAttempts,
  backoff: { type: 'exponential', delay: settings.pullBackoffMs },
  ...keepJobs,
});

/** A load of this pipeline that has not started yet, if any: a new request would only repeat it. */
export async function queuedLoad(queues: Pick<Queues, 'load'>, pipeline: string) {
  const waiting = await queues.load.getJobs(['waiting-children', 'waiting', 'prioritized', 'delayed']);
  return waiting.find((job) => job?.data.pipeline === pipeline);
}
