import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import XLSX from 'xlsx';
import { TEAM_ACTIVITIES } from '../../bench/generate/attendance-workbook.ts';
import { demoConfigYaml } from '../../bench/generate/impact-yaml.ts';
import { demoIdentifiers, writeDemoExports } from '../../bench/generate/write-demo-exports.ts';
import { loadConfig } from '../../lib/config.ts';
import { createLogger } from '../../lib/logger.ts';
import { pseudonymKey } from '../../lib/secrets.ts';
import { writeMunicipalReport } from '../../pipelines/report/municipal-report.ts';
import { runPipeline } from '../../pipelines/run-pipeline.ts';
import { str } from '../../sql/quote.ts';
import { Warehouse } from '../../sql/warehouse.ts';

// DESIGN.md §8: no BSN, name, address, phone number or e-mail in any table, file or log. The
// demo exports are full of them (clients, staff in `Medewerker`, free-text notes); this test
// scans every table of the warehouse and of the analyst snapshot, every published Parquet file,
// the dashboard page, a municipal XLSX report and the run's log for every identifier the
// generator put in, as whole cells and as words; and for the pseudonymisation key.
const seed = 7;
const clients = 300;
let dir: string;
let found: { kind: string; needle: string; where: string }[] = [];
let logText = '';
let skipped = 0;
let scanned: string[] = [];

/** Words the product itself writes: seeds, the demo config, and the texts of the report and dashboard. */
function vocabulary(): Set<string> {
  const seeds = join(import.meta.dirname, '../../transforms/seeds');
  const report = join(import.meta.dirname, '../../pipelines/report');
  const text = [
    ...readdirSync(seeds).map((f) => readFileSync(join(seeds, f), 'utf8')),
    ...(readdirSync(report, { recursive: true }) as string[])
      .filter((f) => /\.(ts|sql|html|css|js)$/.test(f))
      .map((f) => readFileSync(join(report, f), 'utf8')),
    demoConfigYaml,
    JSON.stringify(TEAM_ACTIVITIES),
  ].join(' ');
  return new Set(text.toLowerCase().split(/[\s,;:|/()"'!?{}[\]]+/));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'impact-privacy-'));
  await writeDemoExports({ dir: join(dir, 'exports'), seed, clients });
  writeFileSync(join(dir, 'impact.yaml'), demoConfigYaml);
  const cfg = loadConfig(join(dir, 'impact.yaml'));
  const logFile = join(dir, 'run.log');
  const summary = await runPipeline(cfg, { logger: createLogger({ level: 'debug', destination: logFile }) });
  expect(summary.status).toBe('succeeded');
  logText = readFileSync(logFile, 'utf8');

  const ids = demoIdentifiers(seed, clients);
  const all = [
    ...ids.bsn.map((s) => ['bsn', s]),
    ...ids.names.map((s) => ['name', s]),
    ...ids.streets.map((s) => ['street', s]),
    ...ids.phones.map((s) => ['phone', s]),
    ...ids.emails.map((s) => ['email', s]),
  ];
  // Some surnames and street names are ordinary words of the domain ("van der Meer" and "Geen
  // contact meer", the street and the neighbourhood Hoograven): those are not looked for.
  const words = vocabulary();
  const needles = all.filter(([, s]) => !words.has(s!.toLowerCase()));
  skipped = all.length - needles.length;
  // The key is a secret: it may be in no table, file or log line either.
  needles.push(['pseudonym key', pseudonymKey(cfg).key.toString('utf8')]);
  // A whole year of the demo's window (2024-01 to 2026-10), for Utrecht.
  const report = await writeMunicipalReport(cfg, { municipality: 'GM0344', period: '2025' });
  const wh = await Warehouse.open({ path: cfg.warehouse.path });
  await wh.run(`ATTACH ${str(cfg.publish.snapshot)} AS snapshot (READ_ONLY)`);
  await wh.run('CREATE TEMP TABLE needles (kind VARCHAR, needle VARCHAR)');
  for (let i = 0; i < needles.length; i += 500) {
    const chunk = needles.slice(i, i + 500);
    await wh.run(
      `INSERT INTO needles VALUES ${chunk.map((_, k) => `($${2 * k + 1}, lower($${2 * k + 2}))`).join(', ')}`,
      chunk.flat(),
    );
  }
  await wh.run('CREATE TEMP TABLE hay (location VARCHAR, v VARCHAR)');
  const tables = await wh.rows<{ t: string }>(
    `SELECT database_name || '.' || schema_name || '.' || table_name AS t FROM duckdb_tables() WHERE database_name <> 'temp'
     UNION ALL SELECT database_name || '.' || schema_name || '.' || view_name FROM duckdb_views()
     WHERE NOT internal AND database_name <> 'temp'`,
  );
  const manifest = JSON.parse(readFileSync(join(cfg.publish.dir, 'manifest.json'), 'utf8'));
  const parquet: string[] = manifest.tables.flatMap((t: { files: { path: string }[] }) =>
    t.files.map((f) => join(cfg.publish.dir, f.path)),
  );
  const sources = [...tables.map((r) => [r.t, r.t]), ...parquet.map((p) => [p, `read_parquet('${p}')`])];
  scanned = sources.map(([location]) => location!);
  // Files for people: every text in the dashboard page (markup and embedded data) and every
  // cell of the report, as cells like those of a table.
  const texts: [string, string[]][] = [
    [
      join(cfg.publish.dir, 'dashboard.html'),
      htmlTexts(readFileSync(join(cfg.publish.dir, 'dashboard.html'), 'utf8')),
    ],
    [report.file, workbookTexts(readFileSync(report.file))],
    [logFile, logTexts(logText)],
  ];
  for (const [location, cells] of texts) {
    expect(cells.length, location).toBeGreaterThan(20);
    scanned.push(location);
    for (let i = 0; i < cells.length; i += 500) {
      const chunk = cells.slice(i, i + 500);
      await wh.run(`INSERT INTO hay VALUES ${chunk.map((_, k) => `($1, $${k + 2})`).join(', ')}`, [
        location,
        ...chunk,
      ]);
    }
  }
  for (const [location, from] of sources) {
    const columns = await wh.rows<{ column_name: string }>(
      `SELECT column_name FROM (DESCRIBE SELECT * FROM ${from})`,
    );
    for (const { column_name } of columns) {
      await wh.run(
        `INSERT INTO hay SELECT DISTINCT $1, CAST("${column_name.replaceAll('"', '""')}" AS VARCHAR) FROM ${from}`,
        [`${location}.${column_name}`],
      );
    }
  }
  found = await wh.rows(
    `WITH cells AS (SELECT location, lower(trim(v)) AS v FROM hay WHERE v IS NOT NULL),
     words AS (SELECT location, unnest(regexp_split_to_array(v, '[\\s,;:|/()"''!?]+')) AS w FROM cells)
     SELECT DISTINCT kind, needle, location AS "where" FROM needles JOIN cells ON cells.v = needles.needle
     UNION
     SELECT DISTINCT kind, needle, location FROM needles JOIN words ON words.w = needles.needle
     ORDER BY 1, 2`,
  );
  await wh.close();
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Text between tags and every JSON string of the embedded data. */
function htmlTexts(html: string): string[] {
  const between = [...html.matchAll(/>([^<]+)</g)].map((m) => m[1]!.trim());
  const strings = [...html.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => {
    try {
      return JSON.parse(`"${m[1]}"`) as string;
    } catch {
      return m[1]!;
    }
  });
  return [...between, ...strings].filter(Boolean);
}

function workbookTexts(bytes: Buffer): string[] {
  const wb = XLSX.read(bytes, { type: 'buffer' });
  return wb.SheetNames.flatMap((name) =>
    XLSX.utils
      .sheet_to_json<unknown[]>(wb.Sheets[name]!, { header: 1, raw: false })
      .flat()
      .map((v) => String(v ?? '')),
  ).filter(Boolean);
}

/** Every string value in the JSON log lines, nested ones too. */
function logTexts(log: string): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else if (v && typeof v === 'object') for (const x of Object.values(v)) walk(x);
  };
  for (const line of log.split('\n').filter(Boolean)) walk(JSON.parse(line));
  return out;
}

describe('privacy', () => {
  it('has real identifiers in the exports to look for', () => {
    const ids = demoIdentifiers(seed, clients);
    const export1 = readFileSync(join(dir, 'exports/regicare/clienten_2025-06-30.csv'), 'latin1');
    expect(ids.bsn.length).toBe(clients);
    expect(export1).toContain(ids.bsn[0]);
  });

  it('finds no BSN, name, street, phone number, e-mail or key in any table, file for people or log', () => {
    expect(skipped).toBeLessThan(clients * 0.05);
    expect(scanned.filter((s) => s.startsWith('warehouse.')).length).toBeGreaterThan(30);
    expect(scanned.filter((s) => s.startsWith('snapshot.')).length).toBeGreaterThan(10);
    expect(scanned.filter((s) => s.endsWith('.parquet')).length).toBeGreaterThan(10);
    expect(found).toEqual([]);
  });

  it('finds none in the log either', () => {
    const ids = demoIdentifiers(seed, clients);
    const words = new Set(logText.toLowerCase().split(/[\s,;:|/()"'!?{}[\]]+/));
    const leaked = [...ids.bsn, ...ids.names, ...ids.emails, ...ids.phones].filter((s) =>
      words.has(s.toLowerCase()),
    );
    expect(logText.length).toBeGreaterThan(0);
    expect(leaked).toEqual([]);
  });

  it('publishes no count of people from 1 to min_cell − 1 in any indicator', async () => {
    const cfg = loadConfig(join(dir, 'impact.yaml'));
    const manifest = JSON.parse(readFileSync(join(cfg.publish.dir, 'manifest.json'), 'utf8'));
    // sessions are events; df = pairs − 1 (pairs itself is checked); benefit_years is a proxy input
    const notPeople = new Set(['year', 'sessions', 'df', 'benefit_years']);
    const wh = await Warehouse.open({ path: ':memory:' });
    const small: string[] = [];
    for (const table of manifest.tables.filter((t: { kind: string }) => t.kind === 'indicator')) {
      const counts = table.schema.filter(
        (c: { name: string; type: string }) => /INT/.test(c.type) && !notPeople.has(c.name),
      );
      expect(counts.length, table.name).toBeGreaterThan(0);
      const files = table.files.map((f: { path: string }) => `'${join(cfg.publish.dir, f.path)}'`).join(', ');
      for (const c of counts) {
        const n = await wh.value<number>(
          `SELECT count(*) FROM read_parquet([${files}]) WHERE "${c.name}" BETWEEN 1 AND ${cfg.privacy.min_cell - 1}`,
        );
        if (n) small.push(`${table.name}.${c.name}: ${n}`);
      }
    }
    await wh.close();
    expect(small).toEqual([]);
  });
});
