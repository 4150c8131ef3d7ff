import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestWarehouse, testWarehouse } from '../../helpers/test-warehouse.ts';

// Worked out by hand (DESIGN.md §6, reach). Two services in Utrecht (GM0344), one in Houten.
//   client 1: AMW contacts 2025-01-03 (30 min), 2025-02-10 (60 min), 2025-04-01 (45 min)
//   client 2: AMW contact 2025-02-14 (90 min, no duration recorded on a second: NULL)
//             and its first-ever AMW contact was in 2024-12 in Houten (another municipality)
//   client 3: SHV contact 2025-03-31 (120 min)
//   client 4: BW (collective service): never in ind_reach
let t: TestWarehouse;

const contact = (
  client: number,
  service: string,
  municipality: string,
  date: string,
  minutes: number | null,
) => ({
  source_system: 'test',
  source_contact_id: `${client}-${date}-${service}`,
  client_id: client,
  client_key: client,
  service_code: service,
  municipality_code: municipality,
  contact_date: date,
  duration_min: minutes,
});

beforeAll(async () => {
  t = await testWarehouse();
  await t.insert('fct_contact', [
    contact(1, 'AMW', 'GM0344', '2025-01-03', 30),
    contact(1, 'AMW', 'GM0344', '2025-02-10', 60),
    contact(1, 'AMW', 'GM0344', '2025-04-01', 45),
    contact(2, 'AMW', 'GM0321', '2024-12-20', 15),
    contact(2, 'AMW', 'GM0344', '2025-02-14', 90),
    contact(2, 'AMW', 'GM0344', '2025-02-15', null),
    contact(3, 'SHV', 'GM0344', '2025-03-31', 120),
    contact(4, 'BW', 'GM0344', '2025-03-01', 60),
  ]);
  await t.build('dim_service');
  await t.build('ind_reach');
});
afterAll(() => t.close());

const reach = (where: string) =>
  t.rows(
    `SELECT municipality_code, service_code, period_start, period_end, reached_clients, new_clients, contacts,
            contact_hours, contacts_per_client
     FROM ind_reach WHERE ${where} ORDER BY municipality_code, service_code, period_start`,
  );

describe('ind_reach', () => {
  it('counts a client once per quarter, however many contacts', async () => {
    expect(
      await reach(`period_type = 'quarter' AND municipality_code = 'GM0344' AND service_code = 'AMW'`),
    ).toEqual([
      {
        municipality_code: 'GM0344',
        service_code: 'AMW',
        period_start: '2025-01-01',
        period_end: '2025-03-31',
        reached_clients: 2,
        new_clients: 1, // client 2 first had AMW in 2024-12 (in Houten): not new
        contacts: 4,
        contact_hours: 3, // (30 + 60 + 90 + NULL→0) / 60
        contacts_per_client: 2,
      },
      {
        municipality_code: 'GM0344',
        service_code: 'AMW',
        period_start: '2025-04-01',
        period_end: '2025-06-30',
        reached_clients: 1,
        new_clients: 0,
        contacts: 1,
        contact_hours: 0.75,
        contacts_per_client: 1,
      },
    ]);
  });

  it('takes new clients per service over every municipality, and months end on their last day', async () => {
    expect(await reach(`period_type = 'month' AND municipality_code = 'GM0321'`)).toEqual([
      {
        municipality_code: 'GM0321',
        service_code: 'AMW',
        period_start: '2024-12-01',
        period_end: '2024-12-31',
        reached_clients: 1,
        new_clients: 1,
        contacts: 1,
        contact_hours: 0.25,
        contacts_per_client: 1,
      },
    ]);
  });

  it('has a year row per municipality and service, and leaves collective services out', async () => {
    const years = await reach(`period_type = 'year' AND period_start = '2025-01-01'`);
    expect(years.map((r) => [r.municipality_code, r.service_code, r.reached_clients, r.contacts])).toEqual([
      ['GM0344', 'AMW', 2, 5],
      ['GM0344', 'SHV', 1, 1],
    ]);
  });
});
