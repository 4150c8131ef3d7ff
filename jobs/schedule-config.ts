// The `schedules:` list in impact.yaml: when which pipeline runs. lib/config.ts accepts the key
// as a list of anything and leaves its shape to this file, so everything about scheduling lives
// in jobs/. A mistake is reported by its key, like every other config mistake:
//   schedules[0].cron: '0 25 * * *' is not a cron expression (Constraint error, got value 25 …)
import { getNextMillis } from 'bullmq';
import { z } from 'zod';
import type { Config } from '../lib/config.ts';
import { UserError } from '../lib/errors.ts';
import { pipelineNames } from './pipelines.ts';

const timezone = z.string().refine(isTimeZone, {
  error: (issue) => `'${String(issue.input)}' is not a time zone (write e.g. Europe/Amsterdam)`,
});

const scheduleSchema = z
  .strictObject({
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lower-case letters, digits, - and _ (e.g. nightly)'),
    /** Five fields (minute hour day month weekday), or six with seconds first. */
    cron: z.string().min(1),
    timezone: timezone.default('Europe/Amsterdam'),
    pipeline: z
      .string()
      .default('default')
      .refine((p) => pipelineNames.includes(p), {
        message: `unknown pipeline (known: ${pipelineNames.join(', ')})`,
      }),
  })
  .superRefine((s, ctx) => {
    const problem = cronProblem(s.cron, s.timezone);
    if (problem) {
      ctx.addIssue({
        code: 'custom',
        path: ['cron'],
        message: `'${s.cron}' is not a cron expression (${problem})`,
      });
    }
  });

export type Schedule = z.infer<typeof scheduleSchema>;

const schedulesSchema = z.array(scheduleSchema).superRefine((list, ctx) => {
  const seen = new Set<string>();
  list.forEach((s, i) => {
    if (seen.has(s.name)) {
      ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `'${s.name}' is used twice` });
    }
    seen.add(s.name);
  });
});

/** The validated schedules of a config (none when the key is absent). */
export function schedulesOf(cfg: Pick<Config, 'file'> & { schedules?: unknown[] }): Schedule[] {
  return parseSchedules(cfg.schedules ?? [], cfg.file);
}

export function parseSchedules(raw: unknown, file: string): Schedule[] {
  const result = schedulesSchema.safeParse(raw);
  if (result.success) return result.data;
  const lines = result.error.issues.slice(0, 5).map((issue) => {
    const at = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    if (issue.code === 'unrecognized_keys') return `schedules${at}: unknown key ${issue.keys.join(', ')}`;
    if (issue.code === 'invalid_type' && issue.input === undefined) return `schedules${at}: required`;
    return `schedules${at}: ${issue.message}`;
  });
  throw new UserError(
    `${file}: ${lines.join('; ')}`,
    'A schedule is { name, cron, timezone (default Europe/Amsterdam), pipeline (default default) }.',
  );
}

/** When a schedule fires next after `from` (epoch ms), by the same rules BullMQ uses. */
export function nextFire(s: Pick<Schedule, 'cron' | 'timezone'>, from = Date.now()): number | undefined {
  return getNextMillis(from, { pattern: s.cron, tz: s.timezone });
}

function cronProblem(cron: string, tz: string): string | undefined {
  const fields = cron.trim().split(/\s+/).length;
  if (fields < 5 || fields > 6) return `${fields} fields; write 5 (minute hour day month weekday) or 6`;
  if (!isTimeZone(tz)) return undefined; // reported on timezone
  try {
    return nextFire({ cron, timezone: tz }) === undefined ? 'it never fires' : undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
