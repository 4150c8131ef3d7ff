import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openQueues, type Queues } from '../../jobs/queues.ts';
import { addRunFlow } from '../../jobs/run-flow.ts';
import { loadConfig } from '../../lib/config.ts';
import {
  type DemoProject,
  demoProject,
  jobFinished,
  obliterate,
  startWorkerProcess,
  testSettings,
  type WorkerProcess,
} from '../jobs/helpers.ts';
import { encryptedWorkbook } from '../sources/formats/xlsx/workbooks.ts';

// Issue 10: hostile files in a scheduled delivery fail their run with a message that names them;
// the `impact worker` that loaded them stays up and loads the corrected delivery next. (What the
// pipeline says about each kind of bad file is bad-input.test.ts; this is about the worker.)
const settings = testSettings('hostile');
let project: DemoProject;
let queues: Queues;
let worker: WorkerProcess;
const bad = () => [
  join(project.dir, 'exports/zrm/scores-juli.xlsx'),
  join(project.dir, 'exports/activiteiten/wachtwoord.xlsx'),
];

beforeAll(async () => {
  project = await demoProject({ seed: 3 });
  const [pdf, locked] = bad();
  writeFileSync(pdf!, '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n');
  writeFileSync(locked!, encryptedWorkbook());
  queues = openQueues(settings);
  worker = await startWorkerProcess(project.config, settings, 'hostile-worker');
}, 60_000);

afterAll(async () => {
  worker?.child.kill('SIGKILL');
  await queues?.close();
  await obliterate(settings);
  project?.remove();
});

/** Asks for a run and waits until its load job has finished, one way or the other. */
async function run(id: string) {
  const cfg = loadConfig(project.config);
  const { loadJobId } = await addRunFlow(
    queues,
    cfg,
    settings,
    { pipeline: 'default', trigger: 'manual' },
    id,
  );
  return jobFinished(queues.load, loadJobId, 110_000);
}

describe('a worker given a delivery with hostile files', () => {
  it('fails that run once, naming the first bad file, and stays up', async () => {
    const { state, job } = await run('hostile-1');
    expect(state).toBe('failed');
    expect(job.attemptsMade).toBe(1); // a broken export is not retried: it would fail the same way
    // The pull archives each file under a sha256 prefix; the message names source and file as delivered.
    expect(job.failedReason).toMatch(
      /^Run \d+ failed: 2 file\(s\) could not be loaded: zrm · scores-juli\.xlsx: The file is not an Excel workbook \(it is a PDF document\)\. See/,
    );
    expect(worker.child.exitCode).toBeNull();
    expect(worker.child.signalCode).toBeNull();
  }, 120_000);

  it('loads the corrected delivery next', async () => {
    for (const file of bad()) rmSync(file);
    const { state, job } = await run('hostile-2');
    expect(state).toBe('completed');
    expect(job.returnvalue).toMatchObject({ status: 'succeeded' });
    expect(worker.child.exitCode).toBeNull();
  }, 120_000);
});
