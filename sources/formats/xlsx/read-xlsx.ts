// sources/formats/xlsx/read-xlsx.ts — reads rows from an untrusted spreadsheet (.xlsx, .xlsm, .xls)
// as plain text cells, with the parsing done off the event loop (DESIGN.md §8). This side only
// checks the file before parsing (exists, size, magic bytes) and polices the worker: a time budget,
// a heap cap, a cap on the unpacked size, a row cap, one batch in flight at a time, and the worker
// killed whatever happens.
//
// Why a worker and not just try/catch: the file is hostile until proven otherwise. The worker
// streams .xlsx/.xlsm itself (a million rows in flat memory) and hands .xls to SheetJS 0.18.5,
// which has known prototype-pollution and ReDoS advisories. In parse-worker.ts a runaway regex, a
// polluted prototype or a parser bug stays in a thread we can terminate; only strings come back.
import { open, stat } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import {
  ACK,
  type FileLimits,
  type SheetRow,
  type SheetSelection,
  type WorkerJob,
  type WorkerMessage,
} from './protocol.ts';
import { errors } from './spreadsheet-error.ts';

export type { SheetRow, SheetSelection } from './protocol.ts';
export { SpreadsheetError, type SpreadsheetErrorCode } from './spreadsheet-error.ts';

export interface XlsxLimits {
  /** Largest file accepted, checked before anything is parsed. */
  maxBytes: number;
  /** Most rows with data, counted over all sheets read; checked before the first row is handed out. */
  maxRows: number;
  /**
   * Time the worker may take, in ms: starting, parsing and preparing batches. Time the consumer
   * spends on a batch it was given does not count.
   */
  timeoutMs: number;
  /** Heap of the parser thread in MB (default 1024); running out stops the worker, not the process. */
  maxHeapMb?: number;
  /**
   * Most bytes the workbook may unpack to; this is what stops a zip bomb. An .xlsx is streamed and
   * counted as it unpacks (default 2 GiB: it bounds time, not memory). Workbooks SheetJS reads
   * (.xlsb, .ods) are measured before parsing (default a sixth of the heap: SheetJS holds them
   * several times over, see unpacked-size.ts).
   */
  maxUnpackedBytes?: number;
}

export interface XlsxReadOptions {
  /** Which sheets to read (default 'first'); rows come sheet by sheet in this order. */
  sheets?: SheetSelection;
  limits: XlsxLimits;
  /** Rows per yielded batch (default 5,000). */
  batchRows?: number;
}

const DEFAULT_HEAP_MB = 1024;
const DEFAULT_BATCH_ROWS = 5_000;

/**
 * The rows with data of the chosen sheets, in batches. Cells are text or null: dates as ISO
 * 'yyyy-mm-dd' (or 'yyyy-mm-ddTHH:MM:SS'), numbers as '1.5', booleans as 'true'/'false'; formulas
 * give their cached value. Blank rows are skipped but `row` keeps Excel's numbering. Every problem
 * is a SpreadsheetError; stopping early (break) ends the worker.
 */
export async function* readXlsxRows(path: string, opts: XlsxReadOptions): AsyncGenerator<SheetRow[]> {
  const { limits } = opts;
  const batchRows = opts.batchRows ?? DEFAULT_BATCH_ROWS;
  if (!Number.isInteger(batchRows) || batchRows < 1) {
    throw new RangeError(`batchRows must be a whole number above 0, not ${batchRows}`);
  }
  await preflight(path, limits);
  const job: WorkerJob = {
    kind: 'rows',
    ...fileLimits(path, limits),
    maxRows: limits.maxRows,
    batchRows,
    sheets: opts.sheets ?? 'first',
  };
  const worker = new ParseWorker(path, job, limits);
  try {
    let rows = 0;
    for (;;) {
      const message = await worker.next();
      if (message.type === 'done') return;
      if (message.type !== 'rows') throw errors.unreadable(path, `unexpected ${message.type}`, false);
      rows += message.rows.length; // the worker counts too; this is the guard that does not trust it
      if (rows > limits.maxRows) throw errors.tooManyRows(path, rows, limits.maxRows);
      yield message.rows;
      worker.ack();
    }
  } finally {
    await worker.close();
  }
}

/** The names of the workbook's sheets, in workbook order; sheet contents are not parsed. */
export async function listSheets(path: string, limits: XlsxLimits): Promise<string[]> {
  await preflight(path, limits);
  const worker = new ParseWorker(path, { kind: 'list', ...fileLimits(path, limits) }, limits);
  try {
    const message = await worker.next();
    if (message.type !== 'sheets') throw errors.unreadable(path, `unexpected ${message.type}`, false);
    return message.names;
  } finally {
    await worker.close();
  }
}

function fileLimits(path: string, limits: XlsxLimits): FileLimits {
  const heapMb = limits.maxHeapMb ?? DEFAULT_HEAP_MB;
  const file: FileLimits = { path, maxBytes: limits.maxBytes, heapMb };
  if (limits.maxUnpackedBytes !== undefined) file.maxUnpackedBytes = limits.maxUnpackedBytes;
  return file;
}

/** Cheap checks on the main thread, so obvious mistakes never reach the parser. */
async function preflight(path: string, limits: XlsxLimits): Promise<void> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') throw errors.notFound(path);
    throw error;
  });
  if (!info.isFile()) throw errors.notAWorkbook(path, 'it is a folder or device, not a file');
  if (info.size > limits.maxBytes) throw errors.tooLarge(path, info.size, limits.maxBytes);
  const head = Buffer.alloc(8);
  const handle = await open(path, 'r');
  try {
    await handle.read(head, 0, 8, 0);
  } finally {
    await handle.close();
  }
  const looksLike = sniff(head, info.size);
  if (looksLike !== 'workbook') throw errors.notAWorkbook(path, looksLike);
}

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]); // .xlsx, .xlsm, .xlsb (and .ods)
const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]); // .xls, encrypted .xlsx

function sniff(head: Buffer, size: number): string {
  if (head.subarray(0, 4).equals(ZIP) || head.equals(OLE2)) return 'workbook';
  if (size === 0) return 'the file is empty';
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'it is a PDF document';
  if (head.subarray(0, 2).toString('latin1') === 'PK') return 'it is an empty or damaged zip archive';
  const isText = (byte: number) =>
    byte === 0x09 || byte === 0x0a || byte === 0x0d || (byte >= 0x20 && byte !== 0x7f);
  if (head.subarray(0, Math.min(head.length, size)).every(isText)) {
    return 'it looks like a text file, such as CSV or HTML';
  }
  return 'its contents are of an unknown kind';
}

/**
 * One worker thread and its mailbox. `next()` waits for the next message within what is left of the
 * time budget; anything that goes wrong (timeout, out of memory, crash) surfaces there as a
 * SpreadsheetError. `close()` always terminates the thread.
 */
class ParseWorker {
  private readonly worker: Worker;
  private readonly inbox: WorkerMessage[] = [];
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  private budgetMs: number;

  constructor(
    private readonly path: string,
    job: WorkerJob,
    private readonly limits: XlsxLimits,
  ) {
    this.budgetMs = limits.timeoutMs;
    const heapMb = limits.maxHeapMb ?? DEFAULT_HEAP_MB;
    this.worker = new Worker(new URL('./worker-boot.cjs', import.meta.url), {
      workerData: job,
      execArgv: [], // nothing inherited: the worker registers tsx itself (worker-boot.cjs)
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    });
    this.worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'failed') this.fail(errors.fromWorker(path, message.failure, this.errorLimits()));
      else this.inbox.push(message);
      this.wake?.();
    });
    this.worker.on('error', (error: Error & { code?: string }) => {
      this.fail(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? errors.outOfMemory(path, heapMb)
          : errors.unreadable(path, error.message, false),
      );
      this.wake?.();
    });
    this.worker.on('exit', (exitCode) => {
      this.fail(errors.unreadable(path, `the reader stopped unexpectedly (exit code ${exitCode})`, false));
      this.wake?.();
    });
  }

  async next(): Promise<WorkerMessage> {
    const started = performance.now();
    try {
      while (this.inbox.length === 0 && this.failure === undefined) {
        const left = this.budgetMs - (performance.now() - started);
        if (left <= 0) {
          this.fail(errors.timeout(this.path, this.limits.timeoutMs));
          await this.worker.terminate();
          break;
        }
        let timer: NodeJS.Timeout | undefined;
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          timer = setTimeout(resolve, left);
        });
        clearTimeout(timer);
        this.wake = undefined;
      }
    } finally {
      this.budgetMs -= performance.now() - started;
    }
    const message = this.inbox.shift();
    if (message !== undefined) return message;
    throw this.failure;
  }

  ack(): void {
    this.worker.postMessage(ACK);
  }

  async close(): Promise<void> {
    this.fail(new Error('closed'));
    await this.worker.terminate();
  }

  /** Keeps the first failure: the out-of-memory error, not the exit that follows it. */
  private fail(error: Error): void {
    this.failure ??= error;
  }

  private errorLimits() {
    const { maxBytes, maxRows } = this.limits;
    return { maxBytes, maxRows, heapMb: this.limits.maxHeapMb ?? DEFAULT_HEAP_MB };
  }
}
