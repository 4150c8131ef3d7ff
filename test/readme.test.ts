import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfigYaml } from '../bench/generate/impact-yaml.ts';
import { writeDemoExports } from '../bench/generate/write-demo-exports.ts';
import { loadConfig } from '../lib/config.ts';
import { runPipeline } from '../pipelines/run-pipeline.ts';
import { Warehouse } from '../sql/warehouse.ts';

// The README's example queries for analysts run against the analyst snapshot of a demo run,
// so the documentation cannot drift from the schema.
const readme = readFileSync(join(import.meta.dirname, '../README.md'), 'utf8');
const analystSection = readme.slice(readme.indexOf('## For the analyst'), readme.indexOf('## For BI tools'));
const queries = [...analystSection.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]!.trim());
let dir: string;
let snapshot: Warehouse;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'impact-readme-'));
  await writeDemoExports({ dir: join(dir, 'exports'), seed: 3, clients: 300 });
  writeFileSync(join(dir, 'impact.yaml'), demoConfigYaml);
  const cfg = loadConfig(join(dir, 'impact.yaml'));
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
