// Runs one part of bench/plain/duckdb.sql (load or indicators) in its own process on a plain
// DuckDB database file, with the same threads and memory limit as the bench project's
// warehouse: `node --import tsx bench/plain/run-duckdb.ts <part> <db file> <inputs.json>`.
// Prints one JSON line: { rows, ms, maxRssKiB, detail }.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

interface PlainInputs {
  contacts: string[];
  trajectories: string;
  clients: string[];
  scores: string;
  closureReasons: string;
  today: string;
}

const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** The statements of one `-- part: <name>` section, placeholders filled in. */
function plainPart(sqlText: string, part: string, inputs: PlainInputs, file = ''): string {
  const sections = sqlText.split(/^-- part: /m);
  const section = sections.find((s) => s.startsWith(`${part}\n`));
  if (!section) throw new Error(`bench/plain/duckdb.sql has no "-- part: ${part}" section.`);
  const values: Record<string, string> = {
    file: quote(file),
    trajectories: quote(inputs.trajectories),
    scores: quote(inputs.scores),
    closure_reasons: quote(inputs.closureReasons),
    today: `date ${quote(inputs.today)}`,
  };
  return section.slice(part.length + 1).replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`bench/plain/duckdb.sql: unknown placeholder {{${name}}}.`);
    return value;
  });
}

const TABLES: Record<string, string[]> = {
  load: ['contact', 'trajectory', 'client', 'score'],
  indicators: ['ind_reach', 'ind_trajectory', 'ind_outcome_change'],
};

const [part, dbFile, inputsFile] = process.argv.slice(2);
if (!part || !TABLES[part] || !dbFile || !inputsFile) {
  console.error('usage: bench/plain/run-duckdb.ts <load|indicators> <db file> <inputs.json>');
  process.exit(2);
}
const inputs = JSON.parse(readFileSync(inputsFile, 'utf8')) as PlainInputs;
const started = performance.now();
// DuckDB reads UTF-8 and latin-1 but not windows-1252 (its encodings extension is not installed
// offline), and the exports hold € and other cp1252-only characters: transcode first, with iconv,
// as someone writing the floor by hand would, and count that time as part of the load.
const scratch = join(dirname(dbFile), 'utf8');
if (part === 'load') {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
}
const utf8 = (file: string) => {
  const out = join(scratch, basename(file));
  if (part === 'load') execFileSync('iconv', ['-f', 'WINDOWS-1252', '-t', 'UTF-8', '-o', out, file]);
  return out;
};
inputs.contacts = inputs.contacts.map(utf8);
inputs.clients = inputs.clients.map(utf8);
inputs.trajectories = utf8(inputs.trajectories);
const sqlText = readFileSync(new URL('./duckdb.sql', import.meta.url), 'utf8');
// DuckDB 1.5.6 reading a list of files in one read_csv (skip, all_varchar) grew past 12 GB RSS
// whatever the memory_limit; each file alone reads at a few hundred MiB, so the exports land
// file by file (bench/plain/duckdb.sql), with the settings someone writing the floor would use.
const instance = await DuckDBInstance.create(dbFile, {
  threads: '2',
  memory_limit: '4GB',
  preserve_insertion_order: 'false',
  temp_directory: join(dirname(dbFile), 'spill'),
});
const connection = await instance.connect();
if (part === 'load') {
  await connection.run(plainPart(sqlText, 'load-begin', inputs));
  for (const file of inputs.contacts)
    await connection.run(plainPart(sqlText, 'load-contact-file', inputs, file));
  for (const file of inputs.clients)
    await connection.run(plainPart(sqlText, 'load-client-file', inputs, file));
}
await connection.run(plainPart(sqlText, part, inputs));
// Rows in: what the load wrote, or what the indicators read (contacts + scores).
const counted = part === 'load' ? TABLES.load! : ['contact', 'score'];
const reader = await connection.runAndReadAll(
  `SELECT ${counted.map((t) => `(SELECT count(*) FROM ${t})`).join(' + ')} AS n`,
);
const rows = Number(reader.getRowObjects()[0]!.n);
connection.closeSync();
instance.closeSync();
const ms = performance.now() - started;
console.log(
  JSON.stringify({ rows, ms, maxRssKiB: process.resourceUsage().maxRSS, detail: TABLES[part]!.join(', ') }),
);
