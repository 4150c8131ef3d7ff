// `impact schedule`: copy the schedules of impact.yaml into Redis (added, updated, removed) and
// say when each runs next.

import { openQueues } from '../../jobs/queues.ts';
import { checkRedis } from '../../jobs/redis-check.ts';
import { schedulesOf } from '../../jobs/schedule-config.ts';
import { jobSettings, redisLabel } from '../../jobs/settings.ts';
import { syncSchedules } from '../../jobs/sync-schedules.ts';
import { loadConfig } from '../../lib/config.ts';
import { localTime, relative } from './job-format.ts';

export async function syncScheduleCommand(o: { config: string }) {
  const cfg = loadConfig(o.config);
  const schedules = schedulesOf(cfg);
  const settings = jobSettings();
  await checkRedis(settings);
  const queues = openQueues(settings);
  try {
    const changes = await syncSchedules(queues.run, schedules);
    console.log(`Schedules of ${cfg.file} in ${redisLabel(settings.redisUrl)} (prefix ${settings.prefix}):`);
    if (!changes.length) console.log('  none (add a `schedules:` list to impact.yaml, see the README)');
    const width = Math.max(...changes.map((c) => c.name.length), 4);
    for (const c of changes) {
      const when = c.next
        ? `next ${localTime(c.next, c.timezone ?? cfg.timezone)} ${c.timezone} (${relative(c.next)})`
        : '';
      const what = c.change === 'removed' ? c.cron : `${c.cron}  pipeline ${c.pipeline}  ${when}`;
      console.log(`  ${c.name.padEnd(width)}  ${c.change.padEnd(9)}  ${what}`);
    }
    if (changes.some((c) => c.change !== 'removed') && (await queues.run.getWorkersCount()) === 0) {
      console.log('No worker is running: start `impact worker`; until then fired schedules wait in Redis.');
    }
  } finally {
    await queues.close();
  }
}
