// The `impact` command line. Each command is a thin layer over pipelines/ and sql/: it parses
// options, calls one function, and prints what a person needs. Errors become one line with a
// hint and a non-zero exit; stack traces only with --verbose.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { loadConfig } from '../lib/config.ts';
import { UserError } from '../lib/errors.ts';
import { createLogger } from '../lib/logger.ts';
import { progressFor } from '../lib/progress.ts';
import { runPipeline } from '../pipelines/run-pipeline.ts';
import { writeDemo } from './commands/demo.ts';
import { printDocs } from './commands/docs.ts';
import { printIndicators } from './commands/indicators.ts';
import { printPresets } from './commands/presets.ts';
import { printQuarantine } from './commands/quarantine.ts';
import { printRuns } from './commands/runs.ts';
import { printRunSummary } from './commands/summary.ts';

const program = new Command('impact')
  .description(
    'Impact warehouse for welfare organisations: exports in, DuckDB star schema and indicators out.',
  )
  .option('-c, --config <file>', 'config file', 'impact.yaml')
  .option('-v, --verbose', 'show stack traces and debug logs')
  .addOption(
    new Option('--log-level <level>', 'log level').choices(['debug', 'info', 'warn', 'error', 'silent']),
  )
  .showHelpAfterError();

const globals = () => program.opts<{ config: string; verbose?: boolean; logLevel?: string }>();
const logger = () => createLogger({ level: globals().logLevel ?? (globals().verbose ? 'debug' : 'warn') });

program
  .command('demo')
  .description(
    'write realistic demo exports (CSV, Windows-1252, dd-mm-jjjj; ZRM and attendance workbooks) and an impact.yaml',
  )
  .option('-o, --out <dir>', 'folder for impact.yaml and exports/', '.')
  .option('--seed <n>', 'random seed', '42')
  .option('--clients <n>', 'number of clients', '2000')
  .option('--force', 'overwrite an existing impact.yaml and exports')
  .action(async (o: { out: string; seed: string; clients: string; force?: boolean }) => {
    await writeDemo({
      out: resolve(o.out),
      seed: int(o.seed, '--seed'),
      clients: int(o.clients, '--clients'),
      force: !!o.force,
    });
  });

program
  .command('run')
  .description('run the pipeline in process: land new exports, build staging, star and indicators, publish')
  .action(async () => {
    const cfg = loadConfig(globals().config);
    const summary = await runPipeline(cfg, { logger: logger(), progress: progressFor(logger()) });
    await printRunSummary(cfg, summary);
    if (summary.status !== 'succeeded') process.exitCode = 1;
  });

program
  .command('start')
  .description('first steps: write the demo (if there is no impact.yaml yet) and run the pipeline')
  .option('--clients <n>', 'number of demo clients, when the demo is written', '2000')
  .action(async (o: { clients: string }) => {
    const file = resolve(globals().config);
    if (!existsSync(file)) {
      await writeDemo({
        out: resolve(file, '..'),
        seed: 42,
        clients: int(o.clients, '--clients'),
        force: false,
      });
    }
    const cfg = loadConfig(file);
    const summary = await runPipeline(cfg, { logger: logger(), progress: progressFor(logger()) });
    await printRunSummary(cfg, summary);
    if (summary.status !== 'succeeded') process.exitCode = 1;
  });

program
  .command('runs')
  .description('show the run history (and the steps of one run)')
  .option('--run <id>', 'show the steps of this run')
  .option('--limit <n>', 'number of runs', '10')
  .action(async (o: { run?: string; limit: string }) => {
    const cfg = loadConfig(globals().config);
    await printRuns(cfg, { run: o.run ? int(o.run, '--run') : undefined, limit: int(o.limit, '--limit') });
  });

program
  .command('quarantine')
  .description('list rows and values that were rejected, with file, row, column and reason')
  .option('--run <id>', 'only what this run brought in')
  .option('--limit <n>', 'number of rows', '50')
  .action(async (o: { run?: string; limit: string }) => {
    const cfg = loadConfig(globals().config);
    await printQuarantine(cfg, {
      run: o.run ? int(o.run, '--run') : undefined,
      limit: int(o.limit, '--limit'),
    });
  });

program
  .command('docs')
  .description('write the data dictionary, the schema diagram and the lineage (Markdown + Mermaid)')
  .option('-o, --out <dir>', 'folder to write them to (default: <data_dir>/docs)')
  .action(async (o: { out?: string }) => printDocs(loadConfig(globals().config), o.out && resolve(o.out)));

program
  .command('indicators')
  .description('list every indicator with its definition (the same text as in the data dictionary)')
  .argument('[name]', 'only this indicator, e.g. ind_reach')
  .action((name?: string) => printIndicators({ name }));

program
  .command('presets')
  .description('list the export shapes with a ready configuration (preset), or show one to copy')
  .argument('[name]', 'show this preset, e.g. debt-help')
  .action((name?: string) => printPresets({ name }));

// The job commands load BullMQ only when used (it adds ~0.3 s to every start).
program
  .command('worker')
  .description('run the scheduled and queued loads (BullMQ, Redis at REDIS_URL) until SIGTERM/SIGINT')
  .option('--name <name>', 'worker name shown in `impact status` (default host:pid)')
  .option('--queues <list>', 'only these queues, e.g. run,pull (default: run,pull,load)')
  .action(async (o: { name?: string; queues?: string }) => {
    const { runWorkers } = await import('./commands/worker.ts');
    const log = createLogger({ level: globals().logLevel ?? (globals().verbose ? 'debug' : 'info') });
    await runWorkers({ config: globals().config, logger: log, name: o.name, queues: o.queues });
  });

program
  .command('schedule')
  .description('copy the schedules of impact.yaml into Redis (adds, updates and removes job schedulers)')
  .action(async () => {
    const { syncScheduleCommand } = await import('./commands/schedule.ts');
    await syncScheduleCommand({ config: globals().config });
  });

program
  .command('status')
  .description('show the queues, the schedules with their next run, and the last runs with their outcome')
  .option('--limit <n>', 'number of runs', '10')
  .action(async (o: { limit: string }) => {
    const { printStatus } = await import('./commands/status.ts');
    await printStatus({ config: globals().config, limit: int(o.limit, '--limit') });
  });

program
  .command('enqueue')
  .description('ask the workers to run a pipeline now, as a schedule would')
  .option('--pipeline <name>', 'pipeline to run', 'default')
  .option('--wait', 'wait for the run to finish; exit non-zero when it failed')
  .action(async (o: { pipeline: string; wait?: boolean }) => {
    const { enqueueRun } = await import('./commands/enqueue.ts');
    await enqueueRun({ config: globals().config, pipeline: o.pipeline, wait: !!o.wait });
  });

// The municipal outputs (DESIGN.md §7) load xlsx and apache-arrow only when used.
program
  .command('report')
  .description('write the XLSX report of one municipality and period from the published data')
  .requiredOption('-m, --municipality <code>', 'CBS code or name, e.g. GM0344 or Utrecht')
  .requiredOption('-p, --period <period>', 'a year (2025), quarter (2025-Q1) or month (2025-03)')
  .option('-o, --out <dir>', 'folder for the file (default: <data_dir>/reports)')
  .option('--organisation <name>', 'organisation name for the cover sheet')
  .action(async (o: { municipality: string; period: string; out?: string; organisation?: string }) => {
    const { runReport } = await import('./commands/report.ts');
    await runReport(loadConfig(globals().config), { ...o, out: o.out && resolve(o.out) });
  });

program
  .command('dashboard')
  .description(
    'write the self-contained HTML dashboard (opens from disk, no network) from the published data',
  )
  .option('-o, --out <file>', 'file to write (default: <publish.dir>/dashboard.html)')
  .option('-m, --municipality <code>', 'only this municipality (for a file that goes to it)')
  .option('--organisation <name>', 'organisation name for the title')
  .action(async (o: { out?: string; municipality?: string; organisation?: string }) => {
    const { runDashboard } = await import('./commands/report.ts');
    await runDashboard(loadConfig(globals().config), { ...o, out: o.out && resolve(o.out) });
  });

program
  .command('serve')
  .description('serve the dashboard, and the published tables as JSON and Arrow, on 127.0.0.1')
  .option('--port <n>', 'port (0 picks a free one)', '8080')
  .option('--host <address>', 'address to bind; anything but 127.0.0.1 lets other machines in', '127.0.0.1')
  .option('--organisation <name>', 'organisation name for the dashboard title')
  .action(async (o: { port: string; host: string; organisation?: string }) => {
    const { runServe } = await import('./commands/serve.ts');
    await runServe(loadConfig(globals().config), { ...o, port: int(o.port, '--port') });
  });

function int(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new UserError(`${name} must be a whole number, not '${text}'.`);
  return n;
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (globals().verbose) console.error(err);
  if (err instanceof UserError) {
    console.error(`impact: ${err.message}`);
    if (err.hint) console.error(`  ${err.hint}`);
  } else {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    console.error(`impact: ${message}`);
    if (!globals().verbose) console.error('  Run again with --verbose for the details.');
  }
  process.exitCode = 1;
}
