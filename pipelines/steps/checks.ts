// Runs the data tests of transforms/checks/: each assert_*.sql returns the rows that break a
// rule. A failing `severity: error` check stops the run before anything is published; a `warn`
// check is recorded and shown.
import { join } from 'node:path';
import { readSqlDir } from '../../sql/sql-file.ts';
import type { Warehouse } from '../../sql/warehouse.ts';
import { transformsDir } from './transform.ts';

export interface CheckResult {
  name: string;
  severity: 'error' | 'warn';
  failing: number;
  sample: Record<string, unknown>[];
  description: string;
}

export async function runChecks(
  wh: Warehouse,
  onCheck?: (r: CheckResult) => Promise<void>,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of readSqlDir(join(transformsDir, 'checks'))) {
    const severity = check.settings.severity === 'warn' ? 'warn' : 'error';
    const body = check.sql.replace(/;\s*$/, '');
    const failing = await wh.value<number>(`SELECT count(*) FROM (${body})`);
    const sample = failing ? await wh.json(`SELECT * FROM (${body}) LIMIT 5`) : [];
    const description = check.header.split('\n')[0]?.replace(/^[a-z_]+ — /, '') ?? check.name;
    const result: CheckResult = { name: check.name, severity, failing, sample, description };
    results.push(result);
    await onCheck?.(result);
  }
  return results;
}
