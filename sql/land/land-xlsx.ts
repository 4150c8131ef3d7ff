// Lands one workbook. The spreadsheet is parsed off the main thread, with limits (it is
// untrusted input); its rows pass through JavaScript once, into a scratch table through the
// DuckDB Appender, and from there the same mapping as for CSV makes them canonical.
import type { ResourcePlan, XlsxFormat } from '../../sources/define-source.ts';
import { sourceColumns } from '../../sources/define-source.ts';
import { findHeader, normaliseHeader } from '../../sources/formats/csv/sniff.ts';
import { readXlsxRows, type SheetRow, type XlsxLimits } from '../../sources/formats/xlsx/read-xlsx.ts';
import type { FoundFile } from '../../sources/location/directory.ts';
import { ident } from '../quote.ts';
import type { Warehouse } from '../warehouse.ts';
import { workbookContract } from './contract.ts';
import { type LandContext, landMeta } from './land-csv.ts';
import { landSelect } from './mapping.ts';

const headerSearchRows = 50;

interface SheetState {
  /** Rows seen before the header was found. */
  pending: SheetRow[];
  /** For each needed column, its index in this sheet's rows (-1 when absent). */
  positions?: number[];
}

export async function landXlsx(
  wh: Warehouse,
  plan: ResourcePlan,
  format: XlsxFormat,
  file: FoundFile,
  limits: XlsxLimits,
  ctx: LandContext,
): Promise<void> {
  const needed = [...new Set(sourceColumns(plan))];
  const required = new Set(needed.filter((c) => !plan.unpivot?.columns.includes(c)));
  const table = `xlsx_${ctx.fileId}`;
  const cols = needed.map((_, i) => `k${i + 1} VARCHAR`).join(', ');
  await wh.run(`CREATE OR REPLACE TABLE scratch.${table} (_sheet VARCHAR, _row BIGINT, ${cols})`);
  const appender = await wh.appender(table, 'scratch');
  const sheets = new Map<string, SheetState>();
  const extra = await workbookContract(wh, plan, ctx, file.name);

  const locate = (sheet: string, state: SheetState) => {
    const lines = state.pending.map((r) => r.cells.map((c) => c ?? ''));
    const header = findHeader(
      lines.map((_, i) => String(i)),
      [...required],
      (i) => lines[Number(i)]!,
      `${ctx.where} · sheet ${sheet}`,
      // header_row counts sheet rows as Excel shows them; blank rows are not in `pending`.
      plan.headerRow === 'auto' ? undefined : state.pending.findIndex((r) => r.row === plan.headerRow) + 1,
    );
    const headerRow = state.pending[header.line]!;
    const index = new Map<string, number>();
    headerRow.cells.forEach((c, i) => {
      const k = normaliseHeader(c ?? '');
      if (k && !index.has(k)) index.set(k, i);
    });
    state.positions = needed.map((c) => index.get(normaliseHeader(c)) ?? -1);
    extra.header(sheet, headerRow.cells);
    const after = state.pending.filter((r) => r.row > headerRow.row);
    state.pending = [];
    for (const r of after) append(r, state.positions);
  };

  const append = (r: SheetRow, positions: number[]) => {
    appender.appendVarchar(r.sheet);
    appender.appendBigInt(BigInt(r.row));
    for (const p of positions) {
      const v = p >= 0 ? r.cells[p] : null;
      if (v === null || v === undefined) appender.appendNull();
      else appender.appendVarchar(v);
    }
    appender.endRow();
    extra.row(r);
  };

  try {
    for await (const batch of readXlsxRows(file.path, { sheets: format.sheets, limits })) {
      for (const r of batch) {
        let state = sheets.get(r.sheet);
        if (!state) {
          state = { pending: [] };
          sheets.set(r.sheet, state);
        }
        if (state.positions) append(r, state.positions);
        else {
          state.pending.push(r);
          if (state.pending.length >= headerSearchRows) locate(r.sheet, state);
        }
      }
    }
    for (const [sheet, state] of sheets) if (!state.positions && state.pending.length) locate(sheet, state);
    appender.flushSync();
  } finally {
    appender.closeSync();
    extra.close();
  }
  const rel = {
    from: `SELECT * FROM scratch.${table}`,
    column: (h: string) =>
      ident(`k${needed.findIndex((c) => normaliseHeader(c) === normaliseHeader(h)) + 1}`),
    plainNumbers: true,
    hasSheet: true,
  };
  await wh.run(
    `INSERT INTO land.${plan.entity} BY NAME ${landSelect(plan, rel, landMeta(plan, ctx, file.name))}`,
  );
  await extra.finish();
  await wh.run(`DROP TABLE scratch.${table}`);
}
