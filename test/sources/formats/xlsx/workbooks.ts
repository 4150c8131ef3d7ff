// Builders for the spreadsheet reader's tests: small workbooks made with SheetJS the way Excel stores
// them (dates as day numbers with a date format), plus the awkward files a reader must refuse.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import XLSX from 'xlsx';

export type Cell = XLSX.CellObject | string | number | boolean | null;

/** A date cell as Excel stores it: a day number with a date format. 45731 is 15 March 2025. */
export const date = (serial: number, z = 'dd-mm-yyyy'): XLSX.CellObject => ({ t: 'n', v: serial, z });

/** A sheet from rows of cells, starting at A1; null leaves a cell empty, [] a row blank. */
export function sheet(rows: Cell[][]): XLSX.WorkSheet {
  const ws: XLSX.WorkSheet = {};
  let width = 1;
  rows.forEach((row, r) => {
    width = Math.max(width, row.length);
    row.forEach((value, c) => {
      if (value === null) return;
      const t = typeof value === 'string' ? 's' : typeof value === 'number' ? 'n' : 'b';
      ws[XLSX.utils.encode_cell({ r, c })] = typeof value === 'object' ? value : { t, v: value };
    });
  });
  ws['!ref'] = XLSX.utils.encode_range({
    s: { r: 0, c: 0 },
    e: { r: Math.max(rows.length - 1, 0), c: width - 1 },
  });
  return ws;
}

export function workbookBytes(
  sheets: Record<string, XLSX.WorkSheet>,
  bookType: XLSX.BookType = 'xlsx',
): Buffer {
  const wb = XLSX.utils.book_new();
  for (const [name, ws] of Object.entries(sheets)) XLSX.utils.book_append_sheet(wb, ws, name);
  return XLSX.write(wb, { type: 'buffer', bookType });
}

/** A sheet of `count` generated rows, for tests that need a file with some weight. */
export function generatedRows(count: number): Buffer {
  const rows = Array.from({ length: count }, (_, i) => [i, `naam ${i}`, 45731 + (i % 365), i / 7]);
  return workbookBytes({ S: XLSX.utils.aoa_to_sheet(rows) });
}

/** A valid workbook whose first sheet's <sheetData> is replaced by `rowsXml`. */
export function withSheetXml(rowsXml: string): Buffer {
  const zip = XLSX.CFB.read(workbookBytes({ S: sheet([['x']]) }), { type: 'buffer' });
  const entry = XLSX.CFB.find(zip, '/xl/worksheets/sheet1.xml');
  const xml = Buffer.from(entry.content).toString('utf8');
  entry.content = Buffer.from(
    xml.replace(/<sheetData>.*<\/sheetData>/s, `<sheetData>${rowsXml}</sheetData>`),
  );
  return XLSX.CFB.write(zip, { type: 'buffer', fileType: 'zip', compression: true });
}

/** What Excel writes for a workbook with a password: an OLE2 container around the encrypted zip. */
export function encryptedWorkbook(): Buffer {
  const cfb = XLSX.CFB.utils.cfb_new();
  XLSX.CFB.utils.cfb_add(cfb, '/EncryptionInfo', Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]));
  XLSX.CFB.utils.cfb_add(cfb, '/EncryptedPackage', Buffer.alloc(4096, 7));
  return XLSX.CFB.write(cfb, { type: 'buffer' });
}

/** A zip archive with a Word document inside: zip magic bytes, but no workbook. */
export function zipWithoutWorkbook(): Buffer {
  const cfb = XLSX.CFB.utils.cfb_new();
  XLSX.CFB.utils.cfb_add(cfb, 'word/document.xml', Buffer.from('<w:document/>'));
  return XLSX.CFB.write(cfb, { type: 'buffer', fileType: 'zip' });
}

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
export const readerUrl = new URL('../../../../sources/formats/xlsx/read-xlsx.ts', import.meta.url).href;

/** Runs an ES module snippet in a fresh `node --import tsx` process and parses what it prints. */
export async function inChild(code: string, env: Record<string, string> = {}): Promise<unknown> {
  const { stdout, stderr } = await run(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', code],
    {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      timeout: 30_000,
    },
  );
  if (stdout.trim() === '') throw new Error(`the child process printed nothing (killed?)\n${stderr}`);
  return JSON.parse(stdout);
}

export interface RawParts {
  /** The worksheet's <sheetData> contents. */
  rows: string;
  /** <si> items of xl/sharedStrings.xml; no such part when left out. */
  sharedStrings?: string[];
  /** <mergeCell ref="…"/> ranges, written after <sheetData> as Excel does. */
  merges?: string[];
  date1904?: boolean;
}

/**
 * A one-sheet .xlsx written part by part, for what SheetJS cannot be made to write: inline and
 * rich-text strings, a 1904 date system, cells without references. Style 1 is a dd-mm-yyyy date.
 */
export function rawWorkbook(parts: RawParts): Buffer {
  const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const merges = parts.merges?.length
    ? `<mergeCells count="${parts.merges.length}">${parts.merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>`
    : '';
  const files: Record<string, string> = {
    '[Content_Types].xml':
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
    '_rels/.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<workbook xmlns="${ns}" xmlns:r="${rel}"><workbookPr${parts.date1904 ? ' date1904="1"' : ''}/><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/styles" Target="styles.xml"/>${parts.sharedStrings ? `<Relationship Id="rId3" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/>` : ''}</Relationships>`,
    'xl/styles.xml': `<styleSheet xmlns="${ns}"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd-mm-yyyy"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>`,
    'xl/worksheets/sheet1.xml': `<worksheet xmlns="${ns}"><sheetData>${parts.rows}</sheetData>${merges}</worksheet>`,
  };
  if (parts.sharedStrings) {
    files['xl/sharedStrings.xml'] =
      `<sst xmlns="${ns}">${parts.sharedStrings.map((s) => `<si>${s}</si>`).join('')}</sst>`;
  }
  const zip = XLSX.CFB.utils.cfb_new();
  for (const [name, xml] of Object.entries(files)) XLSX.CFB.utils.cfb_add(zip, name, Buffer.from(xml));
  return XLSX.CFB.write(zip, { type: 'buffer', fileType: 'zip', compression: true });
}
