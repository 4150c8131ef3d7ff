import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../pipelines/run-pipeline.ts';
import { Warehouse } from '../../sql/warehouse.ts';
import { crlf, regicareYaml, type TestProject, testProject } from '../helpers/project.ts';

// DESIGN.md §5: a changed postcode makes a new client version on the export date of the file
// that brought it, and facts point to the version valid on their date — so a contact without a
// trajectory counts for the municipality the client lived in then, and published past periods
// do not move when a client moves.
let p: TestProject;
let wh: Warehouse;
const header = 'Cliëntnummer;Geboortedatum;Geslacht;Postcode;Gemeente';
const contacts = (rows: string[]) =>
  crlf(['Contactnummer;Cliëntnummer;Trajectnummer;Werksoort;Datum;Duur (uren)', ...rows]);

beforeAll(async () => {
  p = testProject(regicareYaml());
  p.write(
    'exports/trajecten.csv',
    crlf(['Trajectnummer;Cliëntnummer;Werksoort;Gemeente;Startdatum;Einddatum;Reden afsluiting']),
  );
  p.write('exports/clienten_2025-01-31.csv', crlf([header, '7;01-01-1980;Vrouw;3511 AB;Utrecht']));
  p.write('exports/contacten_2025-02.csv', contacts(['K1;7;;AMW;10-02-2025;1']));
  await runPipeline(p.config, { trigger: 'test' });
  // She moves to Houten; the register export of 30 June says so. A contact in July follows.
  p.write('exports/clienten_2025-06-30.csv', crlf([header, '7;01-01-1980;Vrouw;3991 AB;Houten']));
  p.write('exports/contacten_2025-07.csv', contacts(['K2;7;;AMW;08-07-2025;1']));
  await runPipeline(p.config, { trigger: 'test' });
  wh = await Warehouse.open({ path: p.config.warehouse.path, readOnly: true });
});
afterAll(async () => {
  await wh.close();
  p.remove();
});

describe('client history (SCD2)', () => {
  it('starts a new version on the export date of the file that brought the change', async () => {
    expect(
      await wh.json(
        'SELECT version, valid_from, valid_to, is_current, pc4, municipality_code FROM dim_client ORDER BY version',
      ),
    ).toEqual([
      {
        version: '1',
        valid_from: '1900-01-01',
        valid_to: '2025-06-30',
        is_current: false,
        pc4: '3511',
        municipality_code: 'GM0344',
      },
      {
        version: '2',
        valid_from: '2025-06-30',
        valid_to: null,
        is_current: true,
        pc4: '3991',
        municipality_code: 'GM0321',
      },
    ]);
  });

  it('keeps older facts on the old version and their municipality', async () => {
    expect(
      await wh.json(
        `SELECT f.source_contact_id, c.version, f.municipality_code
         FROM fct_contact f JOIN dim_client c USING (client_key) ORDER BY 1`,
      ),
    ).toEqual([
      { source_contact_id: 'K1', version: '1', municipality_code: 'GM0344' },
      { source_contact_id: 'K2', version: '2', municipality_code: 'GM0321' },
    ]);
    expect(
      await wh.json(
        `SELECT municipality_code, reached_clients FROM ind_reach WHERE period_type = 'year' ORDER BY 1`,
      ),
    ).toEqual([
      { municipality_code: 'GM0321', reached_clients: '1' },
      { municipality_code: 'GM0344', reached_clients: '1' },
    ]);
  });

  it('is one client over both versions', async () => {
    expect(await wh.value('SELECT count(DISTINCT client_id) FROM dim_client')).toBe(1);
  });
});
