// `impact status`: the queues, the schedules and their next run, and the latest runs with their
// outcome — read from Redis, so it works while a load holds the warehouse.
import { existsSync } from 'node:fs';
import { openQueues } from '../../jobs/queues.ts';
import { checkRedis } from '../../jobs/redis-check.ts';
import { schedulesOf } from '../../jobs/schedule-config.ts';
import { jobSettings, redisLabel } from '../../jobs/settings.ts';
import { type RunStatus, readStatus, type ScheduleStatus } from '../../jobs/status.ts';
import { type Config, loadConfig } from '../../lib/config.ts';
import { localTime, relative, seconds } from './job-format.ts';

export async function printStatus(o: { config: string; limit: number }) {
  const cfg: Config | undefined = existsSync(o.config) ? loadConfig(o.config) : undefined;
  const tz = cfg?.timezone ?? 'Europe/Amsterdam';
  const settings = jobSettings();
  await checkRedis(settings);
  const queues = openQueues(settings);
  try {
    const s = await readStatus(queues, cfg && schedulesOf(cfg), o.limit);
    const one =
      s.loadConcurrency === 1 ? 'one load at a time' : 'load concurrency not set yet (a worker sets it)';
    console.log(
      `Queues on ${redisLabel(settings.redisUrl)} (prefix ${settings.prefix}) · ${s.workers} load worker(s) connected · ${one}`,
    );
    const columns = ['waiting', 'active', 'delayed', 'waiting-children', 'failed', 'completed'] as const;
    table(
      ['queue', ...columns.map((c) => (c === 'waiting-children' ? 'waiting for pulls' : c))],
      s.queues.map((q) => [q.queue, ...columns.map((c) => String(q.counts[c] ?? 0))]),
    );
    console.log('\nSchedules');
    if (!s.schedules.length) console.log('  none (see `schedules:` in the README, then `impact schedule`)');
    table(
      [],
      s.schedules.map((x) => [
        x.name,
        x.cron ?? '',
        x.timezone ?? '',
        `pipeline ${x.pipeline ?? '?'}`,
        scheduleNote(x, tz),
      ]),
    );
    console.log('\nLast runs (newest first)');
    if (!s.runs.length) console.log('  none yet (`impact enqueue` asks for one now)');
    table(
      [],
      s.runs.map((r) => [
        localTime(r.requestedAt, tz),
        r.trigger === 'schedule' ? `schedule ${r.schedule ?? ''}` : r.trigger,
        outcome(r),
        detail(r),
      ]),
    );
  } finally {
    await queues.close();
  }
}

function scheduleNote(x: ScheduleStatus, tz: string): string {
  if (x.sync === 'not-synced') return 'in impact.yaml, not in Redis yet: run `impact schedule`';
  if (x.sync === 'stale') return 'no longer in impact.yaml: run `impact schedule` to remove it';
  const next = x.next ? `next ${localTime(x.next, x.timezone ?? tz)} (${relative(x.next)})` : 'no next run';
  return x.sync === 'changed' ? `${next}; impact.yaml differs: run \`impact schedule\`` : next;
}

function outcome(r: RunStatus): string {
  if (r.state === 'completed') return 'succeeded';
  if (r.state === 'active') return 'running';
  if (r.state === 'waiting-children') return 'pulling';
  if (r.state === 'delayed') return 'retry waits';
  return r.state;
}

function detail(r: RunStatus): string {
  if (r.result) {
    const f = r.result;
    const took = r.startedAt && r.finishedAt ? ` · ${seconds(r.finishedAt - r.startedAt)}` : '';
    return `run ${f.runId} · ${f.filesPulled} files pulled, ${f.filesLoaded} loaded, ${f.filesSkipped} seen before${took}`;
  }
  if (r.state === 'active') {
    const p =
      r.progress && typeof r.progress === 'object'
        ? `${r.progress.step} ${r.progress.done}/${r.progress.total}`
        : '';
    return `${p} by ${r.by ?? '?'}`.trim();
  }
  if (r.error)
    return `${r.error.split('\n')[0]!.slice(0, 160)}${r.attempts > 1 ? ` (after ${r.attempts} tries)` : ''}`;
  return '';
}

function table(header: string[], rows: string[][]) {
  const all = header.length ? [header, ...rows] : rows;
  const widths = all.reduce<number[]>((w, row) => row.map((c, i) => Math.max(w[i] ?? 0, c.length)), []);
  for (const row of all)
    console.log(
      `  ${row
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd()}`,
    );
}
