// `impact report`: one XLSX per municipality and period, built from the published (suppressed)
// Parquet only. Returns where it went and what it held, for the command to print.
import { join } from 'node:path';
import type { Config } from '../../lib/config.ts';
import { parsePeriod } from './period.ts';
import { openPublished } from './published.ts';
import { gatherReport } from './report-data.ts';
import { buildWorkbook, writeWorkbook } from './xlsx/write-workbook.ts';

export interface ReportOptions {
  municipality: string;
  period: string;
  /** Folder for the file; default <data_dir>/reports. */
  out?: string;
  organisation?: string;
}

export interface ReportResult {
  file: string;
  bytes: number;
  ms: number;
  municipality: { code: string; name: string };
  period: string;
  sheets: string[];
  loadId: number;
}

export async function writeMunicipalReport(cfg: Config, o: ReportOptions): Promise<ReportResult> {
  const started = performance.now();
  const period = parsePeriod(o.period);
  const published = await openPublished(cfg.publish.dir);
  try {
    const data = await gatherReport(published, {
      municipality: o.municipality,
      period,
      organisation: o.organisation,
    });
    const wb = buildWorkbook(data, new Date(), cfg.timezone);
    const file = join(
      o.out ?? join(cfg.data_dir, 'reports'),
      `impact-${data.municipality.code}-${period.label}.xlsx`,
    );
    const bytes = writeWorkbook(wb, file);
    return {
      file,
      bytes,
      ms: Math.round(performance.now() - started),
      municipality: data.municipality,
      period: period.label,
      sheets: wb.SheetNames,
      loadId: data.loadId,
    };
  } finally {
    await published.close();
  }
}
