import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../pipelines/run-pipeline.ts';
import { Warehouse } from '../../sql/warehouse.ts';
import { crlf, oneClientProject, regicareYaml, type TestProject, testProject } from '../helpers/project.ts';

// write: replace-period — a corrected export for a month replaces that source's contacts for
// that month: corrected rows change, rows it leaves out disappear, other months stay.
const head = 'Contactnummer;Cliëntnummer;Trajectnummer;Werksoort;Datum;Duur (uren)';
let p: TestProject;
const ids = async () => {
  const wh = await Warehouse.open({ path: p.config.warehouse.path, readOnly: true });
  const rows = await wh.json<{ id: string; minutes: number }>(
    'SELECT source_contact_id AS id, duration_min AS minutes FROM fct_contact ORDER BY 1',
  );
  await wh.close();
  return rows.map((r) => `${r.id}:${r.minutes}`);
};

beforeAll(() => {
  p = oneClientProject(
    regicareYaml().replace(
      '        files: "contacten_*.csv"\n',
      '        files: "contacten_*.csv"\n        write: replace-period\n        period: Datum\n',
    ),
  );
});
afterAll(() => p.remove());

describe('write: replace-period', () => {
  it('replaces a month with its corrected export, and leaves the other months', async () => {
    p.write(
      'exports/contacten_2025-02.csv',
      crlf([head, 'K1;7;;AMW;03-02-2025;1', 'K2;7;;AMW;10-02-2025;1', 'K3;7;;AMW;17-02-2025;1']),
    );
    p.write('exports/contacten_2025-03.csv', crlf([head, 'K4;7;;AMW;03-03-2025;1']));
    await runPipeline(p.config, { trigger: 'test' });
    expect(await ids()).toEqual(['K1:60', 'K2:60', 'K3:60', 'K4:60']);

    // February again: K2 was entered by mistake, K3 lasted half an hour
    p.write(
      'exports/contacten_2025-02-correctie.csv',
      crlf([head, 'K1;7;;AMW;03-02-2025;1', 'K3;7;;AMW;17-02-2025;0,5']),
    );
    await runPipeline(p.config, { trigger: 'test' });
    expect(await ids()).toEqual(['K1:60', 'K3:30', 'K4:60']);
  });

  it('refuses a period that is not the date the records are counted by', () => {
    const cfg = regicareYaml().replace(
      '        files: "contacten_*.csv"\n',
      '        files: "contacten_*.csv"\n        write: replace-period\n        period: Duur (uren)\n',
    );
    const project = testProject(cfg);
    try {
      return expect(runPipeline(project.config)).rejects.toThrow(
        "sources[0].resources.contacts.period: 'Duur (uren)' is not contact_date (column Datum).",
      );
    } finally {
      setTimeout(() => project.remove(), 1000);
    }
  });
});
