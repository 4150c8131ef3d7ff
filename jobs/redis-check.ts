// Before a command waits on Redis, make sure it is there: BullMQ would otherwise retry the
// connection forever in silence, and a new user would see a command that simply hangs.
import { Redis } from 'ioredis';
import { UserError } from '../lib/errors.ts';
import { type JobSettings, redisLabel } from './settings.ts';

export async function checkRedis(s: JobSettings, timeoutMs = 3000): Promise<void> {
  const client = new Redis(s.redisUrl, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  let cause: Error | undefined;
  client.on('error', (err: Error) => {
    cause ??= err; // reported below, once
  });
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    throw new UserError(
      `Cannot reach Redis at ${redisLabel(s.redisUrl)}: ${(cause ?? (err as Error)).message.replace(/\.$/, '')}.`,
      'Start Redis (e.g. `docker-compose up -d redis`) or point REDIS_URL at it.',
    );
  } finally {
    client.disconnect();
  }
}
