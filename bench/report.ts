// From a benchmark's samples to its JSON file and its section of bench/RESULTS.md. bench/run.ts
// calls it after every step; on its own it rewrites a section from the JSON, e.g. after the
// tables' layout changed: `node --import tsx bench/report.ts <small|large>`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SizeSpec } from './data.ts';
import { checkTargets, markdown, ratios, type Sample, type StepSummary, summarise } from './results.ts';

const benchDir = import.meta.dirname;

export interface Machine {
  cpus: string;
  memoryGiB: number;
  kernel: string;
  node: string;
  loadAverageAtEnd: number[];
}

/** What bench/results-<size>.json holds. */
export interface BenchResult {
  size: 'small' | 'large';
  spec: SizeSpec;
  runs: number;
  started: string;
  finished: string;
  machine: Machine;
  code: string;
  generated: { seconds: number; files: number; rows: number } | null;
  samples: Record<string, Sample[]>;
}

const ORDER = [
  'land-csv',
  'land-xlsx',
  'transform',
  'indicators',
  'publish',
  'e2e',
  'nightly',
  'xlsx',
  'duckdb-load',
  'duckdb-indicators',
  'pandas-load',
  'pandas-indicators',
];

export function summaries(result: BenchResult) {
  const steps: StepSummary[] = Object.entries(result.samples)
    .sort(([a], [b]) => ORDER.indexOf(a) - ORDER.indexOf(b))
    .map(([step, s]) => summarise(step, s));
  const rs = ratios(steps);
  return { steps, ratios: rs, targets: checkTargets(steps, rs, result.size) };
}

/** The highest load average any step started at: were the cores shared with other work? */
const busiest = (result: BenchResult) =>
  Math.max(0, ...Object.values(result.samples).flatMap((ss) => ss.map((x) => x.load1)));

const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/** The RESULTS.md section of one size, between its markers. */
export function section(result: BenchResult): string {
  const { steps, ratios: rs, targets } = summaries(result);
  const { spec, machine, generated } = result;
  return [
    `<!-- bench:${result.size} -->`,
    `## \`npm run bench -- --size ${result.size}\` (${when(result.started)}–${when(result.finished).slice(11)} UTC)`,
    '',
    `${spec.clients.toLocaleString('en')} demo clients, score coverage ${spec.scoreCoverage}, XLSX step ${spec.xlsxRows.toLocaleString('en')} rows. ` +
      `Machine: ${machine.cpus}, ${machine.memoryGiB} GiB, Linux ${machine.kernel}, Node ${machine.node}; code ${result.code}. ` +
      (busiest(result) > 2.5
        ? `The 2 cores were shared with other work while this ran (the load column gives the 1-minute load average at each step's start), so every wall time here is an upper bound; CPU s is user + system time of the step's process.`
        : `Nothing else ran on the machine (the load column gives the 1-minute load average at each step's start; the bench itself keeps up to both cores busy); CPU s is user + system time of the step's process.`) +
      (generated
        ? ` Generating the data: ${generated.seconds.toFixed(1)} s for ${generated.rows.toLocaleString('en')} rows in ${generated.files} files plus the XLSX step's workbook.`
        : ''),
    result.samples['pandas-load'] ? '' : '\nNo pandas column: pandas was not measured in this run.\n',
    markdown(steps, rs, targets),
    `<!-- /bench:${result.size} -->`,
  ].join('\n');
}

/** Writes the JSON and puts the section in RESULTS.md, in place of its earlier version. */
export function writeReport(result: BenchResult): string {
  const { steps, ratios: rs, targets } = summaries(result);
  writeFileSync(
    join(benchDir, `results-${result.size}.json`),
    `${JSON.stringify({ ...result, steps, ratios: rs, targets }, null, 2)}\n`,
  );
  const text = section(result);
  const file = join(benchDir, 'RESULTS.md');
  const current = readFileSync(file, 'utf8');
  const marked = new RegExp(`<!-- bench:${result.size} -->[\\s\\S]*?<!-- /bench:${result.size} -->`);
  writeFileSync(
    file,
    marked.test(current)
      ? current.replace(marked, text)
      : current.replace(/\n(<!-- bench:|## )/, (next) => `\n${text}\n${next}`),
  );
  return markdown(steps, rs, targets);
}

if (process.argv[1] === import.meta.filename) {
  const size = process.argv[2];
  if (size !== 'small' && size !== 'large') {
    console.error('usage: bench/report.ts <small|large>');
    process.exit(2);
  }
  const result = JSON.parse(readFileSync(join(benchDir, `results-${size}.json`), 'utf8')) as BenchResult;
  console.log(writeReport(result));
}
