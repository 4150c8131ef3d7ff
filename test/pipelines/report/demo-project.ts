// A published demo for the report tests: the `impact demo` exports for 300 clients, plus two
// stories written to hurt — a title that is an Excel formula, texts that start with - and @,
// and markup in a story — then one pipeline run. Each test file builds its own (≈ 9 s).
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { demoConfigYaml } from '../../../bench/generate/impact-yaml.ts';
import { writeDemoExports } from '../../../bench/generate/write-demo-exports.ts';
import { type Config, loadConfig } from '../../../lib/config.ts';
import { runPipeline } from '../../../pipelines/run-pipeline.ts';
import { Warehouse } from '../../../sql/warehouse.ts';
import { cp1252, crlf } from '../../helpers/project.ts';

export const FORMULA_TITLE = '=HYPERLINK("https://voorbeeld.invalid/?x=1","Klik hier")';
export const DASH_TEXT = '-Na drie gesprekken: +2 op Financiën.';
export const AT_TITLE = '@SUM(1+1)';
export const MARKUP_TEXT = '<img src=x onerror="document.body.dataset.xss=1"> Gewoon een verhaal.';

export interface DemoProject {
  dir: string;
  cfg: Config;
  /** Published rows, read straight from the manifest's Parquet files. */
  parquet<T = Record<string, unknown>>(table: string, where: string): Promise<T[]>;
  /** The same publish with some tables left out of the manifest (as before they existed). */
  without(...tables: string[]): Config;
  remove(): void;
}

export async function publishedDemo(): Promise<DemoProject> {
  const dir = mkdtempSync(join(tmpdir(), 'impact-report-'));
  const exports = join(dir, 'exports');
  mkdirSync(exports, { recursive: true });
  await writeDemoExports({ dir: exports, seed: 42, clients: 300 });
  writeFileSync(join(dir, 'impact.yaml'), demoConfigYaml);
  const stories = join(exports, 'verhalen', 'verhalen.csv');
  const endsWithNewline = readFileSync(stories).subarray(-2).toString() === '\r\n';
  const q = (s: string) => `"${s.replaceAll('"', '""')}"`;
  appendFileSync(
    stories,
    cp1252(
      (endsWithNewline ? '' : '\r\n') +
        crlf([
          `15-02-2025;Algemeen maatschappelijk werk;Utrecht;${q(FORMULA_TITLE)};${q(DASH_TEXT)};Ja;Financiën`,
          `20-03-2025;Schuldhulpverlening;Utrecht;${q(AT_TITLE)};${q(MARKUP_TEXT)};Ja;Financiën`,
        ]),
    ),
  );
  const cfg = loadConfig(join(dir, 'impact.yaml'));
  const run = await runPipeline(cfg, { trigger: 'test' });
  expect(run.status, run.error).toBe('succeeded');
  return {
    dir,
    cfg,
    async parquet<T>(table: string, where: string) {
      const manifest = JSON.parse(readFileSync(join(cfg.publish.dir, 'manifest.json'), 'utf8'));
      const files = manifest.tables
        .find((t: { name: string }) => t.name === table)
        .files.map((f: { path: string }) => `'${join(cfg.publish.dir, f.path)}'`);
      const wh = await Warehouse.open({ path: ':memory:', migrate: false });
      try {
        return await wh.rows<T>(
          `SELECT * FROM read_parquet([${files.join(', ')}], hive_partitioning = false) WHERE ${where}`,
        );
      } finally {
        await wh.close();
      }
    },
    without(...tables: string[]) {
      const publish = mkdtempSync(join(dir, 'publish-without-'));
      symlinkSync(join(cfg.publish.dir, 'versions'), join(publish, 'versions'));
      const manifest = JSON.parse(readFileSync(join(cfg.publish.dir, 'manifest.json'), 'utf8'));
      manifest.tables = manifest.tables.filter((t: { name: string }) => !tables.includes(t.name));
      writeFileSync(join(publish, 'manifest.json'), JSON.stringify(manifest));
      return { ...cfg, publish: { ...cfg.publish, dir: publish } };
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
