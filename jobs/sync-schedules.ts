// `impact schedule`: make the Job Schedulers in Redis what impact.yaml says. Idempotent: an
// unchanged schedule is left alone (its next run stays), a changed one is updated, a new one
// added, and one that is no longer in the config is removed. Each fired schedule puts a run
// request on the run queue; the workers do the rest.
import type { Queue } from 'bullmq';
import { keepJobs, type RunRequest } from './queues.ts';
import type { Schedule } from './schedule-config.ts';

export interface ScheduleChange {
  name: string;
  change: 'added' | 'updated' | 'unchanged' | 'removed';
  cron: string;
  timezone?: string;
  pipeline?: string;
  /** Next run (epoch ms) after the sync; none for a removed schedule. */
  next?: number;
}

export async function syncSchedules(
  queue: Queue<RunRequest>,
  schedules: Schedule[],
): Promise<ScheduleChange[]> {
  const existing = await queue.getJobSchedulers(0, -1, true);
  const changes: ScheduleChange[] = [];
  for (const s of schedules) {
    const before = existing.find((e) => e.key === s.name);
    const same =
      before?.pattern === s.cron &&
      before.tz === s.timezone &&
      before.template?.data?.pipeline === s.pipeline;
    if (!same) {
      await queue.upsertJobScheduler(
        s.name,
        { pattern: s.cron, tz: s.timezone },
        {
          name: 'scheduled run',
          data: { pipeline: s.pipeline, trigger: 'schedule', schedule: s.name },
          opts: { attempts: 3, backoff: { type: 'exponential', delay: 5_000 }, ...keepJobs },
        },
      );
    }
    const after = await queue.getJobScheduler(s.name);
    changes.push({
      name: s.name,
      change: !before ? 'added' : same ? 'unchanged' : 'updated',
      cron: s.cron,
      timezone: s.timezone,
      pipeline: s.pipeline,
      next: after?.next,
    });
  }
  for (const e of existing) {
    if (schedules.some((s) => s.name === e.key)) continue;
    await queue.removeJobScheduler(e.key);
    changes.push({ name: e.key, change: 'removed', cron: e.pattern ?? `every ${e.every} ms` });
  }
  return changes;
}
