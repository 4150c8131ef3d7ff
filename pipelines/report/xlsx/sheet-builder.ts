// Builds one worksheet top to bottom: title lines, tables with a header row, notes. Keeps the
// layout code of each sheet to what it says, and sets column widths from the content.
import XLSX, { type WorkSheet } from 'xlsx';
import { type Cell, toCell } from './cells.ts';

export class SheetBuilder {
  private readonly rows: Cell[][] = [];
  private readonly widths: number[] = [];
  private filter?: string;

  constructor(private readonly maxWidth = 60) {}

  /** The 0-based index the next line gets. */
  get next(): number {
    return this.rows.length;
  }

  line(...cells: Cell[]): this {
    this.rows.push(cells);
    return this;
  }

  blank(): this {
    return this.line();
  }

  /** A header row and its rows; the first table of a sheet gets Excel's filter buttons. */
  table(header: string[], rows: Cell[][]): this {
    const top = this.next;
    this.line(...header);
    for (const r of rows) this.line(...r);
    if (!this.filter && rows.length) {
      this.filter = XLSX.utils.encode_range({
        s: { r: top, c: 0 },
        e: { r: top + rows.length, c: header.length - 1 },
      });
    }
    return this;
  }

  /** Fix a column's width (characters) instead of measuring it. */
  width(column: number, chars: number): this {
    this.widths[column] = chars;
    return this;
  }

  build(): WorkSheet {
    const ws: WorkSheet = {};
    let maxCol = 0;
    const measured: number[] = [];
    this.rows.forEach((row, r) => {
      row.forEach((value, c) => {
        const cell = toCell(value);
        if (!cell) return;
        ws[XLSX.utils.encode_cell({ r, c })] = cell;
        maxCol = Math.max(maxCol, c);
        // Titles and notes in column A run over empty neighbours; do not let them widen it.
        const lone = c === 0 && row.length === 1;
        const length = lone ? 0 : String(cell.v ?? '').length;
        measured[c] = Math.max(measured[c] ?? 8, Math.min(this.maxWidth, length + 2));
      });
    });
    ws['!ref'] = XLSX.utils.encode_range({
      s: { r: 0, c: 0 },
      e: { r: Math.max(0, this.rows.length - 1), c: maxCol },
    });
    ws['!cols'] = Array.from({ length: maxCol + 1 }, (_, c) => ({
      wch: this.widths[c] ?? measured[c] ?? 10,
    }));
    if (this.filter) ws['!autofilter'] = { ref: this.filter };
    return ws;
  }
}
