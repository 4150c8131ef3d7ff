// The ZRM workbook the teams keep by hand: title, blank row, header, one row per measurement.
// Hand-kept means messy: ~10 % of dates typed as text, 'n.v.t.' and blanks, now and then an
// invalid score ('drie', 7, 0) and a measurement entered twice on the same day (an exact copy,
// or a copy with a corrected score). Faults are planted at fixed rates and recorded. Past
// Excel's row limit the sheet continues in 'ZRM-scores (2)', as a team would have to.
import { dutchDay } from './dates.ts';
import type { Plan, PlantedDefect } from './plan.ts';
import { Rng, Stream } from './random.ts';
import { type Cell, MAX_SHEET_ROWS, XlsxWriter } from './xlsx-writer.ts';
import type { Measurement, ScoreCell } from './zrm-scores.ts';
import { ZRM_DOMAINS } from './zrm-scores.ts';

export const ZRM_PATH = 'zrm/zrm_metingen.xlsx';
export const ZRM_SHEET = 'ZRM-scores';
export const ZRM_HEADER = [
  'Cliëntnummer',
  'Trajectnummer',
  'Datum meting',
  'Moment',
  ...ZRM_DOMAINS,
  'Ingevuld door',
] as const;
const FIRST_SCORE = 4;
const WIDTHS = [13, 14, 13, 13, ...ZRM_DOMAINS.map(() => 11), 24];

/** Every SCORE_PERIOD-th score cell is invalid, one kind at each offset (≈ 0.2 % each). */
const SCORE_PERIOD = 500;
const INVALID = new Map<number, string | number>([
  [97, 'drie'],
  [263, 7],
  [419, 0],
]);
/** Every ROW_PERIOD-th measurement is entered twice: an exact copy, then next time a corrected one. */
const ROW_PERIOD = 90;

export class ZrmWorkbook {
  readonly defects: PlantedDefect[] = [];
  private rows = 0;
  private cellsSeen = 0;
  private measurementsSeen = 0;
  private sheetNumber = 0;
  private readonly rng: Rng;

  private constructor(
    private readonly xlsx: XlsxWriter,
    private readonly organisation: string,
    plan: Plan,
  ) {
    this.rng = Rng.for(plan.seed, 1, Stream.zrm);
  }

  static async open(plan: Plan, organisation: string): Promise<ZrmWorkbook> {
    const workbook = new ZrmWorkbook(
      await XlsxWriter.create(`${plan.dir}/${ZRM_PATH}`, plan.to),
      organisation,
      plan,
    );
    await workbook.startSheet();
    return workbook;
  }

  private get sheetName(): string {
    return this.sheetNumber === 1 ? ZRM_SHEET : `${ZRM_SHEET} (${this.sheetNumber})`;
  }

  private async startSheet(): Promise<void> {
    this.sheetNumber++;
    await this.xlsx.startSheet(this.sheetName, WIDTHS);
    this.xlsx.row([{ title: `ZRM metingen ${this.organisation}` }]);
    this.xlsx.merge('A1:H1');
    this.xlsx.row([]);
    this.xlsx.row(ZRM_HEADER.map((h) => ({ bold: h })));
  }

  async add(measurements: readonly Measurement[]): Promise<void> {
    for (const m of measurements) {
      if (this.xlsx.rowCount + 2 >= MAX_SHEET_ROWS) await this.startSheet();
      const twice = this.measurementsSeen++ % ROW_PERIOD === ROW_PERIOD - 1;
      const cells = this.cells(m, !twice);
      this.write(cells);
      if (twice) this.writeAgain(cells, Math.floor(this.measurementsSeen / ROW_PERIOD) % 2 === 0);
    }
  }

  private cells(m: Measurement, plantFaults: boolean): Cell[] {
    const date: Cell = this.rng.chance(0.1) ? dutchDay(m.day) : { day: m.day };
    const cells: Cell[] = [m.clientNumber, m.trajectoryNumber, date, m.moment];
    for (const score of m.scores) cells.push(this.scoreCell(score, plantFaults));
    cells.push(m.by);
    return cells;
  }

  private scoreCell(score: ScoreCell, plantFaults: boolean): Cell {
    if (typeof score !== 'number') return score;
    const invalid = INVALID.get(this.cellsSeen++ % SCORE_PERIOD);
    return plantFaults && invalid !== undefined ? invalid : score;
  }

  private write(cells: Cell[]): number {
    const line = this.xlsx.row(cells);
    this.rows++;
    for (let i = FIRST_SCORE; i < FIRST_SCORE + ZRM_DOMAINS.length; i++) {
      const cell = cells[i];
      if (cell === 'drie' || cell === 7 || cell === 0) this.defect(line, i, 'invalid_score', String(cell));
    }
    return line;
  }

  /** The same measurement entered again: identical, or with one score corrected. */
  private writeAgain(cells: Cell[], corrected: boolean): void {
    const scored = cells.flatMap((c, i) => (i >= FIRST_SCORE && typeof c === 'number' ? [i] : []));
    if (!corrected || scored.length === 0) {
      const line = this.write(cells);
      this.defects.push({
        file: ZRM_PATH,
        sheet: this.sheetName,
        line,
        column: '*',
        kind: 'duplicate_row',
        value: '',
      });
      return;
    }
    const first = this.xlsx.rowCount;
    const column = this.rng.pick(scored);
    const copy = [...cells];
    const old = copy[column] as number;
    copy[column] = old === 5 ? 4 : old + 1;
    const second = this.write(copy);
    this.defect(first, column, 'conflicting_duplicate', String(old));
    this.defect(second, column, 'conflicting_duplicate', String(copy[column]));
  }

  private defect(line: number, index: number, kind: PlantedDefect['kind'], value: string): void {
    const column = ZRM_HEADER[index]!;
    this.defects.push({ file: ZRM_PATH, sheet: this.sheetName, line, column, kind, value });
  }

  async flush(): Promise<void> {
    await this.xlsx.flush();
  }

  async close(): Promise<{ path: string; rows: number }> {
    await this.xlsx.close();
    return { path: ZRM_PATH, rows: this.rows };
  }
}
