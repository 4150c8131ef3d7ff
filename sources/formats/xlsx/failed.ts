// sources/formats/xlsx/failed.ts — how the worker's readers say what went wrong: a Failed error
// carries the WorkerFailure that read-xlsx.ts turns into a SpreadsheetError for people.
import type { WorkerFailure } from './protocol.ts';

export class Failed extends Error {
  constructor(readonly failure: WorkerFailure) {
    super(failure.code);
  }
}

/** A parser's own error, sorted by what it most likely means. */
export function classifyParseError(error: unknown, zip: boolean): WorkerFailure {
  const detail = error instanceof Error ? error.message : String(error);
  if (/password|encrypt/i.test(detail)) return { code: 'encrypted' };
  if (/allocation failed|invalid (string|array) length|buffer larger than/i.test(detail)) {
    return { code: 'out-of-memory', detail };
  }
  return { code: 'unreadable', detail, zip };
}
