// Structured logs (pino). Every line carries who and what (run, step, source, file), never whom:
// no client data is ever passed to the logger, and anything that looks like a secret is redacted.
import { type Logger, pino } from 'pino';

export type { Logger };

const redactPaths = [
  'key',
  'secret',
  'password',
  'token',
  'authorization',
  '*.key',
  '*.secret',
  '*.password',
  '*.token',
  '*.authorization',
  'headers.authorization',
];

export function createLogger(opts: { level?: string; destination?: string | number } = {}): Logger {
  const level = opts.level ?? process.env.IMPACT_LOG_LEVEL ?? 'info';
  const destination = pino.destination({ dest: opts.destination ?? 2, sync: true });
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths, censor: '[redacted]' },
    },
    destination,
  );
}

/** A logger that writes nothing, for tests and for library callers that bring none. */
export const silentLogger: Logger = pino({ level: 'silent' });
