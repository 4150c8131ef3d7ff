// `npm run bench -- --size small|large [--runs N] [--steps a,b]`: every speed claim measured
// side by side in one run. Each step runs in its own child process under GNU time, so wall time
// and peak RSS include DuckDB's native memory; the pipeline's steps, plain DuckDB
// (bench/plain/duckdb.sql) and pandas (bench/plain/pandas_bench.py) read the same files.
// Results: bench/results-<size>.json and a section of bench/RESULTS.md.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { type BenchData, prepareData, SIZES } from './data.ts';
import { writeReport } from './report.ts';
import type { Sample } from './results.ts';

const benchDir = import.meta.dirname;
const root = join(benchDir, '..');
const PYTHON = '/usr/bin/python3';
const ALL_STEPS = [
  'land-csv',
  'land-xlsx',
  'transform',
  'indicators',
  'publish',
  'e2e',
  'nightly',
  'xlsx',
  'duckdb',
  'pandas',
] as const;

const program = new Command()
  .name('bench')
  .option('--size <size>', 'small (under 2 minutes) or large (20 M contacts)', 'small')
  .option('--runs <n>', 'runs per step; medians with min–max', '3')
  .option('--steps <list>', `comma-separated, from: ${ALL_STEPS.join(', ')}`, ALL_STEPS.join(','))
  .parse();
const opts = program.opts<{ size: string; runs: string; steps: string }>();
if (!(opts.size in SIZES)) program.error(`--size must be small or large, not ${opts.size}.`);
const size = opts.size as keyof typeof SIZES;
const runs = Number(opts.runs);
if (!Number.isInteger(runs) || runs < 1)
  program.error(`--runs must be a whole number ≥ 1, not ${opts.runs}.`);
const steps = opts.steps.split(',').map((s) => s.trim());
const unknown = steps.filter((s) => !(ALL_STEPS as readonly string[]).includes(s));
if (unknown.length)
  program.error(`unknown step(s): ${unknown.join(', ')}; choose from ${ALL_STEPS.join(', ')}.`);

const log = (line: string) => console.log(line);
const samples = new Map<string, Sample[]>();
const resultsJson = join(benchDir, `results-${size}.json`);
let writeResults = (): string => '';
const add = (step: string, s: Sample) => {
  samples.set(step, [...(samples.get(step) ?? []), { ...s, at: new Date().toISOString() }]);
  // Written after every step, so a long large run that is stopped still leaves what it measured.
  writeResults();
  log(
    `  ${step}: ${s.wall.toFixed(1)} s, ${s.rssMiB} MiB, ${s.rows.toLocaleString('en')} rows (load ${s.load1})`,
  );
};

/** Runs a command under GNU time; returns its stdout, wall seconds, peak RSS in MiB and the load. */
function timed(cmd: string, args: string[], cwd: string) {
  const stats = join(data().root, 'time.txt');
  const load1 = Number(loadavg()[0]!.toFixed(2));
  const run = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', '-o', stats, cmd, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
    env: { ...process.env, IMPACT_PSEUDONYM_KEY: '', LOG_LEVEL: 'warn' },
  });
  if (run.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${run.status}):\n${run.stderr}`);
  const [wall, kib, user, system] = readFileSync(stats, 'utf8')
    .trim()
    .split('\n')
    .at(-1)!
    .split(/\s+/)
    .map(Number);
  return { out: run.stdout, wall: wall!, rssMiB: Math.round(kib! / 1024), load1, cpu: user! + system! };
}

const lastJson = (out: string) => JSON.parse(out.trim().split('\n').at(-1)!);
const tsx = (script: string, ...args: string[]) => ['--import', 'tsx', join(benchDir, script), ...args];

let benchData: BenchData | undefined;
const data = () => benchData!;

function pipelineStep(step: string, project: string): Sample {
  const t = timed(process.execPath, tsx('step.ts', step, project), root);
  return { wall: t.wall, rssMiB: t.rssMiB, rows: lastJson(t.out).rows, load1: t.load1, cpu: t.cpu };
}

function impactRun(project: string): { wall: number; rssMiB: number; load1: number; cpu: number } {
  return timed(process.execPath, [join(root, 'bin/impact.js'), 'run'], project);
}

function countFacts(): number {
  const t = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      `const { DuckDBInstance } = await import('@duckdb/node-api');
       const i = await DuckDBInstance.create(${JSON.stringify(join(data().project, 'data/warehouse.duckdb'))}, { access_mode: 'READ_ONLY' });
       const c = await i.connect();
       const r = await c.runAndReadAll('SELECT (SELECT count(*) FROM fct_contact) + (SELECT count(*) FROM fct_outcome_score) AS n');
       console.log(String(r.getRowObjects()[0].n));`,
    ],
    { cwd: root, encoding: 'utf8' },
  );
  return Number(t.stdout.trim()) || 0;
}

/** Which code was measured: the git commit (dirty if the tree had edits), or BENCH_CODE_VERSION. */
function codeVersion(): string {
  const git = spawnSync('git', ['describe', '--always', '--dirty'], { cwd: root, encoding: 'utf8' });
  return git.status === 0 ? git.stdout.trim() : (process.env.BENCH_CODE_VERSION ?? 'unknown');
}

function pandasAvailable(): boolean {
  return spawnSync(PYTHON, ['-c', 'import pandas'], { encoding: 'utf8' }).status === 0;
}

async function main() {
  const started = new Date();
  benchData = await prepareData(join(benchDir, '.data'), size, log);
  const d = data();
  const regicare = join(d.project, 'exports', 'regicare');
  const inputs = join(d.root, 'plain-inputs.json');
  writeFileSync(
    inputs,
    JSON.stringify({
      contacts: readdirSync(regicare)
        .filter((f) => /^contacten_.*\.csv$/.test(f))
        .sort()
        .map((f) => join(regicare, f)),
      trajectories: join(regicare, 'trajecten.csv'),
      clients: readdirSync(regicare)
        .filter((f) => /^clienten_.*\.csv$/.test(f))
        .sort()
        .map((f) => join(regicare, f)),
      scores: d.plainScores,
      closureReasons: join(root, 'transforms/seeds/ref_closure_reason.csv'),
      today: new Date().toISOString().slice(0, 10),
    }),
  );
  const withPandas = steps.includes('pandas') && pandasAvailable();
  if (steps.includes('pandas') && !withPandas)
    log(
      `pandas is not installed for ${PYTHON} (apt-get install -y python3-pandas): the pandas column is skipped.`,
    );
  const piecewise = ['land-csv', 'land-xlsx', 'transform', 'indicators', 'publish'].filter((s) =>
    steps.includes(s),
  );
  let facts = 0;
  // A run of some steps (--steps) keeps the earlier samples of the others, so the large workload
  // can be measured piece by piece on a shared machine; a full run replaces everything.
  const partial = steps.length < ALL_STEPS.length;
  if (partial && existsSync(resultsJson)) {
    const before = JSON.parse(readFileSync(resultsJson, 'utf8')) as { samples?: Record<string, Sample[]> };
    for (const [step, kept] of Object.entries(before.samples ?? {})) {
      const owner = /^(duckdb|pandas)-/.exec(step)?.[1] ?? step;
      if (!steps.includes(owner)) samples.set(step, kept);
    }
  }

  const version = codeVersion();
  writeResults = (): string => {
    const times = [...samples.values()]
      .flat()
      .flatMap((x) => (x.at ? [x.at] : []))
      .sort();
    return writeReport({
      size,
      spec: SIZES[size],
      runs,
      started: partial ? (times[0] ?? started.toISOString()) : started.toISOString(),
      finished: times.at(-1) ?? new Date().toISOString(),
      machine: {
        cpus: `${cpus().length} × ${cpus()[0]?.model.trim()}`,
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        kernel: release(),
        node: process.version,
        loadAverageAtEnd: loadavg().map((x) => Number(x.toFixed(2))),
      },
      code: version,
      generated: d.generated,
      samples: Object.fromEntries(samples),
    });
  };

  // The nightly delivery is the same file every run: count its lines once, not per run.
  const nightlyLines = steps.includes('nightly')
    ? readFileSync(d.nightly.full, 'latin1').split('\r\n').length - 2
    : 0;
  for (let run = 1; run <= runs; run++) {
    log(`run ${run} of ${runs} (${size}):`);
    copyFileSync(d.nightly.held, d.nightly.target);
    if (piecewise.length) {
      rmSync(join(d.project, 'data'), { recursive: true, force: true });
      // A later step needs the earlier ones' warehouse, so a chosen step brings its predecessors.
      const last = Math.max(...piecewise.map((s) => ALL_STEPS.indexOf(s as (typeof ALL_STEPS)[number])));
      for (const step of ALL_STEPS.slice(0, last + 1)) {
        const s = pipelineStep(step, d.project);
        if (step === 'transform') facts = s.rows;
        if (steps.includes(step)) add(step, s);
      }
    }
    if (steps.includes('e2e') || steps.includes('nightly')) {
      rmSync(join(d.project, 'data'), { recursive: true, force: true });
      const e2e = impactRun(d.project);
      facts ||= countFacts();
      if (steps.includes('e2e')) add('e2e', { ...e2e, rows: facts });
      if (steps.includes('nightly')) {
        copyFileSync(d.nightly.full, d.nightly.target);
        const nightly = impactRun(d.project);
        copyFileSync(d.nightly.held, d.nightly.target);
        add('nightly', { ...nightly, rows: nightlyLines });
      }
    }
    if (steps.includes('xlsx')) {
      rmSync(join(d.xlsxProject, 'data'), { recursive: true, force: true });
      add('xlsx', pipelineStep('land-xlsx', d.xlsxProject));
    }
    if (steps.includes('duckdb')) {
      const db = join(d.root, 'plain', 'plain.duckdb');
      rmSync(db, { force: true });
      rmSync(`${db}.wal`, { force: true });
      for (const part of ['load', 'indicators']) {
        const t = timed(process.execPath, tsx('plain/run-duckdb.ts', part, db, inputs), root);
        add(`duckdb-${part}`, {
          wall: t.wall,
          rssMiB: t.rssMiB,
          rows: lastJson(t.out).rows,
          load1: t.load1,
          cpu: t.cpu,
        });
      }
    }
    if (withPandas) {
      // One process, two parts: its wall time is split by the parts' own clocks.
      const t = timed(PYTHON, [join(benchDir, 'plain/pandas_bench.py'), inputs], root);
      const r = lastJson(t.out);
      const startup = Math.max(0, t.wall - (r.load.ms + r.indicators.ms) / 1000);
      add('pandas-load', {
        wall: startup + r.load.ms / 1000,
        rssMiB: Math.round(r.load.maxRssKiB / 1024),
        rows: r.load.rows,
        load1: t.load1,
        cpu: r.load.cpu,
      });
      add('pandas-indicators', {
        wall: r.indicators.ms / 1000,
        rssMiB: t.rssMiB,
        rows: r.indicators.rows,
        load1: t.load1,
        cpu: r.indicators.cpu,
      });
    }
  }

  const table = writeResults();
  log(`\n${table}\n\nwritten: bench/results-${size}.json, bench/RESULTS.md`);
}

if (!existsSync('/usr/bin/time')) program.error('GNU time (/usr/bin/time) is needed to measure peak RSS.');
await main();
