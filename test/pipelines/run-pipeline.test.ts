import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunSummary, runPipeline } from '../../pipelines/run-pipeline.ts';
import { Warehouse } from '../../sql/warehouse.ts';
import { crlf, regicareYaml, type TestProject, testProject } from '../helpers/project.ts';

// A small RegiCare-style delivery as such systems really write it: Windows-1252, CRLF, `;`,
// dd-mm-jjjj dates, decimal commas, a title above the header, totals and a note below, names
// and BSNs in columns nobody maps, and a handful of broken rows.
let p: TestProject;
let first: RunSummary;
let second: RunSummary;
let wh: Warehouse;

const counts = async () =>
  wh.rows<{ t: string; n: number }>(
    `SELECT 'dim_client' t, count(*) n FROM dim_client UNION ALL SELECT 'fct_contact', count(*) FROM fct_contact
     UNION ALL SELECT 'fct_trajectory', count(*) FROM fct_trajectory UNION ALL SELECT 'ind_reach', count(*) FROM ind_reach
     UNION ALL SELECT 'quarantine', count(*) FROM staging.quarantine ORDER BY 1`,
  );

beforeAll(async () => {
  p = testProject(regicareYaml());
  p.write(
    'exports/clienten_2025-06-30.csv',
    crlf([
      'Export RegiCare - cliënten - peildatum 30-06-2025;;;;;;;',
      '',
      'Cliëntnummer;BSN;Voornaam;Achternaam;Geboortedatum;Geslacht;Postcode;Gemeente',
      '100001;123456782;Zoë;Özdemir;01-02-1990;Vrouw;3511 AB;Utrecht',
      '100002;111222333;Jan;de Vries;31-02-1980;Man;3431AA;Nieuwegein',
    ]),
  );
  p.write(
    'exports/trajecten.csv',
    crlf([
      'Trajectnummer;Cliëntnummer;Werksoort;Gemeente;Startdatum;Einddatum;Reden afsluiting',
      'T1;100001;Schuldhulpverlening;Utrecht;01-01-2025;30-04-2025;Doel(en) behaald',
      'T2;100002;Algemeen maatschappelijk werk;GM0356;05-01-2025;;',
    ]),
  );
  p.write(
    'exports/contacten_2025-01.csv',
    crlf([
      'RegiCare export contactregistratie januari 2025',
      'Contactnummer;Cliëntnummer;Trajectnummer;Werksoort;Datum;Duur (uren);Medewerker;Opmerking',
      'K1;100001;T1;Schuldhulpverlening;02-01-2025;1,5;Piet Jansen;"“€ 50 schuld; afspraak”"',
      'K2;100001;T1;Schuldhulpverlening;31-02-2025;0,75;Piet Jansen;',
      'K3;100002;;Algemeen maatschappelijk werk;10-01-2025;onbekend;Els de Boer;',
      'K4;;T2;Algemeen maatschappelijk werk;11-01-2025;1;Els de Boer;',
      'K5;100002;T2;Algemeen maatschappelijk werk;12-01-2025;-0,5;Els de Boer;',
      'K5;100002;T2;Algemeen maatschappelijk werk;12-01-2025;-0,5;Els de Boer;',
      'K6;100002;T2;Algemeen maatschappelijk werk;13-01-2025;0,25;Els de Boer;',
      'K6;100002;T2;Algemeen maatschappelijk werk;14-01-2025;0,25;Els de Boer;',
      'K7;100002;T2;AMW;20-01-2025;1.234,5;Els de Boer;',
      'Totaal;;;;;1.239,75;;',
      'Gegenereerd door RegiCare 8.4',
    ]),
  );
  first = await runPipeline(p.config, { trigger: 'test' });
  second = await runPipeline(p.config, { trigger: 'test' });
  wh = await Warehouse.open({ path: p.config.warehouse.path, readOnly: true });
});

afterAll(async () => {
  await wh.close();
  p.remove();
});

describe('a run over a messy Windows-1252 delivery', () => {
  it('loads every file and counts data rows only (no title, header, totals or note rows)', () => {
    expect(first.status).toBe('succeeded');
    expect(first.files.map((f) => [f.file, f.status, f.rowsReceived, f.rowsSkipped])).toEqual([
      ['clienten_2025-06-30.csv', 'loaded', 2, 0],
      ['trajecten.csv', 'loaded', 2, 0],
      ['contacten_2025-01.csv', 'loaded', 9, 2],
    ]);
  });

  it('reads decimal commas, thousands separators and dd-mm-jjjj dates', async () => {
    const rows = await wh.json<{
      source_contact_id: string;
      contact_date: string;
      duration_min: number | null;
    }>(`SELECT source_contact_id, contact_date, duration_min FROM fct_contact ORDER BY 1`);
    expect(rows).toEqual([
      { source_contact_id: 'K1', contact_date: '2025-01-02', duration_min: 90 },
      { source_contact_id: 'K3', contact_date: '2025-01-10', duration_min: null },
      { source_contact_id: 'K5', contact_date: '2025-01-12', duration_min: null },
      { source_contact_id: 'K7', contact_date: '2025-01-20', duration_min: 74070 },
    ]);
  });

  it('puts each bad row or value in quarantine with file, row, column and reason', async () => {
    const rows = await wh.json(
      `SELECT file, row, "column", value, reason, action FROM staging.quarantine ORDER BY file, row, "column"`,
    );
    expect(rows).toEqual([
      {
        file: 'clienten_2025-06-30.csv',
        row: '5',
        column: 'Geboortedatum',
        value: '31-02-1980',
        reason: 'not a date (expected dd-mm-jjjj)',
        action: 'value dropped',
      },
      {
        file: 'contacten_2025-01.csv',
        row: '4',
        column: 'Datum',
        value: '31-02-2025',
        reason: 'not a date (expected dd-mm-jjjj)',
        action: 'row rejected',
      },
      {
        file: 'contacten_2025-01.csv',
        row: '5',
        column: 'Duur (uren)',
        value: 'onbekend',
        reason: 'not a number',
        action: 'value dropped',
      },
      {
        file: 'contacten_2025-01.csv',
        row: '6',
        column: 'Cliëntnummer',
        value: null,
        reason: 'required value missing (source_client_id)',
        action: 'row rejected',
      },
      {
        file: 'contacten_2025-01.csv',
        row: '7',
        column: 'Duur (uren)',
        value: '-30.0 min',
        reason: 'negative duration',
        action: 'value dropped',
      },
      {
        file: 'contacten_2025-01.csv',
        row: '9',
        column: 'Contactnummer',
        value: null,
        reason:
          'conflicting duplicate: this contact number appears 2 times in the file with different values',
        action: 'row rejected',
      },
      {
        file: 'contacten_2025-01.csv',
        row: '10',
        column: 'Contactnummer',
        value: null,
        reason:
          'conflicting duplicate: this contact number appears 2 times in the file with different values',
        action: 'row rejected',
      },
    ]);
  });

  it('records the rejects on the file and the run', async () => {
    const files = await wh.json(
      `SELECT file, rows_received, rows_rejected, values_dropped FROM meta.load_file WHERE run_id = 1 ORDER BY file_id`,
    );
    expect(files).toEqual([
      { file: 'clienten_2025-06-30.csv', rows_received: '2', rows_rejected: '0', values_dropped: '1' },
      { file: 'trajecten.csv', rows_received: '2', rows_rejected: '0', values_dropped: '0' },
      { file: 'contacten_2025-01.csv', rows_received: '9', rows_rejected: '4', values_dropped: '2' },
    ]);
  });

  it('reports the quality of each delivery as figures (ind_data_quality)', async () => {
    expect(
      await wh.json(
        `SELECT file, rows_received, rows_loaded, rows_rejected, values_dropped, exact_duplicates, conflicting_duplicates
         FROM ind_data_quality WHERE run_id = 1 ORDER BY file`,
      ),
    ).toEqual([
      // 100002's impossible birth date is dropped, the row loads
      {
        file: 'clienten_2025-06-30.csv',
        rows_received: '2',
        rows_loaded: '2',
        rows_rejected: '0',
        values_dropped: '1',
        exact_duplicates: '0',
        conflicting_duplicates: '0',
      },
      // 9 data rows: K2 (date), K4 (client), both K6 copies rejected; K3 'onbekend' and K5's
      // negative duration dropped; K5's second, identical line dropped as an exact duplicate
      {
        file: 'contacten_2025-01.csv',
        rows_received: '9',
        rows_loaded: '5',
        rows_rejected: '4',
        values_dropped: '2',
        exact_duplicates: '1',
        conflicting_duplicates: '2',
      },
      {
        file: 'trajecten.csv',
        rows_received: '2',
        rows_loaded: '2',
        rows_rejected: '0',
        values_dropped: '0',
        exact_duplicates: '0',
        conflicting_duplicates: '0',
      },
    ]);
  });

  it('keeps client attributes coarse: birth year, pc4, municipality code', async () => {
    expect(
      await wh.json(`SELECT birth_year, gender, pc4, municipality_code FROM dim_client ORDER BY pc4`),
    ).toEqual([
      { birth_year: null, gender: 'man', pc4: '3431', municipality_code: 'GM0356' },
      { birth_year: '1990', gender: 'vrouw', pc4: '3511', municipality_code: 'GM0344' },
    ]);
  });

  it('maps Dutch closure wordings to the standard set', async () => {
    expect(
      await wh.json(
        `SELECT source_trajectory_id, closure_reason, duration_days FROM fct_trajectory ORDER BY 1`,
      ),
    ).toEqual([
      { source_trajectory_id: 'T1', closure_reason: 'goals_met', duration_days: 119 },
      { source_trajectory_id: 'T2', closure_reason: null, duration_days: null },
    ]);
  });

  it('changes nothing when the same files are delivered again', async () => {
    expect(second.status).toBe('succeeded');
    expect(second.files.every((f) => f.status === 'skipped' && f.rowsReceived === 0)).toBe(true);
    expect(await counts()).toEqual([
      { t: 'dim_client', n: 2 },
      { t: 'fct_contact', n: 4 },
      { t: 'fct_trajectory', n: 2 },
      { t: 'ind_reach', n: 6 },
      { t: 'quarantine', n: 7 },
    ]);
  });

  it('records both runs and their steps', async () => {
    const runs = await wh.db
      .selectFrom('meta.run')
      .select(['run_id', 'status', 'files_loaded'])
      .orderBy('run_id')
      .execute();
    expect(runs).toEqual([
      { run_id: 1, status: 'succeeded', files_loaded: 3 },
      { run_id: 2, status: 'succeeded', files_loaded: 0 },
    ]);
    const steps = await wh.db
      .selectFrom('meta.run_step')
      .select('step')
      .distinct()
      .where('run_id', '=', 1)
      .execute();
    expect(steps.map((s) => s.step).sort()).toEqual([
      'checks',
      'dashboard',
      'indicators',
      'land',
      'publish',
      'seeds',
      'snapshot',
      'staging',
      'star',
    ]);
  });

  it('swaps in an analyst snapshot with the star and the finished run history', async () => {
    const snap = await Warehouse.open({ path: p.config.publish.snapshot, readOnly: true });
    expect(await snap.value('SELECT count(*) FROM fct_contact')).toBe(4);
    expect(await snap.json('SELECT run_id, status FROM meta.run ORDER BY run_id')).toEqual([
      { run_id: 1, status: 'succeeded' },
      { run_id: 2, status: 'succeeded' },
    ]);
    const schemas = await snap.rows<{ s: string }>(
      'SELECT DISTINCT schema_name AS s FROM duckdb_tables() ORDER BY 1',
    );
    expect(schemas.map((r) => r.s)).toEqual(['main', 'meta']);
    await snap.close();
  });
});
