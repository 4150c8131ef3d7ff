// The record of a run in meta.run and meta.run_step: what ran, how long, rows in/out/rejected,
// and the error a person needs. A run left 'running' by a crashed process is marked failed
// when the next run starts, so the history never lies.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Config } from '../lib/config.ts';
import type { RunStepTable } from '../sql/database.ts';
import type { Warehouse } from '../sql/warehouse.ts';

export const codeVersion: string = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
).version;

export async function startRun(
  wh: Warehouse,
  cfg: Config,
  trigger: string,
  pipeline: string,
): Promise<number> {
  await wh.db
    .updateTable('meta.run')
    .set({ status: 'failed', error: 'interrupted: the process stopped before the run finished' })
    .where('status', '=', 'running')
    .execute();
  const runId = await wh.value<number>(`SELECT nextval('meta.run_id_seq')::INTEGER`);
  await wh.db
    .insertInto('meta.run')
    .values({
      run_id: runId,
      started_at: new Date(),
      status: 'running',
      trigger,
      pipeline,
      config_hash: createHash('sha256').update(readFileSync(cfg.file)).digest('hex'),
      code_version: codeVersion,
      files_loaded: null,
      rows_loaded: null,
      rows_rejected: null,
      finished_at: null,
      error: null,
    })
    .execute();
  return runId;
}

export async function finishRun(
  wh: Warehouse,
  runId: number,
  outcome: {
    status: 'succeeded' | 'failed';
    filesLoaded: number;
    rowsLoaded: number;
    rowsRejected: number;
    error?: string;
  },
) {
  await wh.db
    .updateTable('meta.run')
    .set({
      status: outcome.status,
      finished_at: new Date(),
      files_loaded: outcome.filesLoaded,
      rows_loaded: outcome.rowsLoaded,
      rows_rejected: outcome.rowsRejected,
      error: outcome.error ?? null,
    })
    .where('run_id', '=', runId)
    .execute();
}

export type StepRecord = Omit<RunStepTable, 'run_id' | 'started_at'> & { started_at: Date };

export async function recordStep(wh: Warehouse, runId: number, step: StepRecord) {
  await wh.db
    .insertInto('meta.run_step')
    .values({ ...step, run_id: runId })
    .execute();
}

/** Times `fn` and records it as a step; a failure is recorded and rethrown. */
export async function timedStep<T>(
  wh: Warehouse,
  runId: number,
  step: string,
  target: string,
  fn: () => Promise<T>,
  rows: (
    result: T,
  ) => Partial<Pick<StepRecord, 'rows_in' | 'rows_out' | 'rows_rejected' | 'status' | 'error'>> = () => ({}),
): Promise<T> {
  const started = new Date();
  try {
    const result = await fn();
    const r = rows(result);
    await recordStep(wh, runId, {
      step,
      target,
      started_at: started,
      duration_ms: Date.now() - started.getTime(),
      rows_in: r.rows_in ?? null,
      rows_out: r.rows_out ?? null,
      rows_rejected: r.rows_rejected ?? null,
      status: r.status ?? 'succeeded',
      error: r.error ?? null,
    });
    return result;
  } catch (err) {
    await recordStep(wh, runId, {
      step,
      target,
      started_at: started,
      duration_ms: Date.now() - started.getTime(),
      rows_in: null,
      rows_out: null,
      rows_rejected: null,
      status: 'failed',
      error: err instanceof Error ? err.message : String(err),
    }).catch(() => {});
    throw err;
  }
}
