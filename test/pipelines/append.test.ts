import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../pipelines/run-pipeline.ts';
import { Warehouse } from '../../sql/warehouse.ts';
import { crlf, oneClientProject, regicareYaml, type TestProject, testProject } from '../helpers/project.ts';

// write: append — contacts are events: every delivered row is a record of its own, so a later
// delivery that names the same contact number again adds a row instead of replacing the first.
const head = 'Contactnummer;Cliëntnummer;Trajectnummer;Werksoort;Datum;Duur (uren)';
const appendTo = (resource: string) =>
  regicareYaml().replace(`        files: "${resource}`, `        write: append\n        files: "${resource}`);
let p: TestProject;

beforeAll(() => {
  p = oneClientProject(appendTo('contacten_*.csv'));
});
afterAll(() => p.remove());

describe('write: append', () => {
  it('keeps two deliveries of the same contact number, and drops an exact copy within a file', async () => {
    p.write(
      'exports/contacten_2025-02.csv',
      crlf([head, 'K1;7;;AMW;03-02-2025;1', 'K2;7;;AMW;10-02-2025;1', 'K2;7;;AMW;10-02-2025;1']),
    );
    await runPipeline(p.config, { trigger: 'test' });
    p.write('exports/contacten_2025-03.csv', crlf([head, 'K1;7;;AMW;03-03-2025;0,5']));
    const run = await runPipeline(p.config, { trigger: 'test' });
    expect(run.status).toBe('succeeded');

    const wh = await Warehouse.open({ path: p.config.warehouse.path, readOnly: true });
    const rows = await wh.json<{ id: string; day: string; minutes: number }>(
      `SELECT source_contact_id AS id, strftime(contact_date, '%Y-%m-%d') AS day, duration_min AS minutes
       FROM fct_contact ORDER BY 1, 2`,
    );
    await wh.close();
    expect(rows).toEqual([
      { id: 'K1', day: '2025-02-03', minutes: 60 },
      { id: 'K1#2', day: '2025-03-03', minutes: 30 },
      { id: 'K2', day: '2025-02-10', minutes: 60 },
    ]);
  });

  it('refuses append for clients, whose rows are states of one record', async () => {
    const project = testProject(appendTo('clienten_*.csv'));
    try {
      await expect(runPipeline(project.config)).rejects.toThrow(
        'sources[0].resources.clients.write: append is for events (contacts, activities), not for client: its rows are states of one record.',
      );
    } finally {
      project.remove();
    }
  });
});
