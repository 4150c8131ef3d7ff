import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../pipelines/run-pipeline.ts';
import { starFingerprint } from '../helpers/fingerprint.ts';
import { crlf, regicareYaml, type TestProject, testProject } from '../helpers/project.ts';

// Issue 5: a day-1 batch then a day-2 batch — new contacts, a corrected end date, a changed
// postcode, a file re-delivered, a corrected month — gives exactly the warehouse one load of the
// final state gives.
const yaml = regicareYaml().replace(
  '        files: "contacten_*.csv"\n',
  '        files: "contacten_*.csv"\n        write: replace-period\n',
);
const clients = (postcode: string, municipality: string) =>
  crlf([
    'Cliëntnummer;Geboortedatum;Geslacht;Postcode;Gemeente',
    `7;01-01-1980;Vrouw;${postcode};${municipality}`,
    '8;05-05-2001;Man;3431 AA;Nieuwegein',
  ]);
const trajectories = (rows: string[]) =>
  crlf(['Trajectnummer;Cliëntnummer;Werksoort;Gemeente;Startdatum;Einddatum;Reden afsluiting', ...rows]);
const contacts = (rows: string[]) =>
  crlf(['Contactnummer;Cliëntnummer;Trajectnummer;Werksoort;Datum;Duur (uren)', ...rows]);

const day1 = {
  'exports/clienten_2025-03-31.csv': clients('3511 AB', 'Utrecht'),
  'exports/trajecten.csv': trajectories([
    'T1;7;AMW;Utrecht;06-01-2025;;',
    'T2;8;SHV;Nieuwegein;10-02-2025;;',
  ]),
  'exports/contacten_2025-02.csv': contacts(['K1;7;T1;AMW;03-02-2025;1', 'K2;8;T2;SHV;11-02-2025;1,5']),
  'exports/contacten_2025-03.csv': contacts(['K3;7;T1;AMW;04-03-2025;1', 'K4;8;;SHV;05-03-2025;0,5']),
};
const day2 = {
  // client 7 moved to Houten
  'exports/clienten_2025-04-30.csv': clients('3991 AB', 'Houten'),
  // T1's end date arrives, T3 is new
  'exports/trajecten.csv': trajectories([
    'T1;7;AMW;Utrecht;06-01-2025;15-04-2025;Doelen bereikt',
    'T2;8;SHV;Nieuwegein;10-02-2025;;',
    'T3;7;SHV;Houten;20-04-2025;;',
  ]),
  // March corrected: K3 took longer, K4 was a mistake, K5 was missing
  'exports/contacten_2025-03-correctie.csv': contacts([
    'K3;7;T1;AMW;04-03-2025;1,5',
    'K5;8;T2;SHV;20-03-2025;1',
  ]),
  'exports/contacten_2025-04.csv': contacts(['K6;7;T3;SHV;22-04-2025;2', 'K7;8;;SHV;23-04-2025;1']),
  // February delivered again, byte for byte
  'exports/contacten_2025-02-opnieuw.csv': day1['exports/contacten_2025-02.csv'],
};

let stepwise: TestProject;
let once: TestProject;
beforeAll(async () => {
  stepwise = testProject(yaml);
  for (const [path, content] of Object.entries(day1)) stepwise.write(path, content);
  await runPipeline(stepwise.config, { trigger: 'test' });
  for (const [path, content] of Object.entries(day2)) stepwise.write(path, content);
  await runPipeline(stepwise.config, { trigger: 'test' });

  once = testProject(yaml);
  const final = { ...day1, ...day2 };
  delete (final as Record<string, string>)['exports/contacten_2025-02-opnieuw.csv'];
  delete (final as Record<string, string>)['exports/contacten_2025-03.csv'];
  for (const [path, content] of Object.entries(final)) once.write(path, content);
  await runPipeline(once.config, { trigger: 'test' });
});
afterAll(() => {
  stepwise.remove();
  once.remove();
});

describe('day 1 then day 2', () => {
  it('ends in the same star and indicators as one load of the final state', async () => {
    const a = await starFingerprint(stepwise.config.warehouse.path);
    const b = await starFingerprint(once.config.warehouse.path);
    expect(a.fct_contact).toMatch(/^6:/); // K1 K2 K3 K5 K6 K7
    expect(a).toEqual(b);
  });
});
