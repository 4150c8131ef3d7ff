// Lands one workbook. The spreadsheet is parsed off the main thread, with limits (it is
// untrusted input); its rows pass through JavaScript once, through the DuckDB Appender into a
// scratch table of text cells, and from there the same mapping as for CSV makes them canonical.
// The scratch table is mapped and emptied every CHUNK_ROWS sheet rows, so a 1 M-row sheet never
// sits in memory whole (DESIGN.md §9: < 500 MB), and DuckDB maps one chunk while the parser
// thread reads the next rows.
import type { ResourcePlan, XlsxFormat } from '../../sources/define-source.ts';
import { sourceColumns } from '../../sources/define-source.ts';
import { findHeader, normaliseHeader } from '../../sources/formats/csv/sniff.ts';
import { readXlsxRows, type SheetRow, type XlsxLimits } from '../../sources/formats/xlsx/read-xlsx.ts';
import type { FoundFile } from '../../sources/location/directory.ts';
import { ident, str } from '../quote.ts';
import type { Warehouse } from '../warehouse.ts';
import { workbookContract } from './contract.ts';
import { type LandContext, landMeta } from './land-csv.ts';
import { landSelect } from './mapping.ts';

const headerSearchRows = 50;
/** Sheet rows per mapping pass: ~20 MB of text cells in scratch at a time. */
const CHUNK_ROWS = 100_000;
/**
 * DuckDB's memory_limit while a workbook lands. The land table's new rows stay in the
 * transaction's memory up to the limit and go to temp files beyond it; with the demo's 4 GB a
 * 1 M-row ZRM sheet took the process to 1.3 GB, with 200 MB to 533 MB, with 100 MB to 445 MB.
 */
const LAND_MEMORY = '100MB';

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
  chunkRows = CHUNK_ROWS,
): Promise<void> {
  const lower = bytes(wh.memoryLimit) > bytes(LAND_MEMORY);
  if (lower) await wh.run(`SET memory_limit = ${str(LAND_MEMORY)}`);
  try {
    await landRows(wh, plan, format, file, limits, ctx, chunkRows);
  } finally {
    // A global setting, not rolled back with the transaction: put back what was configured.
    if (lower)
      await wh.run(wh.memoryLimit ? `SET memory_limit = ${str(wh.memoryLimit)}` : 'RESET memory_limit');
  }
}

/** '4GB', '512 MiB' in bytes; unset or unreadable counts as no limit. */
function bytes(limit: string | undefined): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(i?)B?\s*$/i.exec(limit ?? '');
  if (!m) return Number.POSITIVE_INFINITY;
  const power = ' KMGT'.indexOf(m[2]!.toUpperCase() || ' ');
  return Number(m[1]) * (m[3] ? 1024 : 1000) ** power;
}

async function landRows(
  wh: Warehouse,
  plan: ResourcePlan,
  format: XlsxFormat,
  file: FoundFile,
  limits: XlsxLimits,
  ctx: LandContext,
  chunkRows: number,
): Promise<void> {
  const needed = [...new Set(sourceColumns(plan))];
  const required = new Set(needed.filter((c) => !plan.unpivot?.columns.includes(c)));
  const table = `xlsx_${ctx.fileId}`;
  const cols = needed.map((_, i) => `k${i + 1} VARCHAR`).join(', ');
  const create = `CREATE OR REPLACE TABLE scratch.${table} (_sheet VARCHAR, _row INTEGER, ${cols})`;
  await wh.run(create);
  let appender = await wh.appender(table, 'scratch');
  let appenderOpen = true;
  let inScratch = 0;
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
    appender.appendInteger(r.row);
    for (const p of positions) {
      const v = p >= 0 ? r.cells[p] : null;
      if (v === null || v === undefined) appender.appendNull();
      else appender.appendVarchar(v);
    }
    appender.endRow();
    inScratch++;
    extra.row(r);
  };

  const rel = {
    from: `SELECT * FROM scratch.${table}`,
    column: (h: string) =>
      ident(`k${needed.findIndex((c) => normaliseHeader(c) === normaliseHeader(h)) + 1}`),
    plainNumbers: true,
    hasSheet: true,
  };
  const mapping = `INSERT INTO land.${plan.entity} BY NAME ${landSelect(plan, rel, landMeta(plan, ctx, file.name))}`;
  /** Maps what is in scratch into the land table, and starts scratch afresh. */
  const mapScratch = async () => {
    appender.closeSync();
    appenderOpen = false;
    if (inScratch > 0) {
      await wh.run(mapping);
      // Dropped and made anew, not DELETEd: deleted rows would stay in the transaction's memory.
      await wh.run(create);
    }
    inScratch = 0;
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
      if (inScratch >= chunkRows) {
        await mapScratch();
        appender = await wh.appender(table, 'scratch');
        appenderOpen = true;
      }
    }
    for (const [sheet, state] of sheets) if (!state.positions && state.pending.length) locate(sheet, state);
    await mapScratch();
  } finally {
    if (appenderOpen) appender.closeSync();
    extra.close();
  }
  await extra.finish();
  await wh.run(`DROP TABLE scratch.${table}`);
}
