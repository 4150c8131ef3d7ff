// One benchmark step in its own process, so that its peak RSS (DuckDB's native memory too) is
// the step's alone: `node --import tsx bench/step.ts <step> <project dir>`. The steps call the
// pipeline's own pieces in the order runPipeline does — land (CSV files, then workbooks),
// staging + star, indicators, publish — each against the warehouse the previous one left.
// Prints one JSON line: { rows, ms, maxRssKiB, detail }.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../lib/config.ts';
import { pseudonymKey } from '../lib/secrets.ts';
import { landOptions, recordMapping } from '../pipelines/run-pipeline.ts';
import { finishRun, startRun, timedStep } from '../pipelines/run-record.ts';
import { publish } from '../pipelines/steps/publish.ts';
import {
  buildModel,
  commitsAlone,
  type Layer,
  layerModels,
  loadSeeds,
} from '../pipelines/steps/transform.ts';
import { findFiles, planSources } from '../sources/define-source.ts';
import { landFile } from '../sql/land/land-file.ts';
import { installPseudonym } from '../sql/pseudonym.ts';
import { readSqlFile } from '../sql/sql-file.ts';
import { Warehouse } from '../sql/warehouse.ts';

const PIECEWISE_STEPS = ['land-csv', 'land-xlsx', 'transform', 'indicators', 'publish'] as const;
type PiecewiseStep = (typeof PIECEWISE_STEPS)[number];

const queriesDir = fileURLToPath(new URL('../sql/queries/', import.meta.url));

async function main(step: PiecewiseStep, project: string): Promise<{ rows: number; detail: string }> {
  process.chdir(project);
  const cfg = loadConfig(join(project, 'impact.yaml'));
  const wh = await Warehouse.open({
    path: cfg.warehouse.path,
    memoryLimit: cfg.warehouse.memory_limit,
    threads: cfg.warehouse.threads,
    tempDirectory: cfg.warehouse.temp_directory,
  });
  try {
    const runId = await startRun(wh, cfg, 'bench', `bench:${step}`);
    await installPseudonym(wh, pseudonymKey(cfg).key);
    const result = await stepWork(step, wh, cfg, runId);
    await finishRun(wh, runId, {
      status: 'succeeded',
      filesLoaded: 0,
      rowsLoaded: result.rows,
      rowsRejected: 0,
    });
    return result;
  } finally {
    await wh.close();
  }
}

async function stepWork(
  step: PiecewiseStep,
  wh: Warehouse,
  cfg: ReturnType<typeof loadConfig>,
  runId: number,
): Promise<{ rows: number; detail: string }> {
  if (step === 'land-csv' || step === 'land-xlsx') {
    const kind = step === 'land-csv' ? 'csv' : 'xlsx';
    const plans = planSources(cfg).filter((p) => p.format.kind === kind);
    let rows = 0;
    let files = 0;
    for (const plan of plans) {
      await recordMapping(wh, plan);
      for (const file of findFiles(plan)) {
        const r = await landFile(wh, plan, file, landOptions(cfg, runId));
        if (r.status === 'failed') throw new Error(`${plan.source}/${file.name}: ${r.error}`);
        rows += r.rowsReceived;
        files++;
      }
    }
    return { rows, detail: `${files} files` };
  }
  if (step === 'transform' || step === 'indicators') {
    const layers: Layer[] = step === 'transform' ? ['staging', 'star'] : ['indicators'];
    let models = 0;
    const build = async (layer: Layer, model: ReturnType<typeof layerModels>[number]) => {
      await timedStep(wh, runId, layer, model.name, () => buildModel(wh, layer, model));
      models++;
      if (model.name === 'quarantine')
        await wh.runFile(readSqlFile(join(queriesDir, 'count-file-rejects.sql')), [runId]);
    };
    const planned = layers.flatMap((layer) => layerModels(layer).map((model) => ({ layer, model })));
    // As in runPipeline: seeds, each checked staging table alone, then the rest together.
    if (step === 'transform') await wh.transaction(() => loadSeeds(wh, cfg.reference?.directory));
    for (const { layer, model } of planned.filter((p) => commitsAlone(p.model)))
      await wh.transaction(() => build(layer, model));
    await wh.transaction(async () => {
      for (const { layer, model } of planned.filter((p) => !commitsAlone(p.model))) await build(layer, model);
    });
    // Both steps are measured per fact row they turn into a star or into indicators.
    const rows = await wh.value<number>(
      'SELECT (SELECT count(*) FROM fct_contact) + (SELECT count(*) FROM fct_outcome_score)',
    );
    return { rows: Number(rows), detail: `${models} models` };
  }
  const manifest = await publish(wh, cfg.publish.dir, runId, cfg.privacy.min_cell, cfg.publish.keep_versions);
  return {
    rows: manifest.tables.reduce((n, t) => n + t.rows, 0),
    detail: `${manifest.tables.length} tables`,
  };
}

const [step, project] = process.argv.slice(2);
if (!PIECEWISE_STEPS.includes(step as PiecewiseStep) || !project) {
  console.error(`usage: bench/step.ts <${PIECEWISE_STEPS.join('|')}> <project dir>`);
  process.exit(2);
}
const started = performance.now();
const { rows, detail } = await main(step as PiecewiseStep, project);
const ms = performance.now() - started;
console.log(JSON.stringify({ rows, ms, maxRssKiB: process.resourceUsage().maxRSS, detail }));
