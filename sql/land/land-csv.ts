// Lands one CSV export: DuckDB reads the file itself (never row by row through JavaScript),
// all cells as text, so that the mapping can parse Dutch dates and decimal commas and say
// exactly which cell was wrong. Lines DuckDB cannot split go to land.rejected_line.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CsvFormat, ResourcePlan } from '../../sources/define-source.ts';
import { sourceColumns } from '../../sources/define-source.ts';
import { transcodeToUtf8 } from '../../sources/formats/csv/encoding.ts';
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
import { landSelect } from './mapping.ts';

export interface LandContext {
  runId: number;
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
  const lines = sampleLines(decodeSample(readSample(file.path), encoding));
  const header = findHeader(
    lines,
    sourceColumns(plan),
    (l) => splitLine(l, format.delimiter, format.quote),
    ctx.where,
    plan.headerRow === 'auto' ? undefined : plan.headerRow,
  );
  let path = file.path;
  if (encoding === 'windows-1252') {
    path = join(ctx.tempDir, `land-${ctx.fileId}.utf8.csv`);
    await transcodeToUtf8(file.path, path, 'windows-1252');
  }
  try {
    const positions = new Map<string, number>();
    header.names.forEach((name, i) => {
      const key = normaliseHeader(name);
      if (!positions.has(key)) positions.set(key, i);
    });
    const columns = header.names.map((_, i) => `'c${i + 1}': 'VARCHAR'`).join(', ');
    const skip = header.line + 1;
    const read = `read_csv(${str(path)}, delim = ${str(format.delimiter)}, quote = ${str(format.quote)},
        escape = ${str(format.quote)}, header = false, skip = ${skip}, columns = {${columns}},
        auto_detect = false, null_padding = true, store_rejects = true,
        rejects_table = 'land_rejects', rejects_scan = 'land_reject_scans', max_line_size = 4000000)`;
    const rel = {
      from: `SELECT *, ${skip} + ordinality AS _row FROM ${read} WITH ORDINALITY`,
      column: (h: string) => ident(`c${(positions.get(normaliseHeader(h)) ?? -1) + 1}`),
      plainNumbers: false,
      hasSheet: false,
    };
    await wh.run(
      `INSERT INTO land.${plan.entity} BY NAME ${landSelect(plan, rel, landMeta(plan, ctx, file.name))}`,
    );
    await wh.run(
      `INSERT INTO land.rejected_line
       SELECT ${ctx.runId}, ${ctx.fileId}, ${str(plan.source)}, ${str(plan.resource)}, ${str(file.name)},
              line, column_name, error_type || ': ' || regexp_replace(error_message, '\\s+', ' ', 'g')
       FROM land_rejects;
       DROP TABLE IF EXISTS land_rejects; DROP TABLE IF EXISTS land_reject_scans;`,
    );
  } finally {
    if (path !== file.path) rmSync(path, { force: true });
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
