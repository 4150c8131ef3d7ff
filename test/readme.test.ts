import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfigYaml } from '../bench/generate/impact-yaml.ts';
import { writeDemoExports } from '../bench/generate/write-demo-exports.ts';
import { writeDocs } from '../bin/commands/docs.ts';
import { type Config, loadConfig } from '../lib/config.ts';
import { runPipeline } from '../pipelines/run-pipeline.ts';
import { Warehouse } from '../sql/warehouse.ts';

// The README's example queries for analysts run against the analyst snapshot of a demo run,
// so the documentation cannot drift from the schema.
const readme = readFileSync(join(import.meta.dirname, '../README.md'), 'utf8');
const analystSection = readme.slice(readme.indexOf('## For the analyst'), readme.indexOf('## For BI tools'));
const queries = [...analystSection.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]!.trim());
let dir: string;
let snapshot: Warehouse;
let cfg: Config;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'impact-readme-'));
  await writeDemoExports({ dir: join(dir, 'exports'), seed: 3, clients: 300 });
  writeFileSync(join(dir, 'impact.yaml'), demoConfigYaml);
  cfg = loadConfig(join(dir, 'impact.yaml'));
  await runPipeline(cfg);
  snapshot = await Warehouse.open({ path: cfg.publish.snapshot, readOnly: true });
}, 120_000);
afterAll(async () => {
  await snapshot.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('README example queries', () => {
  it('has five of them for analysts', () => {
    expect(queries).toHaveLength(5);
  });

  it.each(queries.map((q) => [q.split('\n')[0], q]))('%s', async (_title, query) => {
    const rows = await snapshot.rows(query);
    expect(rows.length).toBeGreaterThan(0);
  });
});

describe('the data dictionary', () => {
  it('describes every column of the star and the indicators in the analyst snapshot', async () => {
    const undescribed = await snapshot.rows<{ c: string }>(
      `SELECT table_name || '.' || column_name AS c FROM duckdb_columns()
       WHERE schema_name = 'main' AND NOT internal AND comment IS NULL ORDER BY 1`,
    );
    expect(undescribed.map((r) => r.c)).toEqual([]);
  });

  it('is written by impact docs with the schema diagram and the lineage', async () => {
    const files = await writeDocs(cfg, join(dir, 'docs'));
    const [dictionary, schema, lineage] = files.map((f) => readFileSync(f, 'utf8'));
    expect(dictionary).toContain(
      '| `reached_clients` | BIGINT | distinct clients with at least one contact in the period |',
    );
    expect(schema).toContain('dim_client ||--o{ fct_contact : client_key');
    expect(lineage).toContain('stg_contact[stg_contact] --> fct_contact');
  });
});
