// What `impact status` shows, gathered from Redis alone (the warehouse may be busy loading):
// each queue's job counts, the schedules with their next run (and whether Redis still matches
// impact.yaml), the workers connected, and the latest runs with their outcome.
import type { Job } from 'bullmq';
import type { LoadProgress, LoadRequest, LoadResult, Queues } from './queues.ts';
import type { Schedule } from './schedule-config.ts';

const states = [
  'waiting',
  'active',
  'delayed',
  'waiting-children',
  'prioritized',
  'failed',
  'completed',
] as const;

export interface QueueStatus {
  queue: string;
  counts: Record<(typeof states)[number], number>;
}

export interface ScheduleStatus {
  name: string;
  cron?: string;
  timezone?: string;
  pipeline?: string;
  next?: number;
  /** in-sync: Redis matches impact.yaml; not-synced: in the config only; stale: in Redis only. */
  sync: 'in-sync' | 'changed' | 'not-synced' | 'stale';
}

export interface RunStatus {
  loadJobId: string;
  pipeline: string;
  trigger: string;
  schedule?: string;
  requestedAt: number;
  state: string;
  startedAt?: number;
  finishedAt?: number;
  attempts: number;
  by?: string;
  progress?: LoadProgress;
  result?: LoadResult;
  error?: string;
}

export interface Status {
  queues: QueueStatus[];
  loadConcurrency: number | null;
  workers: number;
  schedules: ScheduleStatus[];
  runs: RunStatus[];
}

export async function readStatus(q: Queues, configured: Schedule[] | undefined, limit = 10): Promise<Status> {
  const queues = await Promise.all(
    [q.run, q.pull, q.load].map(async (queue) => ({
      queue: queue.name,
      counts: (await queue.getJobCounts(...states)) as QueueStatus['counts'],
    })),
  );
  const jobs = (await q.load.getJobs([...states], 0, limit * 2, false)).filter(Boolean);
  jobs.sort((a, b) => b.timestamp - a.timestamp);
  return {
    queues,
    loadConcurrency: await q.load.getGlobalConcurrency(),
    workers: (await q.load.getWorkersCount()) as number,
    schedules: await schedules(q, configured),
    runs: await Promise.all(jobs.slice(0, limit).map((job) => runStatus(q, job))),
  };
}

async function schedules(q: Queues, configured: Schedule[] | undefined): Promise<ScheduleStatus[]> {
  const inRedis = await q.run.getJobSchedulers(0, -1, true);
  const out: ScheduleStatus[] = inRedis.map((r) => {
    const c = configured?.find((s) => s.name === r.key);
    const same =
      c && c.cron === r.pattern && c.timezone === r.tz && c.pipeline === r.template?.data?.pipeline;
    return {
      name: r.key,
      cron: r.pattern ?? undefined,
      timezone: r.tz ?? undefined,
      pipeline: r.template?.data?.pipeline,
      next: r.next,
      sync: !configured ? 'in-sync' : !c ? 'stale' : same ? 'in-sync' : 'changed',
    };
  });
  for (const c of configured ?? []) {
    if (inRedis.some((r) => r.key === c.name)) continue;
    out.push({ name: c.name, cron: c.cron, timezone: c.timezone, pipeline: c.pipeline, sync: 'not-synced' });
  }
  return out;
}

async function runStatus(q: Queues, job: Job<LoadRequest, LoadResult>): Promise<RunStatus> {
  const state = await job.getState();
  const failure = state === 'failed' ? await failureOf(q, job) : undefined;
  return {
    loadJobId: job.id ?? '?',
    pipeline: job.data.pipeline,
    trigger: job.data.trigger,
    schedule: job.data.schedule,
    requestedAt: job.timestamp,
    state,
    startedAt: job.processedOn,
    finishedAt: job.finishedOn,
    attempts: failure?.attempts ?? job.attemptsMade,
    by: job.processedBy,
    progress: state === 'active' ? (job.progress as LoadProgress) : undefined,
    result: state === 'completed' ? job.returnvalue : undefined,
    error: failure?.error,
  };
}

/** A load failed by a pull says only which child failed; show that pull's own reason. */
async function failureOf(q: Queues, job: Job): Promise<{ error: string; attempts: number }> {
  const reason = job.failedReason || 'failed';
  const child = /child [^:\s]+:pull:(\S+?) failed/.exec(reason)?.[1];
  const pull = child ? await q.pull.getJob(child) : undefined;
  if (!pull?.failedReason) return { error: reason, attempts: job.attemptsMade };
  const source = pull.data.source;
  return {
    error: pull.failedReason.startsWith(source)
      ? `pull failed: ${pull.failedReason}`
      : `pull of ${source} failed: ${pull.failedReason}`,
    attempts: pull.attemptsMade,
  };
}
