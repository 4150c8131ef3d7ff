import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../pipelines/run-pipeline.ts';
import { Warehouse } from '../../sql/warehouse.ts';
import { crlf, type TestProject, testProject } from '../helpers/project.ts';

// "Tellen én vertellen": stories are published next to the indicators of their service,
// municipality and period — only with the client's consent, never with a client key.
const yaml = `
privacy: { pseudonym_key_env: IMPACT_TEST_KEY }
sources:
  - name: verhalen
    location: { directory: exports }
    defaults: { csv: { delimiter: ";", encoding: windows-1252 } }
    resources:
      stories:
        entity: story
        files: "*.csv"
        columns:
          story_date: Datum
          service_code: Werksoort
          municipality_code: Gemeente
          title: Titel
          text: Verhaal
          consent: Toestemming
          domains: Domeinen
`;
let p: TestProject;
let published: Record<string, unknown>[];
let quarantine: Record<string, unknown>[];

beforeAll(async () => {
  p = testProject(yaml);
  p.write(
    'exports/verhalen.csv',
    crlf([
      'Datum;Werksoort;Gemeente;Titel;Verhaal;Toestemming;Domeinen',
      '14-03-2025;Schuldhulpverlening;Utrecht;Weer overzicht;"Samen alles gesorteerd;',
      'nu een regeling. “Ik slaap weer.”";Ja;"Financiën; Geestelijke gezondheid"',
      '02-04-2025;AMW;Houten;Een eigen plek;Een vaste kamer.;nee;Huisvesting',
      '03-04-2025;AMW;Houten;Twijfel;Nog niet gevraagd.;misschien;',
    ]),
  );
  const run = await runPipeline(p.config, { trigger: 'test' });
  expect(run.status).toBe('succeeded');
  const manifest = JSON.parse(readFileSync(join(p.config.publish.dir, 'manifest.json'), 'utf8'));
  const table = manifest.tables.find((t: { name: string }) => t.name === 'story');
  const wh = await Warehouse.open({ path: p.config.warehouse.path, readOnly: true });
  published = await wh.json(
    `SELECT * FROM read_parquet([${table.files.map((f: { path: string }) => `'${join(p.config.publish.dir, f.path)}'`).join(', ')}])`,
  );
  quarantine = await wh.json(`SELECT row, "column", value, reason, action FROM staging.quarantine`);
  await wh.close();
});
afterAll(() => p.remove());

describe('stories', () => {
  it('publishes only consented stories, with the periods that link them to the indicators', () => {
    expect(published).toEqual([
      {
        story_key: expect.any(String),
        story_date: '2025-03-14',
        month_start: '2025-03-01',
        quarter_start: '2025-01-01',
        year_start: '2025-01-01',
        service_code: 'SHV',
        municipality_code: 'GM0344',
        title: 'Weer overzicht',
        text: 'Samen alles gesorteerd;\r\nnu een regeling. “Ik slaap weer.”',
        domains: 'Financiën; Geestelijke gezondheid',
        year: '2025', // from the Hive partition folder
      },
    ]);
  });

  it('says when consent is not a clear yes or no, and does not publish that story', () => {
    expect(quarantine).toEqual([
      {
        row: '5',
        column: 'Toestemming',
        value: 'misschien',
        reason: 'consent is not a clear yes or no: the story is not published',
        action: 'value dropped',
      },
    ]);
  });
});
