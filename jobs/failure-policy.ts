// Which failures deserve another try. Something a person must fix (a missing export folder, a
// wrong pseudonym key, a broken export, failed data tests, no permission) fails the job at once
// and is reported once: retrying would only repeat the message. Something that passes by
// itself (a busy warehouse, a network share that hiccups, a file still being delivered) is
// retried with exponential backoff, a bounded number of times.
import { UnrecoverableError } from 'bullmq';
import { errorMessage, UserError } from '../lib/errors.ts';

/** A failure that is expected to pass: the job is tried again later. */
export class PassingFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PassingFailure';
  }
}

/** I/O errors of disks and network shares that are worth waiting out. */
const passingCodes = new Set([
  'EAGAIN',
  'EBUSY',
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTDOWN',
  'EHOSTUNREACH',
  'EIO',
  'EMFILE',
  'ENFILE',
  'ENOENT', // a file moved away between listing and reading: the delivery is still going on
  'ENOTCONN',
  'ESTALE',
  'ETIMEDOUT',
]);
/** Errors a person must fix: retrying cannot help. */
const permanentCodes = new Set(['EACCES', 'EPERM', 'ENOTDIR', 'EISDIR', 'ELOOP', 'ENAMETOOLONG']);

/** True when the error is DuckDB's lock held by another process (`impact run` by hand, say). */
export const isWarehouseBusy = (err: unknown) =>
  err instanceof UserError && /is in use by another process/.test(err.message);

/** The error to throw from a processor: UnrecoverableError when retrying cannot help. */
export function forTheQueue(err: unknown): Error {
  if (err instanceof UnrecoverableError || err instanceof PassingFailure) return err;
  if (isWarehouseBusy(err)) return new PassingFailure(errorMessage(err), { cause: err });
  // A download that timed out or met a busy server (sources/location/http.ts).
  if ((err as { transient?: boolean } | undefined)?.transient === true) {
    return new PassingFailure(errorMessage(err), { cause: err });
  }
  if (err instanceof UserError) {
    return new UnrecoverableError(err.hint ? `${err.message} ${err.hint}` : err.message);
  }
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code && permanentCodes.has(code)) return new UnrecoverableError(errorMessage(err));
  if (code && passingCodes.has(code)) return new PassingFailure(errorMessage(err), { cause: err });
  // Anything else (a bug, DuckDB running out of disk) is tried again a few times: every step is
  // idempotent, so a retry cannot double data; if it keeps failing, the job fails with it.
  return err instanceof Error ? err : new Error(String(err));
}
