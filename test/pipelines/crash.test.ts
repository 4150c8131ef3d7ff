import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfigYaml } from '../../bench/generate/impact-yaml.ts';
import { writeDemoExports } from '../../bench/generate/write-demo-exports.ts';
import type { CrashPoint } from '../../lib/crash.ts';
import { publishedFingerprint, starFingerprint } from '../helpers/fingerprint.ts';

// kill -9 at every step of a run (DESIGN.md: a crash mid-run leaves the previous consistent
// state; a rerun finishes the job). Each case: a first delivery is loaded; the second delivery's
// run is killed at one point; the warehouse, the published files and the analyst snapshot must
// still be the first run's; the next run must end in exactly the warehouse that one clean run
// over both deliveries gives.
const bin = join(import.meta.dirname, '../../bin/impact.js');
const env = { ...process.env, IMPACT_PSEUDONYM_KEY: 'crash-test-key-0123456789abcdef' };
let root: string;
let exports: string;
let reference: Record<string, string>;
/** The analyst snapshot and the published tables after one clean run over both deliveries. */
let referenceSnapshot: Record<string, string>;
let referencePublished: Record<string, string>;
/** A project after the first delivery's run, copied for each case (saves a run per case). */
let firstRun: string;
let before: { star: Record<string, string>; snapshot: Record<string, string>; manifest: string };

const impact = (dir: string, crashAt?: CrashPoint) =>
  spawnSync(process.execPath, [bin, 'run'], {
    cwd: dir,
    encoding: 'utf8',
    env: crashAt ? { ...env, IMPACT_CRASH_AT: crashAt } : env,
  });

/** A project folder with the first delivery (or both). */
function project(name: string, both: boolean): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'impact.yaml'),
    demoConfigYaml.replace('allow_generated_key: true', 'allow_generated_key: false'),
  );
  cpSync(exports, join(dir, 'exports'), {
    recursive: true,
    filter: (src) => both || !/contacten_2025-0[4-6]\.csv$/.test(src),
  });
  return dir;
}

const deliverRest = (dir: string) => cpSync(exports, join(dir, 'exports'), { recursive: true });

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'impact-crash-'));
  exports = join(root, 'source-exports');
  await writeDemoExports({ dir: exports, seed: 11, clients: 60, from: '2025-01-01', to: '2025-06-30' });
  const clean = project('clean', true);
  expect(impact(clean).status).toBe(0);
  reference = await starFingerprint(join(clean, 'data/warehouse.duckdb'));
  referenceSnapshot = await starFingerprint(join(clean, 'data/analyst.duckdb'));
  referencePublished = await publishedFingerprint(join(clean, 'data/publish'));
  firstRun = project('first-run', false);
  expect(impact(firstRun).status).toBe(0);
  before = {
    star: await starFingerprint(join(firstRun, 'data/warehouse.duckdb')),
    snapshot: await starFingerprint(join(firstRun, 'data/analyst.duckdb')),
    manifest: readFileSync(join(firstRun, 'data/publish/manifest.json'), 'utf8'),
  };
}, 300_000); // two runs; on a busy shared machine they have taken over two minutes
afterAll(() => rmSync(root, { recursive: true, force: true }));

const points: CrashPoint[] = [
  'land:after-first-file',
  'staging:mid-models',
  'star:mid-models',
  'indicators:mid-models',
  'transform:before-commit',
  'publish:mid-tables',
  'publish:before-switch',
  'snapshot:mid-copy',
];

describe('kill -9 during a run', () => {
  it.each(points)('at %s leaves the previous state, and the next run ends as a clean run', async (point) => {
    const dir = join(root, point.replace(':', '-'));
    // verbatimSymlinks keeps publish/current pointing into the copy (it is a relative link)
    cpSync(firstRun, dir, { recursive: true, verbatimSymlinks: true });

    deliverRest(dir);
    const crashed = impact(dir, point);
    expect(crashed.signal).toBe('SIGKILL');

    // The models commit together before publishing starts: a crash up to the commit leaves the
    // old star, a crash after it the complete new one — never a mix.
    const committed = point.startsWith('publish') || point.startsWith('snapshot');
    expect(await starFingerprint(join(dir, 'data/warehouse.duckdb'))).toEqual(
      committed ? reference : before.star,
    );
    expect(await starFingerprint(join(dir, 'data/analyst.duckdb'))).toEqual(before.snapshot);
    // Publishing switches before the snapshot starts: a crash in the snapshot leaves the new set.
    const manifestNow = readFileSync(join(dir, 'data/publish/manifest.json'), 'utf8');
    if (point.startsWith('snapshot')) expect(JSON.parse(manifestNow).load_id).toBe(2);
    else expect(manifestNow).toBe(before.manifest);
    const manifest = JSON.parse(manifestNow);
    for (const t of manifest.tables) for (const f of t.files) readFileSync(join(dir, 'data/publish', f.path));

    const rerun = impact(dir);
    expect(rerun.stderr).toBe('');
    expect(rerun.status).toBe(0);
    expect(await starFingerprint(join(dir, 'data/warehouse.duckdb'))).toEqual(reference);
    expect(await starFingerprint(join(dir, 'data/analyst.duckdb'))).toEqual(referenceSnapshot);
    expect(await publishedFingerprint(join(dir, 'data/publish'))).toEqual(referencePublished);
    expect(readdirSync(join(dir, 'data')).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('in the very first run of a new warehouse leaves one the next run can open and finish', async () => {
    // Found by the jobs work: before migrations were checkpointed, the new schemas lived only in
    // the WAL, and a WAL from a killed first run could not be replayed.
    const dir = project('first-ever', true);
    expect(impact(dir, 'land:after-first-file').signal).toBe('SIGKILL');
    const rerun = impact(dir);
    expect(rerun.stderr).toBe('');
    expect(await starFingerprint(join(dir, 'data/warehouse.duckdb'))).toEqual(reference);
  });
});
