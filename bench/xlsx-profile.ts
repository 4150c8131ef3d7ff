// Profiles the 1 M-row XLSX load (DESIGN.md §9: ≤ 75 s, < 500 MB peak) one phase at a time, each
// in a fresh process so that its peak RSS is its own:
//   node --import tsx bench/xlsx-profile.ts gen  <dir> [rows]   a ZRM workbook project of `rows` rows
//   node --import tsx bench/xlsx-profile.ts read <dir>          the reader alone (worker → batches)
//   node --import tsx bench/xlsx-profile.ts land <dir>          landFile into a fresh warehouse
// Run it under `/usr/bin/time -f '%e s %M KB'` and note the load average: the machine is shared.
// Prints one JSON line: { mode, rows, ms, maxRssMiB, load }.
import { rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../lib/config.ts';
import { pseudonymKey } from '../lib/secrets.ts';
import { landOptions, recordMapping } from '../pipelines/run-pipeline.ts';
import { startRun } from '../pipelines/run-record.ts';
import { findFiles, planSources } from '../sources/define-source.ts';
import { readXlsxRows } from '../sources/formats/xlsx/read-xlsx.ts';
import { landFile } from '../sql/land/land-file.ts';
import { installPseudonym } from '../sql/pseudonym.ts';
import { Warehouse } from '../sql/warehouse.ts';
import { benchYaml, writeBigWorkbook } from './data.ts';
import { ZRM_PATH } from './generate/zrm-workbook.ts';

/** A project whose only export is a ZRM workbook of `rows` measurements, as the benchmark writes it. */
async function generate(dir: string, rows: number): Promise<number> {
  rmSync(dir, { recursive: true, force: true });
  const written = await writeBigWorkbook(dir, rows);
  writeFileSync(join(dir, 'impact.yaml'), benchYaml);
  return written;
}

async function read(dir: string): Promise<number> {
  const limits = { maxBytes: 2 ** 31, maxRows: 1_100_000, timeoutMs: 1_800_000 };
  let rows = 0;
  for await (const batch of readXlsxRows(join(dir, 'exports', ZRM_PATH), { sheets: 'all', limits })) {
    rows += batch.length;
  }
  return rows;
}

async function land(dir: string): Promise<number> {
  process.chdir(dir);
  rmSync(join(dir, 'data'), { recursive: true, force: true });
  const cfg = loadConfig(join(dir, 'impact.yaml'));
  const wh = await Warehouse.open({
    path: cfg.warehouse.path,
    memoryLimit: cfg.warehouse.memory_limit,
    threads: cfg.warehouse.threads,
    tempDirectory: cfg.warehouse.temp_directory,
  });
  try {
    const runId = await startRun(wh, cfg, 'bench', 'bench:xlsx-profile');
    await installPseudonym(wh, pseudonymKey(cfg).key);
    let rows = 0;
    for (const plan of planSources(cfg).filter((p) => p.format.kind === 'xlsx')) {
      await recordMapping(wh, plan);
      for (const file of findFiles(plan)) {
        const r = await landFile(wh, plan, file, landOptions(cfg, runId));
        if (r.status === 'failed') throw new Error(`${file.name}: ${r.error}`);
        rows += r.rowsReceived;
      }
    }
    return rows;
  } finally {
    await wh.close();
  }
}

const [mode, dir, size] = process.argv.slice(2);
if (!dir || !['gen', 'read', 'land'].includes(mode ?? '')) {
  console.error('usage: bench/xlsx-profile.ts <gen|read|land> <dir> [rows]');
  process.exit(2);
}
const started = performance.now();
const rows =
  mode === 'gen'
    ? await generate(dir, Number(size ?? 1_000_000))
    : mode === 'read'
      ? await read(dir)
      : await land(dir);
console.log(
  JSON.stringify({
    mode,
    rows,
    ms: Math.round(performance.now() - started),
    // CPU seconds of every thread (parser, DuckDB, zlib): on a shared machine the wall time says
    // as much about the neighbours as about this code.
    cpuS: Math.round(((cpu) => cpu.user + cpu.system)(process.cpuUsage()) / 1e5) / 10,
    maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    load: loadavg().map((l) => l.toFixed(2)),
  }),
);
