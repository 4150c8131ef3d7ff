import { afterEach, describe, expect, it } from 'vitest';
import { runPipeline } from '../../../pipelines/run-pipeline.ts';
import { Warehouse } from '../../../sql/warehouse.ts';
import { crlf, type TestProject, testProject } from '../../helpers/project.ts';

// Row numbers are how a data expert finds a bad row in an export, so they must be the lines
// an editor shows — also after blank lines (which DuckDB skips), line breaks inside quoted
// notes, and lines that could not be read at all.
const yaml = `
privacy: { pseudonym_key_env: IMPACT_TEST_KEY }
sources:
  - name: regicare
    location: { directory: exports }
    defaults: { csv: { delimiter: ";", encoding: auto, decimal: "," } }
    resources:
      contacts:
        entity: contact
        files: "*.csv"
        columns:
          source_contact_id: Nr
          source_client_id: Client
          contact_date: Datum
          duration_min: { column: Uren, multiply: 60 }
`;

let p: TestProject;
afterEach(() => p.remove());

async function quarantineOf(lines: string[]) {
  p = testProject(yaml);
  p.write('exports/contacten.csv', crlf(lines));
  const run = await runPipeline(p.config, { trigger: 'test' });
  const wh = await Warehouse.open({ path: p.config.warehouse.path, readOnly: true });
  const rows = await wh.json<{ row: string; column: string; reason: string }>(
    `SELECT row, "column", reason FROM staging.quarantine ORDER BY row::INT`,
  );
  const loaded = await wh.json<{ id: string }>('SELECT source_contact_id AS id FROM fct_contact ORDER BY 1');
  await wh.close();
  return { run, rows: rows.map((r) => `${r.row} ${r.column}: ${r.reason}`), loaded: loaded.map((r) => r.id) };
}

describe('CSV line numbers in quarantine', () => {
  it('count blank lines that DuckDB skips', async () => {
    const { rows, loaded } = await quarantineOf([
      'Nr;Client;Datum;Uren',
      'K1;1;01-02-2025;1',
      '',
      'K2;2;31-02-2025;1',
      '',
      '',
      'K3;3;03-02-2025;x',
    ]);
    expect(rows).toEqual(['4 Datum: not a date (expected dd-mm-jjjj)', '7 Uren: not a number']);
    expect(loaded).toEqual(['K1', 'K3']);
  });

  it('count line breaks inside quoted fields, read with the serial reader', async () => {
    const { rows, loaded } = await quarantineOf([
      'Nr;Client;Datum;Uren;Opmerking',
      'K1;1;01-02-2025;1;"eerste regel',
      'tweede regel"',
      'K2;2;00-00-0000;1;',
      'K3;3;03-02-2025;1;"a;b"',
      'K4;;04-02-2025;1;',
    ]);
    expect(rows).toEqual([
      '4 Datum: not a date (expected dd-mm-jjjj)',
      '6 Client: required value missing (source_client_id)',
    ]);
    expect(loaded).toEqual(['K1', 'K3']);
  });

  it('name lines that could not be read, and keep counting after them', async () => {
    const { run, rows, loaded } = await quarantineOf([
      'Titel van de export',
      'Nr;Client;Datum;Uren',
      'K1;1;01-02-2025;1',
      'K2;2;02-02-2025;1;te;veel;velden',
      'K3;3;03-02-2025;1',
      'K4;4;32-02-2025;1',
    ]);
    expect(rows).toEqual([
      '4 (whole line): line could not be read: more fields than the header has (4): a ";" inside a field that is not quoted?',
      '6 Datum: not a date (expected dd-mm-jjjj)',
    ]);
    expect(loaded).toEqual(['K1', 'K3']);
    expect(run.files[0]).toMatchObject({ rowsReceived: 4, rowsRejected: 2 });
  });
});
