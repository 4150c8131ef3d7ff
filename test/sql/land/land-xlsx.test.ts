import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from '../../../lib/config.ts';
import { planSources, type XlsxFormat } from '../../../sources/define-source.ts';
import { landXlsx } from '../../../sql/land/land-xlsx.ts';
import { Warehouse } from '../../../sql/warehouse.ts';
import { sheet, workbookBytes } from '../../sources/formats/xlsx/workbooks.ts';

// A workbook lands in chunks: its rows go through the Appender into a scratch table that is
// mapped into the land table and emptied every so many sheet rows, so a 1 M-row sheet is never
// held whole. Chunked or not, the same rows land.
let dir: string;
let wh: Warehouse;
let fileId = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'impact-land-xlsx-'));
  wh = await Warehouse.open({ path: ':memory:', memoryLimit: '4GB' });
});
afterAll(async () => {
  await wh.close();
  rmSync(dir, { recursive: true, force: true });
});

const yaml = `
sources:
  - name: zrm
    location: { directory: . }
    resources:
      scores:
        entity: outcome_score
        files: "*.xlsx"
        sheets: all
        columns:
          source_client_id: Client
          measured_on: { column: Datum, date: dd-mm-jjjj }
          instrument: { value: zrm }
        unpivot: { columns: [Werk, Wonen], name_to: domain, value_to: score }
`;

/** Two team sheets, each with a title above its header and its columns in its own order. */
const path = () => {
  const file = join(dir, 'zrm.xlsx');
  writeFileSync(
    file,
    workbookBytes({
      Noord: sheet([
        ['ZRM metingen Noord'],
        ['Client', 'Datum', 'Werk', 'Wonen'],
        ['c1', '03-02-2025', 2, 3],
        ['c2', '04-02-2025', 'drie', 4],
        ['c3', '05-02-2025', null, 'n.v.t.'],
        ['Totaal', null, 5, 7],
      ]),
      Zuid: sheet([
        ['Wonen', 'Werk', 'Datum', 'Client'],
        [1, 5, '06-02-2025', 'c4'],
        [2, null, '31-02-2025', 'c5'],
      ]),
    }),
  );
  return file;
};

async function land(chunkRows?: number) {
  const plan = planSources(parseConfig(parse(yaml), join(dir, 'impact.yaml')))[0]!;
  const file = path();
  const id = ++fileId;
  await wh.transaction(() =>
    landXlsx(
      wh,
      plan,
      plan.format as XlsxFormat,
      { path: file, name: 'zrm.xlsx', bytes: statSync(file).size, modifiedAt: new Date('2025-03-01') },
      { maxBytes: 1e6, maxRows: 1e3, timeoutMs: 10_000 },
      { runId: id, fileId: id, exportDate: null, tempDir: join(dir, 'tmp'), where: 'zrm · zrm.xlsx' },
      chunkRows,
    ),
  );
  return wh.json<Record<string, unknown>>(
    `SELECT _sheet, _row::INTEGER AS _row, _is_data, source_client_id, measured_on, domain, score,
            [e.column || ': ' || e.reason FOR e IN _errors] AS errors
     FROM land.outcome_score WHERE _file_id = ${id} ORDER BY _sheet, _row, domain`,
  );
}

describe('landing a workbook', () => {
  it('maps every sheet row by its own header into one land row per unpivoted value', async () => {
    const row = (
      s: string,
      r: number,
      data: boolean,
      c: string | null,
      d: string | null,
      dom: string,
      v: number | null,
      errors: string[] = [],
    ) => ({
      _sheet: s,
      _row: r,
      _is_data: data,
      source_client_id: c,
      measured_on: d,
      domain: dom,
      score: v,
      errors,
    });
    expect(await land()).toEqual([
      row('Noord', 3, true, 'c1', '2025-02-03', 'Werk', 2),
      row('Noord', 3, true, 'c1', '2025-02-03', 'Wonen', 3),
      row('Noord', 4, true, 'c2', '2025-02-04', 'Werk', null, ['Werk: not a number']),
      row('Noord', 4, true, 'c2', '2025-02-04', 'Wonen', 4),
      row('Noord', 6, false, 'Totaal', null, 'Werk', 5, ['Datum: required value missing (measured_on)']),
      row('Noord', 6, false, 'Totaal', null, 'Wonen', 7, ['Datum: required value missing (measured_on)']),
      row('Zuid', 2, true, 'c4', '2025-02-06', 'Werk', 5),
      row('Zuid', 2, true, 'c4', '2025-02-06', 'Wonen', 1),
      row('Zuid', 3, true, 'c5', null, 'Wonen', 2, ['Datum: not a date (expected dd-mm-jjjj)']),
    ]);
  });

  it('lands the same rows when the scratch table is mapped and emptied every two sheet rows', async () => {
    expect(await land(2)).toEqual(await land());
  });

  it('puts the configured memory_limit back afterwards, also when the file fails', async () => {
    const before = await wh.value<string>("SELECT current_setting('memory_limit')");
    await land(2);
    expect(await wh.value<string>("SELECT current_setting('memory_limit')")).toBe(before);
    writeFileSync(join(dir, 'zrm.xlsx'), 'not a workbook');
    const plan = planSources(parseConfig(parse(yaml), join(dir, 'impact.yaml')))[0]!;
    await expect(
      landXlsx(
        wh,
        plan,
        plan.format as XlsxFormat,
        { path: join(dir, 'zrm.xlsx'), name: 'zrm.xlsx', bytes: 14, modifiedAt: new Date() },
        { maxBytes: 1e6, maxRows: 1e3, timeoutMs: 10_000 },
        { runId: 99, fileId: 99, exportDate: null, tempDir: join(dir, 'tmp'), where: 'zrm · zrm.xlsx' },
      ),
    ).rejects.toThrow(/not a workbook|text file/i);
    expect(await wh.value<string>("SELECT current_setting('memory_limit')")).toBe(before);
  });
});
