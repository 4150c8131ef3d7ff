import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChecksFailed, runPipeline } from '../../pipelines/run-pipeline.ts';
import { Warehouse } from '../../sql/warehouse.ts';
import { crlf, regicareYaml, type TestProject, testProject } from '../helpers/project.ts';

// An error-level data test that fails stops the run before anything is published: the star,
// the indicators and the published files stay as the previous run left them, and the run record
// names the test and the offending rows. The organisation's own check is used here: contacts
// may not fall on a Sunday (their service is closed then).
let p: TestProject;
let error: unknown;
let before: { manifest: string; contacts: number };

beforeAll(async () => {
  p = testProject(regicareYaml().replace('sources:', 'checks: { directory: checks }\nsources:'));
  p.write(
    'checks/assert_no_contacts_on_sunday.sql',
    '-- assert_no_contacts_on_sunday — the service is closed on Sundays.\n-- severity: error\n' +
      'select source_contact_id, contact_date from fct_contact where isodow(contact_date) = 7\n',
    'utf-8',
  );
  p.write(
    'exports/trajecten.csv',
    crlf(['Trajectnummer;Cliëntnummer;Werksoort;Gemeente;Startdatum;Einddatum;Reden afsluiting']),
  );
  p.write(
    'exports/clienten_2025-01-31.csv',
    crlf(['Cliëntnummer;Geboortedatum;Geslacht;Postcode;Gemeente', '7;01-01-1980;Vrouw;3511 AB;Utrecht']),
  );
  p.write(
    'exports/contacten_2025-02.csv',
    crlf(['Contactnummer;Cliëntnummer;Trajectnummer;Werksoort;Datum;Duur (uren)', 'K1;7;;AMW;10-02-2025;1']),
  );
  expect((await runPipeline(p.config, { trigger: 'test' })).status).toBe('succeeded');
  const manifestPath = join(p.config.publish.dir, 'manifest.json');
  before = { manifest: readFileSync(manifestPath, 'utf8'), contacts: 1 };
  // 16 February 2025 is a Sunday
  p.write(
    'exports/contacten_2025-02b.csv',
    crlf(['Contactnummer;Cliëntnummer;Trajectnummer;Werksoort;Datum;Duur (uren)', 'K2;7;;AMW;16-02-2025;1']),
  );
  error = await runPipeline(p.config, { trigger: 'test' }).catch((e) => e);
});
afterAll(() => p.remove());

describe('a failing error-level check', () => {
  it('fails the run with a message naming the check', () => {
    expect(error).toBeInstanceOf(ChecksFailed);
    expect((error as Error).message).toBe(
      'Data tests failed, nothing was published: assert_no_contacts_on_sunday (1 rows).',
    );
  });

  it('publishes nothing and leaves the star as it was', async () => {
    expect(readFileSync(join(p.config.publish.dir, 'manifest.json'), 'utf8')).toBe(before.manifest);
    const wh = await Warehouse.open({ path: p.config.warehouse.path, readOnly: true });
    expect(await wh.value('SELECT count(*) FROM fct_contact')).toBe(before.contacts);
    // the new file itself did land: the next run (after the rule or the data is fixed) uses it
    expect(await wh.value(`SELECT count(*) FROM land.contact WHERE source_contact_id = 'K2'`)).toBe(1);
    const steps = await wh.json(
      `SELECT r.status, s.status AS check_status, s.rows_out, s.error
       FROM meta.run r JOIN meta.run_step s USING (run_id)
       WHERE r.run_id = 2 AND s.target = 'assert_no_contacts_on_sunday'`,
    );
    expect(steps).toEqual([
      {
        status: 'failed',
        check_status: 'failed',
        rows_out: '1',
        error: '1 rows, e.g. [{"source_contact_id":"K2","contact_date":"2025-02-16"}]',
      },
    ]);
    await wh.close();
  });
});
