import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestWarehouse, testWarehouse } from '../../helpers/test-warehouse.ts';

// Worked by hand (DESIGN.md §6, trajectories). All in Utrecht (GM0344), service AMW unless noted.
//   T1 client 1: 2025-01-10 → 2025-02-20 goals_met   (41 days)
//   T2 client 2: 2025-02-01 → 2025-03-31 no_contact  (58 days)
//   T3 client 1: 2025-05-01 → (open)                  a repeat of T1: starts 70 days after its end
//   T4 client 3: 2024-11-15 → 2025-01-05 client_stopped (51 days)
//   T5 client 4: 2025-03-01 → 2025-03-31 goals_met   (30 days); client 4 returns on 2026-04-01,
//      366 days after the end: not a repeat request
//   T6 client 4: 2026-04-01 → (open)
//   T7 client 5, service BW (collective): never in ind_trajectory
let t: TestWarehouse;

const trajectory = (
  key: number,
  client: number,
  start: string,
  end: string | null,
  reason: string | null,
  service = 'AMW',
) => ({
  trajectory_key: key,
  source_system: 'test',
  source_trajectory_id: `T${key}`,
  client_id: client,
  client_key: client,
  service_code: service,
  municipality_code: 'GM0344',
  start_date: start,
  end_date: end,
  is_closed: end !== null,
  closure_reason: reason,
  duration_days: end ? Math.round((Date.parse(end) - Date.parse(start)) / 86_400_000) : null,
});

beforeAll(async () => {
  t = await testWarehouse();
  await t.insert('fct_trajectory', [
    trajectory(1, 1, '2025-01-10', '2025-02-20', 'goals_met'),
    trajectory(2, 2, '2025-02-01', '2025-03-31', 'no_contact'),
    trajectory(3, 1, '2025-05-01', null, null),
    trajectory(4, 3, '2024-11-15', '2025-01-05', 'client_stopped'),
    trajectory(5, 4, '2025-03-01', '2025-03-31', 'goals_met'),
    trajectory(6, 4, '2026-04-01', null, null),
    trajectory(7, 5, '2025-01-01', '2025-06-01', 'goals_met', 'BW'),
  ]);
  await t.insert('fct_contact', [
    { source_system: 'test', source_contact_id: 'x', client_id: 1, contact_date: '2026-06-01' },
  ]);
  await t.build('dim_date');
  await t.build('dim_service');
  await t.build('ind_trajectory');
});
afterAll(() => t.close());

const cells = (where: string) =>
  t.rows(
    `SELECT period_start, started, closed, active_at_end, goal_attainment_rate, dropout_rate, repeat_request_rate,
            median_duration_days
     FROM ind_trajectory WHERE ${where} ORDER BY period_start`,
  );

describe('ind_trajectory', () => {
  it('counts started, closed and running trajectories per quarter, with the rates of those closed', async () => {
    expect(
      await cells(`period_type = 'quarter' AND period_start BETWEEN '2024-10-01' AND '2025-04-01'`),
    ).toEqual([
      // 2024-Q4: T4 started and is still running on 31 Dec
      {
        period_start: '2024-10-01',
        started: 1,
        closed: 0,
        active_at_end: 1,
        goal_attainment_rate: null,
        dropout_rate: null,
        repeat_request_rate: null,
        median_duration_days: null,
      },
      // 2025-Q1: started T1 T2 T5; closed T4 T1 T2 T5; nothing running on 31 Mar (T2 and T5 end
      // that day). goals_met 2/4; dropout (client_stopped, no_contact) 2/4; T1 is followed by
      // T3 within 365 days: 1/4. Durations 51, 41, 58, 30 → median 46.
      {
        period_start: '2025-01-01',
        started: 3,
        closed: 4,
        active_at_end: 0,
        goal_attainment_rate: 0.5,
        dropout_rate: 0.5,
        repeat_request_rate: 0.25,
        median_duration_days: 46,
      },
      // 2025-Q2: T3 started and runs on
      {
        period_start: '2025-04-01',
        started: 1,
        closed: 0,
        active_at_end: 1,
        goal_attainment_rate: null,
        dropout_rate: null,
        repeat_request_rate: null,
        median_duration_days: null,
      },
    ]);
  });

  it('treats a period end as inclusive: ending on the last day is closed, not active', async () => {
    const [march] = await cells(`period_type = 'month' AND period_start = '2025-03-01'`);
    expect(march).toMatchObject({ started: 1, closed: 2, active_at_end: 0 });
  });

  it('counts a return after more than 365 days as a new request, not a repeat', async () => {
    const [year] = await cells(`period_type = 'year' AND period_start = '2025-01-01'`);
    // closed in 2025: T4, T1, T2, T5; only T1 has a repeat (T3)
    expect(year).toMatchObject({ closed: 4, repeat_request_rate: 0.25, active_at_end: 1 });
  });

  it('keeps collective services out and leaves out periods with nothing going on', async () => {
    const services = await t.rows<{ service_code: string }>(
      'SELECT DISTINCT service_code FROM ind_trajectory',
    );
    expect(services).toEqual([{ service_code: 'AMW' }]);
    const [q3] = await cells(`period_type = 'quarter' AND period_start = '2025-07-01'`);
    expect(q3).toMatchObject({ started: 0, closed: 0, active_at_end: 1 });
  });
});
