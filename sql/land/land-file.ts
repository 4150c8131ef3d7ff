// Lands one delivered file, all or nothing: its rows, its rejected lines and its record in
// meta.load_file commit in one transaction. Content that was loaded before (same sha256 for
// the same source and resource) is recorded as skipped with 0 rows, so re-running a pipeline
// over the same inbox changes nothing. A resource's cursor (sql/land/cursor.ts) moves in the
// same transaction.
import { mkdirSync } from 'node:fs';
import { errorMessage, place, UserError } from '../../lib/errors.ts';
import type { ResourcePlan } from '../../sources/define-source.ts';
import { fingerprint } from '../../sources/formats/csv/encoding.ts';
import type { XlsxLimits } from '../../sources/formats/xlsx/read-xlsx.ts';
import { SpreadsheetError } from '../../sources/formats/xlsx/spreadsheet-error.ts';
import type { FoundFile } from '../../sources/location/directory.ts';
import type { Warehouse } from '../warehouse.ts';
import { applyCursor } from './cursor.ts';
import { landCsv } from './land-csv.ts';
import { landJson } from './land-json.ts';
import { landXlsx } from './land-xlsx.ts';

export interface LandOptions {
  runId: number;
  tempDir: string;
  xlsxLimits: XlsxLimits;
  /** Timezone in which a delivery date (file time) becomes a calendar date. */
  timezone: string;
}

export interface LandResult {
  file: string;
  status: 'loaded' | 'skipped' | 'failed';
  rowsReceived: number;
  rowsSkipped: number;
  rowsRejected: number;
  /** Columns the mapping does not name, and what the schema contract did with them. */
  newColumns?: { column: string; action: string }[];
  error?: string;
}

export async function landFile(
  wh: Warehouse,
  plan: ResourcePlan,
  file: FoundFile,
  opts: LandOptions,
): Promise<LandResult> {
  const where = place({ source: plan.source, file: file.name });
  const csv = plan.format.kind === 'csv' ? plan.format : undefined;
  const fp = await fingerprint(file.path, csv?.encoding === 'auto');
  const exportDate = exportDateOf(plan, file, opts.timezone);
  const seen = await wh.value<number>(
    `SELECT count(*) FROM meta.load_file WHERE source = $1 AND resource = $2 AND sha256 = $3 AND status = 'loaded'`,
    [plan.source, plan.resource, fp.sha256],
  );
  const fileId = await wh.value<number>(`SELECT nextval('meta.file_id_seq')::INTEGER`);
  const record = (
    status: LandResult['status'],
    counts: Omit<LandResult, 'file' | 'status' | 'error'>,
    error?: string,
  ) =>
    wh.run(
      `INSERT INTO meta.load_file VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::DATE, $10, $11, $12, $13, 0, now()::TIMESTAMP, $14)`,
      [
        fileId,
        opts.runId,
        plan.source,
        plan.resource,
        plan.entity,
        file.name,
        fp.sha256,
        fp.bytes,
        exportDate,
        status,
        counts.rowsReceived,
        counts.rowsSkipped,
        counts.rowsRejected,
        error ?? null,
      ],
    );
  const none = { rowsReceived: 0, rowsSkipped: 0, rowsRejected: 0 };
  if (seen > 0) {
    await record('skipped', none);
    return { file: file.name, status: 'skipped', ...none };
  }
  mkdirSync(opts.tempDir, { recursive: true });
  const ctx = { runId: opts.runId, fileId, exportDate, tempDir: opts.tempDir, where, lines: fp.lines };
  const land = (serial: boolean) =>
    wh.transaction(async () => {
      if (csv) {
        const encoding =
          csv.encoding === 'utf-8' || (csv.encoding === 'auto' && fp.validUtf8) ? 'utf-8' : 'windows-1252';
        await landCsv(wh, plan, csv, file, encoding, { ...ctx, serial });
      } else if (plan.format.kind === 'xlsx') {
        await landXlsx(wh, plan, plan.format, file, opts.xlsxLimits, ctx);
      } else if (plan.format.kind === 'json') {
        await landJson(wh, plan, plan.format, file, ctx);
      }
      await applyCursor(wh, plan, fileId);
      const c = await countLanded(wh, plan, fileId);
      await record('loaded', c);
      return c;
    });
  try {
    // Line breaks inside quoted fields (free-text notes) need DuckDB's serial CSV reader.
    const counts = await land(false).catch((err) =>
      /quoted new ?lines/i.test(errorMessage(err)) ? land(true) : Promise.reject(err),
    );
    const newColumns = await wh.rows<{ column: string; action: string }>(
      `SELECT "column", action FROM land.new_column WHERE _file_id = $1`,
      [fileId],
    );
    return { file: file.name, status: 'loaded', ...counts, ...(newColumns.length ? { newColumns } : {}) };
  } catch (err) {
    // The reader only knows the archived copy (<sha256>-<name>); say the name as delivered.
    const message =
      err instanceof SpreadsheetError
        ? `${place({ source: plan.source, file: file.name, sheet: err.sheet })}: ${err.problem}`
        : errorMessage(err);
    await record('failed', none, message);
    if (err instanceof UserError) return { file: file.name, status: 'failed', ...none, error: message };
    throw new UserError(
      `${where}: could not be loaded: ${message.split('\n')[0]}`,
      'The file was not loaded.',
      {
        cause: err,
      },
    );
  }
}

/** Rows received are data rows (per sheet row, also when a score sheet is unpivoted). */
async function countLanded(wh: Warehouse, plan: ResourcePlan, fileId: number) {
  const [row] = await wh.rows<{ received: number; skipped: number; rejected: number }>(
    `WITH rows AS (
       SELECT _sheet, _row, bool_or(_is_data) AS is_data, bool_or(_is_data AND len(_errors) > 0) AS has_error,
              count(*) FILTER (WHERE _is_data AND len(_errors) > 0) AS bad_cells
       FROM land.${plan.entity} WHERE _file_id = $1 GROUP BY ALL
     ),
     lines AS (SELECT count(*) AS n FROM land.rejected_line WHERE _file_id = $1)
     SELECT count(*) FILTER (WHERE is_data) + (SELECT n FROM lines) AS received,
            count(*) FILTER (WHERE NOT is_data) AS skipped,
            coalesce(sum(bad_cells), 0) + (SELECT n FROM lines) AS rejected
     FROM rows`,
    [fileId],
  );
  return {
    rowsReceived: row?.received ?? 0,
    rowsSkipped: row?.skipped ?? 0,
    rowsRejected: row?.rejected ?? 0,
  };
}

/** The export date: from the file name when configured, else the delivery date (file time). */
function exportDateOf(plan: ResourcePlan, file: FoundFile, timezone: string): string {
  const m = plan.exportDateFromFilename?.exec(file.name);
  if (m) {
    const text = m[1] ?? m[0];
    const iso = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text);
    const dutch = /^(\d{2})-(\d{2})-(\d{4})$/.exec(text);
    if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
    if (dutch) return `${dutch[3]}-${dutch[2]}-${dutch[1]}`;
  }
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone }).format(file.modifiedAt);
}
