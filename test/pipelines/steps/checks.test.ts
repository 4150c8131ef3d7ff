import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChecks } from '../../../pipelines/steps/checks.ts';
import { type TestWarehouse, testWarehouse } from '../../helpers/test-warehouse.ts';

// The shipped data tests find what they say they find: rows in, offending rows out.
let t: TestWarehouse;
beforeAll(async () => {
  t = await testWarehouse();
  await t.build('dim_service');
  await t.build('dim_instrument_domain');
  await t.insert('dim_client', [
    { client_key: 1, client_id: 1, client_pid: 'p', version: 1, valid_from: '1900-01-01' },
  ]);
  await t.insert('fct_trajectory', [
    {
      trajectory_key: 10,
      source_system: 's',
      source_trajectory_id: 'T1',
      client_key: 1,
      service_code: 'AMW',
      start_date: '2025-01-01',
    },
  ]);
  await t.insert('fct_contact', [
    {
      source_system: 's',
      source_contact_id: 'K1',
      client_key: 1,
      service_code: 'AMW',
      trajectory_key: 10,
      contact_date: '2025-01-02',
    },
    {
      source_system: 's',
      source_contact_id: 'K2',
      client_key: 2,
      service_code: 'AMW',
      contact_date: '2025-01-03',
    },
    {
      source_system: 's',
      source_contact_id: 'K2',
      client_key: 1,
      service_code: 'XYZ',
      contact_date: '2999-01-01',
    },
  ]);
  await t.insert('fct_outcome_score', [
    {
      source_system: 's',
      client_id: 1,
      client_key: 1,
      instrument: 'zrm',
      domain_code: 'geluk',
      measured_on: '2025-01-05',
      score: 9,
    },
  ]);
});
afterAll(() => t.close());

describe('shipped data tests', () => {
  it('name every broken reference, duplicate key and future date', async () => {
    const results = await runChecks(t.wh);
    const failing = Object.fromEntries(results.filter((r) => r.failing).map((r) => [r.name, r.failing]));
    expect(failing).toMatchObject({
      // client_key 2; service XYZ; the score's domain 'geluk'
      assert_facts_point_to_dimensions: 3,
      // contact K2 twice
      assert_fact_keys_are_unique_and_present: 1,
      assert_no_future_dates: 1,
    });
    const refs = results.find((r) => r.name === 'assert_facts_point_to_dimensions')!;
    expect(refs.sample).toEqual(
      expect.arrayContaining([
        { fact: 'fct_contact', key: 'client_key', value: '2' },
        { fact: 'fct_contact', key: 'service_code', value: 'XYZ' },
        { fact: 'fct_outcome_score', key: 'instrument × domain_code', value: 'zrm × geluk' },
      ]),
    );
    expect(refs.severity).toBe('error');
  });
});
