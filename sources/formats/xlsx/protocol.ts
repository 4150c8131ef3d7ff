// sources/formats/xlsx/protocol.ts — the messages between read-xlsx.ts (main thread) and
// parse-worker.ts. Kept to plain strings, numbers and arrays: they cross the thread boundary by
// structured clone, so nothing a hostile workbook did to objects inside the worker comes along.

export type SheetSelection = string[] | 'all' | 'first';

/** What the worker is asked to do (its `workerData`). */
export interface FileLimits {
  path: string;
  maxBytes: number;
  /** Unset: the worker picks the default for the kind of workbook (streamed or in memory). */
  maxUnpackedBytes?: number;
  heapMb: number;
}

export type WorkerJob =
  | ({ kind: 'list' } & FileLimits)
  | ({ kind: 'rows'; maxRows: number; batchRows: number; sheets: SheetSelection } & FileLimits);

/** One non-blank sheet row; `row` is the 1-based number Excel shows, `cells` start at column A. */
export interface SheetRow {
  sheet: string;
  row: number;
  cells: (string | null)[];
}

/** Failures the worker recognises; read-xlsx.ts turns each into a SpreadsheetError for people. */
export type WorkerFailure =
  | { code: 'too-large'; bytes: number }
  | { code: 'unpacked-too-large'; limit: number }
  | { code: 'encrypted' }
  | { code: 'sheet-not-found'; missing: string[]; available: string[] }
  | { code: 'too-many-rows'; rows: number }
  | { code: 'out-of-memory'; detail: string }
  | { code: 'unreadable'; detail: string; zip: boolean };

export type WorkerMessage =
  | { type: 'sheets'; names: string[] }
  | { type: 'rows'; rows: SheetRow[] }
  | { type: 'done' }
  | { type: 'failed'; failure: WorkerFailure };

/** The only message the main thread sends: "batch consumed, send the next one". */
export const ACK = 'ack';
