// `impact report` and `impact dashboard`: the municipal outputs of DESIGN.md §7, built from the
// published Parquet only (never the warehouse, which a run may be holding). Prints where the
// file went, how big it is and how long it took.
import { relative } from 'node:path';
import type { Config } from '../../lib/config.ts';
import { writeDashboard } from '../../pipelines/report/dashboard/write-dashboard.ts';
import { writeMunicipalReport } from '../../pipelines/report/municipal-report.ts';

const rel = (p: string) => relative(process.cwd(), p) || p;
const kb = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString('en')} KB`;

export async function runReport(
  cfg: Config,
  o: { municipality: string; period: string; out?: string; organisation?: string },
) {
  const r = await writeMunicipalReport(cfg, { ...o, organisation: o.organisation ?? cfg.organisation?.name });
  console.log(
    `Report for ${r.municipality.name} (${r.municipality.code}), ${r.period}: ${rel(r.file)}\n` +
      `  ${kb(r.bytes)}, sheets ${r.sheets.join(', ')}; from load ${r.loadId}, in ${(r.ms / 1000).toFixed(1)} s`,
  );
}

export async function runDashboard(
  cfg: Config,
  o: { out?: string; organisation?: string; municipality?: string },
) {
  const r = await writeDashboard(cfg, { ...o, organisation: o.organisation ?? cfg.organisation?.name });
  console.log(
    `Dashboard: ${rel(r.file)} (${kb(r.bytes)}, from load ${r.loadId}, ${(r.ms / 1000).toFixed(1)} s). ` +
      'Open it in a browser; it needs no network.',
  );
}
