// `impact docs`: the data dictionary, the schema diagram and the lineage of every model, as
// Markdown with Mermaid diagrams (rendered by GitHub, GitLab, VS Code). Read from the analyst
// snapshot, so it describes what analysts actually see and never waits for a run's lock.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Config } from '../../lib/config.ts';
import { UserError } from '../../lib/errors.ts';
import { type Layer, layerModels, upstream } from '../../pipelines/steps/transform.ts';
import { Warehouse } from '../../sql/warehouse.ts';

/** A column with one of these names points at the table that holds it as its key. */
const references: Record<string, string> = {
  client_key: 'dim_client',
  service_code: 'dim_service',
  municipality_code: 'dim_municipality',
  closure_reason: 'dim_closure_reason',
  trajectory_key: 'fct_trajectory',
  domain_code: 'dim_instrument_domain',
};

interface Column {
  table_name: string;
  column_name: string;
  data_type: string;
  comment: string | null;
}

export async function writeDocs(cfg: Config, outDir: string): Promise<string[]> {
  if (!existsSync(cfg.publish.snapshot)) {
    throw new UserError(
      `There is no analyst snapshot at ${cfg.publish.snapshot} yet.`,
      'Run `impact run` first.',
    );
  }
  const wh = await Warehouse.open({ path: cfg.publish.snapshot, readOnly: true });
  try {
    const tables = await wh.rows<{ table_name: string; comment: string | null }>(
      `SELECT table_name, comment FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY table_name`,
    );
    const columns = await wh.rows<Column>(
      `SELECT table_name, column_name, data_type, comment FROM duckdb_columns()
       WHERE schema_name = 'main' ORDER BY table_name, column_index`,
    );
    mkdirSync(outDir, { recursive: true });
    const files = {
      dictionary: join(outDir, 'dictionary.md'),
      schema: join(outDir, 'schema.md'),
      lineage: join(outDir, 'lineage.md'),
    };
    writeFileSync(files.dictionary, dictionaryMarkdown(tables, columns));
    writeFileSync(files.schema, schemaMarkdown(tables, columns));
    writeFileSync(files.lineage, lineageMarkdown());
    return Object.values(files);
  } finally {
    await wh.close();
  }
}

const cell = (text: string | null) => (text ?? '').replaceAll('|', '\\|').replaceAll('\n', ' ');

function dictionaryMarkdown(
  tables: { table_name: string; comment: string | null }[],
  columns: Column[],
): string {
  const out = [
    '# Data dictionary',
    '',
    'Every table of the star and the indicators, with its grain and columns.',
    '',
  ];
  for (const t of tables) {
    out.push(
      `## ${t.table_name}`,
      '',
      '```',
      (t.comment ?? '').trim(),
      '```',
      '',
      '| column | type | meaning |',
      '|---|---|---|',
    );
    for (const c of columns.filter((c) => c.table_name === t.table_name)) {
      out.push(`| \`${c.column_name}\` | ${c.data_type} | ${cell(c.comment)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

function schemaMarkdown(tables: { table_name: string }[], columns: Column[]): string {
  const star = tables.map((t) => t.table_name).filter((n) => /^(dim|fct)_/.test(n));
  const lines = ['# Star schema', '', '```mermaid', 'erDiagram'];
  for (const name of star) {
    lines.push(`  ${name} {`);
    for (const c of columns.filter((c) => c.table_name === name)) {
      const key = references[c.column_name] === name ? ' PK' : references[c.column_name] ? ' FK' : '';
      lines.push(`    ${c.data_type.replace(/[^A-Za-z0-9_]/g, '_')} ${c.column_name}${key}`);
    }
    lines.push('  }');
  }
  for (const name of star) {
    for (const c of columns.filter((c) => c.table_name === name)) {
      const target = references[c.column_name];
      if (target && target !== name && star.includes(target))
        lines.push(`  ${target} ||--o{ ${name} : ${c.column_name}`);
    }
  }
  lines.push('```', '');
  return lines.join('\n');
}

function lineageMarkdown(): string {
  const layers: Layer[] = ['staging', 'star', 'indicators'];
  const models = layers.flatMap((layer) => layerModels(layer).map((m) => ({ layer, m })));
  const names = new Set([
    ...models.map(({ m }) => m.name),
    ...[
      'client',
      'trajectory',
      'contact',
      'outcome_score',
      'activity',
      'budget',
      'story',
      'rejected_line',
    ].map((e) => `land.${e}`),
  ]);
  const lines = [
    '# Lineage',
    '',
    'Which model reads which (from the SQL of each model).',
    '',
    '```mermaid',
    'flowchart LR',
  ];
  for (const { m } of models) {
    for (const from of upstream(m, names)) lines.push(`  ${from.replace('.', '_')}[${from}] --> ${m.name}`);
  }
  lines.push('```', '');
  return lines.join('\n');
}

export async function printDocs(cfg: Config, out?: string) {
  const dir = out ?? join(cfg.data_dir, 'docs');
  const files = await writeDocs(cfg, dir);
  console.log(`Docs written: ${files.map((f) => relative(process.cwd(), f)).join(', ')}`);
}
