// Runs a pipeline in process: land every new file, rebuild staging → star → indicators, run the
// data tests, publish. A crash anywhere leaves the previous consistent state: each file lands in
// its own transaction, so does each checked staging table (it adds the new files' rows), the
// other models commit together or not at all, and publishing switches versions atomically.
// Running it again finishes the job.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../lib/config.ts';
import { crashPoint } from '../lib/crash.ts';
import { UserError } from '../lib/errors.ts';
import { type Logger, silentLogger } from '../lib/logger.ts';
import { noProgress, type Progress } from '../lib/progress.ts';
import { pseudonymKey } from '../lib/secrets.ts';
import { planSources, type ResourcePlan } from '../sources/define-source.ts';
import type { FoundFile } from '../sources/location/directory.ts';
import { pullSource } from '../sources/location/pull.ts';
import { type LandResult, landFile } from '../sql/land/land-file.ts';
import { installPseudonym } from '../sql/pseudonym.ts';
import { str } from '../sql/quote.ts';
import { readSqlFile } from '../sql/sql-file.ts';
import { Warehouse } from '../sql/warehouse.ts';
import { codeVersion } from './code-version.ts';
import { defaultPipeline } from './default.ts';
import type { PipelineDefinition } from './define-pipeline.ts';
import { writeDashboard } from './report/dashboard/write-dashboard.ts';
import { readManifest } from './report/published.ts';
import { configHash, fileSha256, finishRun, recordStep, startRun, timedStep } from './run-record.ts';
import { BuildPlan, countRows, publishedFrom, recordPublication } from './steps/build-plan.ts';
import { type CheckResult, runChecks } from './steps/checks.ts';
import { type Manifest, publish } from './steps/publish.ts';
import { writeSnapshot } from './steps/snapshot.ts';
import { buildModel, commitsAlone, type Layer, layerModels, loadSeeds } from './steps/transform.ts';

const queriesDir = fileURLToPath(new URL('../sql/queries/', import.meta.url));
const allLayers: Layer[] = ['staging', 'star', 'indicators'];

export interface RunOptions {
  pipeline?: PipelineDefinition;
  trigger?: string;
  logger?: Logger;
  progress?: Progress;
}

export interface RunSummary {
  runId: number;
  status: 'succeeded' | 'failed';
  files: (LandResult & { source: string; resource: string; valuesDropped: number })[];
  models: { name: string; rows?: number }[];
  /** Models built this run; the others were kept because nothing they read had changed. */
  rebuilt: string[];
  /** Whether this run wrote a new publication (false: the previous one still holds). */
  published: boolean;
  checks: CheckResult[];
  manifest?: Manifest;
  error?: string;
  durationMs: number;
}

export class ChecksFailed extends UserError {
  constructor(readonly failed: CheckResult[]) {
    super(
      `Data tests failed, nothing was published: ${failed.map((c) => `${c.name} (${c.failing} rows)`).join(', ')}.`,
      'The warehouse keeps its previous state. See `impact runs --run <id>` for sample rows.',
    );
  }
}

export async function runPipeline(cfg: Config, opts: RunOptions = {}): Promise<RunSummary> {
  const pipeline = opts.pipeline ?? defaultPipeline;
  const log = opts.logger ?? silentLogger;
  const progress = opts.progress ?? noProgress;
  const started = Date.now();
  const plans = planSources(cfg).filter(
    (p) => pipeline.sources === 'all' || pipeline.sources.includes(p.source),
  );
  // Every file is landed from its copy in the raw archive, whatever the location.
  const work: { plan: ResourcePlan; file: FoundFile }[] = [];
  for (const source of cfg.sources) {
    const mine = plans.filter((p) => p.source === source.name);
    if (!mine.length) continue;
    const pulled = await pullSource(source, {
      dataDir: cfg.data_dir,
      resources: mine.map((p) => p.resource),
    });
    for (const { resource, file } of pulled)
      work.push({ plan: mine.find((p) => p.resource === resource)!, file });
  }
  const key = pseudonymKey(cfg);
  const wh = await Warehouse.open({
    path: cfg.warehouse.path,
    memoryLimit: cfg.warehouse.memory_limit,
    threads: cfg.warehouse.threads,
    tempDirectory: cfg.warehouse.temp_directory,
  });
  const summary: RunSummary = {
    runId: 0,
    status: 'failed',
    files: [],
    models: [],
    rebuilt: [],
    published: false,
    checks: [],
    durationMs: 0,
  };
  try {
    summary.runId = await startRun(wh, cfg, opts.trigger ?? 'cli', pipeline.name);
    const run = log.child({ run: summary.runId });
    run.info({ pipeline: pipeline.name, files: work.length, pseudonym_key: key.origin }, 'run started');
    await installPseudonym(wh, key.key);

    progress.step('land', work.length);
    for (const plan of plans) await recordMapping(wh, plan);
    for (const { plan, file } of work) {
      const result = await timedStep(
        wh,
        summary.runId,
        'land',
        `${plan.source}/${file.name}`,
        () => landFile(wh, plan, file, landOptions(cfg, summary.runId)),
        (r) => ({
          rows_in: r.rowsReceived,
          rows_out: r.rowsReceived - r.rowsRejected,
          rows_rejected: r.rowsRejected,
          status: r.status === 'loaded' ? 'succeeded' : r.status,
          error: r.error ?? null,
        }),
      );
      summary.files.push({ ...result, source: plan.source, resource: plan.resource, valuesDropped: 0 });
      const fields = { step: 'land', source: plan.source, file: file.name, status: result.status };
      if (result.status === 'failed') run.error({ ...fields, error: result.error }, 'file not loaded');
      else run.info({ ...fields, rows: result.rowsReceived, rejected: result.rowsRejected }, 'landed');
      progress.tick(file.name);
      crashPoint('land:after-first-file');
    }

    const models = pipeline.layers.flatMap((layer) => layerModels(layer).map((model) => ({ layer, model })));
    const everyModel = allLayers.flatMap((layer) => layerModels(layer).map((model) => ({ layer, model })));
    progress.step('transform', models.length + 1);
    const plan = await BuildPlan.open(wh, summary.runId, everyModel, key.key);
    const build = async (planned: (typeof models)[number]) => {
      const { layer, model } = planned;
      // Only a model whose inputs changed since it was last built is built again.
      const { fingerprint, build: how } = await plan.check(planned);
      const rows = await timedStep(
        wh,
        summary.runId,
        layer,
        model.name,
        () =>
          how === 'keep'
            ? countRows(wh, planned)
            : buildModel(wh, layer, model, { append: how === 'append' }),
        (n) => ({ rows_out: n ?? null, status: how === 'keep' ? 'skipped' : 'succeeded' }),
      );
      await plan.settle(planned, fingerprint, how !== 'keep');
      if (how !== 'keep') summary.rebuilt.push(model.name);
      summary.models.push({ name: model.name, rows });
      progress.tick(model.name);
    };
    // Reference data first, on its own: the checked staging tables read it too.
    await wh.transaction(() =>
      timedStep(wh, summary.runId, 'seeds', 'transforms/seeds', () =>
        loadSeeds(wh, cfg.reference?.directory),
      ),
    );
    progress.tick('seeds');
    // Each checked staging table commits alone (transform.ts commitsAlone), the rest together.
    for (const planned of models.filter((m) => commitsAlone(m.model)))
      await wh.transaction(() => build(planned));
    await wh.transaction(async () => {
      for (const planned of models.filter((m) => !commitsAlone(m.model))) {
        await build(planned);
        if (planned.model.name === 'fct_contact') crashPoint('transform:mid-models');
        // Once quarantine is built, the run's files learn their reject counts (for ind_data_quality).
        if (planned.model.name === 'quarantine') {
          await wh.runFile(readSqlFile(join(queriesDir, 'count-file-rejects.sql')), [summary.runId]);
        }
      }
      summary.checks = await runChecks(wh, cfg.checks?.directory);
      const failed = summary.checks.filter((c) => c.severity === 'error' && c.failing > 0);
      if (failed.length) throw new ChecksFailed(failed);
      crashPoint('transform:before-commit');
      for (const c of summary.checks.filter((c) => c.failing > 0)) {
        run.warn({ step: 'checks', check: c.name, rows: c.failing }, c.description);
      }
    });

    await recordChecks(wh, summary);
    await countRejects(wh, summary);

    if (pipeline.publish) {
      // What is published follows from the models, the configuration and the code: when none of
      // them changed since the last complete publish, that publish still holds.
      const publication = plan.publication(configHash(cfg), codeVersion());
      const previous = await publishedFrom(wh, pipeline.name);
      const manifestPath = join(cfg.publish.dir, 'manifest.json');
      const dashboardPath = join(cfg.publish.dir, 'dashboard.html');
      if (previous === publication && existsSync(manifestPath) && existsSync(dashboardPath)) {
        summary.manifest = readManifest(cfg.publish.dir);
        for (const [step, target] of [
          ['publish', cfg.publish.dir],
          ['dashboard', dashboardPath],
        ] as const) {
          await timedStep(
            wh,
            summary.runId,
            step,
            target,
            async () => null,
            () => ({ status: 'skipped' }),
          );
        }
        run.info(
          { step: 'publish', version: summary.manifest.version },
          'nothing changed: the last publish holds',
        );
      } else {
        summary.manifest = await timedStep(
          wh,
          summary.runId,
          'publish',
          cfg.publish.dir,
          () => publish(wh, cfg.publish.dir, summary.runId, cfg.privacy.min_cell, cfg.publish.keep_versions),
          (m) => ({ rows_out: m.tables.reduce((n, t) => n + t.rows, 0) }),
        );
        summary.published = true;
        run.info(
          { step: 'publish', version: summary.manifest.version, tables: summary.manifest.tables.length },
          'published',
        );
        await timedStep(wh, summary.runId, 'dashboard', dashboardPath, () =>
          writeDashboard(cfg, { organisation: cfg.organisation?.name }),
        );
        await recordPublication(wh, pipeline.name, publication, summary.runId);
      }
    }
    progress.done();
    const failedFiles = summary.files.filter((f) => f.status === 'failed');
    summary.status = failedFiles.length ? 'failed' : 'succeeded';
    if (failedFiles.length)
      summary.error = `${failedFiles.length} file(s) could not be loaded: ${failedFiles[0]!.error}`;
    await finishRun(wh, summary.runId, {
      status: summary.status,
      filesLoaded: summary.files.filter((f) => f.status === 'loaded').length,
      rowsLoaded: summary.files.reduce((n, f) => n + f.rowsReceived - f.rowsRejected, 0),
      rowsRejected: summary.files.reduce((n, f) => n + f.rowsRejected, 0),
      error: summary.error,
      manifestSha256: summary.published ? fileSha256(join(cfg.publish.dir, 'manifest.json')) : undefined,
    });
    // Last, so the snapshot's run history shows this run as finished.
    if (pipeline.publish && summary.status === 'succeeded') {
      await timedStep(wh, summary.runId, 'snapshot', cfg.publish.snapshot, () =>
        writeSnapshot(wh, cfg.publish.snapshot),
      );
    }
    run.info({ status: summary.status, ms: Date.now() - started }, 'run finished');
    return { ...summary, durationMs: Date.now() - started };
  } catch (err) {
    progress.done();
    // A failed check rolled the models back; its record (which check, which rows) must stay.
    if (err instanceof ChecksFailed) await recordChecks(wh, summary).catch(() => {});
    if (summary.runId) {
      await finishRun(wh, summary.runId, {
        status: 'failed',
        filesLoaded: summary.files.filter((f) => f.status === 'loaded').length,
        rowsLoaded: 0,
        rowsRejected: 0,
        error: err instanceof Error ? err.message : String(err),
      }).catch(() => {});
    }
    throw err;
  } finally {
    await wh.close();
  }
}

/** Checks are recorded outside the model transaction, so a failure's record survives rollback. */
async function recordChecks(wh: Warehouse, summary: RunSummary) {
  for (const c of summary.checks) {
    await recordStep(wh, summary.runId, {
      step: 'checks',
      target: c.name,
      started_at: new Date(),
      duration_ms: c.durationMs,
      rows_in: null,
      rows_out: c.failing,
      rows_rejected: null,
      status: c.failing === 0 ? 'succeeded' : c.severity === 'error' ? 'failed' : 'warned',
      error: c.failing ? `${c.failing} rows, e.g. ${JSON.stringify(c.sample.slice(0, 3))}` : null,
    });
  }
}

/** Land counts parse errors; staging knows the rest. Read back what the files' records now say. */
async function countRejects(wh: Warehouse, summary: RunSummary) {
  const records = await wh.db
    .selectFrom('meta.load_file')
    .select(['source', 'file', 'rows_rejected', 'values_dropped'])
    .where('run_id', '=', summary.runId)
    .execute();
  for (const f of summary.files) {
    const r = records.find((x) => x.source === f.source && x.file === f.file);
    if (!r) continue;
    f.rowsRejected = r.rows_rejected ?? 0;
    f.valuesDropped = r.values_dropped ?? 0;
  }
}

export function landOptions(cfg: Config, runId: number) {
  return {
    runId,
    tempDir: cfg.warehouse.temp_directory,
    timezone: cfg.timezone,
    xlsxLimits: {
      maxBytes: cfg.limits.spreadsheet_max_bytes,
      maxRows: cfg.limits.spreadsheet_max_rows,
      timeoutMs: cfg.limits.spreadsheet_timeout_seconds * 1000,
    },
  };
}

/** What staging needs to know of the config: export column per field, and how deliveries combine. */
export async function recordMapping(wh: Warehouse, plan: ResourcePlan) {
  const rows = plan.fields.flatMap((f) =>
    'column' in f.from
      ? [`(${[plan.source, plan.resource, plan.entity, f.field, f.from.column].map(str).join(', ')})`]
      : [],
  );
  if (rows.length) await wh.run(`INSERT OR REPLACE INTO land.column_map VALUES ${rows.join(', ')}`);
  await wh.run(
    `INSERT OR REPLACE INTO land.resource_write VALUES (${[plan.source, plan.resource, plan.entity, plan.write, plan.deletions].map(str).join(', ')})`,
  );
}
