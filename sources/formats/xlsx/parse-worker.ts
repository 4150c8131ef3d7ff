// sources/formats/xlsx/parse-worker.ts — reads one untrusted workbook inside a worker thread, so a
// hostile file can only hurt this thread, which read-xlsx.ts can time out, cap in memory and kill.
// An .xlsx/.xlsm is streamed (stream-workbook.ts): memory stays flat however many rows it has.
// Old .xls files and zips with an .xlsb or .ods inside go to SheetJS (sheetjs-workbook.ts).
// Rows go back as plain text in batches; before each next batch the worker waits for an ack, so it
// never runs far ahead of the consumer. Started through worker-boot.cjs, which registers tsx first.
import { open } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { classifyParseError, Failed } from './failed.ts';
import type { SheetRow, WorkerFailure, WorkerJob, WorkerMessage } from './protocol.ts';
import { SheetError } from './sheet-rows.ts';
import { SheetjsWorkbook } from './sheetjs-workbook.ts';
import { StreamedWorkbook } from './stream-workbook.ts';
import { HoldLimit } from './workbook-parts.ts';
import { XmlError } from './xml-scanner.ts';
import { DamagedZip, UnpackedTooLarge } from './zip-entries.ts';

// Freeze the prototypes before any workbook is read: a crafted file that tries to pollute them
// (SheetJS 0.18.5 has an advisory for that) now fails with a TypeError instead of changing them.
Object.freeze(Object.prototype);
Object.freeze(Array.prototype);

/**
 * Streamed parts may unpack to this much by default: the sheets pass through in chunks, so this
 * bounds time, not memory (a full 1,048,576-row sheet of 20 columns unpacks to about 1 GB).
 */
const STREAMED_UNPACKED_BYTES = 2 * 1024 ** 3;
/**
 * A batch also ends at this many cells, so a sheet with a value far out in column XFD (16,384
 * cells a row) still travels in small batches.
 */
const MAX_BATCH_CELLS = 250_000;
/** Other workbook kinds a zip can hold, read by SheetJS instead. */
const OTHER_WORKBOOKS = ['xl/workbook.bin', 'content.xml'];

const port = parentPort!;
const job = workerData as WorkerJob;

interface Workbook {
  readonly sheetNames: string[];
  countRows(names: string[]): Promise<number>;
  emit(names: string[], take: (row: SheetRow) => void, drain: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

function post(message: WorkerMessage): void {
  port.postMessage(message);
}

function nextAck(): Promise<void> {
  return new Promise((resolve) => {
    port.once('message', () => resolve()); // the main thread only ever sends ACK
  });
}

async function openWorkbook(sheets: string[] | 'first' | 'all' | 'names'): Promise<Workbook> {
  const heapBytes = job.heapMb * 1024 * 1024;
  if (await isZip(job.path)) {
    const maxUnpackedBytes = job.maxUnpackedBytes ?? STREAMED_UNPACKED_BYTES;
    const streamed = await StreamedWorkbook.open(job.path, { maxUnpackedBytes, heapBytes });
    if (streamed) return streamed;
    const other = await Promise.all(OTHER_WORKBOOKS.map((name) => StreamedWorkbook.hasPart(job.path, name)));
    if (!other.includes(true)) {
      throw new Failed({ code: 'unreadable', detail: 'it holds no xl/workbook.xml', zip: true });
    }
  }
  // SheetJS holds the workbook several times over in memory: keep what it unpacks to a sixth of the heap.
  return SheetjsWorkbook.open(
    { ...job, maxUnpackedBytes: job.maxUnpackedBytes ?? Math.floor(heapBytes / 6) },
    sheets,
  );
}

async function isZip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return bytesRead === 4 && head.readUInt32BE(0) === 0x504b0304;
  } finally {
    await handle.close();
  }
}

function pickSheets(names: string[], wanted: WorkerJob & { kind: 'rows' }): string[] {
  if (wanted.sheets === 'all') return names;
  if (wanted.sheets === 'first') return names.slice(0, 1);
  const asked = [...new Set(wanted.sheets)];
  const missing = asked.filter((name) => !names.includes(name));
  if (missing.length > 0) throw new Failed({ code: 'sheet-not-found', missing, available: names });
  return asked;
}

async function readRows(wanted: WorkerJob & { kind: 'rows' }): Promise<void> {
  const book = await openWorkbook(wanted.sheets);
  try {
    const names = pickSheets(book.sheetNames, wanted);
    // Count first, so an oversized file fails before a single row has been handed out.
    const total = await book.countRows(names);
    if (total > wanted.maxRows) throw new Failed({ code: 'too-many-rows', rows: total });

    let batch: SheetRow[] = [];
    let cells = 0;
    let acked: Promise<void> = Promise.resolve();
    const send = async (rows: SheetRow[]) => {
      await acked; // the consumer has taken the previous batch
      acked = nextAck();
      post({ type: 'rows', rows });
    };
    const take = (row: SheetRow) => {
      batch.push(row);
      cells += row.cells.length;
    };
    const drain = async () => {
      while (batch.length >= wanted.batchRows || (cells >= MAX_BATCH_CELLS && batch.length > 0)) {
        let count = 0;
        let taken = 0;
        while (count < batch.length && count < wanted.batchRows && taken < MAX_BATCH_CELLS) {
          taken += batch[count++]!.cells.length;
        }
        const rows = batch.slice(0, count);
        batch = batch.slice(count);
        cells -= taken;
        await send(rows);
      }
    };
    await book.emit(names, take, drain);
    await drain();
    if (batch.length > 0) await send(batch);
    await acked;
    post({ type: 'done' });
  } finally {
    await book.close();
  }
}

async function listSheets(): Promise<void> {
  const book = await openWorkbook('names');
  try {
    post({ type: 'sheets', names: book.sheetNames });
    post({ type: 'done' });
  } finally {
    await book.close();
  }
}

function failureOf(error: unknown): WorkerFailure {
  if (error instanceof Failed) return error.failure;
  if (error instanceof UnpackedTooLarge) return { code: 'unpacked-too-large', limit: error.limit };
  if (error instanceof HoldLimit) return { code: 'out-of-memory', detail: error.message };
  if (error instanceof DamagedZip || error instanceof XmlError || error instanceof SheetError) {
    return { code: 'unreadable', detail: error.message, zip: true };
  }
  return classifyParseError(error, false);
}

async function main(): Promise<void> {
  try {
    if (job.kind === 'list') await listSheets();
    else await readRows(job);
  } catch (error) {
    post({ type: 'failed', failure: failureOf(error) });
    port.removeAllListeners('message'); // a pending ack listener would keep the thread alive
  }
}

void main();
