// A streaming XLSX writer for the teams' spreadsheets: rows go straight into the sheet XML
// inside a ZIP, strings into a shared-strings table (as Excel writes them), dates as serial
// numbers with a dd-mm-jjjj format, totals as formulas with their cached values. Enough of
// SpreadsheetML for SheetJS, Excel and LibreOffice; a million rows costs a few MiB of memory.
import { excelSerial } from './dates.ts';
import { type ZipEntry, ZipWriter } from './zip-writer.ts';

export type Cell =
  | null
  | number
  | string
  | { day: number }
  | { formula: string; value: number }
  | { bold: string }
  | { title: string }
  | { decimal: number };

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n';
/** Style indexes in styles.xml: default, date, bold, one decimal, title. */
const STYLE = { date: 1, bold: 2, decimal: 3, title: 4 } as const;
export const MAX_SHEET_ROWS = 1_048_576;

export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** Characters XML 1.0 cannot hold at all; a hand-kept sheet can contain them, a writer must drop them. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

function escapeXml(text: string): string {
  return text.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export class XlsxWriter {
  private readonly strings = new Map<string, number>();
  private stringRefs = 0;
  private readonly sheets: string[] = [];
  private sheet: ZipEntry | null = null;
  private merges: string[] = [];
  private letters: string[] = [];
  /** Rows written to the current sheet. */
  rowCount = 0;

  private constructor(private readonly zip: ZipWriter) {}

  static async create(path: string, modifiedDay: number): Promise<XlsxWriter> {
    const zip = await ZipWriter.create(path, modifiedDay);
    await zip.file('[Content_Types].xml', contentTypes());
    await zip.file('_rels/.rels', rootRels());
    return new XlsxWriter(zip);
  }

  /** Starts a sheet with the given column widths (in characters). */
  async startSheet(name: string, widths: readonly number[]): Promise<void> {
    if (this.sheet) await this.endSheet();
    this.sheets.push(name);
    this.sheet = await this.zip.entry(`xl/worksheets/sheet${this.sheets.length}.xml`);
    this.rowCount = 0;
    this.merges = [];
    this.letters = widths.map((_, i) => columnLetter(i));
    const cols = widths
      .map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`)
      .join('');
    this.sheet.write(
      `${XML_HEAD}<worksheet xmlns="${NS}" xmlns:r="${REL_NS}"><cols>${cols}</cols><sheetData>`,
    );
  }

  /** Appends a row and returns its 1-based row number; an empty array is an empty row. */
  row(cells: readonly Cell[]): number {
    const sheet = this.sheet;
    if (!sheet) throw new Error('No sheet started.');
    const r = ++this.rowCount;
    if (r > MAX_SHEET_ROWS)
      throw new Error(`Sheet ${this.sheets.at(-1)} is past Excel's ${MAX_SHEET_ROWS} rows.`);
    if (cells.every((c) => c === null || c === undefined)) return r; // Excel leaves empty rows out
    let xml = `<row r="${r}">`;
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i];
      if (cell === null || cell === undefined) continue;
      const ref = (this.letters[i] ?? columnLetter(i)) + r;
      xml += this.cellXml(ref, cell);
    }
    sheet.write(`${xml}</row>`);
    return r;
  }

  /** Merges a range such as 'A1:H1' (written at the end of the sheet, where Excel puts it). */
  merge(range: string): void {
    this.merges.push(range);
  }

  async flush(): Promise<void> {
    await this.sheet?.flush();
  }

  async endSheet(): Promise<void> {
    const sheet = this.sheet;
    if (!sheet) return;
    let tail = '</sheetData>';
    if (this.merges.length > 0) {
      tail += `<mergeCells count="${this.merges.length}">${this.merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>`;
    }
    sheet.write(
      `${tail}<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`,
    );
    await sheet.end();
    this.sheet = null;
  }

  async close(): Promise<void> {
    await this.endSheet();
    await this.zip.file('xl/styles.xml', styles());
    await this.zip.file('xl/sharedStrings.xml', this.sharedStrings());
    await this.zip.file('xl/workbook.xml', workbook(this.sheets));
    await this.zip.file('xl/_rels/workbook.xml.rels', workbookRels(this.sheets.length));
    await this.zip.close();
  }

  private cellXml(ref: string, cell: Exclude<Cell, null>): string {
    if (typeof cell === 'number') return `<c r="${ref}"><v>${cell}</v></c>`;
    if (typeof cell === 'string') return `<c r="${ref}" t="s"><v>${this.stringIndex(cell)}</v></c>`;
    if ('day' in cell) return `<c r="${ref}" s="${STYLE.date}"><v>${excelSerial(cell.day)}</v></c>`;
    if ('formula' in cell) return `<c r="${ref}"><f>${escapeXml(cell.formula)}</f><v>${cell.value}</v></c>`;
    if ('bold' in cell)
      return `<c r="${ref}" s="${STYLE.bold}" t="s"><v>${this.stringIndex(cell.bold)}</v></c>`;
    if ('title' in cell)
      return `<c r="${ref}" s="${STYLE.title}" t="s"><v>${this.stringIndex(cell.title)}</v></c>`;
    return `<c r="${ref}" s="${STYLE.decimal}"><v>${cell.decimal}</v></c>`;
  }

  private stringIndex(text: string): number {
    this.stringRefs++;
    let index = this.strings.get(text);
    if (index === undefined) {
      index = this.strings.size;
      this.strings.set(text, index);
    }
    return index;
  }

  private sharedStrings(): string {
    const items: string[] = [];
    for (const text of this.strings.keys()) {
      const space = /^\s|\s$/.test(text) ? ' xml:space="preserve"' : '';
      items.push(`<si><t${space}>${escapeXml(text)}</t></si>`);
    }
    return `${XML_HEAD}<sst xmlns="${NS}" count="${this.stringRefs}" uniqueCount="${this.strings.size}">${items.join('')}</sst>`;
  }
}

function contentTypes(): string {
  const type = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
  return (
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    `<Default Extension="xml" ContentType="${type}.worksheet+xml"/>` +
    `<Override PartName="/xl/workbook.xml" ContentType="${type}.sheet.main+xml"/>` +
    `<Override PartName="/xl/styles.xml" ContentType="${type}.styles+xml"/>` +
    `<Override PartName="/xl/sharedStrings.xml" ContentType="${type}.sharedStrings+xml"/>` +
    '</Types>'
  );
}

function rootRels(): string {
  return `${XML_HEAD}<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
}

function workbook(sheets: readonly string[]): string {
  const list = sheets.map(
    (name, i) => `<sheet name="${escapeXml(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`,
  );
  return `${XML_HEAD}<workbook xmlns="${NS}" xmlns:r="${REL_NS}"><sheets>${list.join('')}</sheets><calcPr calcId="191029"/></workbook>`;
}

function workbookRels(sheetCount: number): string {
  const rels: string[] = [];
  for (let i = 1; i <= sheetCount; i++) {
    rels.push(`<Relationship Id="rId${i}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i}.xml"/>`);
  }
  rels.push(`<Relationship Id="rId${sheetCount + 1}" Type="${REL_NS}/styles" Target="styles.xml"/>`);
  rels.push(
    `<Relationship Id="rId${sheetCount + 2}" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/>`,
  );
  return `${XML_HEAD}<Relationships xmlns="${PKG_REL}">${rels.join('')}</Relationships>`;
}

function styles(): string {
  const font = (extra: string, size: number) =>
    `<font>${extra}<sz val="${size}"/><name val="Calibri"/><family val="2"/></font>`;
  const xf = (numFmt: number, fontId: number, apply: string) =>
    `<xf numFmtId="${numFmt}" fontId="${fontId}" fillId="0" borderId="0" xfId="0"${apply}/>`;
  return (
    `${XML_HEAD}<styleSheet xmlns="${NS}">` +
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="dd\\-mm\\-yyyy"/><numFmt numFmtId="165" formatCode="0.0"/></numFmts>' +
    `<fonts count="3">${font('', 11)}${font('<b/>', 11)}${font('<b/>', 14)}</fonts>` +
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    `<cellXfs count="5">${xf(0, 0, '')}${xf(164, 0, ' applyNumberFormat="1"')}${xf(0, 1, ' applyFont="1"')}` +
    `${xf(165, 0, ' applyNumberFormat="1"')}${xf(0, 2, ' applyFont="1"')}</cellXfs>` +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
    '</styleSheet>'
  );
}
