import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { demoConfigYaml } from '../../bench/generate/impact-yaml.ts';
import { parseConfig } from '../../lib/config.ts';
import { runPipeline } from '../../pipelines/run-pipeline.ts';
import { planSources } from '../../sources/define-source.ts';
import { presetNames, readPreset } from '../../sources/presets/presets.ts';
import { Warehouse } from '../../sql/warehouse.ts';
import { crlf, type TestProject, testProject } from '../helpers/project.ts';

// A preset is the configuration of an export shape we know; a source says `preset: <name>` and
// writes only what differs. The demo's own sources are the presets, so the demo run (README
// tests) proves them end to end; the debt-help preset is loaded here through the real pipeline.
const sourceWith = (extra: Record<string, unknown>) =>
  parseConfig(
    { sources: [{ name: 'bron', location: { directory: 'exports' }, ...extra }] },
    '/srv/impact/impact.yaml',
  );

describe('the shipped presets', () => {
  it('are the shapes issue 4 names', () => {
    expect(presetNames()).toEqual(['attendance', 'budgets', 'debt-help', 'regicare', 'stories', 'zrm']);
  });

  it.each(presetNames())('%s is a valid source mapping, described in its first comment line', (name) => {
    const cfg = sourceWith({ preset: name });
    expect(planSources(cfg).length).toBeGreaterThan(0); // every required field is mapped
    expect(readPreset(name).summary).toMatch(new RegExp(`^${name} — .{20,}`));
  });

  it('are exactly the demo’s source definitions (which the demo run proves)', () => {
    const demo = parse(demoConfigYaml) as { sources: Record<string, unknown>[] };
    const byName = Object.fromEntries(demo.sources.map((s) => [s.name, s]));
    for (const [preset, source] of [
      ['regicare', 'regicare'],
      ['zrm', 'zrm'],
      ['attendance', 'activiteiten'],
      ['budgets', 'financien'],
      ['stories', 'verhalen'],
    ] as const) {
      const { defaults, resources } = byName[source]!;
      expect(readPreset(preset).value, preset).toEqual(defaults ? { defaults, resources } : { resources });
    }
  });
});

describe('the README for data experts', () => {
  const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Presets'), readme.indexOf('### The pseudonymisation key'));
  const examples = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1]!));

  it('names the files each preset reads', () => {
    for (const name of presetNames()) {
      const row = section.split('\n').find((l) => l.startsWith(`| \`${name}\` |`)) ?? '';
      const resources = readPreset(name).value.resources as Record<string, { files: string }>;
      for (const [resource, { files }] of Object.entries(resources)) {
        expect(row, name).toContain(`\`${files}\` (${resource})`);
      }
    }
  });

  it('has a working example for every preset', () => {
    const used = examples.map((e) => e.sources[0].preset);
    expect(used.sort()).toEqual(presetNames());
    for (const example of examples) {
      expect(planSources(parseConfig(example, '/srv/impact/impact.yaml')).length).toBeGreaterThan(0);
    }
  });
});

describe('a source on a preset', () => {
  it('keeps its own keys over the preset’s, merging resources and columns key by key', () => {
    const [source] = sourceWith({
      preset: 'regicare',
      system: 'regicare',
      defaults: { csv: { encoding: 'utf-8' } },
      resources: {
        trajectories: null, // this export has none
        contacts: {
          files: 'contactmomenten_*.csv',
          write: null,
          period: null,
          columns: { duration_min: 'Duur (min)', contact_type: null },
        },
        notes: { entity: 'story', files: 'verhalen.csv', columns: {} },
      },
    }).sources;
    expect(source!.preset).toBe('regicare');
    expect(source!.defaults).toEqual({
      csv: { delimiter: ';', encoding: 'utf-8', decimal: ',' },
      date_format: 'dd-mm-jjjj',
    });
    expect(Object.keys(source!.resources)).toEqual(['clients', 'contacts', 'notes']);
    const contacts = source!.resources.contacts!;
    expect(contacts.files).toBe('contactmomenten_*.csv');
    expect(contacts.write).toBe('merge'); // the preset's replace-period was removed: the default
    expect(contacts.primary_key).toEqual(['source_contact_id']);
    expect(contacts.columns).toEqual({
      source_contact_id: 'Contactnummer',
      source_client_id: 'Cliëntnummer',
      source_trajectory_id: 'Trajectnummer',
      service_code: 'Werksoort',
      contact_date: 'Datum',
      duration_min: 'Duur (min)',
    });
    expect(source!.resources.clients).toEqual(
      sourceWith({ preset: 'regicare' }).sources[0]!.resources.clients,
    );
  });

  it('reports a mistake in the override by its config key', () => {
    expect(() => sourceWith({ preset: 'debt-help', resources: { dossiers: { wirte: 'merge' } } })).toThrow(
      "sources[0].resources.dossiers: unknown key 'wirte'",
    );
  });

  it('names the config key and the presets there are when the preset does not exist', () => {
    expect(() => sourceWith({ preset: 'regicare2' })).toThrow(
      "/srv/impact/impact.yaml: sources[0].preset: There is no preset 'regicare2'.",
    );
    try {
      sourceWith({ preset: 'regicare2' });
    } catch (err) {
      expect((err as { hint: string }).hint).toContain(
        'attendance, budgets, debt-help, regicare, stories, zrm',
      );
    }
  });

  it('may name an organisation’s own preset file, relative to impact.yaml', () => {
    const p = testProject('sources: [{ name: x, location: { directory: . }, resources: {} }]');
    try {
      writeFileSync(
        join(p.dir, 'eigen.yaml'),
        '# eigen — our budget sheet\nresources:\n  b: { entity: budget, files: "*.csv", columns: { year: Jaar } }\n',
      );
      writeFileSync(join(p.dir, 'kapot.yaml'), 'name: x\nresources: {}\n');
      const cfg = parseConfig(
        { sources: [{ name: 'fin', preset: 'eigen.yaml', location: { directory: '.' } }] },
        join(p.dir, 'impact.yaml'),
      );
      expect(cfg.sources[0]!.resources.b!.columns).toEqual({ year: 'Jaar' });
      expect(() =>
        parseConfig(
          { sources: [{ name: 'fin', preset: 'kapot.yaml', location: { directory: '.' } }] },
          join(p.dir, 'impact.yaml'),
        ),
      ).toThrow("unknown key 'name' in a preset");
    } finally {
      p.remove();
    }
  });
});

describe('the debt-help preset through the pipeline', () => {
  let p: TestProject;
  let trajectories: Record<string, unknown>[];
  let contacts: Record<string, unknown>[];
  let rejected: Record<string, unknown>[];

  beforeAll(async () => {
    p = testProject(`
privacy: { pseudonym_key_env: IMPACT_TEST_KEY }
sources:
  - name: schuldhulp
    preset: debt-help
    location: { directory: exports }
`);
    p.write(
      'exports/klanten.csv',
      crlf([
        'Klantnummer;Achternaam;Geboortedatum;Geslacht;Postcode;Gemeente;Aanmelddatum',
        'K-101;Jansen;12-05-1979;Vrouw;3521 AB;Utrecht;06-01-2025',
        'K-102;Öztürk;03-11-1990;Man;3431 CD;Nieuwegein;14-02-2025',
      ]),
    );
    p.write(
      'exports/dossiers.csv',
      crlf([
        'Dossiernummer;Klantnummer;Product;Gemeente;Team;Consulent;Aanmelddatum;Datum beëindiging;Reden beëindiging;Verwijzer;Totale schuld',
        'D-1;K-101;Schuldregeling;Utrecht;Team Zuid;M. de Vries;06-01-2025;30-06-2025;Schuldenvrij;Vroegsignalering;12.450,00',
        'D-2;K-102;Budgetbeheer;Nieuwegein;Team Oost;A. Bakker;14-02-2025;01-07-2025;Doorverwezen naar Wsnp;Huisarts;48.200,50',
        'D-3;K-102;Nazorg;Nieuwegein;Team Oost;A. Bakker;15-07-2025;;;Eigen initiatief;0,00',
      ]),
    );
    p.write(
      'exports/gesprekken_2025.csv',
      crlf([
        'Gespreksnummer;Klantnummer;Dossiernummer;Datum;Duur (minuten);Soort gesprek;Consulent',
        'G-1;K-101;D-1;09-01-2025;60;Intake;M. de Vries',
        'G-2;K-101;D-1;20-02-2025;45;Huisbezoek;M. de Vries',
        'G-3;K-102;D-2;17-02-2025;30;Telefonisch;A. Bakker',
      ]),
      'utf-8',
    );
    expect((await runPipeline(p.config, { trigger: 'test' })).status).toBe('succeeded');
    const wh = await Warehouse.open({ path: p.config.warehouse.path, readOnly: true });
    trajectories = await wh.json(
      `SELECT source_trajectory_id, service_code, municipality_code, team, start_date, end_date,
              closure_reason, contacts::integer AS contacts, contact_minutes
       FROM fct_trajectory ORDER BY 1`,
    );
    contacts = await wh.json(
      'SELECT contact_date, contact_type, duration_min, service_code FROM fct_contact ORDER BY contact_date',
    );
    rejected = await wh.json('SELECT "column", value, reason FROM staging.quarantine');
    await wh.close();
  });
  afterAll(() => p.remove());

  it('lands dossiers as schuldhulpverlening trajectories with debt-help closures on the standard set', () => {
    expect(trajectories).toEqual([
      {
        source_trajectory_id: 'D-1',
        service_code: 'SHV',
        municipality_code: 'GM0344',
        team: 'Team Zuid',
        start_date: '2025-01-06',
        end_date: '2025-06-30',
        closure_reason: 'goals_met',
        contacts: 2,
        contact_minutes: 105,
      },
      {
        source_trajectory_id: 'D-2',
        service_code: 'SHV',
        municipality_code: 'GM0356',
        team: 'Team Oost',
        start_date: '2025-02-14',
        end_date: '2025-07-01',
        closure_reason: 'referred',
        contacts: 1,
        contact_minutes: 30,
      },
      {
        source_trajectory_id: 'D-3',
        service_code: 'SHV',
        municipality_code: 'GM0356',
        team: 'Team Oost',
        start_date: '2025-07-15',
        end_date: null,
        closure_reason: null,
        contacts: 0,
        contact_minutes: 0,
      },
    ]);
    expect(rejected).toEqual([]);
  });

  it('lands the conversations as contacts of the service', () => {
    expect(contacts).toEqual([
      { contact_date: '2025-01-09', contact_type: 'Intake', duration_min: 60, service_code: 'SHV' },
      { contact_date: '2025-02-17', contact_type: 'Telefonisch', duration_min: 30, service_code: 'SHV' },
      { contact_date: '2025-02-20', contact_type: 'Huisbezoek', duration_min: 45, service_code: 'SHV' },
    ]);
  });
});
