// Runs the data tests of transforms/checks/: each assert_*.sql returns the rows that break a
// rule. A failing `severity: error` check stops the run before anything is published; a `warn`
// check is recorded and shown. An organisation adds its own in impact.yaml `checks.directory`.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../lib/errors.ts';
import { readSqlDir } from '../../sql/sql-file.ts';
import type { Warehouse } from '../../sql/warehouse.ts';
import { transformsDir } from './transform.ts';

export interface CheckResult {
  name: string;
  severity: 'error' | 'warn';
  failing: number;
  sample: Record<string, unknown>[];
  description: string;
  /** How long the check took, for the run record. */
  durationMs: number;
}

export async function runChecks(wh: Warehouse, ownDir?: string): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  if (ownDir && !existsSync(ownDir))
    throw new UserError(`checks.directory: the folder ${ownDir} does not exist.`);
  const checks = [...readSqlDir(join(transformsDir, 'checks')), ...(ownDir ? readSqlDir(ownDir) : [])].filter(
    (c) => c.name.startsWith('assert_'),
  );
  for (const check of checks) {
    const started = Date.now();
    const severity = check.settings.severity === 'warn' ? 'warn' : 'error';
    const body = check.sql.replace(/;\s*$/, '');
    const failing = await wh.value<number>(`SELECT count(*) FROM (${body})`);
    const sample = failing ? await wh.json(`SELECT * FROM (${body}) LIMIT 5`) : [];
    const description = check.header.split('\n')[0]?.replace(/^[a-z_]+ — /, '') ?? check.name;
    const result: CheckResult = {
      name: check.name,
      severity,
      failing,
      sample,
      description,
      durationMs: Date.now() - started,
    };
    results.push(result);
  }
  return results;
}
