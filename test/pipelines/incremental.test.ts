import { mkdirSync, rmSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunSummary, runPipeline } from '../../pipelines/run-pipeline.ts';
import { Warehouse } from '../../sql/warehouse.ts';
import { crlf, regicareYaml, type TestProject, testProject } from '../helpers/project.ts';

// DESIGN.md §9 and issue 5: a nightly run processes what is new. A model is built again only
// when something it reads changed; a run that brings nothing rebuilds nothing and keeps the
// last publish. Four runs on one warehouse: the first loads everything, the second sees the
// same files again, the third one new contact file (a nightly delivery), the fourth no files
// at all (they were picked up and moved away).
let p: TestProject;
let runs: RunSummary[];
let wh: Warehouse;
const contacts = (rows: string[]) =>
  crlf(['Contactnummer;Cliëntnummer;Trajectnummer;Werksoort;Datum;Duur (uren)', ...rows]);

beforeAll(async () => {
  p = testProject(
    regicareYaml().replace(
      '        files: "contacten_*.csv"\n',
      '        files: "contacten_*.csv"\n        write: replace-period\n        period: Datum\n',
    ),
  );
  p.write(
    'exports/trajecten.csv',
    crlf([
      'Trajectnummer;Cliëntnummer;Werksoort;Gemeente;Startdatum;Einddatum;Reden afsluiting',
      'T1;7;AMW;Utrecht;06-01-2025;;',
    ]),
  );
  p.write(
    'exports/clienten_2025-01-31.csv',
    crlf(['Cliëntnummer;Geboortedatum;Geslacht;Postcode;Gemeente', '7;01-01-1980;Vrouw;3511 AB;Utrecht']),
  );
  p.write('exports/contacten_2025-02.csv', contacts(['K1;7;T1;AMW;10-02-2025;1']));
  runs = [await runPipeline(p.config, { trigger: 'test' })];
  runs.push(await runPipeline(p.config, { trigger: 'test' }));
  // the nightly file also corrects February (write: replace-period): K1 took 1,5 hours
  p.write(
    'exports/contacten_2025-03.csv',
    contacts(['K1;7;T1;AMW;10-02-2025;1,5', 'K2;7;T1;AMW;03-03-2025;2', 'K3;7;;AMW;04-03-2025;0,5']),
  );
  runs.push(await runPipeline(p.config, { trigger: 'test' }));
  rmSync(join(p.dir, 'exports'), { recursive: true });
  mkdirSync(join(p.dir, 'exports'));
  runs.push(await runPipeline(p.config, { trigger: 'test' }));
  wh = await Warehouse.open({ path: p.config.warehouse.path, readOnly: true });
}, 120_000);
afterAll(async () => {
  await wh.close();
  p.remove();
});

const stepStatus = async (runId: number, step: string) =>
  Object.fromEntries(
    (
      await wh.rows<{ target: string; status: string }>(
        'SELECT target, status FROM meta.run_step WHERE run_id = $1 AND step = $2 ORDER BY target',
        [runId, step],
      )
    ).map((r) => [r.target, r.status]),
  );

describe('a run that sees the same files again', () => {
  it('rebuilds only the record of deliveries, which now holds the skipped files', async () => {
    expect(runs[1]!.status).toBe('succeeded');
    expect(runs[1]!.rebuilt).toEqual(['superseded_snapshots', 'ind_data_quality']);
    expect(Object.values(await stepStatus(2, 'star'))).not.toContain('succeeded');
    expect(
      await wh.json(
        'SELECT run_id, status, count(*) AS files FROM ind_data_quality GROUP BY ALL ORDER BY 1, 2',
      ),
    ).toEqual([
      { run_id: 1, status: 'loaded', files: '3' },
      { run_id: 2, status: 'skipped', files: '3' },
      { run_id: 3, status: 'loaded', files: '1' },
      { run_id: 3, status: 'skipped', files: '3' },
    ]);
  });
});

describe('a run that finds no files', () => {
  it('builds no model and keeps the last publish', async () => {
    expect(runs[3]!.status).toBe('succeeded');
    expect(runs[3]!.rebuilt).toEqual([]);
    expect(runs[3]!.published).toBe(false);
    expect(await stepStatus(4, 'publish')).toEqual({ [p.config.publish.dir]: 'skipped' });
    // the publish of run 3 is still the current one, and says so
    expect(runs[3]!.manifest?.load_id).toBe(3);
  });

  it('still runs the data tests and swaps in a snapshot with its own run in the history', async () => {
    expect(runs[3]!.checks.length).toBeGreaterThan(0);
    // each with how long it took, so the run record shows where a run's time went
    expect(
      await wh.json(
        `SELECT count(*) AS checks, count(duration_ms) AS timed FROM meta.run_step WHERE run_id = 4 AND step = 'checks'`,
      ),
    ).toEqual([{ checks: String(runs[3]!.checks.length), timed: String(runs[3]!.checks.length) }]);
    const snap = await Warehouse.open({ path: join(p.dir, 'data/analyst.duckdb'), readOnly: true });
    expect(await snap.json('SELECT run_id FROM meta.run ORDER BY 1')).toEqual([
      { run_id: 1 },
      { run_id: 2 },
      { run_id: 3 },
      { run_id: 4 },
    ]);
    await snap.close();
  });
});

describe('a nightly delivery of contacts', () => {
  it('rebuilds what reads contacts and keeps what does not', async () => {
    const staging = await stepStatus(3, 'staging');
    const star = await stepStatus(3, 'star');
    expect(staging.stg_contact).toBe('succeeded');
    // February's old row is replaced: the contacts' share of the replaced rows changed, the
    // scores' and sessions' did not
    expect([staging.replaced_rows, staging.replaced_rows__contact]).toEqual(['succeeded', 'succeeded']);
    expect(staging.stg_activity).toBe('skipped');
    expect(star.fct_contact).toBe('succeeded');
    expect((await stepStatus(3, 'indicators')).ind_reach).toBe('succeeded');
    // nothing about clients, scores or budgets arrived: the client dimension is rebuilt (it
    // lists the clients that contacts name) to the same rows, and so is the service dimension,
    // so what reads only them and no contacts is kept
    expect(staging.stg_client).toBe('skipped');
    expect(staging.stg_outcome_score).toBe('skipped');
    expect([star.dim_client, star.dim_service]).toEqual(['succeeded', 'succeeded']);
    expect(star.fct_activity).toBe('skipped');
    expect(star.fct_budget).toBe('skipped');
    expect(runs[2]!.published).toBe(true);
  });

  it('ends with the new contacts in the facts and the indicators', async () => {
    expect(
      await wh.json('SELECT source_contact_id, contact_date, duration_min FROM fct_contact ORDER BY 1'),
    ).toEqual([
      { source_contact_id: 'K1', contact_date: '2025-02-10', duration_min: 90 },
      { source_contact_id: 'K2', contact_date: '2025-03-03', duration_min: 120 },
      { source_contact_id: 'K3', contact_date: '2025-03-04', duration_min: 30 },
    ]);
    expect(await wh.json('SELECT contacts FROM fct_trajectory')).toEqual([{ contacts: '2' }]);
    expect(
      await wh.json(
        `SELECT period_start, reached_clients, contacts FROM ind_reach WHERE period_type = 'month' ORDER BY 1`,
      ),
    ).toEqual([
      { period_start: '2025-02-01', reached_clients: '1', contacts: '1' },
      { period_start: '2025-03-01', reached_clients: '1', contacts: '2' },
    ]);
  });
});

describe('the future is judged by the export date, not the day of the run', () => {
  it('rejects a contact dated after the delivery of its file, whatever day the models are built', async () => {
    const q = testProject(regicareYaml());
    try {
      q.write(
        'exports/contacten_2025-04.csv',
        contacts(['K9;7;;AMW;20-04-2025;1', 'K8;7;;AMW;02-04-2025;1']),
      );
      // delivered on 10 April 2025: a contact on 20 April had not happened yet
      const delivered = new Date('2025-04-10T12:00:00Z');
      utimesSync(join(q.dir, 'exports/contacten_2025-04.csv'), delivered, delivered);
      await runPipeline(q.config, { trigger: 'test' });
      const w = await Warehouse.open({ path: q.config.warehouse.path, readOnly: true });
      expect(await w.json('SELECT source_contact_id FROM fct_contact')).toEqual([
        { source_contact_id: 'K8' },
      ]);
      expect(
        await w.json(`SELECT row, field, reason FROM staging.quarantine WHERE field = 'contact_date'`),
      ).toEqual([{ row: '2', field: 'contact_date', reason: 'date lies in the future' }]);
      await w.close();
    } finally {
      q.remove();
    }
  });
});
