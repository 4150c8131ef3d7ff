// The typed shape of the warehouse tables that TypeScript reads through Kysely (run history,
// status). The tables themselves are created by sql/migrations and transforms/.
import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface RunTable {
  run_id: number;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  status: 'running' | 'succeeded' | 'failed';
  trigger: string;
  pipeline: string;
  config_hash: string | null;
  code_version: string | null;
  manifest_sha256: string | null;
  files_loaded: number | null;
  rows_loaded: number | null;
  rows_rejected: number | null;
  error: string | null;
}

export interface RunStepTable {
  run_id: number;
  step: string;
  target: string;
  started_at: Timestamp;
  duration_ms: number | null;
  rows_in: number | null;
  rows_out: number | null;
  rows_rejected: number | null;
  status: 'succeeded' | 'failed' | 'skipped' | 'warned';
  error: string | null;
}

export interface LoadFileTable {
  file_id: number;
  run_id: number;
  source: string;
  resource: string;
  entity: string;
  file: string;
  sha256: string;
  bytes: number;
  export_date: ColumnType<Date | null, string | null, string | null>;
  status: 'loaded' | 'skipped' | 'failed';
  rows_received: number | null;
  rows_skipped: number | null;
  rows_rejected: number | null;
  values_dropped: number | null;
  loaded_at: Timestamp;
  error: string | null;
}

export interface QuarantineTable {
  run_id: number;
  file_id: number;
  source: string;
  resource: string;
  entity: string;
  file: string;
  sheet: string | null;
  row: number;
  column: string | null;
  value: string | null;
  reason: string;
  action: 'row rejected' | 'value dropped';
}

/** land.new_column (migration 0009): export columns no mapping names, per file. */
export interface NewColumnTable {
  _load_id: number;
  _file_id: number;
  _source: string;
  _resource: string;
  _file: string;
  column: string;
  action: 'kept' | 'ignored' | 'ignored: personal identifier';
}

export interface Database {
  'meta.run': RunTable;
  'meta.run_step': RunStepTable;
  'meta.load_file': LoadFileTable;
  'staging.quarantine': QuarantineTable;
  'land.new_column': NewColumnTable;
}
