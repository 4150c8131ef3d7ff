// The record of a run in meta.run and meta.run_step: what ran, how long, rows in/out/rejected,
// and the error a person needs. A run left 'running' by a crashed process is marked failed
// when the next run starts, so the history never lies. For the audit trail each run also keeps
// what it was made of: the hash of its resolved configuration, the code version, and the hash
// of the manifest it published (the input files' hashes are in meta.load_file).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Config } from '../lib/config.ts';
import type { RunStepTable } from '../sql/database.ts';
import type { Warehouse } from '../sql/warehouse.ts';
import { codeVersion } from './code-version.ts';

/**
 * sha256 of the configuration as the run used it: parsed, defaults filled in, paths resolved,
 * keys sorted. Comments and layout of impact.yaml do not change it; any setting does.
 */
export function configHash(cfg: Config): string {
  return createHash('sha256').update(canonicalJson(cfg)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** sha256 of a published manifest.json, byte for byte as readers see it. */
export const fileSha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

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
      config_hash: configHash(cfg),
      code_version: codeVersion(),
      manifest_sha256: null,
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
    /** sha256 of the manifest.json this run published, if it published. */
    manifestSha256?: string;
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
      manifest_sha256: outcome.manifestSha256 ?? null,
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
