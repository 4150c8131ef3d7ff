// sources/formats/xlsx/parse-worker.ts — parses one untrusted workbook with SheetJS inside a worker
// thread, so a hostile file (ReDoS and prototype pollution: xlsx 0.18.5 has advisories for both)
// can only hurt this thread, which read-xlsx.ts can time out, cap in memory and kill. Zip bombs are
// stopped before SheetJS runs (unpacked-size.ts). It sends back plain text rows in batches and waits
// for an ack before each next batch, so it never runs far ahead of the consumer.
// Started through worker-boot.cjs, which registers tsx first.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type * as Sheetjs from 'xlsx';
import { type CellContext, cellText, isBlankCell, type RawCell } from './cell-text.ts';
import type { FileLimits, SheetRow, WorkerFailure, WorkerJob, WorkerMessage } from './protocol.ts';
import { DamagedZip, UnpackedTooLarge, unpackedSize } from './unpacked-size.ts';

// Freeze the prototypes before SheetJS is loaded: a crafted file that tries to pollute them now
// fails with a TypeError (SheetJS's ES module build runs in strict mode) instead of changing them.
Object.freeze(Object.prototype);
Object.freeze(Array.prototype);
// The ES module build loads in a fifth of the time of the CommonJS one, which drags in the legacy
// code page tables; those are only needed for old .xls files and are loaded for them alone.
const SHEETJS: string = 'xlsx/xlsx.mjs';
const CODEPAGES: string = 'xlsx/dist/cpexcel.full.mjs';
let XLSX: typeof Sheetjs;

type DenseSheet = (RawCell[] | undefined)[] & { '!merges'?: Range[] };
interface Range {
  s: { r: number; c: number };
  e: { r: number; c: number };
}

const OLE2_ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');
const port = parentPort!;
const job = workerData as WorkerJob;

class Failed extends Error {
  constructor(readonly failure: WorkerFailure) {
    super(failure.code);
  }
}

function post(message: WorkerMessage): void {
  port.postMessage(message);
}

function nextAck(): Promise<void> {
  return new Promise((resolve) => {
    port.once('message', () => resolve()); // the main thread only ever sends ACK
  });
}

async function readWorkbookBytes(file: FileLimits): Promise<{ bytes: Buffer; zip: boolean }> {
  const bytes = readFileSync(file.path);
  // read-xlsx.ts checked size and magic bytes already; check again, the file may have changed since.
  if (bytes.length > file.maxBytes) throw new Failed({ code: 'too-large', bytes: bytes.length });
  const zip = bytes.length >= 4 && bytes.readUInt32BE(0) === 0x504b0304;
  if (zip) {
    try {
      unpackedSize(bytes, file.maxUnpackedBytes);
    } catch (error) {
      if (error instanceof UnpackedTooLarge) throw new Failed({ code: 'unpacked-too-large' });
      if (error instanceof DamagedZip) throw new Failed({ code: 'unreadable', detail: error.message, zip });
      throw error;
    }
  } else {
    if (bytes.includes(OLE2_ENCRYPTED_PACKAGE)) throw new Failed({ code: 'encrypted' });
    XLSX.set_cptable(await import(CODEPAGES)); // .xls: no zip to unpack, but legacy code pages
  }
  return { bytes, zip };
}

function parse(bytes: Buffer, zip: boolean, extra: Record<string, unknown>) {
  try {
    return XLSX.read(bytes, {
      type: 'buffer',
      dense: true,
      cellNF: true, // number formats, to recognise date cells
      cellText: false, // no formatted text: we format values ourselves
      cellDates: false, // dates stay serial numbers; cell-text.ts converts them without time zones
      cellFormula: false, // cached values only, never formulas
      cellHTML: false,
      cellStyles: false,
      bookVBA: false, // macros of an .xlsm are never even extracted
      ...extra,
    });
  } catch (error) {
    throw new Failed(classifyParseError(error, zip));
  }
}

function classifyParseError(error: unknown, zip: boolean): WorkerFailure {
  const detail = error instanceof Error ? error.message : String(error);
  if (/password|encrypt/i.test(detail)) return { code: 'encrypted' };
  if (/allocation failed|invalid (string|array) length|buffer larger than/i.test(detail)) {
    return { code: 'out-of-memory', detail };
  }
  return { code: 'unreadable', detail, zip };
}

function pickSheets(names: string[], wanted: WorkerJob & { kind: 'rows' }): string[] {
  if (wanted.sheets === 'all') return names;
  if (wanted.sheets === 'first') return names.slice(0, 1);
  const asked = [...new Set(wanted.sheets)];
  const missing = asked.filter((name) => !names.includes(name));
  if (missing.length > 0) throw new Failed({ code: 'sheet-not-found', missing, available: names });
  return asked;
}

type Fill = [from: number, to: number, topLeft: RawCell];

interface SheetPlan {
  name: string;
  sheet: DenseSheet;
  /** Row indexes (0-based) with at least one value, in order. */
  rows: number[];
  /** Merged ranges to repeat, per row index. */
  fills: Map<number, Fill[]>;
  /**
   * Number of columns: up to the right-most column that holds a value anywhere in the sheet. Merged
   * ranges do not widen it: a title merged across a whole row would otherwise add 16,000 columns.
   */
  width: number;
}

function planSheet(name: string, sheet: DenseSheet): SheetPlan {
  const rows: number[] = [];
  let width = 0;
  for (let r = 0; r < sheet.length; r++) {
    const cells = sheet[r] ?? [];
    let c = cells.length - 1;
    while (c >= 0 && isBlankCell(cells[c])) c--;
    if (c < 0) continue;
    rows.push(r);
    width = Math.max(width, c + 1);
  }
  return { name, sheet, rows, fills: mergeFills(sheet, rows), width };
}

/**
 * Merged cells hold their value in the top-left cell only; repeating it across the range keeps a
 * header like "Adres" above every column it spans. Only rows with data of their own get the
 * value, so a merge running down to row 1,048,576 neither adds rows nor costs memory per row.
 */
function mergeFills(sheet: DenseSheet, rows: number[]): Map<number, Fill[]> {
  const fills = new Map<number, Fill[]>();
  for (const range of sheet['!merges'] ?? []) {
    const topLeft = sheet[range.s.r]?.[range.s.c];
    if (isBlankCell(topLeft)) continue;
    for (let i = firstAtOrAfter(rows, range.s.r); i < rows.length && rows[i]! <= range.e.r; i++) {
      const list = fills.get(rows[i]!) ?? [];
      list.push([range.s.c, range.e.c, topLeft!]);
      fills.set(rows[i]!, list);
    }
  }
  return fills;
}

function firstAtOrAfter(sorted: number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

function* sheetRows(plan: SheetPlan, ctx: CellContext): Generator<SheetRow> {
  for (const r of plan.rows) {
    const source = plan.sheet[r] ?? [];
    const cells: (string | null)[] = new Array(plan.width).fill(null);
    for (let c = 0; c < plan.width && c < source.length; c++) cells[c] = cellText(source[c], ctx);
    for (const [from, to, topLeft] of plan.fills.get(r) ?? []) {
      const value = cellText(topLeft, ctx);
      for (let c = from; c <= Math.min(to, plan.width - 1); c++) cells[c] ??= value;
    }
    yield { sheet: plan.name, row: r + 1, cells };
  }
}

async function readRows(wanted: WorkerJob & { kind: 'rows' }): Promise<void> {
  const { bytes, zip } = await readWorkbookBytes(wanted);
  const selection = wanted.sheets === 'first' ? 0 : wanted.sheets === 'all' ? undefined : wanted.sheets;
  const book = parse(bytes, zip, selection === undefined ? {} : { sheets: selection });
  const names = pickSheets(book.SheetNames, wanted);
  const plans = names.map((name) => {
    const sheet: unknown = book.Sheets[name];
    return planSheet(name, Array.isArray(sheet) ? (sheet as DenseSheet) : []); // chart sheets hold no cells
  });

  // Count first, so an oversized file fails before a single row has been handed out.
  const total = plans.reduce((sum, plan) => sum + plan.rows.length, 0);
  if (total > wanted.maxRows) throw new Failed({ code: 'too-many-rows', rows: total });

  const ctx: CellContext = {
    date1904: Boolean(book.Workbook?.WBProps?.date1904),
    isDateFormat: (format) => XLSX.SSF.is_date(format) as boolean,
  };
  let batch: SheetRow[] = [];
  let acked: Promise<void> = Promise.resolve();
  const flush = async () => {
    await acked; // the consumer has taken the previous batch
    acked = nextAck();
    post({ type: 'rows', rows: batch });
    batch = [];
  };
  for (const plan of plans) {
    for (const row of sheetRows(plan, ctx)) {
      batch.push(row);
      if (batch.length >= wanted.batchRows) await flush();
    }
  }
  if (batch.length > 0) await flush();
  await acked;
  post({ type: 'done' });
}

async function listSheets(wanted: WorkerJob & { kind: 'list' }): Promise<void> {
  const { bytes, zip } = await readWorkbookBytes(wanted);
  const book = parse(bytes, zip, { bookSheets: true });
  post({ type: 'sheets', names: [...book.SheetNames].map(String) });
  post({ type: 'done' });
}

async function main(): Promise<void> {
  try {
    XLSX = await import(SHEETJS);
    if (job.kind === 'list') await listSheets(job);
    else await readRows(job);
  } catch (error) {
    const failure: WorkerFailure = error instanceof Failed ? error.failure : classifyParseError(error, false);
    post({ type: 'failed', failure });
    port.removeAllListeners('message'); // a pending ack listener would keep the thread alive
  }
}

void main();
