import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestWarehouse, testWarehouse } from '../../helpers/test-warehouse.ts';

// Worked by hand (DESIGN.md §6, outcome change). ZRM: 1–5, higher is better, threshold 1.
let t: TestWarehouse;

const trajectory = (key: number, client: number, start: string, end: string | null) => ({
  trajectory_key: key,
  source_system: 'test',
  source_trajectory_id: `T${key}`,
  client_id: client,
  client_key: client,
  service_code: 'AMW',
  municipality_code: 'GM0344',
  start_date: start,
  end_date: end,
  is_closed: end !== null,
  closure_reason: end ? 'goals_met' : null,
});
const score = (client: number, domain: string, date: string, value: number, moment = 'progress') => ({
  source_system: 'test',
  client_id: client,
  client_key: client,
  instrument: 'zrm',
  domain_code: domain,
  measured_on: date,
  moment,
  score: value,
});

beforeAll(async () => {
  t = await testWarehouse();
  await t.insert('fct_trajectory', [
    trajectory(1, 1, '2025-01-01', '2025-06-30'),
    trajectory(2, 2, '2025-01-01', '2025-06-30'),
    trajectory(3, 3, '2025-01-01', null),
    trajectory(4, 4, '2025-03-01', '2025-04-30'),
  ]);
  await t.insert('fct_outcome_score', [
    // client 1: financien 2 → 4 (improved by 2); huisvesting 3 → 3 (stable);
    // a score 31 days before the start is outside the window and ignored
    score(1, 'financien', '2024-12-01', 1),
    score(1, 'financien', '2025-01-05', 2, 'intake'),
    score(1, 'financien', '2025-03-01', 3),
    score(1, 'financien', '2025-07-20', 4, 'exit'),
    score(1, 'huisvesting', '2025-01-05', 3, 'intake'),
    score(1, 'huisvesting', '2025-06-30', 3, 'exit'),
    // client 2: one measurement only (no pair); two on one date (no pair either)
    score(2, 'financien', '2025-02-01', 2),
    score(2, 'huisvesting', '2025-02-01', 2, 'intake'),
    score(2, 'huisvesting', '2025-02-01', 4, 'exit'),
    // client 3: open trajectory, not in the population
    score(3, 'financien', '2025-01-05', 1),
    score(3, 'financien', '2025-05-05', 5),
    // client 4: 4 → 2, declined; the window reaches 30 days past the end (2025-05-30)
    score(4, 'financien', '2025-01-30', 4),
    score(4, 'financien', '2025-05-30', 2),
  ]);
  await t.build('dim_instrument_domain');
  await t.build('fct_outcome_change');
});
afterAll(() => t.close());

describe('fct_outcome_change', () => {
  it('pairs the first and last score inside [start − 30, end + 30] of closed trajectories', async () => {
    expect(
      await t.rows(
        `SELECT trajectory_key, domain_code, first_measured_on, first_score, last_measured_on, last_score, delta, outcome
         FROM fct_outcome_change ORDER BY trajectory_key, domain_code`,
      ),
    ).toEqual([
      {
        trajectory_key: 1,
        domain_code: 'financien',
        first_measured_on: '2025-01-05',
        first_score: 2,
        last_measured_on: '2025-07-20',
        last_score: 4,
        delta: 2,
        outcome: 'improved',
      },
      {
        trajectory_key: 1,
        domain_code: 'huisvesting',
        first_measured_on: '2025-01-05',
        first_score: 3,
        last_measured_on: '2025-06-30',
        last_score: 3,
        delta: 0,
        outcome: 'stable',
      },
      {
        trajectory_key: 4,
        domain_code: 'financien',
        first_measured_on: '2025-01-30',
        first_score: 4,
        last_measured_on: '2025-05-30',
        last_score: 2,
        delta: -2,
        outcome: 'declined',
      },
    ]);
  });

  it('flips the sign for an instrument where lower is better', async () => {
    await t.wh.run(`UPDATE dim_instrument_domain SET higher_is_better = false WHERE instrument = 'zrm'`);
    await t.build('fct_outcome_change');
    const rows = await t.rows<{ delta: number; outcome: string }>(
      `SELECT delta, outcome FROM fct_outcome_change WHERE trajectory_key = 4`,
    );
    expect(rows).toEqual([{ delta: 2, outcome: 'improved' }]);
    await t.build('dim_instrument_domain');
    await t.build('fct_outcome_change');
  });
});
