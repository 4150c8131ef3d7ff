// Where the time of landing one CSV export goes, phase by phase, next to plain DuckDB reading the
// same file: `node --import tsx bench/land-profile.ts <project dir> <file name> [resource]`.
// The phases are the pipeline's own functions, called in the order land-file.ts / land-csv.ts
// call them; "rest of landFile" is the DuckDB read + mapping INSERT, the rejects and the
// bookkeeping queries (landFile minus the phases measured apart, which it repeats).
// Used for the "where the CSV land's time goes" part of bench/RESULTS.md.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadConfig } from '../lib/config.ts';
import { pseudonymKey } from '../lib/secrets.ts';
import { landOptions, recordMapping } from '../pipelines/run-pipeline.ts';
import { startRun } from '../pipelines/run-record.ts';
import { findFiles, planSources } from '../sources/define-source.ts';
import { fingerprint, transcodeToUtf8 } from '../sources/formats/csv/encoding.ts';
import { unclosedQuotes } from '../sources/formats/csv/quotes.ts';
import { recordStartLines } from '../sources/formats/csv/record-lines.ts';
import { landFile } from '../sql/land/land-file.ts';
import { installPseudonym } from '../sql/pseudonym.ts';
import { Warehouse } from '../sql/warehouse.ts';

const [dir, name, resource = 'contacts'] = process.argv.slice(2);
const project = dir && resolve(dir);
if (!project || !name) {
  console.error('usage: bench/land-profile.ts <project dir> <file name> [resource]');
  process.exit(2);
}
process.chdir(project);
const cfg = loadConfig(join(project, 'impact.yaml'));
const plan = planSources(cfg).find((p) => p.resource === resource && p.format.kind === 'csv');
const file = plan && findFiles(plan).find((f) => f.name === name);
if (!plan || !file || plan.format.kind !== 'csv')
  throw new Error(`no CSV file ${name} for resource ${resource}`);
const format = plan.format;

const scratch = mkdtempSync(join(tmpdir(), 'land-profile-'));
// Wall and CPU seconds (user + system, DuckDB's threads included) per phase: on shared cores the
// wall time is mostly waiting for a core, the CPU time is the work.
const phases: [string, number, number][] = [];
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
async function time<T>(phase: string, work: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  const cpu = cpuNow();
  const out = await work();
  phases.push([phase, (performance.now() - started) / 1000, cpuNow() - cpu]);
  return out;
}

try {
  const fp = await time('fingerprint (sha256 + line count)', () => fingerprint(file.path, false));
  const utf8 = join(scratch, 'utf8.csv');
  await time('transcode windows-1252 → UTF-8', () => transcodeToUtf8(file.path, utf8, 'windows-1252'));
  await time('scan for unclosed quotes', () => unclosedQuotes(utf8, format.delimiter, format.quote, 2));
  await time('record start lines (renumbering)', () => recordStartLines(utf8, 2, format.quote));

  const wh = await Warehouse.open({
    path: join(scratch, 'warehouse.duckdb'),
    memoryLimit: cfg.warehouse.memory_limit,
    threads: cfg.warehouse.threads,
    tempDirectory: join(scratch, 'tmp'),
  });
  // Every statement landFile sends, timed: which query the "rest" is made of.
  const queries = new Map<string, [number, number]>();
  const fullSql = new Map<string, string>();
  const timedSql = <A extends unknown[], R>(fn: (sql: string, ...a: A) => Promise<R>) =>
    async function (this: Warehouse, sql: string, ...a: A): Promise<R> {
      const started = performance.now();
      const cpu = cpuNow();
      try {
        return await fn.call(this, sql, ...a);
      } finally {
        const key = sql.replace(/\s+/g, ' ').trim().slice(0, 90);
        if (!fullSql.has(key)) fullSql.set(key, sql);
        const [wall, used] = queries.get(key) ?? [0, 0];
        queries.set(key, [wall + (performance.now() - started) / 1000, used + cpuNow() - cpu]);
      }
    };
  wh.run = timedSql(wh.run);
  wh.rows = timedSql(wh.rows) as Warehouse['rows'];
  const runId = await startRun(wh, cfg, 'bench', 'bench:land-profile');
  await installPseudonym(wh, pseudonymKey(cfg).key);
  await recordMapping(wh, plan);
  const landed = await time('landFile, whole', () =>
    landFile(wh, plan, file, { ...landOptions(cfg, runId), tempDir: join(scratch, 'tmp') }),
  );
  await wh.close();
  const slowest = [...queries.entries()].sort((a, b) => b[1][1] - a[1][1]).slice(0, 6);
  // LAND_PROFILE_SQL=<file>: the costliest statement in full, to EXPLAIN ANALYZE it apart.
  if (process.env.LAND_PROFILE_SQL) writeFileSync(process.env.LAND_PROFILE_SQL, fullSql.get(slowest[0]![0])!);

  // The floor for the same file: DuckDB's reader on the UTF-8 copy, parallel and then serial
  // (the pipeline falls back to serial when quoted fields hold line breaks).
  const db = await DuckDBInstance.create(join(scratch, 'plain.duckdb'), {
    threads: String(cfg.warehouse.threads),
    memory_limit: cfg.warehouse.memory_limit,
  });
  const c = await db.connect();
  const read = (parallel: boolean) =>
    `CREATE OR REPLACE TABLE t AS SELECT * FROM read_csv('${utf8}', delim = ';', skip = 1, header = true,
       all_varchar = true, null_padding = true, parallel = ${parallel})`;
  let parallelError = '';
  await time('plain DuckDB read_csv, parallel', () =>
    c.run(read(true)).catch((e: Error) => {
      parallelError = e.message.split('\n')[0]!;
    }),
  );
  await time('plain DuckDB read_csv, serial', () => c.run(read(false)));
  c.closeSync();
  db.closeSync();

  const whole = phases.find(([p]) => p === 'landFile, whole')!;
  const repeated = phases.slice(0, 3);
  const sum = (i: 1 | 2) => repeated.reduce((s, p) => s + p[i], 0);
  console.log(
    `${file.name}: ${fp.bytes.toLocaleString('en')} bytes, ${fp.lines.toLocaleString('en')} lines, ${landed.rowsReceived.toLocaleString('en')} rows received`,
  );
  const line = (what: string, wall: number, cpu: number) =>
    console.log(
      `  ${what.padEnd(36)} ${wall.toFixed(2).padStart(7)} s wall ${cpu.toFixed(2).padStart(7)} s CPU`,
    );
  for (const [phase, wall, cpu] of phases) line(phase, wall, cpu);
  line('rest of landFile (SQL statements)', whole[1] - sum(1), whole[2] - sum(2));
  if (parallelError) console.log(`  parallel read refused: ${parallelError}`);
  console.log('  slowest statements inside landFile:');
  for (const [sql, [wall, cpu]] of slowest)
    console.log(`    ${wall.toFixed(2)} s wall ${cpu.toFixed(2)} s CPU  ${sql}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
