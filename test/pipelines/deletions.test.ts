import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../pipelines/run-pipeline.ts';
import { planSources } from '../../sources/define-source.ts';
import { Warehouse } from '../../sql/warehouse.ts';
import { crlf, regicareYaml, type TestProject, testProject } from '../helpers/project.ts';

// Issue 5: deletions in a source are handled as the resource declares. Trajectories come as a
// full snapshot (the newest file is the whole register: what it leaves out is deleted);
// contacts come as deltas with a column Verwijderd that marks a deleted contact. Deleted
// records leave the facts; the client dimension keeps its history.
const yaml = regicareYaml()
  .replace(
    '        files: "trajecten*.csv"\n',
    '        files: "trajecten*.csv"\n        deletions: full-snapshot\n',
  )
  .replace(
    '        files: "contacten_*.csv"\n',
    '        files: "contacten_*.csv"\n        deletions: flag-column\n',
  )
  .replace(
    '          duration_min: { column: "Duur (uren)", multiply: 60 }\n',
    (m) => `${m}          deleted: Verwijderd\n`,
  );

const trajectories = (rows: string[]) =>
  crlf(['Trajectnummer;Cliëntnummer;Werksoort;Gemeente;Startdatum;Einddatum;Reden afsluiting', ...rows]);
const contacts = (rows: string[]) =>
  crlf(['Contactnummer;Cliëntnummer;Trajectnummer;Werksoort;Datum;Duur (uren);Verwijderd', ...rows]);

let p: TestProject;
const planOf = (config: string) => {
  const project = testProject(config);
  try {
    return planSources(project.config);
  } finally {
    project.remove();
  }
};
const query = async <T>(sql: string) => {
  const wh = await Warehouse.open({ path: p.config.warehouse.path, readOnly: true });
  try {
    return await wh.json<T>(sql);
  } finally {
    await wh.close();
  }
};
const trajectoryIds = () =>
  query<{ id: string }>('SELECT source_trajectory_id AS id FROM fct_trajectory ORDER BY 1').then((r) =>
    r.map((x) => x.id),
  );
const contactIds = () =>
  query<{ id: string; traject: string | null }>(
    `SELECT c.source_contact_id AS id, t.source_trajectory_id AS traject
     FROM fct_contact c LEFT JOIN fct_trajectory t USING (trajectory_key) ORDER BY 1`,
  ).then((r) => r.map((x) => `${x.id}@${x.traject ?? '-'}`));

beforeAll(async () => {
  p = testProject(yaml);
  p.write(
    'exports/clienten_2025-01-31.csv',
    crlf([
      'Cliëntnummer;Geboortedatum;Geslacht;Postcode;Gemeente',
      '7;01-01-1980;Vrouw;3511 AB;Utrecht',
      '8;05-05-2001;Man;3431 AA;Nieuwegein',
    ]),
  );
  p.write(
    'exports/trajecten_2025-03-01.csv',
    trajectories([
      'T1;7;AMW;Utrecht;06-01-2025;;',
      'T2;8;SHV;Nieuwegein;10-02-2025;;',
      'T3;7;SHV;Utrecht;12-02-2025;;',
    ]),
  );
  p.write(
    'exports/contacten_2025-02.csv',
    contacts(['K1;7;T1;AMW;03-02-2025;1;', 'K2;8;T2;SHV;11-02-2025;1;nee', 'K3;7;T3;SHV;14-02-2025;1;']),
  );
  await runPipeline(p.config, { trigger: 'test' });
});
afterAll(() => p.remove());

describe('deletions as the resource declares', () => {
  it('loads everything while nothing is deleted', async () => {
    expect(await trajectoryIds()).toEqual(['T1', 'T2', 'T3']);
    expect(await contactIds()).toEqual(['K1@T1', 'K2@T2', 'K3@T3']);
  });

  it('deletes what a newer full snapshot leaves out and what a flag marks, and keeps the rest', async () => {
    // T2 is no longer in the register; K3 was registered by mistake; K4 is new, K5 unclear
    p.write(
      'exports/trajecten_2025-04-01.csv',
      trajectories(['T1;7;AMW;Utrecht;06-01-2025;;', 'T3;7;SHV;Utrecht;12-02-2025;;']),
    );
    p.write(
      'exports/contacten_2025-03.csv',
      contacts([
        'K3;7;T3;SHV;14-02-2025;1;Ja',
        'K4;7;T1;AMW;04-03-2025;0,5;N',
        'K5;7;T1;AMW;05-03-2025;1;misschien',
      ]),
    );
    await runPipeline(p.config, { trigger: 'test' });
    expect(await trajectoryIds()).toEqual(['T1', 'T3']);
    // K2 stays (contacts are deltas), but its trajectory is gone
    expect(await contactIds()).toEqual(['K1@T1', 'K2@-', 'K4@T1']);
    expect(
      await query('SELECT file, row, "column", value, action FROM staging.quarantine ORDER BY file, row'),
    ).toEqual([
      {
        file: 'contacten_2025-03.csv',
        row: '4',
        column: 'Verwijderd',
        value: 'misschien',
        action: 'row rejected',
      },
    ]);
  });

  it('keeps the client dimension whole: deleting facts deletes no client versions', async () => {
    expect(
      await query(
        'SELECT count(DISTINCT client_pid)::INTEGER AS clients, bool_or(is_inferred) AS inferred FROM dim_client',
      ),
    ).toEqual([{ clients: 2, inferred: false }]);
  });

  it('leaves the deleted records out of the indicators', async () => {
    // February: K1 and K2 (K3 deleted); March: K4 — summed over the months of Q1
    expect(
      await query(`SELECT sum(contacts)::INTEGER AS contacts FROM ind_reach WHERE period_type = 'month'`),
    ).toEqual([{ contacts: 3 }]);
  });

  it('refuses a flag-column without its column, and deletions on clients', () => {
    const noFlag = regicareYaml().replace(
      '        files: "contacten_*.csv"\n',
      '        files: "contacten_*.csv"\n        deletions: flag-column\n',
    );
    expect(() => planOf(noFlag)).toThrow(
      'sources[0].resources.contacts.deletions: flag-column needs the column that marks a deleted record.',
    );
    const clients = regicareYaml().replace(
      '        files: "clienten_*.csv"\n',
      '        files: "clienten_*.csv"\n        deletions: full-snapshot\n',
    );
    expect(() => planOf(clients)).toThrow(
      'sources[0].resources.clients.deletions: full-snapshot is for trajectories, contacts, outcome scores and activities, not for client.',
    );
  });
});
