import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuildPlan, type PlannedModel } from '../../../pipelines/steps/build-plan.ts';
import { buildModel } from '../../../pipelines/steps/transform.ts';
import type { SqlFile } from '../../../sql/sql-file.ts';
import { type TestWarehouse, testKey, testWarehouse } from '../../helpers/test-warehouse.ts';

// Which models a run rebuilds: a model is kept only while nothing it reads changed. Small
// made-up models over the real warehouse's tables, each run simulated by a fresh plan (as
// every pipeline run opens one) inside the checks below.
let t: TestWarehouse;
let runId = 100;

const model = (layer: PlannedModel['layer'], name: string, sql: string): PlannedModel => ({
  layer,
  model: { name, path: `${name}.sql`, sql, header: name, settings: {} } satisfies SqlFile,
});

const contactsPerDay = model(
  'staging',
  'zz_contacts_per_day',
  'select contact_date, count(*) as n from land.contact group by all',
);
const services = model('staging', 'zz_services', 'select service_code from ref.service');
const fromServices = model('star', 'zz_from_services', 'select count(*) as n from staging.zz_services');
const afterCount = model('star', 'zz_after_count', 'select n * 2 as twice from main.zz_from_services');
const thisYear = model('star', 'zz_this_year', 'select year(current_date) as y');
const today = model('star', 'zz_today', 'select current_date as d');
const clock = model('star', 'zz_clock', 'select now() as t');
const all = [contactsPerDay, services, fromServices, afterCount, thisYear, today, clock];

/** One run: each model checked, built when it is not current, settled; returns the rebuilt. */
async function run(): Promise<string[]> {
  const plan = await BuildPlan.open(t.wh, ++runId, all, testKey);
  const rebuilt: string[] = [];
  for (const m of all) {
    const { fingerprint, build } = await plan.check(m);
    const current = build === 'keep';
    if (!current) {
      const schema = m.layer === 'staging' ? 'staging' : 'main';
      await t.wh.run(`CREATE OR REPLACE TABLE ${schema}.${m.model.name} AS ${m.model.sql}`);
      rebuilt.push(m.model.name);
    }
    await plan.settle(m, fingerprint, !current);
  }
  return rebuilt;
}

const landContact = (loadId: number, day: string) =>
  t.wh.run(
    `INSERT INTO land.contact (_load_id, _file_id, _is_data, source_contact_id, contact_date)
     VALUES (${loadId}, ${loadId}, true, 'K${loadId}', DATE '${day}')`,
  );

beforeAll(async () => {
  t = await testWarehouse();
});
afterAll(() => t.close());

describe('the build plan', () => {
  it('builds everything the first time, then only what reads the clock', async () => {
    expect(await run()).toEqual(all.map((m) => m.model.name));
    expect(await run()).toEqual(['zz_clock']);
  });

  it('rebuilds a model over a land table when a load adds rows to it', async () => {
    await landContact(1, '2025-03-01');
    expect(await run()).toEqual(['zz_contacts_per_day', 'zz_clock']);
  });

  it('rebuilds what reads changed reference data, but not past a model that came out the same', async () => {
    // a renamed service: zz_services changes, the count of services does not
    await t.wh.run(`UPDATE ref.service SET service_code = 'AMW2' WHERE service_code = 'AMW'`);
    expect(await run()).toEqual(['zz_services', 'zz_from_services', 'zz_clock']);
  });

  it('rebuilds down the chain when the rebuilt model changed', async () => {
    await t.wh.run(`DELETE FROM ref.service WHERE service_code = 'AMW2'`);
    expect(await run()).toEqual(['zz_services', 'zz_from_services', 'zz_after_count', 'zz_clock']);
    expect(await t.wh.value('SELECT twice FROM main.zz_after_count')).toBe(
      2 * Number(await t.wh.value('SELECT count(*) FROM ref.service')),
    );
  });

  it('rebuilds a model that asks for the date once the day changed', async () => {
    // as if both were last built yesterday: the date model's fingerprint then held another day
    await t.wh.run(
      `UPDATE meta.model_build SET fingerprint = 'built yesterday' WHERE model = 'main.zz_today'`,
    );
    expect(await run()).toEqual(['zz_today', 'zz_clock']);
  });

  it('adds only the new files to an incremental model, and builds it anew when its SQL changes', async () => {
    const sql =
      'select _file_id, source_contact_id, count(*) over (partition by _file_id) as in_file from land.contact';
    const perFile = model('staging', 'zz_per_file', sql);
    perFile.model.settings.materialized = 'incremental';
    const step = async (m: PlannedModel) => {
      const plan = await BuildPlan.open(t.wh, ++runId, [m], testKey);
      const { fingerprint, build } = await plan.check(m);
      if (build !== 'keep') await buildModel(t.wh, m.layer, m.model, { append: build === 'append' });
      await plan.settle(m, fingerprint, build !== 'keep');
      return build;
    };
    expect(await step(perFile)).toBe('full');
    await landContact(2, '2025-03-02');
    await landContact(3, '2025-03-03');
    expect(await step(perFile)).toBe('append');
    expect(await step(perFile)).toBe('keep');
    const rows = () =>
      t.wh.json('SELECT _file_id, source_contact_id, in_file FROM staging.zz_per_file ORDER BY 1');
    const expected = [
      { _file_id: 1, source_contact_id: 'K1', in_file: '1' },
      { _file_id: 2, source_contact_id: 'K2', in_file: '1' },
      { _file_id: 3, source_contact_id: 'K3', in_file: '1' },
    ];
    expect(await rows()).toEqual(expected);
    // a changed model (here: a comment) is built anew, from every file
    const changed = model('staging', 'zz_per_file', `${sql} -- changed`);
    changed.model.settings.materialized = 'incremental';
    expect(await step(changed)).toBe('full');
    expect(await rows()).toEqual(expected);
  });

  it('rebuilds every model when the pseudonym key changes', async () => {
    const plan = await BuildPlan.open(
      t.wh,
      ++runId,
      all,
      Buffer.from('another-key-that-is-long-enough-000000'),
    );
    for (const m of all) expect((await plan.check(m)).build).toBe('full');
  });
});
