// A reader of the publish folder in its own process, as a BI refresh or a report is: it reads
// every published table over and over, the two ways README "For BI tools" names, until the stop
// file appears, then prints one JSON line of what it saw.
//   manifest   manifest.json, then exactly the files it lists (versions/<version>/…)
//   current    `current` resolved once, then that folder's manifest and every table in it
// For each read: every table is there, its files are those the manifest lists, and the rows
// read are the rows the manifest says — a table from another version would not match.
// Usage: node --import tsx publish-reader.ts <publish dir> <stop file>
// It also stops when its parent is gone or after two minutes, so a failed test leaves no reader.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Manifest } from '../../../pipelines/steps/publish.ts';
import { str, strList } from '../../../sql/quote.ts';
import { Warehouse } from '../../../sql/warehouse.ts';

const [publishDir, stopFile] = process.argv.slice(2) as [string, string];
const wh = await Warehouse.open({ path: ':memory:', migrate: false, threads: 1 });
const problems: string[] = [];
const report = (problem: string) => {
  if (problems.length < 20) problems.push(problem);
};
const parent = process.ppid;
const until = Date.now() + 120_000;
const go = () =>
  !existsSync(stopFile) && existsSync(publishDir) && process.ppid === parent && Date.now() < until;
const seen = { manifest: new Set<string>(), current: new Set<string>() };
let reads = 0;
let switchedDuringRead = 0;

const rows = (files: string[]) =>
  wh.value<number>(`SELECT count(*) FROM read_parquet(${strList(files)}, hive_partitioning = false)`);
const globbed = async (pattern: string) =>
  (await wh.rows<{ file: string }>(`SELECT file FROM glob(${str(pattern)}) ORDER BY file`)).map(
    (r) => r.file,
  );

async function throughManifest() {
  const m = JSON.parse(readFileSync(join(publishDir, 'manifest.json'), 'utf8')) as Manifest;
  seen.manifest.add(m.version);
  for (const t of m.tables) {
    const files = t.files.map((f) => join(publishDir, f.path));
    const missing = files.filter((f) => !existsSync(f));
    if (missing.length) report(`manifest ${m.version}: ${t.name} misses ${missing.join(', ')}`);
    else if (files.some((f) => !f.includes(`/versions/${m.version}/`)))
      report(`manifest ${m.version}: ${t.name} lists files of another version`);
    else if ((await rows(files)) !== t.rows) report(`manifest ${m.version}: ${t.name} rows differ`);
  }
}

async function throughCurrent() {
  const dir = realpathSync(join(publishDir, 'current'));
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  seen.current.add(m.version);
  if (basename(dir) !== m.version) report(`current ${basename(dir)} holds the manifest of ${m.version}`);
  for (const t of m.tables) {
    const inFolder = t.partitioned_by.length
      ? await globbed(join(dir, t.name, '**', '*.parquet'))
      : [join(dir, `${t.name}.parquet`)].filter((f) => existsSync(f));
    const listed = t.files.map((f) => join(dir, f.path.split('/').slice(2).join('/'))).sort();
    if (JSON.stringify(inFolder) !== JSON.stringify(listed))
      report(
        `current ${m.version}: ${t.name} holds ${inFolder.length} files, its manifest lists ${listed.length}`,
      );
    else if ((await rows(inFolder)) !== t.rows) report(`current ${m.version}: ${t.name} rows differ`);
  }
  return dir;
}

while (go()) {
  try {
    const before = realpathSync(join(publishDir, 'current'));
    await throughManifest();
    const dir = await throughCurrent();
    if (before !== dir || realpathSync(join(publishDir, 'current')) !== dir) switchedDuringRead++;
  } catch (err) {
    report(`read failed: ${(err as Error).message}`);
  }
  reads++;
}
await wh.close();
console.log(
  JSON.stringify({
    reads,
    switchedDuringRead,
    manifestVersions: seen.manifest.size,
    currentVersions: seen.current.size,
    problems,
  }),
);
