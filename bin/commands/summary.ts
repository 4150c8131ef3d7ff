// What `impact run` prints when it is done: what came in, what was rejected, what was built and
// where the outputs are. Numbers only; no client data.
import { relative } from 'node:path';
import type { Config } from '../../lib/config.ts';
import type { RunSummary } from '../../pipelines/run-pipeline.ts';

const n = (x: number) => x.toLocaleString('en');
const rel = (p: string) => relative(process.cwd(), p) || '.';

export async function printRunSummary(cfg: Config, s: RunSummary) {
  const loaded = s.files.filter((f) => f.status === 'loaded');
  const skipped = s.files.filter((f) => f.status === 'skipped');
  const failed = s.files.filter((f) => f.status === 'failed');
  const received = loaded.reduce((t, f) => t + f.rowsReceived, 0);
  const rejected = loaded.reduce((t, f) => t + f.rowsRejected, 0);
  const dropped = loaded.reduce((t, f) => t + f.valuesDropped, 0);
  const nonData = loaded.reduce((t, f) => t + f.rowsSkipped, 0);
  const out: string[] = [];
  out.push(`Run ${s.runId} ${s.status} in ${(s.durationMs / 1000).toFixed(1)} s`);
  out.push(
    `  files      ${n(loaded.length)} loaded, ${n(skipped.length)} skipped (content loaded before), ${n(failed.length)} failed`,
  );
  for (const f of failed) out.push(`             ✗ ${f.error}`);
  out.push(
    `  rows       ${n(received)} received, ${n(rejected)} rejected, ${n(dropped)} single values dropped` +
      (rejected + dropped ? ` (impact quarantine --run ${s.runId})` : '') +
      `, ${n(nonData)} title/total/note rows${usesCursor(cfg) ? ' or rows a cursor had passed' : ''} skipped`,
  );
  const fresh = loaded.flatMap((f) => f.newColumns ?? []);
  if (fresh.length) {
    const count = (what: (a: string) => boolean) => n(fresh.filter((c) => what(c.action)).length);
    const files = loaded.filter((f) => f.newColumns).length;
    out.push(
      `  columns    ${n(fresh.length)} not in the mapping, in ${n(files)} file${files === 1 ? '' : 's'}: ` +
        `${count((a) => a === 'kept')} kept aside, ${count((a) => a !== 'kept')} ignored ` +
        `(personal identifiers: ${count((a) => a.includes('identifier'))}) · impact runs --run ${s.runId}`,
    );
  }
  const shown = [
    'dim_client',
    'dim_service',
    'fct_trajectory',
    'fct_contact',
    'fct_outcome_score',
    'ind_reach',
  ];
  const built = s.models.filter((m) => shown.includes(m.name)).map((m) => `${m.name} ${n(m.rows ?? 0)}`);
  out.push(`  warehouse  ${rel(cfg.warehouse.path)}: ${built.join(' · ')}`);
  const warned = s.checks.filter((c) => c.failing > 0);
  out.push(
    `  checks     ${s.checks.length} run, ${warned.length ? warned.map((c) => `${c.name} (${n(c.failing)} rows, ${c.severity})`).join(', ') : 'all passed'}`,
  );
  if (s.manifest) {
    const indicators = s.manifest.tables.filter((t) => t.kind === 'indicator');
    out.push(`  indicators ${indicators.map((t) => `${t.name} ${n(t.rows)} rows`).join(', ')}`);
    out.push(
      `  published  ${rel(cfg.publish.dir)}/current/ (${s.manifest.tables.length} tables, Parquet) · manifest ${rel(cfg.publish.dir)}/manifest.json`,
    );
    out.push(
      `  for people ${rel(cfg.publish.dir)}/dashboard.html · analyst snapshot ${rel(cfg.publish.snapshot)} · reports: impact report --help`,
    );
  }
  if (s.error) out.push(`  error      ${s.error}`);
  console.log(out.join('\n'));
}

/** Rows a cursor has passed are skipped like title rows; say so where a resource has a cursor. */
function usesCursor(cfg: Config): boolean {
  return cfg.sources.some((source) => Object.values(source.resources).some((r) => r.cursor));
}
