// `impact runs`: the run history from meta.run, or the steps of one run, read through Kysely
// on a read-only connection (it fails with a clear message while a run holds the warehouse).
// With --run, the audit trail comes first: config hash, code version, manifest hash and the
// sha256 of every input file, so a published figure can be traced to what made it.
import { existsSync } from 'node:fs';
import type { Config } from '../../lib/config.ts';
import { UserError } from '../../lib/errors.ts';
import { pendingMigrations } from '../../sql/migrate.ts';
import { Warehouse } from '../../sql/warehouse.ts';

const time = (d: Date | null) => (d ? d.toISOString().replace('T', ' ').slice(0, 19) : '');

export async function printRuns(cfg: Config, o: { run?: number; limit: number }) {
  const wh = await openForReading(cfg);
  try {
    if (o.run === undefined) {
      const runs = await wh.db
        .selectFrom('meta.run')
        .selectAll()
        .orderBy('run_id', 'desc')
        .limit(o.limit)
        .execute();
      if (!runs.length) return console.log('No runs yet. Start one with `impact run`.');
      console.table(
        runs.map((r) => ({
          run: r.run_id,
          'started (UTC)': time(r.started_at),
          seconds: r.finished_at
            ? Math.round((r.finished_at.getTime() - r.started_at.getTime()) / 100) / 10
            : null,
          status: r.status,
          trigger: r.trigger,
          files: r.files_loaded,
          rows: r.rows_loaded,
          rejected: r.rows_rejected,
          error: r.error?.slice(0, 80) ?? '',
          config: r.config_hash?.slice(0, 12) ?? '',
          code: r.code_version ?? '',
          manifest: r.manifest_sha256?.slice(0, 12) ?? '',
        })),
      );
      return;
    }
    const run = await wh.db.selectFrom('meta.run').selectAll().where('run_id', '=', o.run).executeTakeFirst();
    if (!run) throw new UserError(`There is no run ${o.run}.`, 'See `impact runs` for the runs there are.');
    console.log(`Run ${run.run_id} · ${run.status} · started ${time(run.started_at)} UTC`);
    console.log(`  config    sha256 ${run.config_hash ?? '(not recorded)'}`);
    console.log(`  code      ${run.code_version ?? '(not recorded)'}`);
    console.log(
      `  manifest  ${run.manifest_sha256 ? `sha256 ${run.manifest_sha256}` : '(nothing published)'}`,
    );
    const files = await wh.db
      .selectFrom('meta.load_file')
      .select(['source', 'file', 'sha256', 'bytes', 'status'])
      .where('run_id', '=', o.run)
      .orderBy('source')
      .orderBy('file')
      .execute();
    for (const f of files) console.log(`  input     sha256 ${f.sha256}  ${f.source}/${f.file} (${f.status})`);
    // The schema contract's findings, so a data expert notices an export that grew a column.
    const fresh = await wh.db
      .selectFrom('land.new_column')
      .select(['_source', '_file', '_file_id', 'column', 'action'])
      .where('_load_id', '=', o.run)
      .orderBy('_file_id')
      .execute();
    const byFile = new Map<string, string[]>();
    for (const c of fresh) {
      const file = `${c._source}/${c._file}`;
      byFile.set(file, [...(byFile.get(file) ?? []), `'${c.column}' ${c.action}`]);
    }
    for (const [file, cols] of byFile) console.log(`  columns   ${file}: ${cols.join(', ')}`);
    const steps = await wh.db
      .selectFrom('meta.run_step')
      .selectAll()
      .where('run_id', '=', o.run)
      .orderBy('started_at')
      .execute();
    if (!steps.length)
      throw new UserError(`Run ${o.run} has no recorded steps.`, 'See `impact runs` for the runs there are.');
    console.table(
      steps.map((s) => ({
        step: s.step,
        target: s.target,
        ms: s.duration_ms,
        in: s.rows_in,
        out: s.rows_out,
        rejected: s.rows_rejected,
        status: s.status,
        error: s.error?.slice(0, 100) ?? '',
      })),
    );
  } finally {
    await wh.close();
  }
}

export async function openForReading(cfg: Config): Promise<Warehouse> {
  if (!existsSync(cfg.warehouse.path)) {
    throw new UserError(`There is no warehouse at ${cfg.warehouse.path} yet.`, 'Run `impact run` first.');
  }
  const wh = await Warehouse.open({ path: cfg.warehouse.path, readOnly: true });
  const pending = await pendingMigrations(wh);
  if (pending.length > 0) {
    await wh.close();
    throw new UserError(
      `The warehouse at ${cfg.warehouse.path} was built by an older version of impact (it lacks ${pending.join(', ')}).`,
      'Run `impact run` once: it brings the warehouse up to date before loading. Then try again.',
    );
  }
  return wh;
}
