import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestWarehouse, testWarehouse } from '../../helpers/test-warehouse.ts';

// Worked by hand (DESIGN.md §6, collective activities): three sessions of buurtwerk in
// Zeist (GM0355), one without a headcount.
let t: TestWarehouse;
const session = (date: string, participants: number | null, volunteers: number, hours: number) => ({
  activity_key: Date.parse(date),
  source_system: 'test',
  activity_date: date,
  service_code: 'BW',
  activity_name: 'Taalcafé',
  municipality_code: 'GM0355',
  participants,
  volunteers,
  volunteer_hours: hours,
});

beforeAll(async () => {
  t = await testWarehouse();
  await t.insert('fct_activity', [
    session('2025-01-07', 12, 2, 4),
    session('2025-01-14', 9, 3, 4.5),
    session('2025-02-04', null, 1, 2),
  ]);
  await t.build('ind_activity');
});
afterAll(() => t.close());

describe('ind_activity', () => {
  it('sums sessions, headcounts, volunteers and hours per month and quarter', async () => {
    expect(
      await t.rows(
        `SELECT period_type, period_start, period_end, sessions, participants, avg_participants, volunteers, volunteer_hours
         FROM ind_activity WHERE period_type IN ('month', 'quarter') ORDER BY period_type, period_start`,
      ),
    ).toEqual([
      {
        period_type: 'month',
        period_start: '2025-01-01',
        period_end: '2025-01-31',
        sessions: 2,
        participants: 21,
        avg_participants: 10.5,
        volunteers: 5,
        volunteer_hours: 8.5,
      },
      {
        period_type: 'month',
        period_start: '2025-02-01',
        period_end: '2025-02-28',
        sessions: 1,
        participants: 0,
        avg_participants: 0,
        volunteers: 1,
        volunteer_hours: 2,
      },
      // 21 participants over 3 sessions: the session without a headcount counts as 0 → 7
      {
        period_type: 'quarter',
        period_start: '2025-01-01',
        period_end: '2025-03-31',
        sessions: 3,
        participants: 21,
        avg_participants: 7,
        volunteers: 6,
        volunteer_hours: 10.5,
      },
    ]);
  });
});
