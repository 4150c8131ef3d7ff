// sources/formats/xlsx/stream-workbook.ts — reads an .xlsx/.xlsm workbook without holding it: the
// zip is read part by part (zip-entries.ts), the small parts are kept (workbook-parts.ts) and each
// sheet streams through the row parser twice (sheet-rows.ts): once to count and measure, once to
// hand out rows. Memory stays flat in the number of rows; only the shared strings, the merged
// ranges and one batch are held. Runs inside the parse worker.
import type { SheetRow } from './protocol.ts';
import { type CellContext, RowShaper, SheetError, SheetParser, type Survey } from './sheet-rows.ts';
import {
  findWorkbook,
  readSharedStrings,
  readStyles,
  readWorkbook,
  type SheetPart,
  type WorkbookParts,
} from './workbook-parts.ts';
import { XmlError } from './xml-scanner.ts';
import { UnpackedBudget, ZipEntries } from './zip-entries.ts';

export interface StreamLimits {
  maxUnpackedBytes: number;
  /** The worker's heap; what one row or the shared strings may hold is a share of it. */
  heapBytes: number;
}

export class StreamedWorkbook {
  private context?: CellContext;
  private readonly surveys = new Map<string, Survey>();
  /** Parts already inflated once: reading them again does not count twice. */
  private readonly counted = new Set<string>();

  private constructor(
    private readonly zip: ZipEntries,
    private readonly parts: WorkbookParts,
    private readonly budget: UnpackedBudget,
    private readonly limits: StreamLimits,
  ) {}

  /**
   * Opens the workbook, or gives undefined when the zip holds no SpreadsheetML workbook (an .xlsb,
   * an .ods, or no workbook at all); the caller decides what that means.
   */
  static async open(path: string, limits: StreamLimits): Promise<StreamedWorkbook | undefined> {
    const zip = await ZipEntries.open(path);
    try {
      const budget = new UnpackedBudget(limits.maxUnpackedBytes);
      const main = await findWorkbook(zip, budget);
      if (main === undefined || !main.toLowerCase().endsWith('.xml')) {
        await zip.close();
        return undefined;
      }
      return new StreamedWorkbook(zip, await readWorkbook(zip, main, budget), budget, limits);
    } catch (error) {
      await zip.close();
      throw error;
    }
  }

  /** True when the zip has a part by this name (to tell an .xlsb or .ods from a stray zip). */
  static async hasPart(path: string, name: string): Promise<boolean> {
    const zip = await ZipEntries.open(path);
    try {
      return zip.has(name);
    } finally {
      await zip.close();
    }
  }

  get sheetNames(): string[] {
    return this.parts.sheets.map((s) => s.name);
  }

  /** Rows with data over the named sheets; each is surveyed (read in full, keeping no rows). */
  async countRows(names: string[]): Promise<number> {
    let total = 0;
    for (const name of names) {
      const parser = new SheetParser(await this.cells());
      await this.feed(this.sheet(name), parser);
      this.surveys.set(name, { rows: parser.rowsWithData, width: parser.width, merges: parser.merges });
      total += parser.rowsWithData;
    }
    return total;
  }

  /**
   * Reads the counted sheets again and passes their rows to `take` as they are parsed; `drain` is
   * awaited after every chunk of XML, which is where the consumer holds the reader back.
   */
  async emit(names: string[], take: (row: SheetRow) => void, drain: () => Promise<void>): Promise<void> {
    for (const name of names) {
      const survey = this.surveys.get(name)!;
      const shaper = new RowShaper(survey.width, survey.merges);
      const parser = new SheetParser(await this.cells(), (row, parsed) => {
        take({ sheet: name, row, cells: shaper.shape(row, parsed) });
      });
      await this.feed(this.sheet(name), parser, drain);
    }
  }

  private sheet(name: string): SheetPart {
    return this.parts.sheets.find((s) => s.name === name)!;
  }

  async close(): Promise<void> {
    await this.zip.close();
  }

  private async feed(sheet: SheetPart, parser: SheetParser, drain?: () => Promise<void>): Promise<void> {
    if (sheet.part === undefined) return; // a chart sheet: no cells
    const part = this.zip.part(sheet.part)!;
    const budget = this.counted.has(part.name) ? undefined : this.budget;
    this.counted.add(part.name);
    try {
      for await (const chunk of this.zip.text(part, budget)) {
        parser.scanner.feed(chunk);
        if (drain) await drain();
      }
      parser.scanner.end();
    } catch (error) {
      // Say where: "sheet 'Contacten': a row numbered 'x'".
      if (error instanceof SheetError || error instanceof XmlError) {
        throw new SheetError(`sheet '${sheet.name}': ${error.message}`);
      }
      throw error;
    }
  }

  private async cells(): Promise<CellContext> {
    if (this.context) return this.context;
    const { stylesPart, sharedStringsPart, date1904 } = this.parts;
    const styles = await readStyles(this.zip, stylesPart, this.budget);
    const strings = await readSharedStrings(
      this.zip,
      sharedStringsPart,
      this.budget,
      Math.floor(this.limits.heapBytes / 8),
    );
    this.context = {
      strings,
      dateFormats: styles.dateFormats,
      date1904,
      maxRowChars: Math.floor(this.limits.heapBytes / 16),
    };
    return this.context;
  }
}
