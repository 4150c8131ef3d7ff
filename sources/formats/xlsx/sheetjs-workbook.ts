// sources/formats/xlsx/sheetjs-workbook.ts — the in-memory reader, for what streaming cannot read:
// old binary .xls workbooks, and zips that hold an .xlsb or .ods workbook. SheetJS parses the
// whole workbook at once (fine for those, which are rarely large), inside the parse worker, which
// froze the prototypes first (xlsx 0.18.5 has prototype-pollution and ReDoS advisories). Zip bombs
// are stopped before SheetJS runs (unpacked-size.ts).
import { readFileSync } from 'node:fs';
import type * as Sheetjs from 'xlsx';
import { type CellContext, cellText, isBlankCell, type RawCell } from './cell-text.ts';
import { classifyParseError, Failed } from './failed.ts';
import type { FileLimits, SheetRow } from './protocol.ts';
import { DamagedZip, UnpackedTooLarge, unpackedSize } from './unpacked-size.ts';

// The ES module build loads in a fifth of the time of the CommonJS one, which drags in the legacy
// code page tables; those are only needed for old .xls files and are loaded for them alone.
const SHEETJS: string = 'xlsx/xlsx.mjs';
const CODEPAGES: string = 'xlsx/dist/cpexcel.full.mjs';

type DenseSheet = (RawCell[] | undefined)[] & { '!merges'?: Range[] };
interface Range {
  s: { r: number; c: number };
  e: { r: number; c: number };
}
type Fill = [from: number, to: number, topLeft: RawCell];

interface SheetPlan {
  name: string;
  sheet: DenseSheet;
  /** Row indexes (0-based) with at least one value, in order. */
  rows: number[];
  /** Merged ranges to repeat, per row index. */
  fills: Map<number, Fill[]>;
  /** Up to the right-most column with a value; merged ranges do not widen it. */
  width: number;
}

const OLE2_ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');

export class SheetjsWorkbook {
  private plans = new Map<string, SheetPlan>();

  private constructor(
    private readonly XLSX: typeof Sheetjs,
    private readonly book: Sheetjs.WorkBook,
  ) {}

  /** `sheets`: the sheets to parse (undefined: all), or 'names' to read only the sheet names. */
  static async open(
    file: FileLimits & { maxUnpackedBytes: number },
    sheets: string[] | 'first' | 'all' | 'names',
  ): Promise<SheetjsWorkbook> {
    const XLSX: typeof Sheetjs = await import(SHEETJS);
    const bytes = readFileSync(file.path);
    // read-xlsx.ts checked size and magic bytes already; check again, the file may have changed since.
    if (bytes.length > file.maxBytes) throw new Failed({ code: 'too-large', bytes: bytes.length });
    const zip = bytes.length >= 4 && bytes.readUInt32BE(0) === 0x504b0304;
    if (zip) {
      try {
        unpackedSize(bytes, file.maxUnpackedBytes);
      } catch (error) {
        if (error instanceof UnpackedTooLarge) {
          throw new Failed({ code: 'unpacked-too-large', limit: file.maxUnpackedBytes });
        }
        if (error instanceof DamagedZip) throw new Failed({ code: 'unreadable', detail: error.message, zip });
        throw error;
      }
    } else {
      if (bytes.includes(OLE2_ENCRYPTED_PACKAGE)) throw new Failed({ code: 'encrypted' });
      XLSX.set_cptable(await import(CODEPAGES)); // .xls: no zip to unpack, but legacy code pages
    }
    const extra =
      sheets === 'names'
        ? { bookSheets: true }
        : sheets === 'first'
          ? { sheets: 0 }
          : sheets === 'all'
            ? {}
            : { sheets };
    try {
      const book = XLSX.read(bytes, {
        type: 'buffer',
        dense: true,
        cellNF: true, // number formats, to recognise date cells
        cellText: false, // no formatted text: we format values ourselves
        cellDates: false, // dates stay serial numbers; cell-text.ts converts them without time zones
        cellFormula: false, // cached values only, never formulas
        cellHTML: false,
        cellStyles: false,
        bookVBA: false, // macros are never even extracted
        ...extra,
      });
      return new SheetjsWorkbook(XLSX, book);
    } catch (error) {
      throw new Failed(classifyParseError(error, zip));
    }
  }

  get sheetNames(): string[] {
    return [...this.book.SheetNames].map(String);
  }

  async countRows(names: string[]): Promise<number> {
    let total = 0;
    for (const name of names) {
      const sheet: unknown = this.book.Sheets[name];
      const plan = planSheet(name, Array.isArray(sheet) ? (sheet as DenseSheet) : []); // chart sheets hold no cells
      this.plans.set(name, plan);
      total += plan.rows.length;
    }
    return total;
  }

  async emit(names: string[], take: (row: SheetRow) => void, drain: () => Promise<void>): Promise<void> {
    const ctx: CellContext = {
      date1904: Boolean(this.book.Workbook?.WBProps?.date1904),
      isDateFormat: (format) => this.XLSX.SSF.is_date(format) as boolean,
    };
    for (const name of names) {
      for (const row of sheetRows(this.plans.get(name)!, ctx)) {
        take(row);
        await drain();
      }
    }
  }

  async close(): Promise<void> {}
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
 * header like "Adres" above every column it spans. Only rows with data of their own get the value.
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
