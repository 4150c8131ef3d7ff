// sources/formats/xlsx/sheet-rows.ts — one worksheet's XML, parsed row by row as it streams in.
// A sheet is read twice. The survey counts the rows with data, finds the right-most column with a
// value and collects the merged ranges (Excel writes <mergeCells> after <sheetData>, so they are
// only known at the end). The second read hands out the rows, as wide as the sheet and with
// merged values repeated, while memory holds one chunk of XML and one batch of rows.
import { numberText, serialToIso } from './cell-text.ts';
import { HoldLimit } from './workbook-parts.ts';
import { attr, attrs, decodeOoxml, decodeXml, type XmlHandler, XmlScanner } from './xml-scanner.ts';

export interface CellContext {
  /** The shared strings, trimmed, null when blank. */
  strings: readonly (string | null)[];
  /** Per cell style: the date format code, or undefined when the style shows no date. */
  dateFormats: readonly (string | undefined)[];
  date1904: boolean;
  /** Most characters of text one row may hold (the worker's memory guard). */
  maxRowChars: number;
}

/** A merged range: 1-based rows as Excel numbers them, 0-based columns as in `cells`. */
export interface Merge {
  fromRow: number;
  toRow: number;
  fromCol: number;
  toCol: number;
}

export interface Survey {
  rows: number;
  width: number;
  merges: Merge[];
}

const LAST_ROW = 1_048_576;
const LAST_COL = 16_383; // XFD
const CELL_ATTRS = ['r', 't', 's'] as const;

export class SheetError extends Error {}

/**
 * Parses SpreadsheetML rows. With `onRow` it builds each row's cells; without, it only counts rows
 * with data and their width (the survey), formatting nothing.
 */
export class SheetParser implements XmlHandler {
  readonly scanner = new XmlScanner(this);
  readonly merges: Merge[] = [];
  rowsWithData = 0;
  width = 0;

  private inSheetData = false;
  private inRow = false;
  private inCell = false;
  private inIs = false;
  private phonetic = 0;
  private capture: 'v' | 't' | undefined;
  private row = 0;
  private col = -1;
  private type = 'n';
  private style = 0;
  private v: string | undefined;
  private inline: string | undefined;
  private rowLast = -1;
  private rowChars = 0;
  private cells: (string | null)[] = [];
  private readonly cellAttrs: (string | undefined)[] = [undefined, undefined, undefined];

  constructor(
    private readonly ctx: CellContext,
    private readonly onRow?: (row: number, cells: (string | null)[]) => void,
  ) {}

  open(name: string, tag: string, selfClosing: boolean): void {
    switch (name) {
      case 'sheetData':
        this.inSheetData = !selfClosing;
        return;
      case 'row':
        if (!this.inSheetData) return;
        this.row = position(attr(tag, 'r'), this.row + 1, LAST_ROW, 'row');
        this.inRow = true;
        this.col = -1;
        this.rowLast = -1;
        this.rowChars = 0;
        if (this.onRow) this.cells = [];
        return;
      case 'c': {
        if (!this.inRow) return;
        attrs(tag, CELL_ATTRS, this.cellAttrs);
        const [ref, type, style] = this.cellAttrs;
        this.col = ref === undefined ? this.col + 1 : columnOf(ref, this.col + 1);
        if (this.col > LAST_COL)
          throw new SheetError(`cell ${ref ?? this.col + 1} lies past Excel's last column`);
        this.type = type ?? 'n';
        this.style = style === undefined ? 0 : Number(style);
        this.v = undefined;
        this.inline = undefined;
        this.inCell = !selfClosing;
        return;
      }
      case 'v':
        if (this.inCell && !selfClosing) this.startText('v');
        return;
      case 'is':
        if (this.inCell) {
          this.inIs = !selfClosing;
          this.inline ??= '';
        }
        return;
      case 'rPh':
        if (this.inIs && !selfClosing) this.phonetic++;
        return;
      case 't':
        if (this.inIs && this.phonetic === 0 && !selfClosing) this.startText('t');
        return;
      case 'mergeCell': {
        const merge = rangeOf(attr(tag, 'ref'));
        if (merge) this.merges.push(merge);
        return;
      }
    }
  }

  close(name: string): void {
    switch (name) {
      case 'v':
      case 't':
        if (this.capture === name) {
          this.capture = undefined;
          this.scanner.wantText = false;
        }
        return;
      case 'rPh':
        if (this.phonetic > 0) this.phonetic--;
        return;
      case 'is':
        this.inIs = false;
        return;
      case 'c':
        if (this.inRow) this.endCell();
        this.inCell = false;
        return;
      case 'row':
        if (this.inRow) this.endRow();
        this.inRow = false;
        return;
      case 'sheetData':
        this.inSheetData = false;
        return;
    }
  }

  text(raw: string): void {
    if (this.capture === 'v') this.v += raw;
    else this.inline += raw;
    this.rowChars += raw.length;
    if (this.rowChars > this.ctx.maxRowChars) {
      throw new HoldLimit(`row ${this.row} alone holds more than ${this.ctx.maxRowChars} characters`);
    }
  }

  private startText(which: 'v' | 't'): void {
    this.capture = which;
    if (which === 'v') this.v = '';
    else this.inline ??= '';
    this.scanner.wantText = true;
  }

  private endCell(): void {
    const value = this.value();
    if (value === null) return;
    if (this.col > this.rowLast) this.rowLast = this.col;
    if (!this.onRow) return;
    while (this.cells.length < this.col) this.cells.push(null);
    this.cells[this.col] = value;
  }

  private endRow(): void {
    if (this.rowLast < 0) return;
    this.rowsWithData++;
    if (this.rowLast + 1 > this.width) this.width = this.rowLast + 1;
    this.onRow?.(this.row, this.cells);
  }

  /** The cell as the text the pipeline lands (see cell-text.ts), or null when it holds nothing. */
  private value(): string | null {
    const { v } = this;
    switch (this.type) {
      case 's': {
        if (v === undefined || v.trim() === '') return null;
        return this.ctx.strings[Number(v)] ?? null;
      }
      case 'inlineStr':
      case 'str':
        return text(this.inline ?? v);
      case 'b': {
        const b = v?.trim();
        return b === '1' || b === 'true' ? 'true' : b === '0' || b === 'false' ? 'false' : null;
      }
      case 'e':
        return null;
      case 'd':
        return v === undefined ? null : isoDate(v.trim());
      default: {
        if (v === undefined || v.trim() === '') return null;
        const n = Number(v);
        if (!Number.isFinite(n)) return null;
        if (!this.onRow) return ''; // the survey only needs to know there is a value
        const format = this.ctx.dateFormats[this.style];
        return (format !== undefined && serialToIso(n, format, this.ctx.date1904)) || numberText(n);
      }
    }
  }
}

function text(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const value = decodeOoxml(decodeXml(raw)).trim();
  return value === '' ? null : value;
}

/** An ISO date cell (t="d", written by some tools) as 'yyyy-mm-dd' or 'yyyy-mm-ddTHH:MM:SS'. */
function isoDate(value: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2})?))?/.exec(value);
  if (!m) return value === '' ? null : value;
  const time = m[2] === undefined ? '' : m[2].length === 5 ? `${m[2]}:00` : m[2];
  return time === '' || time === '00:00:00' ? m[1]! : `${m[1]}T${time}`;
}

function position(value: string | undefined, next: number, last: number, what: string): number {
  if (value === undefined) return next;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > last) throw new SheetError(`a ${what} numbered '${value}'`);
  return n;
}

/** 0-based column of a reference such as 'AB12'; `fallback` when it has no letters. */
export function columnOf(ref: string, fallback: number): number {
  let col = 0;
  let i = 0;
  for (; i < ref.length && i < 4; i++) {
    const c = ref.charCodeAt(i) | 0x20; // lower case
    if (c < 0x61 || c > 0x7a) break;
    col = col * 26 + (c - 0x60);
  }
  return i === 0 ? fallback : col - 1;
}

function rangeOf(ref: string | undefined): Merge | undefined {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$/.exec(ref ?? '');
  if (!m) return undefined;
  const [fromRow, toRow] = [Number(m[2]), Number(m[4] ?? m[2])];
  const [fromCol, toCol] = [columnOf(m[1]!, 0), columnOf(m[3] ?? m[1]!, 0)];
  return {
    fromRow: Math.min(fromRow, toRow),
    toRow: Math.max(fromRow, toRow),
    fromCol: Math.min(fromCol, toCol),
    toCol: Math.max(fromCol, toCol),
  };
}

/**
 * Shapes the parsed rows as the reader hands them out: `width` cells each, and a merged range's
 * value (its top-left cell) repeated over the range's empty cells. Only rows with data of their
 * own get it, so a merge running down to row 1,048,576 adds no rows. Rows must come in order.
 */
export class RowShaper {
  private readonly merges: Merge[];
  private next = 0;
  private active: { merge: Merge; value: string }[] = [];

  constructor(
    private readonly width: number,
    merges: readonly Merge[],
  ) {
    this.merges = [...merges].sort((a, b) => a.fromRow - b.fromRow);
  }

  shape(row: number, parsed: (string | null)[]): (string | null)[] {
    const cells: (string | null)[] = new Array(this.width).fill(null);
    for (let c = 0; c < parsed.length && c < this.width; c++) cells[c] = parsed[c]!;
    while (this.next < this.merges.length && this.merges[this.next]!.fromRow <= row) {
      const merge = this.merges[this.next++]!;
      // A range whose top-left row was blank (skipped) has no value to repeat.
      const value = merge.fromRow === row ? parsed[merge.fromCol] : null;
      if (value != null) this.active.push({ merge, value });
    }
    if (this.active.length > 0) {
      this.active = this.active.filter((a) => a.merge.toRow >= row);
      for (const { merge, value } of this.active) {
        for (let c = merge.fromCol; c <= merge.toCol && c < this.width; c++) cells[c] ??= value;
      }
    }
    return cells;
  }
}
