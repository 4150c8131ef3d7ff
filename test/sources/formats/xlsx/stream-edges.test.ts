// The streaming reader on what Excel and other tools really write but SheetJS-made fixtures do not:
// inline and rich-text strings, sparse rows and cells, the 1904 date system, merged header cells,
// and a sheet long enough to cross many XML chunks and batches. Workbooks are written part by part
// (rawWorkbook in workbooks.ts) and read through the worker as the pipeline reads them.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  readXlsxRows,
  type SheetRow,
  type XlsxLimits,
  type XlsxReadOptions,
} from '../../../../sources/formats/xlsx/read-xlsx.ts';
import { type RawParts, rawWorkbook } from './workbooks.ts';

const limits: XlsxLimits = { maxBytes: 10_000_000, maxRows: 100_000, timeoutMs: 20_000 };
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stream-edges-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function read(parts: RawParts, opts: Partial<XlsxReadOptions> = {}): Promise<SheetRow[][]> {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.xlsx`);
  await writeFile(path, rawWorkbook(parts));
  const batches: SheetRow[][] = [];
  for await (const batch of readXlsxRows(path, { limits, ...opts })) batches.push(batch);
  return batches;
}

const cellsOf = async (parts: RawParts) => (await read(parts)).flat().map((r) => r.cells);

describe('the streaming reader', () => {
  it('reads inline strings, trimmed, with XML and Excel escapes decoded', async () => {
    const rows = `<row r="1">
      <c r="A1" t="inlineStr"><is><t>Cliëntnummer</t></is></c>
      <c r="B1" t="inlineStr"><is><t xml:space="preserve">  Werk &amp; opleiding  </t></is></c>
      <c r="C1" t="inlineStr"><is><t>regel 1_x000D_&#10;regel 2</t></is></c>
      <c r="D1" t="inlineStr"><is><t>   </t></is></c>
      <c r="E1" t="str"><f>A1</f><v>berekend</v></c>
    </row>`;
    expect(await cellsOf({ rows })).toEqual([
      ['Cliëntnummer', 'Werk & opleiding', 'regel 1\r\nregel 2', null, 'berekend'],
    ]);
  });

  it('joins the runs of rich text, inline and shared, and leaves phonetic guides out', async () => {
    const rows = `<row r="1">
      <c r="A1" t="inlineStr"><is><r><rPr><b/></rPr><t>Vet</t></r><r><t xml:space="preserve"> en gewoon</t></r><rPh sb="0" eb="1"><t>ふりがな</t></rPh></is></c>
      <c r="B1" t="s"><v>0</v></c>
      <c r="C1" t="s"><v>1</v></c>
    </row>`;
    const sharedStrings = [
      '<r><rPr><i/></rPr><t>Fin</t></r><r><t>anciën</t></r>',
      '<t>Plain</t><rPh sb="0" eb="1"><t>ぷれいん</t></rPh>',
    ];
    expect(await cellsOf({ rows, sharedStrings })).toEqual([['Vet en gewoon', 'Financiën', 'Plain']]);
  });

  it('places sparse cells by their reference, follows on without one, and skips rows with only empty cells', async () => {
    const rows = `
      <row r="2"><c r="C2"><v>3</v></c><c><v>4</v></c><c r="F2"><v>6</v></c></row>
      <row r="5"><c r="A5" s="1"/><c r="B5" t="s"/><c r="C5"><v></v></c></row>
      <row r="9"><c r="B9" t="inlineStr"><is><t>b</t></is></c><c r="H9" s="1"/></row>
      <row><c r="A10"><v>1</v></c></row>`;
    const batches = await read({ rows, sharedStrings: ['x'] });
    expect(batches.flat()).toEqual([
      { sheet: 'S', row: 2, cells: [null, null, '3', '4', null, '6'] },
      { sheet: 'S', row: 9, cells: [null, 'b', null, null, null, null] },
      { sheet: 'S', row: 10, cells: ['1', null, null, null, null, null] },
    ]);
  });

  it('counts dates from 1904 in a workbook that says so, and from 1900 otherwise', async () => {
    // 15 March 2025 is day 44269 counted from 1904; from 1900 that day number is 14 March 2021.
    const rows =
      '<row r="1"><c r="A1" s="1"><v>44269</v></c><c r="B1" s="1"><v>44269.5</v></c><c r="C1"><v>44269</v></c></row>';
    expect(await cellsOf({ rows, date1904: true })).toEqual([['2025-03-15', '2025-03-15T12:00:00', '44269']]);
    expect(await cellsOf({ rows, date1904: false })).toEqual([
      ['2021-03-14', '2021-03-14T12:00:00', '44269'],
    ]);
  });

  it('repeats merged header cells across and down, only into rows that have data of their own', async () => {
    const text = (ref: string, t: string) => `<c r="${ref}" t="inlineStr"><is><t>${t}</t></is></c>`;
    const rows = `
      <row r="1">${text('A1', 'Metingen 2025')}</row>
      <row r="3">${text('A3', 'Cliënt')}${text('B3', 'Score')}${text('D3', 'Door')}</row>
      <row r="4">${text('B4', 'Begin')}${text('C4', 'Eind')}</row>
      <row r="5">${text('A5', 'c1')}<c r="B5"><v>2</v></c><c r="C5"><v>4</v></c>${text('D5', 'jan')}</row>`;
    // A1:D1 the title, A3:A4 and D3:D4 header cells two rows high, B3:C3 over two columns; A1:D2
    // reaches a blank row, which stays skipped.
    const merges = ['A1:D2', 'A3:A4', 'B3:C3', 'D3:D4'];
    expect(await cellsOf({ rows, merges })).toEqual([
      ['Metingen 2025', 'Metingen 2025', 'Metingen 2025', 'Metingen 2025'],
      ['Cliënt', 'Score', 'Score', 'Door'],
      ['Cliënt', 'Begin', 'Eind', 'Door'],
      ['c1', '2', '4', 'jan'],
    ]);
  });

  it('streams a sheet over many XML chunks and batches: every row once, in order, merges applied from the first', async () => {
    const count = 12_345;
    const body: string[] = ['<row r="1"><c r="A1" t="inlineStr"><is><t>Titel</t></is></c></row>'];
    for (let r = 2; r <= count + 1; r++) {
      body.push(
        `<row r="${r}"><c r="A${r}"><v>${r}</v></c><c r="B${r}" t="inlineStr"><is><t>rij ${r}</t></is></c></row>`,
      );
    }
    // The merge comes after ~900 KB of rows (the XML arrives in 64 KB chunks): the first batch
    // already has it, because the sheet is surveyed before any row is handed out.
    const batches = await read({ rows: body.join(''), merges: ['A1:B1'] }, { batchRows: 1000 });
    expect(batches.map((b) => b.length)).toEqual([...Array(12).fill(1000), 346]);
    const rows = batches.flat();
    expect(rows[0]!.cells).toEqual(['Titel', 'Titel']);
    expect(rows.map((r) => r.row)).toEqual(Array.from({ length: count + 1 }, (_, i) => i + 1));
    expect(rows.at(-1)!.cells).toEqual([String(count + 1), `rij ${count + 1}`]);
  });
});
