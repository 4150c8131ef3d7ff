// Where the queues live and how patient they are, from the environment: the same variables work
// for `impact worker` on a server, in docker-compose and in tests (which shorten every wait and
// use a queue prefix of their own). Nothing here is a secret; the Redis password, if any, is
// part of REDIS_URL and is never logged (see redisLabel).
import { UserError } from '../lib/errors.ts';

export interface JobSettings {
  redisUrl: string;
  /** Namespace of every Redis key: one prefix per warehouse (organisation). */
  prefix: string;
  /** How long a worker holds a job before another may take it over (renewed while it runs). */
  lockMs: number;
  /** How often workers look for jobs whose worker died. */
  stalledCheckMs: number;
  pullAttempts: number;
  /** First retry delay of a pull; doubles each attempt. */
  pullBackoffMs: number;
  /** A file modified less than this long ago is still being delivered: the pull waits for it. */
  pullSettleMs: number;
  loadAttempts: number;
  loadBackoffMs: number;
}

/** Every variable, its default and what it means: README "Schedules and workers" repeats this. */
export const settingVariables = {
  REDIS_URL: ['redis://127.0.0.1:6379', 'the Redis that holds queues and schedules'],
  IMPACT_QUEUE_PREFIX: ['impact', 'key prefix in Redis; one per warehouse'],
  IMPACT_LOCK_MS: ['30000', 'lock on a running job, renewed every half of it'],
  IMPACT_STALLED_CHECK_MS: ['30000', 'how often a worker looks for jobs of a worker that died'],
  IMPACT_PULL_ATTEMPTS: ['5', 'tries of a pull before it counts as failed'],
  IMPACT_PULL_BACKOFF_MS: ['30000', 'wait before the first retry of a pull; doubles each time'],
  IMPACT_PULL_SETTLE_MS: ['10000', 'files younger than this are still being delivered'],
  IMPACT_LOAD_ATTEMPTS: ['5', 'tries of a load (only for errors that may pass, e.g. a busy warehouse)'],
  IMPACT_LOAD_BACKOFF_MS: ['60000', 'wait before the first retry of a load; doubles each time'],
} as const;

type Variable = keyof typeof settingVariables;

export function jobSettings(env: NodeJS.ProcessEnv = process.env): JobSettings {
  const text = (name: Variable) => env[name] || settingVariables[name][0];
  const int = (name: Variable, min: number) => {
    const value = Number(text(name));
    if (!Number.isInteger(value) || value < min) {
      throw new UserError(`${name} must be a whole number of at least ${min}, not '${env[name]}'.`);
    }
    return value;
  };
  const prefix = text('IMPACT_QUEUE_PREFIX');
  if (!/^[A-Za-z0-9_.-]+$/.test(prefix)) {
    throw new UserError(`IMPACT_QUEUE_PREFIX may hold letters, digits, '_', '.' and '-', not '${prefix}'.`);
  }
  return {
    redisUrl: text('REDIS_URL'),
    prefix,
    lockMs: int('IMPACT_LOCK_MS', 1000),
    stalledCheckMs: int('IMPACT_STALLED_CHECK_MS', 500),
    pullAttempts: int('IMPACT_PULL_ATTEMPTS', 1),
    pullBackoffMs: int('IMPACT_PULL_BACKOFF_MS', 0),
    pullSettleMs: int('IMPACT_PULL_SETTLE_MS', 0),
    loadAttempts: int('IMPACT_LOAD_ATTEMPTS', 1),
    loadBackoffMs: int('IMPACT_LOAD_BACKOFF_MS', 0),
  };
}

/** The Redis URL without its password, for messages and logs. */
export function redisLabel(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '(REDIS_URL is not a URL)';
  }
}
