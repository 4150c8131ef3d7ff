// `impact worker`: runs the run, pull and load workers (or those --queues names) until SIGTERM
// or SIGINT, then lets the current jobs finish before it exits.

import { queueNames } from '../../jobs/queues.ts';
import { checkRedis } from '../../jobs/redis-check.ts';
import { schedulesOf } from '../../jobs/schedule-config.ts';
import { jobSettings, redisLabel } from '../../jobs/settings.ts';
import { type QueueName, startWorkers, stopOnSignals } from '../../jobs/workers.ts';
import { loadConfig } from '../../lib/config.ts';
import { UserError } from '../../lib/errors.ts';
import type { Logger } from '../../lib/logger.ts';

export async function runWorkers(o: { config: string; logger: Logger; name?: string; queues?: string }) {
  const cfg = loadConfig(o.config);
  schedulesOf(cfg); // a broken schedules: list is reported now, not when it fires
  const only = o.queues?.split(',').map((q) => q.trim());
  const unknown = only?.filter((q) => !(q in queueNames));
  if (unknown?.length) {
    throw new UserError(
      `--queues: no queue '${unknown.join("', '")}'.`,
      `The queues are ${Object.keys(queueNames).join(', ')}.`,
    );
  }
  const settings = jobSettings();
  await checkRedis(settings);
  const deps = { configFile: cfg.file, settings, logger: o.logger, name: o.name };
  const running = await startWorkers(deps, only as QueueName[] | undefined);
  console.log(
    `Workers ready (${running.workers.map((w) => w.name).join(', ')}) for ${cfg.file} on ` +
      `${redisLabel(settings.redisUrl)} (prefix ${settings.prefix}). ` +
      'Ctrl-C or SIGTERM stops them after the current job.',
  );
  await stopOnSignals(running, { logger: o.logger });
}
