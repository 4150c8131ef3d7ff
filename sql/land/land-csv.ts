// Lands one CSV export: DuckDB reads the file itself (never row by row through JavaScript),
// all cells as text, so that the mapping can parse Dutch dates and decimal commas and say
// exactly which cell was wrong. Lines DuckDB cannot split go to land.rejected_line.
import { join } from 'node:path';
import type { CsvFormat, ResourcePlan } from '../../sources/define-source.ts';
import { sourceColumns } from '../../sources/define-source.ts';
import { prepareCsv } from '../../sources/formats/csv/prepare.ts';
import { recordStartLines } from '../../sources/formats/csv/record-lines.ts';
import {
  decodeSample,
  findHeader,
  normaliseHeader,
  readSample,
  sampleLines,
  splitLine,
} from '../../sources/formats/csv/sniff.ts';
import type { FoundFile } from '../../sources/location/directory.ts';
import { ident, str } from '../quote.ts';
import type { Warehouse } from '../warehouse.ts';
import { applyContract, keepExtraValues, newColumns } from './contract.ts';
import { landSelect } from './mapping.ts';

export interface LandContext {
  runId: number;
  /** Physical lines in the file (from the fingerprint pass). */
  lines?: number;
  /** DuckDB's parallel reader refuses quoted line breaks with null padding: read serially. */
  serial?: boolean;
  fileId: number;
  exportDate: string | null;
  tempDir: string;
  where: string;
}

export async function landCsv(
  wh: Warehouse,
  plan: ResourcePlan,
  format: CsvFormat,
  file: FoundFile,
  encoding: 'utf-8' | 'windows-1252',
  ctx: LandContext,
): Promise<void> {
  // `encoding: auto` and not valid UTF-8: lines pasted together from different systems.
  const transcoding = format.encoding === 'auto' && encoding === 'windows-1252' ? 'per-line' : encoding;
  const lines = sampleLines(decodeSample(readSample(file.path), transcoding));
  const header = findHeader(
    lines,
    sourceColumns(plan),
    (l) => splitLine(l, format.delimiter, format.quote),
    ctx.where,
    plan.headerRow === 'auto' ? undefined : plan.headerRow,
  );
  const skip = header.line + 1;
  const prepared = await prepareCsv(
    file.path,
    format,
    transcoding,
    skip,
    join(ctx.tempDir, `land-${ctx.fileId}`),
  );
  const path = prepared.path;
  try {
    const positions = new Map<string, number>();
    header.names.forEach((name, i) => {
      const key = normaliseHeader(name);
      if (!positions.has(key)) positions.set(key, i);
    });
    const columns = header.names.map((_, i) => `'c${i + 1}': 'VARCHAR'`).join(', ');
    const read = `read_csv(${str(path)}, delim = ${str(format.delimiter)}, quote = ${str(format.quote)},
        escape = ${str(format.quote)}, header = false, skip = ${skip}, columns = {${columns}},
        auto_detect = false, null_padding = true, store_rejects = true, parallel = ${!ctx.serial},
        rejects_table = 'land_rejects', rejects_scan = 'land_reject_scans', max_line_size = 4000000)`;
    const rel = {
      // A byte-order mark in the middle of a UTF-8 file (two exports pasted together) starts a record.
      from: `SELECT * REPLACE (ltrim(c1, chr(65279)) AS c1), ${skip} + ordinality AS _row FROM ${read} WITH ORDINALITY`,
      column: (h: string) => ident(`c${(positions.get(normaliseHeader(h)) ?? -1) + 1}`),
      plainNumbers: false,
      hasSheet: false,
    };
    const keep = await applyContract(wh, plan, ctx, file.name, newColumns(plan, header.names));
    await wh.run(
      `INSERT INTO land.${plan.entity} BY NAME ${landSelect(plan, rel, landMeta(plan, ctx, file.name))}`,
    );
    await keepExtraValues(
      wh,
      plan,
      ctx,
      file.name,
      keep,
      `SELECT NULL AS _sheet, * FROM (${rel.from})`,
      (i) => rel.column(keep[i]!),
    );
    await wh.run(
      `INSERT INTO land.rejected_line
       SELECT DISTINCT ${ctx.runId}, ${ctx.fileId}, ${str(plan.source)}, ${str(plan.resource)}, ${str(file.name)},
              line, coalesce(first(column_name), '(whole line)'), first(CASE error_type
                  WHEN 'TOO MANY COLUMNS' THEN ${str(`more fields than the header has (${header.names.length}): a "${format.delimiter}" inside a field that is not quoted?`)}
                  WHEN 'UNQUOTED VALUE' THEN 'a quote inside a field that is not quoted'
                  WHEN 'INVALID UNICODE' THEN 'bytes that are not text in the declared encoding'
                  WHEN 'LINE SIZE OVER MAXIMUM' THEN 'the line is longer than 4 MB'
                  ELSE lower(error_type) || ': ' || regexp_replace(error_message, '\\s+', ' ', 'g') END)
       FROM land_rejects GROUP BY line;
       DROP TABLE IF EXISTS land_rejects; DROP TABLE IF EXISTS land_reject_scans;`,
    );
    for (const { line, field } of prepared.unclosed) {
      await wh.run('INSERT INTO land.rejected_line VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
        ctx.runId,
        ctx.fileId,
        plan.source,
        plan.resource,
        file.name,
        line,
        header.names[field] ?? '(whole line)',
        'a quote that opens this field is never closed (the lines after it were read)',
      ]);
    }
    await renumberIfShifted(wh, plan, path, skip, format.quote, ctx);
  } finally {
    prepared.remove();
  }
}

export function landMeta(plan: ResourcePlan, ctx: LandContext, fileName: string): Record<string, string> {
  return {
    _load_id: String(ctx.runId),
    _file_id: String(ctx.fileId),
    _source: str(plan.source),
    _system: str(plan.system),
    _resource: str(plan.resource),
    _file: str(fileName),
    _export_date: ctx.exportDate ? `DATE ${str(ctx.exportDate)}` : 'NULL::DATE',
  };
}

/**
 * _row was set to skip + the record's ordinal, which is the physical line only while every line
 * holds one record. Blank lines, quoted line breaks and rejected lines break that; then the
 * start line of every record is read from the file and the rows are renumbered.
 */
async function renumberIfShifted(
  wh: Warehouse,
  plan: ResourcePlan,
  path: string,
  skip: number,
  quote: string,
  ctx: LandContext,
): Promise<void> {
  const [counts] = await wh.rows<{ records: number; rejected: number }>(
    `SELECT (SELECT count(DISTINCT _row) FROM land.${plan.entity} WHERE _file_id = $1) AS records,
            (SELECT count(*) FROM land.rejected_line WHERE _file_id = $1) AS rejected`,
    [ctx.fileId],
  );
  if (!counts || ctx.lines === undefined) return;
  if (counts.rejected === 0 && counts.records === ctx.lines - skip) return;
  const rejected = new Set(
    (
      await wh.rows<{ line: number }>('SELECT _row AS line FROM land.rejected_line WHERE _file_id = $1', [
        ctx.fileId,
      ])
    ).map((r) => r.line),
  );
  const starts = [...(await recordStartLines(path, skip, quote))].filter((line) => !rejected.has(line));
  const table = `renumber_${ctx.fileId}`;
  await wh.run(`CREATE OR REPLACE TABLE scratch.${table} (ordinal BIGINT, line BIGINT)`);
  const appender = await wh.appender(table, 'scratch');
  starts.forEach((line, i) => {
    if (line === skip + i + 1) return;
    appender.appendBigInt(BigInt(i + 1));
    appender.appendBigInt(BigInt(line));
    appender.endRow();
  });
  appender.closeSync();
  await wh.run(
    `UPDATE land.${plan.entity} AS landed SET _row = renumber.line
     FROM scratch.${table} AS renumber
     WHERE landed._file_id = $1 AND landed._row - ${skip} = renumber.ordinal`,
    [ctx.fileId],
  );
  await wh.run(`DROP TABLE scratch.${table}`);
}
