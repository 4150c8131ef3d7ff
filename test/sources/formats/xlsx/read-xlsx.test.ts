// The spreadsheet reader, specified by example: small workbooks are built with SheetJS (workbooks.ts),
// written to a temp folder and read back through the worker exactly as the pipeline reads them.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type XLSX from 'xlsx';
import {
  listSheets,
  readXlsxRows,
  type SheetRow,
  SpreadsheetError,
  type XlsxLimits,
  type XlsxReadOptions,
} from '../../../../sources/formats/xlsx/read-xlsx.ts';
import {
  date,
  encryptedWorkbook,
  generatedRows,
  inChild,
  readerUrl,
  sheet,
  withSheetXml,
  workbookBytes,
  zipWithoutWorkbook,
} from './workbooks.ts';

const limits: XlsxLimits = { maxBytes: 10_000_000, maxRows: 10_000, timeoutMs: 10_000 };
const rowXml = '<row><c><v>1</v></c><c><v>2</v></c><c><v>3</v></c></row>';
let dir: string;
let inOwnProcess: Awaited<ReturnType<typeof startChildProcesses>>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'read-xlsx-'));
  inOwnProcess = await startChildProcesses();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, bytes: Buffer | string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

const workbook = (name: string, sheets: Record<string, XLSX.WorkSheet>, bookType: XLSX.BookType = 'xlsx') =>
  file(name, workbookBytes(sheets, bookType));

async function readAll(path: string, opts: Partial<XlsxReadOptions> = {}): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  for await (const batch of readXlsxRows(path, { limits, ...opts })) rows.push(...batch);
  return rows;
}

async function failure(promise: Promise<unknown>): Promise<SpreadsheetError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SpreadsheetError);
  return error as SpreadsheetError;
}

describe('readXlsxRows', () => {
  it('keeps Excel row numbers, skips blank rows and keeps title rows above the header', async () => {
    const path = await workbook('titles.xlsx', {
      Contacten: sheet([
        ['Export contacten maart 2025'],
        [],
        ['Datum', 'Cliënt', 'Duur'],
        [date(45731), 'a', 30],
        [],
        [date(45732), 'b', 45],
      ]),
    });
    expect(await readAll(path)).toEqual([
      { sheet: 'Contacten', row: 1, cells: ['Export contacten maart 2025', null, null] },
      { sheet: 'Contacten', row: 3, cells: ['Datum', 'Cliënt', 'Duur'] },
      { sheet: 'Contacten', row: 4, cells: ['2025-03-15', 'a', '30'] },
      { sheet: 'Contacten', row: 6, cells: ['2025-03-16', 'b', '45'] },
    ]);
  });

  it('writes date cells as ISO text and leaves dates typed as text alone', async () => {
    const path = await workbook('dates.xlsx', {
      S: sheet([
        [date(45731), '15-03-2025', date(45731.5, 'dd-mm-yyyy hh:mm'), date(45731, 'd mmm yyyy')],
        [date(0.75, 'hh:mm'), date(1.5, '[h]:mm'), date(1), date(61)],
      ]),
    });
    expect((await readAll(path)).map((r) => r.cells)).toEqual([
      ['2025-03-15', '15-03-2025', '2025-03-15T12:00:00', '2025-03-15'],
      ['18:00:00', '36:00:00', '1900-01-01', '1900-03-01'],
    ]);
  });

  it('writes numbers with a decimal point and no thousands separators, whatever their format', async () => {
    const n = (v: number, z: string): XLSX.CellObject => ({ t: 'n', v, z });
    const path = await workbook('numbers.xlsx', {
      S: sheet([[3, 1.5, -0.25, n(1234567.891, '#,##0.00'), n(0.15, '0%'), 0.1 + 0.2, 20250315]]),
    });
    expect((await readAll(path))[0]!.cells).toEqual([
      '3',
      '1.5',
      '-0.25',
      '1234567.891',
      '0.15',
      '0.3',
      '20250315',
    ]);
  });

  it('trims text, turns empty text and error values into null, and writes booleans as true/false', async () => {
    const path = await workbook('text.xlsx', {
      S: sheet([['  n.v.t. ', '   ', true, false, { t: 'e', v: 0x2a }, { t: 'e', v: 0x17 }, 'x']]),
    });
    expect((await readAll(path))[0]!.cells).toEqual(['n.v.t.', null, 'true', 'false', null, null, 'x']);
  });

  it('gives the value a formula last calculated, never the formula', async () => {
    const path = await workbook('formulas.xlsx', {
      S: sheet([[2, 40, { t: 'n', v: 42, f: 'A1+B1' }, { t: 's', v: 'ok', f: 'IF(C1>0,"ok","")' }]]),
    });
    expect((await readAll(path))[0]!.cells).toEqual(['2', '40', '42', 'ok']);
  });

  it('repeats a merged cell over its range, so a header spans every column it covers', async () => {
    const ws = sheet([
      ['Adres', null, null, 'Duur'],
      ['Straat', 'Huisnummer', 'Plaats', 30],
    ]);
    ws['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: 2 } }];
    const path = await workbook('merged.xlsx', { S: ws });
    expect((await readAll(path)).map((r) => r.cells)).toEqual([
      ['Adres', 'Adres', 'Adres', 'Duur'],
      ['Straat', 'Huisnummer', 'Plaats', '30'],
    ]);
  });

  it('reads the first sheet by default, all sheets in order, or the sheets named', async () => {
    const path = await workbook('sheets.xlsx', {
      Toelichting: sheet([['Lees mij']]),
      Contacten: sheet([['c1'], ['c2']]),
      Cliënten: sheet([['k1']]),
    });
    const where = (rows: SheetRow[]) => rows.map((r) => `${r.sheet}!${r.row}`);
    expect(where(await readAll(path))).toEqual(['Toelichting!1']);
    expect(where(await readAll(path, { sheets: 'first' }))).toEqual(['Toelichting!1']);
    expect(where(await readAll(path, { sheets: 'all' }))).toEqual([
      'Toelichting!1',
      'Contacten!1',
      'Contacten!2',
      'Cliënten!1',
    ]);
    expect(where(await readAll(path, { sheets: ['Cliënten', 'Contacten'] }))).toEqual([
      'Cliënten!1',
      'Contacten!1',
      'Contacten!2',
    ]);
    expect(await listSheets(path, limits)).toEqual(['Toelichting', 'Contacten', 'Cliënten']);
  });

  it('hands out rows in batches of batchRows', async () => {
    const path = await workbook('batches.xlsx', { S: sheet([['a'], ['b'], ['c'], ['d'], ['e']]) });
    const sizes: number[] = [];
    for await (const batch of readXlsxRows(path, { limits, batchRows: 2 })) sizes.push(batch.length);
    expect(sizes).toEqual([2, 2, 1]);
  });

  it('reads an old .xls workbook and a macro workbook (.xlsm) the same way, running nothing', async () => {
    const sheets = {
      Blad1: sheet([
        ['Datum', 'Naam'],
        [date(45731), 'café'],
      ]),
    };
    const expected = [
      ['Datum', 'Naam'],
      ['2025-03-15', 'café'],
    ];
    const xls = await workbook('old.xls', sheets, 'biff8');
    expect((await readAll(xls)).map((r) => r.cells)).toEqual(expected);
    const xlsm = await workbook('macros.xlsm', sheets, 'xlsm');
    expect((await readAll(xlsm)).map((r) => r.cells)).toEqual(expected);
  });
});

describe('readXlsxRows refuses', () => {
  it('a sheet that is not there, and names the sheets that are', async () => {
    const path = await workbook('missing-sheet.xlsx', { Contacten: sheet([['x']]), Uren: sheet([['y']]) });
    const error = await failure(readAll(path, { sheets: ['contacten'] }));
    expect(error.code).toBe('sheet-not-found');
    expect(error.sheet).toBe('contacten');
    expect(error.message).toContain("Its sheets are: 'Contacten', 'Uren'");
    expect(error.hint).toContain("did you mean 'Contacten'?");
  });

  it('a file that does not exist', async () => {
    const error = await failure(readAll(join(dir, 'nope.xlsx')));
    expect(error.code).toBe('not-found');
    expect(error.file).toBe(join(dir, 'nope.xlsx'));
  });

  it('a PDF or a CSV file renamed to .xlsx, as not a workbook', async () => {
    const pdf = await file('report.xlsx', '%PDF-1.4\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n');
    const csv = await file('export.xlsx', 'Datum;Naam\n15-03-2025;a\n');
    const pdfError = await failure(readAll(pdf));
    expect(pdfError.code).toBe('not-a-workbook');
    expect(pdfError.message).toContain('not an Excel workbook (it is a PDF document)');
    expect((await failure(readAll(csv))).message).toContain('text file');
  });

  it('a zip archive that holds no workbook', async () => {
    const path = await file('letter.xlsx', zipWithoutWorkbook());
    expect((await failure(readAll(path))).code).toBe('unreadable');
  });

  it('a password-protected workbook', async () => {
    const path = await file('locked.xlsx', encryptedWorkbook());
    const error = await failure(readAll(path));
    expect(error.code).toBe('encrypted');
    expect(error.hint).toContain('remove the password');
  });

  it('a file over maxBytes before parsing it, saying the size and the limit', async () => {
    const path = await file('big.xlsx', Buffer.alloc(20_000, 1)); // not even a workbook: size goes first
    const error = await failure(readAll(path, { limits: { ...limits, maxBytes: 10_000 } }));
    expect(error.code).toBe('too-large');
    expect(error.message).toContain('The file is 20 KiB, more than the limit of 9.8 KiB');
  });

  it('more rows than maxRows over the sheets read, before handing out a single row', async () => {
    const path = await workbook('rows.xlsx', { A: sheet([['h'], [1], [2]]), B: sheet([['h'], [3]]) });
    const batches: SheetRow[][] = [];
    const reading = (async () => {
      for await (const batch of readXlsxRows(path, {
        sheets: 'all',
        batchRows: 1,
        limits: { ...limits, maxRows: 4 },
      })) {
        batches.push(batch);
      }
    })();
    const error = await failure(reading);
    expect(error.code).toBe('too-many-rows');
    expect(error.message).toContain('5 rows with data, more than the limit of 4');
    expect(batches).toEqual([]);
    expect(await readAll(path, { sheets: ['A'], limits: { ...limits, maxRows: 3 } })).toHaveLength(3);
  });

  it('a workbook that takes longer than timeoutMs', async () => {
    const path = await file('slow.xlsx', generatedRows(5_000));
    const error = await failure(readAll(path, { limits: { ...limits, timeoutMs: 1 } }));
    expect(error.code).toBe('timeout');
  });

  it('a workbook that unpacks to more than maxUnpackedBytes (zip bomb), without parsing it', async () => {
    const path = await file('bomb.xlsx', withSheetXml(rowXml.repeat(60_000))); // 3.6 MB unpacked
    const error = await failure(readAll(path, { limits: { ...limits, maxUnpackedBytes: 1_000_000 } }));
    expect(error.code).toBe('unpacked-too-large');
    expect(error.message).toContain('unpacks to more than the limit of 977 KiB');
  });

  it('a workbook that needs more memory than the worker may have, stopping the worker, not the process', async () => {
    const heap = { ...limits, maxHeapMb: 16, maxUnpackedBytes: 50_000_000 };
    const small = await workbook('small.xlsx', { S: sheet([['fits']]) });
    expect(await readAll(small, { limits: heap })).toHaveLength(1); // 16 MB is enough to start and read
    // Rows stream, so many rows fit any heap; one row of 2 million characters does not fit 16 MB.
    const many = await file('many.xlsx', withSheetXml(rowXml.repeat(20_000)));
    expect(await readAll(many, { limits: { ...heap, maxRows: 20_000 } })).toHaveLength(20_000);
    const wide = `<row><c t="inlineStr"><is><t>${'x'.repeat(2_000_000)}</t></is></c></row>`;
    const path = await file('heavy.xlsx', withSheetXml(wide));
    const error = await failure(readAll(path, { limits: heap }));
    expect(error.code).toBe('out-of-memory');
    expect(error.message).toContain('row 1 alone holds more than');
  });
});

describe('readXlsxRows in a process of its own', () => {
  // These run `node --import tsx` child processes, about a second each, so they were started in
  // beforeAll and have been running alongside the tests above; here they are only awaited.
  it('gives the same dates in any time zone', async () => {
    const [amsterdam, newYork] = await Promise.all([inOwnProcess.amsterdam, inOwnProcess.newYork]);
    const cells = [['2025-03-15', '2025-03-15T00:30:00', '2025-03-31T23:59:00']];
    expect(amsterdam).toEqual({ offset: -60, cells }); // the zone really was in effect
    expect(newYork).toEqual({ offset: 240, cells });
  });

  it('leaves no worker behind after a timeout or when the consumer stops early', async () => {
    // A worker left running would keep the child process alive until inChild gives up on it.
    expect(await inOwnProcess.leaks).toEqual({ timedOut: 'timeout', first: 100 });
  });
});

async function startChildProcesses() {
  const dates = await workbook('tz.xlsx', {
    S: sheet([
      [date(45731), date(45731.0208333333, 'dd-mm-yyyy hh:mm'), date(45747.9993055556, 'dd-mm-yyyy hh:mm')],
    ]),
  });
  const readDates = `
    const { readXlsxRows } = await import(${JSON.stringify(readerUrl)});
    const cells = [];
    for await (const batch of readXlsxRows(${JSON.stringify(dates)}, { limits: ${JSON.stringify(limits)} })) {
      for (const row of batch) cells.push(row.cells);
    }
    console.log(JSON.stringify({ offset: new Date(Date.UTC(2025, 2, 15)).getTimezoneOffset(), cells }));`;
  const rows = await file('leak.xlsx', generatedRows(3_000));
  const stopEarly = `
    const { readXlsxRows } = await import(${JSON.stringify(readerUrl)});
    const limits = ${JSON.stringify(limits)};
    let timedOut = 'no';
    try {
      for await (const batch of readXlsxRows(${JSON.stringify(rows)}, { limits: { ...limits, timeoutMs: 1 } })) {}
    } catch (error) { timedOut = error.code; }
    let first = 0;
    for await (const batch of readXlsxRows(${JSON.stringify(rows)}, { limits, batchRows: 100 })) {
      first = batch.length;
      break;
    }
    console.log(JSON.stringify({ timedOut, first }));`;
  const started = {
    amsterdam: inChild(readDates, { TZ: 'Europe/Amsterdam' }),
    newYork: inChild(readDates, { TZ: 'America/New_York' }),
    leaks: inChild(stopEarly),
  };
  for (const run of Object.values(started)) run.catch(() => {}); // reported by their tests instead
  return started;
}
