// `impact dashboard`: builds the self-contained HTML dashboard from the published Parquet and
// writes it (default <publish.dir>/dashboard.html), atomically, so a browser or `impact serve`
// never reads half a file.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config } from '../../../lib/config.ts';
import { openPublished } from '../published.ts';
import { gatherDashboard } from './dashboard-data.ts';
import { dashboardHtml } from './dashboard-page.ts';

export interface DashboardOptions {
  out?: string;
  organisation?: string;
  /** Only this municipality's figures (for a file that goes to that municipality). */
  municipality?: string;
}

export async function buildDashboard(
  cfg: Config,
  o: DashboardOptions = {},
): Promise<{ html: string; loadId: number }> {
  const published = await openPublished(cfg.publish.dir);
  try {
    const data = await gatherDashboard(published, { ...o, builtAt: new Date() });
    return { html: dashboardHtml(data), loadId: data.meta.load_id };
  } finally {
    await published.close();
  }
}

export async function writeDashboard(cfg: Config, o: DashboardOptions = {}) {
  const started = performance.now();
  const { html, loadId } = await buildDashboard(cfg, o);
  const file = o.out ?? join(cfg.publish.dir, 'dashboard.html');
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, html);
  renameSync(tmp, file);
  return { file, bytes: Buffer.byteLength(html), loadId, ms: Math.round(performance.now() - started) };
}
