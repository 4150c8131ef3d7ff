import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareSuppression } from '../../../pipelines/steps/publish.ts';
import { transformsDir } from '../../../pipelines/steps/transform.ts';
import { readSqlFile } from '../../../sql/sql-file.ts';
import { type TestWarehouse, testWarehouse } from '../../helpers/test-warehouse.ts';

// Worked out by hand (DESIGN.md §6, societal return). Everything in Utrecht (GM0344).
//
// Outcome cases (our own rules, shaped like the shipped ones):
//   debt   SHV trajectory closed goals_met
//   fin    ZRM financien improved
//   house  ZRM huisvesting improved
//   young  ZRM werk_opleiding improved, age_at_start ≤ 26
//
// Proxies (set 'test'); value per case = value × (1−dw) × (1−attr) × (1−disp) × Σ(1−drop)^y:
//   valid_from 2024-01-01
//     debt   1000 × 0.5 × 0.5 × 1 × 1                       = 250
//     fin     400 × 0.5 × 1   × 1 × (1 + 0.5 + 0.25) = 200 × 1.75 = 350   (drop-off 0.5, 3 years)
//     house   800 × 0.75 × 0.5 × 0.5 × (1 + 1)              = 300   (no drop-off, 2 years)
//     young   100 × 1 × 1 × 1 × 1                           = 100
//   valid_from 2025-01-01 (exactly 1 January: used for 2025)
//     debt   2000 × 0.5 × 0.5                               = 500
//     fin     800 × 0.5 × 1.75                              = 700
//     house, young as before                                 = 300, 100
//   valid_from 2025-07-01 (mid-year: not for 2025, but for 2026), values debt only
//     debt   4000 × 0.5 × 0.5                               = 1000
//
// Trajectories (closure year = year of end_date):
//   T0 SHV 2023-05-01 → 2023-10-01 goals_met          debt; 2023 has no proxy version at all
//   T1 SHV 2024-03-01 → 2024-12-31 goals_met, financien and huisvesting improved
//                                                      debt + fin + house (one trajectory, three outcomes)
//   T2 SHV 2024-06-01 → 2025-01-01 goals_met, financien improved   debt + fin, in 2025 (new version)
//   T3 SHV 2025-02-01 → 2025-05-01 client_stopped, financien improved   fin
//   T4 SHV 2025-03-01 → 2025-09-30 referred, werk_opleiding improved, age 26   young
//   T5 SHV 2025-03-01 → 2025-10-31 referred, werk_opleiding improved, age 27, financien stable
//                                                      no case of anything
//   T6 AMW 2025-01-10 → 2025-06-30 goals_met, huisvesting improved   house (debt rule is SHV only)
//   T7 AMW 2025-01-10 → 2025-07-31 goals_met, financien declined     no case
//   T8 SHV 2026-01-15 → 2026-03-10 goals_met          debt, with the 2025-07-01 version
//   T9 SHV 2026-02-01 → (open)                         not closed: not counted
//   T10 BW (collective) 2025-01-01 → 2025-06-01 goals_met   collective services are not valued
// Budgets: SHV 2024 1800, SHV 2025 8000, SHV 2026 4000; AMW has none (cost and ratio NULL).
// Last date with data: a contact on 2026-04-30 (later than any end_date or measured_on).
let t: TestWarehouse;

const trajectory = (
  key: number,
  service: string,
  start: string,
  end: string | null,
  reason: string | null,
  age = 40,
) => ({
  trajectory_key: key,
  source_system: 'test',
  source_trajectory_id: `T${key}`,
  client_id: key,
  client_key: key,
  service_code: service,
  municipality_code: 'GM0344',
  start_date: start,
  end_date: end,
  is_closed: end !== null,
  closure_reason: reason,
  age_at_start: age,
});
const change = (key: number, domain: string, outcome: string) => ({
  trajectory_key: key,
  instrument: 'zrm',
  domain_code: domain,
  outcome,
});
const proxy = (
  validFrom: string,
  outcome: string,
  value: number,
  [deadweight, attribution, displacement, dropOff, years]: [number, number, number, number, number],
) => ({
  proxy_set: 'test',
  valid_from: validFrom,
  outcome,
  value_eur: String(value),
  deadweight: String(deadweight),
  attribution: String(attribution),
  displacement: String(displacement),
  drop_off: String(dropOff),
  benefit_years: String(years),
  status: 'test',
  source: `test proxy ${outcome} ${validFrom}`,
});
const rule = (outcome: string, r: Record<string, string>) => ({ outcome, description: outcome, ...r });

const caseRules = [
  rule('debt', { rule: 'closure_reason', service_code: 'SHV', closure_reason: 'goals_met' }),
  rule('fin', { rule: 'domain_improved', instrument: 'zrm', domain_code: 'financien' }),
  rule('house', { rule: 'domain_improved', instrument: 'zrm', domain_code: 'huisvesting' }),
  rule('young', {
    rule: 'domain_improved',
    instrument: 'zrm',
    domain_code: 'werk_opleiding',
    max_age_at_start: '26',
  }),
];
const proxies = [
  proxy('2024-01-01', 'debt', 1000, [0.5, 0.5, 0, 0, 1]),
  proxy('2024-01-01', 'fin', 400, [0.5, 0, 0, 0.5, 3]),
  proxy('2024-01-01', 'house', 800, [0.25, 0.5, 0.5, 0, 2]),
  proxy('2024-01-01', 'young', 100, [0, 0, 0, 0, 1]),
  proxy('2025-01-01', 'debt', 2000, [0.5, 0.5, 0, 0, 1]),
  proxy('2025-01-01', 'fin', 800, [0.5, 0, 0, 0.5, 3]),
  proxy('2025-01-01', 'house', 800, [0.25, 0.5, 0.5, 0, 2]),
  proxy('2025-01-01', 'young', 100, [0, 0, 0, 0, 1]),
  proxy('2025-07-01', 'debt', 4000, [0.5, 0.5, 0, 0, 1]),
];

beforeAll(async () => {
  t = await testWarehouse();
  await t.insert('ref.outcome_case', caseRules);
  await t.insert('ref.proxy', proxies);
  await t.insert('fct_trajectory', [
    trajectory(0, 'SHV', '2023-05-01', '2023-10-01', 'goals_met'),
    trajectory(1, 'SHV', '2024-03-01', '2024-12-31', 'goals_met'),
    trajectory(2, 'SHV', '2024-06-01', '2025-01-01', 'goals_met'),
    trajectory(3, 'SHV', '2025-02-01', '2025-05-01', 'client_stopped'),
    trajectory(4, 'SHV', '2025-03-01', '2025-09-30', 'referred', 26),
    trajectory(5, 'SHV', '2025-03-01', '2025-10-31', 'referred', 27),
    trajectory(6, 'AMW', '2025-01-10', '2025-06-30', 'goals_met'),
    trajectory(7, 'AMW', '2025-01-10', '2025-07-31', 'goals_met'),
    trajectory(8, 'SHV', '2026-01-15', '2026-03-10', 'goals_met'),
    trajectory(9, 'SHV', '2026-02-01', null, null),
    trajectory(10, 'BW', '2025-01-01', '2025-06-01', 'goals_met'),
  ]);
  await t.insert('fct_outcome_change', [
    change(1, 'financien', 'improved'),
    change(1, 'huisvesting', 'improved'),
    change(2, 'financien', 'improved'),
    change(3, 'financien', 'improved'),
    change(4, 'werk_opleiding', 'improved'),
    change(5, 'werk_opleiding', 'improved'),
    change(5, 'financien', 'stable'),
    change(6, 'huisvesting', 'improved'),
    change(7, 'financien', 'declined'),
  ]);
  await t.insert('fct_budget', [
    { year: 2024, municipality_code: 'GM0344', service_code: 'SHV', cost_eur: 1800 },
    { year: 2025, municipality_code: 'GM0344', service_code: 'SHV', cost_eur: 8000 },
    { year: 2026, municipality_code: 'GM0344', service_code: 'SHV', cost_eur: 4000 },
  ]);
  await t.insert('fct_contact', [
    {
      source_system: 'test',
      source_contact_id: 'c1',
      client_id: 9,
      service_code: 'SHV',
      contact_date: '2026-04-30',
    },
  ]);
  await t.insert('fct_outcome_score', [
    {
      source_system: 'test',
      client_id: 8,
      instrument: 'zrm',
      domain_code: 'financien',
      measured_on: '2026-03-01',
      score: 3,
    },
  ]);
  await t.build('ind_social_return');
});
afterAll(() => t.close());

type Row = Record<string, unknown>;
const cell = (service: string, year: number, columns: string) =>
  t.rows(
    `SELECT outcome, ${columns} FROM ind_social_return
     WHERE service_code = '${service}' AND period_start = '${year}-01-01'
     ORDER BY outcome = '*', outcome`,
  );

describe('ind_social_return', () => {
  it('books a trajectory as a case of several outcomes, and counts it once in the total', async () => {
    // 2024, version 2024-01-01: T1 is debt + fin + house; total 250 + 350 + 300 + 0 = 900,
    // cost 1800 → ratio 0.5; each outcome's ratio is its share: 250/1800, 350/1800, 300/1800.
    expect(await cell('SHV', 2024, 'cases, value_per_case_eur, benefit_eur, cost_eur, return_ratio')).toEqual(
      [
        {
          outcome: 'debt',
          cases: 1,
          value_per_case_eur: 250,
          benefit_eur: 250,
          cost_eur: 1800,
          return_ratio: 250 / 1800,
        },
        {
          outcome: 'fin',
          cases: 1,
          value_per_case_eur: 350,
          benefit_eur: 350,
          cost_eur: 1800,
          return_ratio: 350 / 1800,
        },
        {
          outcome: 'house',
          cases: 1,
          value_per_case_eur: 300,
          benefit_eur: 300,
          cost_eur: 1800,
          return_ratio: 300 / 1800,
        },
        {
          outcome: 'young',
          cases: 0,
          value_per_case_eur: 100,
          benefit_eur: 0,
          cost_eur: 1800,
          return_ratio: 0,
        },
        {
          outcome: '*',
          cases: 1,
          value_per_case_eur: null,
          benefit_eur: 900,
          cost_eur: 1800,
          return_ratio: 0.5,
        },
      ],
    );
  });

  it('counts distinct trajectories on the total row, not the sum of the outcome cases', async () => {
    // 2025, version 2025-01-01 (T2 closed on 1 January 2025 takes it too):
    //   debt  T2          1 × 500 =  500
    //   fin   T2, T3      2 × 700 = 1400
    //   house –                       0
    //   young T4 (26; T5 is 27)  1 × 100 = 100
    //   total T2, T3, T4 = 3 trajectories (outcome cases add up to 4), 2000; cost 8000 → 0.25
    expect(await cell('SHV', 2025, 'cases, benefit_eur, cost_eur, return_ratio, proxy_valid_from')).toEqual([
      {
        outcome: 'debt',
        cases: 1,
        benefit_eur: 500,
        cost_eur: 8000,
        return_ratio: 0.0625,
        proxy_valid_from: '2025-01-01',
      },
      {
        outcome: 'fin',
        cases: 2,
        benefit_eur: 1400,
        cost_eur: 8000,
        return_ratio: 0.175,
        proxy_valid_from: '2025-01-01',
      },
      {
        outcome: 'house',
        cases: 0,
        benefit_eur: 0,
        cost_eur: 8000,
        return_ratio: 0,
        proxy_valid_from: '2025-01-01',
      },
      {
        outcome: 'young',
        cases: 1,
        benefit_eur: 100,
        cost_eur: 8000,
        return_ratio: 0.0125,
        proxy_valid_from: '2025-01-01',
      },
      {
        outcome: '*',
        cases: 3,
        benefit_eur: 2000,
        cost_eur: 8000,
        return_ratio: 0.25,
        proxy_valid_from: '2025-01-01',
      },
    ]);
  });

  it('publishes the proxy inputs next to the benefit, with the drop-off summed over the benefit years', async () => {
    const [fin] = await t.rows(
      `SELECT * EXCLUDE (municipality_code, service_code, period_end, cost_eur, return_ratio, data_through,
                         outcome_description)
       FROM ind_social_return WHERE service_code = 'SHV' AND period_start = '2025-01-01' AND outcome = 'fin'`,
    );
    // Σ_{y=0}^{2} 0.5^y = 1 + 0.5 + 0.25 = 1.75; 800 × (1 − 0.5) × 1 × 1 × 1.75 = 700 per case
    expect(fin).toEqual({
      period_type: 'year',
      period_start: '2025-01-01',
      outcome: 'fin',
      cases: 2,
      value_eur: 800,
      deadweight: 0.5,
      attribution: 0,
      displacement: 0,
      drop_off: 0.5,
      benefit_years: 3,
      duration_factor: 1.75,
      value_per_case_eur: 700,
      benefit_eur: 1400,
      proxy_set: 'test',
      proxy_valid_from: '2025-01-01',
      proxy_status: 'test',
      proxy_source: 'test proxy fin 2025-01-01',
    });
  });

  it('takes the version valid on 1 January: the old one on 31 December, a mid-year one only the next year', async () => {
    const versions = await t.rows(
      `SELECT year(period_start) AS year, proxy_valid_from, value_eur FROM ind_social_return
       WHERE service_code = 'SHV' AND outcome = 'debt' ORDER BY period_start`,
    );
    expect(versions).toEqual([
      { year: 2023, proxy_valid_from: null, value_eur: null }, // before the first version
      { year: 2024, proxy_valid_from: '2024-01-01', value_eur: 1000 }, // T1 closed 2024-12-31
      { year: 2025, proxy_valid_from: '2025-01-01', value_eur: 2000 }, // T2 closed 2025-01-01
      { year: 2026, proxy_valid_from: '2025-07-01', value_eur: 4000 }, // 2025-07-01 ≤ 2026-01-01
    ]);
  });

  it('leaves the benefit NULL when an outcome with cases has no proxy, and 0 when it has no cases', async () => {
    // 2023: no version. debt has 1 case (T0) but no value → NULL, and so the total.
    // 2026: the 2025-07-01 version values only debt: 1 × 1000; fin/house/young have no value but
    // no cases either → 0. Total 1000, cost 4000 → 0.25.
    expect(await cell('SHV', 2023, 'cases, value_eur, benefit_eur, cost_eur, return_ratio')).toEqual([
      { outcome: 'debt', cases: 1, value_eur: null, benefit_eur: null, cost_eur: null, return_ratio: null },
      { outcome: 'fin', cases: 0, value_eur: null, benefit_eur: 0, cost_eur: null, return_ratio: null },
      { outcome: 'house', cases: 0, value_eur: null, benefit_eur: 0, cost_eur: null, return_ratio: null },
      { outcome: 'young', cases: 0, value_eur: null, benefit_eur: 0, cost_eur: null, return_ratio: null },
      { outcome: '*', cases: 1, value_eur: null, benefit_eur: null, cost_eur: null, return_ratio: null },
    ]);
    expect(await cell('SHV', 2026, 'cases, value_eur, benefit_eur, return_ratio')).toEqual([
      { outcome: 'debt', cases: 1, value_eur: 4000, benefit_eur: 1000, return_ratio: 0.25 },
      { outcome: 'fin', cases: 0, value_eur: null, benefit_eur: 0, return_ratio: 0 },
      { outcome: 'house', cases: 0, value_eur: null, benefit_eur: 0, return_ratio: 0 },
      { outcome: 'young', cases: 0, value_eur: null, benefit_eur: 0, return_ratio: 0 },
      { outcome: '*', cases: 1, value_eur: null, benefit_eur: 1000, return_ratio: 0.25 },
    ]);
  });

  it('applies a rule for one service only to that service, and has no cost or ratio without a budget', async () => {
    // AMW 2025: no debt row (the debt rule is SHV only); house T6 1 × 300; T7 is no case.
    expect(await cell('AMW', 2025, 'cases, benefit_eur, cost_eur, return_ratio')).toEqual([
      { outcome: 'fin', cases: 0, benefit_eur: 0, cost_eur: null, return_ratio: null },
      { outcome: 'house', cases: 1, benefit_eur: 300, cost_eur: null, return_ratio: null },
      { outcome: 'young', cases: 0, benefit_eur: 0, cost_eur: null, return_ratio: null },
      { outcome: '*', cases: 1, benefit_eur: 300, cost_eur: null, return_ratio: null },
    ]);
  });

  it('shows how far a year has data, and leaves collective services out', async () => {
    expect(
      await t.rows(
        `SELECT DISTINCT service_code, period_start, period_end, data_through FROM ind_social_return
         ORDER BY service_code, period_start`,
      ),
    ).toEqual([
      {
        service_code: 'AMW',
        period_start: '2025-01-01',
        period_end: '2025-12-31',
        data_through: '2025-12-31',
      },
      {
        service_code: 'SHV',
        period_start: '2023-01-01',
        period_end: '2023-12-31',
        data_through: '2023-12-31',
      },
      {
        service_code: 'SHV',
        period_start: '2024-01-01',
        period_end: '2024-12-31',
        data_through: '2024-12-31',
      },
      {
        service_code: 'SHV',
        period_start: '2025-01-01',
        period_end: '2025-12-31',
        data_through: '2025-12-31',
      },
      // the last data is a contact on 2026-04-30 (later than T8's end and the 2026-03-01 score)
      {
        service_code: 'SHV',
        period_start: '2026-01-01',
        period_end: '2026-12-31',
        data_through: '2026-04-30',
      },
    ]);
  });

  it('publishes with cases from 1 to min_cell − 1 hidden, and the euros derived from them', async () => {
    const published = readSqlFile(join(transformsDir, 'publish', 'ind_social_return.sql')).sql;
    await prepareSuppression(t.wh, 3);
    // SHV 2025 with min_cell 3: debt 1 and young 1 and fin 2 hidden; house 0 shown; total 3 cases shown.
    // cost_eur and the proxy inputs are not counts of people and stay.
    expect(
      await t.rows(
        `SELECT outcome, year, cases, value_per_case_eur, benefit_eur, cost_eur, return_ratio, suppressed
         FROM (${published}) WHERE service_code = 'SHV' AND period_start = '2025-01-01'
         ORDER BY outcome = '*', outcome`,
      ),
    ).toEqual([
      {
        outcome: 'debt',
        year: 2025,
        cases: null,
        value_per_case_eur: 500,
        benefit_eur: null,
        cost_eur: 8000,
        return_ratio: null,
        suppressed: true,
      },
      {
        outcome: 'fin',
        year: 2025,
        cases: null,
        value_per_case_eur: 700,
        benefit_eur: null,
        cost_eur: 8000,
        return_ratio: null,
        suppressed: true,
      },
      {
        outcome: 'house',
        year: 2025,
        cases: 0,
        value_per_case_eur: 300,
        benefit_eur: 0,
        cost_eur: 8000,
        return_ratio: 0,
        suppressed: false,
      },
      {
        outcome: 'young',
        year: 2025,
        cases: null,
        value_per_case_eur: 100,
        benefit_eur: null,
        cost_eur: 8000,
        return_ratio: null,
        suppressed: true,
      },
      // complementary suppression: with outcome rows hidden, the total's benefit (2000) and
      // ratio would give them back (2000 − 0 visible = 500·debt + 700·fin + 100·young cases)
      {
        outcome: '*',
        year: 2025,
        cases: 3,
        value_per_case_eur: null,
        benefit_eur: null,
        cost_eur: 8000,
        return_ratio: null,
        suppressed: true,
      },
    ]);
  });

  it('stops with a message a person can act on when a rule or a proxy is misconfigured', async () => {
    try {
      await t.insert('ref.outcome_case', [rule('debt', { rule: 'closure', closure_reason: 'goals_met' })]);
      await expect(t.build('ind_social_return')).rejects.toThrow(
        /ref_outcome_case\.csv · outcome 'debt' · rule 'closure' is not a rule this model knows/,
      );
      await t.insert('ref.outcome_case', [
        rule('young', {
          rule: 'domain_improved',
          instrument: 'zrm',
          domain_code: 'werk_opleiding',
          max_age_at_start: '<27',
        }),
      ]);
      await expect(t.build('ind_social_return')).rejects.toThrow(
        /outcome 'young' · max_age_at_start '<27' is not a whole number \(a client under 27 is 26/,
      );
      await t.insert('ref.outcome_case', caseRules);
      await t.insert('ref.proxy', [proxy('2024-01-01', 'debt', 1000, [25, 0, 0, 0, 1])]);
      await expect(t.build('ind_social_return')).rejects.toThrow(
        /ref_proxy\.csv · outcome 'debt': .*write 25 % as 0\.25.*found valid_from 2024-01-01, value_eur 1000, deadweight 25,/,
      );
      await t.insert('ref.proxy', [
        { ...proxy('2024-01-01', 'debt', 0, [0, 0, 0, 0, 1]), value_eur: '3.000,00' },
      ]);
      await expect(t.build('ind_social_return')).rejects.toThrow(/outcome 'debt': .*value_eur 3\.000,00,/);
      await t.insert('ref.proxy', [proxies[0]!, proxies[0]!]);
      await expect(t.build('ind_social_return')).rejects.toThrow(
        /outcome 'debt': the version has more than one row for this outcome; keep one/,
      );
    } finally {
      await t.insert('ref.outcome_case', caseRules);
      await t.insert('ref.proxy', proxies);
      await t.build('ind_social_return');
    }
  });
});

describe('the shipped proxy set and outcome cases', () => {
  let shipped: TestWarehouse;
  beforeAll(async () => {
    shipped = await testWarehouse();
  });
  afterAll(() => shipped.close());

  it('is illustrative, has two versions, values every configured outcome in each, and says where it comes from', async () => {
    const versions = await shipped.rows<Row>(
      `SELECT valid_from, count(*) AS outcomes, bool_and(status = 'illustrative') AS illustrative,
              bool_and(source ILIKE '%illustrative%' AND source ILIKE '%replace%') AS says_so
       FROM ref.proxy GROUP BY valid_from ORDER BY valid_from`,
    );
    expect(versions).toEqual([
      { valid_from: '2020-01-01', outcomes: 4, illustrative: true, says_so: true },
      { valid_from: '2025-01-01', outcomes: 4, illustrative: true, says_so: true },
    ]);
    const unvalued = await shipped.rows(
      `SELECT DISTINCT c.outcome, p.valid_from FROM ref.outcome_case c CROSS JOIN (SELECT DISTINCT valid_from FROM ref.proxy) p
       ANTI JOIN ref.proxy q ON q.outcome = c.outcome AND q.valid_from = p.valid_from`,
    );
    expect(unvalued).toEqual([]);
  });

  it('builds with them: the four cases of DESIGN.md valued with the 2025 version', async () => {
    await shipped.insert('fct_trajectory', [
      trajectory(1, 'SHV', '2025-01-01', '2025-06-30', 'goals_met', 20),
    ]);
    await shipped.insert('fct_outcome_change', [
      change(1, 'financien', 'improved'),
      change(1, 'huisvesting', 'improved'),
      change(1, 'werk_opleiding', 'improved'),
    ]);
    await shipped.build('ind_social_return');
    const rows = await shipped.rows<Row>(
      `SELECT outcome, cases, proxy_valid_from, proxy_status, benefit_eur > 0 AS has_benefit
       FROM ind_social_return ORDER BY outcome = '*', outcome`,
    );
    expect(rows).toEqual([
      {
        outcome: 'debt_resolved',
        cases: 1,
        proxy_valid_from: '2025-01-01',
        proxy_status: 'illustrative',
        has_benefit: true,
      },
      {
        outcome: 'financial_self_reliance',
        cases: 1,
        proxy_valid_from: '2025-01-01',
        proxy_status: 'illustrative',
        has_benefit: true,
      },
      {
        outcome: 'housing_stabilised',
        cases: 1,
        proxy_valid_from: '2025-01-01',
        proxy_status: 'illustrative',
        has_benefit: true,
      },
      {
        outcome: 'youth_work_or_education',
        cases: 1,
        proxy_valid_from: '2025-01-01',
        proxy_status: 'illustrative',
        has_benefit: true,
      },
      {
        outcome: '*',
        cases: 1,
        proxy_valid_from: '2025-01-01',
        proxy_status: 'illustrative',
        has_benefit: true,
      },
    ]);
  });
});
