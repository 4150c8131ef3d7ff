// From the benchmark's raw samples to what RESULTS.md shows: medians with min–max per step,
// the ratios to plain DuckDB and pandas, and each DESIGN.md §9 / issue 9 target marked met or
// missed. Pure functions, so the arithmetic is tested apart from the (slow) measuring.

export interface Sample {
  /** Wall time of the child process, seconds. */
  wall: number;
  /** Peak RSS of the child process, MiB. */
  rssMiB: number;
  rows: number;
  /** 1-minute load average when the step started: the cores are shared, so say how busy. */
  load1: number;
  /**
   * CPU seconds (user + system) of the process. On shared cores the wall time depends on the
   * others' load; the CPU time much less, so it is the fairer measure of the work done.
   */
  cpu?: number;
  /** When the step finished (ISO); a --steps run keeps earlier samples of the other steps. */
  at?: string;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export interface StepSummary {
  step: string;
  runs: number;
  wall: Spread;
  rssMiB: Spread;
  rows: number;
  rowsPerSecond: number;
  load1: Spread;
  cpu?: Spread;
}

export function median(values: readonly number[]): number {
  if (!values.length) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function spread(values: readonly number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

export function summarise(step: string, samples: readonly Sample[]): StepSummary {
  const wall = spread(samples.map((s) => s.wall));
  const rows = median(samples.map((s) => s.rows));
  return {
    step,
    runs: samples.length,
    wall,
    rssMiB: spread(samples.map((s) => s.rssMiB)),
    rows,
    rowsPerSecond: wall.median > 0 ? rows / wall.median : 0,
    load1: spread(samples.map((s) => s.load1)),
    ...(samples.every((s) => s.cpu !== undefined) ? { cpu: spread(samples.map((s) => s.cpu!)) } : {}),
  };
}

/** Which comparator steps do the same work as a pipeline step (end to end: load + indicators). */
export const COMPARED: Record<string, { duckdb: string[]; pandas: string[] }> = {
  'land-csv': { duckdb: ['duckdb-load'], pandas: ['pandas-load'] },
  indicators: { duckdb: ['duckdb-indicators'], pandas: ['pandas-indicators'] },
  e2e: { duckdb: ['duckdb-load', 'duckdb-indicators'], pandas: ['pandas-load', 'pandas-indicators'] },
};

export interface Ratio {
  step: string;
  seconds: number;
  duckdb?: Comparison;
  pandas?: Comparison;
}

/** Pipeline ÷ comparator on wall time, and on CPU time where both were measured. */
export interface Comparison {
  seconds: number;
  ratio: number;
  cpuRatio?: number;
}

/** Pipeline time ÷ comparator time, on medians; a comparator not measured is left out. */
export function ratios(steps: readonly StepSummary[]): Ratio[] {
  const byName = new Map(steps.map((s) => [s.step, s]));
  const total = (names: string[], of: (s: StepSummary) => number | undefined) =>
    names.every((n) => byName.has(n) && of(byName.get(n)!) !== undefined)
      ? names.reduce((sum, n) => sum + of(byName.get(n)!)!, 0)
      : undefined;
  const wall = (s: StepSummary) => s.wall.median;
  const cpu = (s: StepSummary) => s.cpu?.median;
  const compare = (own: StepSummary, names: string[]): Comparison | undefined => {
    const seconds = total(names, wall);
    if (!seconds) return undefined;
    const theirCpu = total(names, cpu);
    const ownCpu = cpu(own);
    return {
      seconds,
      ratio: own.wall.median / seconds,
      ...(theirCpu && ownCpu !== undefined ? { cpuRatio: ownCpu / theirCpu } : {}),
    };
  };
  const out: Ratio[] = [];
  for (const [step, peers] of Object.entries(COMPARED)) {
    const own = byName.get(step);
    if (!own) continue;
    const r: Ratio = { step, seconds: own.wall.median };
    const duckdb = compare(own, peers.duckdb);
    const pandas = compare(own, peers.pandas);
    if (duckdb) r.duckdb = duckdb;
    if (pandas) r.pandas = pandas;
    out.push(r);
  }
  return out;
}

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
}

/**
 * The targets of DESIGN.md §9 and issues 6/9 that the measured steps can decide. The absolute
 * ones (2 minutes end to end, 75 s for the workbook) are stated for the large workload, so only
 * a large run can meet or miss them; relative ones hold at every size.
 */
export function checkTargets(
  steps: readonly StepSummary[],
  rs: readonly Ratio[],
  size: 'small' | 'large',
): TargetCheck[] {
  const s = new Map(steps.map((x) => [x.step, x]));
  const r = new Map(rs.map((x) => [x.step, x]));
  const out: TargetCheck[] = [];
  const land = r.get('land-csv');
  if (land?.duckdb)
    out.push({
      target: 'CSV load ≤ 1.5 × plain DuckDB',
      measured: `${fmtRatio(land.duckdb.ratio)} (${fmt(land.seconds)} s vs ${fmt(land.duckdb.seconds)} s)`,
      met: land.duckdb.ratio <= 1.5,
    });
  const landStep = s.get('land-csv');
  if (landStep)
    out.push({
      target: 'CSV load peak RSS ≤ 1.5 GiB',
      measured: `${Math.round(landStep.rssMiB.max)} MiB`,
      met: landStep.rssMiB.max <= 1536,
    });
  const ind = r.get('indicators');
  if (ind?.duckdb)
    out.push({
      target: 'indicators ≤ 1.2 × the same aggregations in plain DuckDB (issue 6)',
      measured: `${fmtRatio(ind.duckdb.ratio)} (${fmt(ind.seconds)} s vs ${fmt(ind.duckdb.seconds)} s)`,
      met: ind.duckdb.ratio <= 1.2,
    });
  const e2e = s.get('e2e');
  if (e2e && size === 'large')
    out.push({
      target: 'end to end (20 M contacts, 2 M scores) ≤ 2 minutes',
      measured: `${fmt(e2e.wall.median)} s`,
      met: e2e.wall.median <= 120,
    });
  const xlsx = s.get('xlsx');
  if (xlsx && size === 'large')
    out.push({
      target: 'XLSX 1 M rows ≤ 75 s and < 500 MB',
      measured: `${fmt(xlsx.wall.median)} s, ${Math.round(xlsx.rssMiB.max)} MiB for ${xlsx.rows.toLocaleString('en')} rows`,
      met: xlsx.wall.median <= 75 && xlsx.rssMiB.max < 500,
    });
  for (const x of rs) {
    if (!x.pandas) continue;
    out.push({
      target: `${x.step}: ≥ 2 × faster than pandas`,
      measured: `pandas ${fmt(x.pandas.seconds)} s ÷ pipeline ${fmt(x.seconds)} s = ${(1 / x.pandas.ratio).toFixed(2)}`,
      met: x.pandas.ratio <= 0.5,
    });
  }
  const nightly = s.get('nightly');
  if (nightly && size === 'large')
    out.push({
      target: 'incremental nightly run ≤ 10 s',
      measured: `${fmt(nightly.wall.median)} s`,
      met: nightly.wall.median <= 10,
    });
  return out;
}

export function fmt(seconds: number): string {
  return seconds >= 100 ? seconds.toFixed(0) : seconds.toFixed(1);
}

function fmtRatio(x: number): string {
  return `${x.toFixed(2)} ×`;
}

const times = (c: Comparison | undefined) =>
  !c
    ? '—'
    : c.cpuRatio === undefined
      ? c.ratio.toFixed(2)
      : `${c.ratio.toFixed(2)} (${c.cpuRatio.toFixed(2)})`;

const range = (x: Spread, f: (n: number) => string) =>
  x.min === x.max ? f(x.median) : `${f(x.median)} (${f(x.min)}–${f(x.max)})`;

/** The tables RESULTS.md shows for one benchmark run. */
export function markdown(
  steps: readonly StepSummary[],
  rs: readonly Ratio[],
  targets: readonly TargetCheck[],
) {
  const lines = [
    '| step | runs | wall s, median (min–max) | CPU s | rows | rows/s | peak RSS MiB, median (min–max) | load avg at start |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...steps.map(
      (s) =>
        `| ${s.step} | ${s.runs} | ${range(s.wall, fmt)} | ${s.cpu ? range(s.cpu, fmt) : '—'} | ${s.rows.toLocaleString('en')} | ${Math.round(s.rowsPerSecond).toLocaleString('en')} | ${range(s.rssMiB, (n) => String(Math.round(n)))} | ${range(s.load1, (n) => n.toFixed(1))} |`,
    ),
    '',
    '| step | pipeline s | plain DuckDB s | × plain DuckDB (CPU) | pandas s | × pandas (CPU) |',
    '|---|---:|---:|---:|---:|---:|',
    ...rs.map(
      (r) =>
        `| ${r.step} | ${fmt(r.seconds)} | ${r.duckdb ? fmt(r.duckdb.seconds) : '—'} | ${times(r.duckdb)} | ${r.pandas ? fmt(r.pandas.seconds) : '—'} | ${times(r.pandas)} |`,
    ),
    '',
    '| target | measured | |',
    '|---|---|---|',
    ...targets.map((t) => `| ${t.target} | ${t.measured} | ${t.met ? 'met' : '**missed**'} |`),
  ];
  return lines.join('\n');
}
