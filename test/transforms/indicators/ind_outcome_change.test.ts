import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareSuppression } from '../../../pipelines/steps/publish.ts';
import { transformsDir } from '../../../pipelines/steps/transform.ts';
import { type TestWarehouse, testWarehouse } from '../../helpers/test-warehouse.ts';

// Worked out by hand (DESIGN.md §6, outcome change). All in Utrecht (GM0344).
// ZRM: 1–5, higher is better, threshold 1. A custom instrument "lastmeter" (0–10, LOWER is
// better, threshold 2) is added as reference data, no code.
//
//   T1 client 1 AMW 2025-01-06 → 2025-04-15  financien 2 → 4 (+2 improved)
//                                            huisvesting 3 → 3 (0 stable)
//                                            werk_opleiding 3 → 2 (−1 declined)
//                                            trajectory: 1 improved = 1 declined → stable,
//                                            delta (2 + 0 − 1) / 3 = 1/3
//   T2 client 2 AMW 2025-02-03 → 2025-05-20  financien 1 → 3 (+2 improved)
//                                            huisvesting 2 → 3 (+1 improved)
//                                            trajectory: improved, delta (2 + 1) / 2 = 1.5
//   T3 client 3 AMW 2025-03-03 → 2025-06-10  financien 4 → 2 (−2 declined)
//                                            huisvesting: one measurement only → no pair
//                                            trajectory: declined, delta −2
//   T4 client 4 AMW 2025-03-03 → 2025-06-30  financien: two measurements on 2025-04-01 → no pair;
//                                            closed, so counted in closed_trajectories, not paired
//   T5 client 5 AMW 2025-01-10 → 2025-04-30  financien 1 on 2024-12-10 (start − 31 days) and 5 on
//                                            2025-05-31 (end + 31 days) lie just outside the window;
//                                            inside: 3 → 3 (0 stable); trajectory: stable, delta 0
//   T6 client 6 SHV 2025-03-01 → 2025-08-15  financien 2 → 3 (+1 improved)
//                                            lastmeter 8 → 5: lower is better, delta 8 − 5 = +3 ≥ 2,
//                                            improved
//   T7 client 7 SHV 2025-04-01 → 2025-09-10  financien 3 → 4 (+1 improved)
//                                            lastmeter 4 → 5: delta 4 − 5 = −1 > −2, stable
//   T8 client 8 AMW 2025-05-01 → (open)      a pair, but not closed: not in the population
//   T9 client 9 BW  2025-02-01 → 2025-05-31  collective service: never in ind_outcome_change
//   T10 client 10 AMW 2025-10-01 → 2026-01-14 financien 1 → 5 (+4 improved), huisvesting 4 → 3
//                                            (−1 declined): 1 improved = 1 declined → stable,
//                                            although the mean delta (4 − 1) / 2 = 1.5 ≥ 1
//   T11 client 11 AMW 2025-11-01 → 2026-02-05 financien 2 → 3 (+1), huisvesting 2 → 3 (+1),
//                                            werk_opleiding 4 → 1 (−3): 2 improved > 1 declined →
//                                            improved, although the mean delta (1 + 1 − 3) / 3 = −1/3
//
// t(0.975, df) from the table: df 1 → 12.706205, df 3 → 3.182446.
let t: TestWarehouse;

const trajectory = (key: number, service: string, start: string, end: string | null) => ({
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
  closure_reason: end ? 'goals_met' : null,
});
const score = (
  client: number,
  domain: string,
  date: string,
  value: number,
  moment = 'progress',
  instrument = 'zrm',
) => ({
  source_system: 'test',
  client_id: client,
  client_key: client,
  instrument,
  domain_code: domain,
  measured_on: date,
  moment,
  score: value,
});

const close = (x: number) => expect.closeTo(x, 6);

const columns = `period_start, period_end, instrument, domain_code, closed_trajectories, paired_trajectories,
  coverage, pairs, improved, stable, declined, share_improved, share_stable, share_declined, mean_delta,
  sd_delta, effect_size_dz, df, ci95_low, ci95_high`;

const cells = (where: string) =>
  t.rows(
    `SELECT ${columns} FROM ind_outcome_change WHERE ${where} ORDER BY period_start, instrument, domain_code`,
  );

beforeAll(async () => {
  t = await testWarehouse();
  await t.wh.run(
    `INSERT INTO ref.instrument VALUES ('lastmeter', 'Lastmeter', '0', '10', 'false', '2', 'test instrument')`,
  );
  await t.wh.run(`INSERT INTO ref.instrument_domain VALUES ('lastmeter', 'last', 'Last', '1')`);
  await t.insert('fct_trajectory', [
    trajectory(1, 'AMW', '2025-01-06', '2025-04-15'),
    trajectory(2, 'AMW', '2025-02-03', '2025-05-20'),
    trajectory(3, 'AMW', '2025-03-03', '2025-06-10'),
    trajectory(4, 'AMW', '2025-03-03', '2025-06-30'),
    trajectory(5, 'AMW', '2025-01-10', '2025-04-30'),
    trajectory(6, 'SHV', '2025-03-01', '2025-08-15'),
    trajectory(7, 'SHV', '2025-04-01', '2025-09-10'),
    trajectory(8, 'AMW', '2025-05-01', null),
    trajectory(9, 'BW', '2025-02-01', '2025-05-31'),
    trajectory(10, 'AMW', '2025-10-01', '2026-01-14'),
    trajectory(11, 'AMW', '2025-11-01', '2026-02-05'),
  ]);
  await t.insert('fct_outcome_score', [
    score(1, 'financien', '2025-01-06', 2, 'intake'),
    score(1, 'financien', '2025-04-15', 4, 'exit'),
    score(1, 'huisvesting', '2025-01-06', 3, 'intake'),
    score(1, 'huisvesting', '2025-04-15', 3, 'exit'),
    score(1, 'werk_opleiding', '2025-01-06', 3, 'intake'),
    score(1, 'werk_opleiding', '2025-04-15', 2, 'exit'),
    score(2, 'financien', '2025-02-03', 1, 'intake'),
    score(2, 'financien', '2025-05-20', 3, 'exit'),
    score(2, 'huisvesting', '2025-02-03', 2, 'intake'),
    score(2, 'huisvesting', '2025-05-20', 3, 'exit'),
    score(3, 'financien', '2025-03-03', 4, 'intake'),
    score(3, 'financien', '2025-06-10', 2, 'exit'),
    score(3, 'huisvesting', '2025-03-03', 3, 'intake'),
    score(4, 'financien', '2025-04-01', 2, 'intake'),
    score(4, 'financien', '2025-04-01', 4, 'exit'),
    score(5, 'financien', '2024-12-10', 1),
    score(5, 'financien', '2025-01-10', 3, 'intake'),
    score(5, 'financien', '2025-04-20', 3),
    score(5, 'financien', '2025-05-31', 5),
    score(6, 'financien', '2025-03-01', 2, 'intake'),
    score(6, 'financien', '2025-08-15', 3, 'exit'),
    score(6, 'last', '2025-03-01', 8, 'intake', 'lastmeter'),
    score(6, 'last', '2025-08-15', 5, 'exit', 'lastmeter'),
    score(7, 'financien', '2025-04-01', 3, 'intake'),
    score(7, 'financien', '2025-09-10', 4, 'exit'),
    score(7, 'last', '2025-04-01', 4, 'intake', 'lastmeter'),
    score(7, 'last', '2025-09-10', 5, 'exit', 'lastmeter'),
    score(8, 'financien', '2025-05-01', 1, 'intake'),
    score(8, 'financien', '2025-06-01', 5),
    score(9, 'financien', '2025-02-01', 1, 'intake'),
    score(9, 'financien', '2025-05-31', 5, 'exit'),
    score(10, 'financien', '2025-10-01', 1, 'intake'),
    score(10, 'financien', '2026-01-14', 5, 'exit'),
    score(10, 'huisvesting', '2025-10-01', 4, 'intake'),
    score(10, 'huisvesting', '2026-01-14', 3, 'exit'),
    score(11, 'financien', '2025-11-01', 2, 'intake'),
    score(11, 'financien', '2026-02-05', 3, 'exit'),
    score(11, 'huisvesting', '2025-11-01', 2, 'intake'),
    score(11, 'huisvesting', '2026-02-05', 3, 'exit'),
    score(11, 'werk_opleiding', '2025-11-01', 4, 'intake'),
    score(11, 'werk_opleiding', '2026-02-05', 1, 'exit'),
  ]);
  await t.build('dim_instrument_domain');
  await t.build('fct_outcome_change');
  await t.build('ind_outcome_change');
});
afterAll(() => t.close());

// 2025-Q2, AMW: closed T1 T2 T3 T4 T5 = 5; with ≥ 1 ZRM pair T1 T2 T3 T5 = 4 → coverage 4/5 = 0.8
// (T4's two measurements share a date), on every ZRM row of the cell.
const q2 = { period_start: '2025-04-01', period_end: '2025-06-30', instrument: 'zrm' };
const q2Cell = { ...q2, closed_trajectories: 5, paired_trajectories: 4, coverage: 0.8 };

describe('ind_outcome_change', () => {
  it('reports the change per domain and per trajectory for the trajectories closed in a quarter', async () => {
    expect(
      await cells(`period_type = 'quarter' AND service_code = 'AMW' AND period_start = '2025-04-01'`),
    ).toEqual([
      // Trajectory level, over T1 (stable, 1/3), T2 (improved, 1.5), T3 (declined, −2), T5 (stable, 0):
      //   mean = (1/3 + 3/2 − 2 + 0) / 4 = (−1/6) / 4 = −1/24 = −0.041667
      //   Σx² = 1/9 + 9/4 + 4 + 0 = 229/36; SS = 229/36 − 4 × (1/24)² = 915/144;
      //   var = SS / 3 = 915/432 = 2.118056; sd = 1.455354; dz = −0.041667 / 1.455354 = −0.028630
      //   CI: se = 1.455354 / √4 = 0.727677; 3.182446 × 0.727677 = 2.315793
      //       → −0.041667 ∓ 2.315793 = [−2.357460, 2.274126]
      {
        ...q2Cell,
        domain_code: '*',
        pairs: 4,
        improved: 1,
        stable: 2,
        declined: 1,
        share_improved: 0.25,
        share_stable: 0.5,
        share_declined: 0.25,
        mean_delta: close(-1 / 24),
        sd_delta: close(1.455354),
        effect_size_dz: close(-0.02863),
        df: 3,
        ci95_low: close(-2.35746),
        ci95_high: close(2.274126),
      },
      // financien: deltas +2 (T1), +2 (T2), −2 (T3), 0 (T5); T4 has no pair.
      //   mean = 2/4 = 0.5; deviations 1.5, 1.5, −2.5, −0.5 → SS = 2.25 + 2.25 + 6.25 + 0.25 = 11
      //   var = 11/3; sd = 1.914854; dz = 0.5 / 1.914854 = 0.261116
      //   CI: se = 1.914854 / 2 = 0.957427; 3.182446 × 0.957427 = 3.046960 → [−2.546960, 3.546960]
      {
        ...q2Cell,
        domain_code: 'financien',
        pairs: 4,
        improved: 2,
        stable: 1,
        declined: 1,
        share_improved: 0.5,
        share_stable: 0.25,
        share_declined: 0.25,
        mean_delta: 0.5,
        sd_delta: close(Math.sqrt(11 / 3)),
        effect_size_dz: close(0.261116),
        df: 3,
        ci95_low: close(-2.54696),
        ci95_high: close(3.54696),
      },
      // huisvesting: 0 (T1), +1 (T2); T3 has one measurement only → 2 pairs.
      //   mean 0.5; SS = 0.25 + 0.25 = 0.5 → var 0.5 / 1, sd = √0.5 = 0.707107; dz = 0.707107
      //   CI: se = 0.707107 / √2 = 0.5; 12.706205 × 0.5 = 6.353103 → [−5.853103, 6.853103]
      {
        ...q2Cell,
        domain_code: 'huisvesting',
        pairs: 2,
        improved: 1,
        stable: 1,
        declined: 0,
        share_improved: 0.5,
        share_stable: 0.5,
        share_declined: 0,
        mean_delta: 0.5,
        sd_delta: close(Math.SQRT1_2),
        effect_size_dz: close(Math.SQRT1_2),
        df: 1,
        ci95_low: close(-5.8531025),
        ci95_high: close(6.8531025),
      },
      // werk_opleiding: a single pair (T1, −1): no sd, no effect size, no df, no interval.
      {
        ...q2Cell,
        domain_code: 'werk_opleiding',
        pairs: 1,
        improved: 0,
        stable: 0,
        declined: 1,
        share_improved: 0,
        share_stable: 0,
        share_declined: 1,
        mean_delta: -1,
        sd_delta: null,
        effect_size_dz: null,
        df: null,
        ci95_low: null,
        ci95_high: null,
      },
    ]);
  });

  it('ignores scores just outside [start − 30, end + 30]', async () => {
    // T5 alone closed in April with T1; its financien pair is 3 → 3 (stable), not 1 → 5.
    const [t5] = await t.rows(
      `SELECT first_score, last_score, delta FROM fct_outcome_change WHERE trajectory_key = 5`,
    );
    expect(t5).toEqual({ first_score: 3, last_score: 3, delta: 0 });
    // April, financien: T1 +2, T5 0 → mean 1; SS = 1 + 1 = 2, sd = √2; t(1) × √2 / √2 = 12.706205
    expect(
      await cells(`period_type = 'month' AND service_code = 'AMW' AND period_start = '2025-04-01'
                   AND domain_code = 'financien'`),
    ).toEqual([
      {
        period_start: '2025-04-01',
        period_end: '2025-04-30',
        instrument: 'zrm',
        domain_code: 'financien',
        closed_trajectories: 2,
        paired_trajectories: 2,
        coverage: 1,
        pairs: 2,
        improved: 1,
        stable: 1,
        declined: 0,
        share_improved: 0.5,
        share_stable: 0.5,
        share_declined: 0,
        mean_delta: 1,
        sd_delta: close(Math.SQRT2),
        effect_size_dz: close(1 / Math.SQRT2),
        df: 1,
        ci95_low: close(1 - 12.706205),
        ci95_high: close(1 + 12.706205),
      },
    ]);
  });

  it('classifies a trajectory by counting its improved and declined domains, not by its mean delta', async () => {
    // 2026-Q1: T10 stable (delta 1.5), T11 improved (delta −1/3).
    //   mean = (3/2 − 1/3) / 2 = (7/6) / 2 = 7/12 = 0.583333
    const [q1] = await t.rows(
      `SELECT pairs, improved, stable, declined, mean_delta FROM ind_outcome_change
       WHERE period_type = 'quarter' AND period_start = '2026-01-01' AND domain_code = '*'`,
    );
    expect(q1).toEqual({ pairs: 2, improved: 1, stable: 1, declined: 0, mean_delta: close(7 / 12) });
  });

  it('measures coverage per instrument: closed trajectories with a pair / all closed ones', async () => {
    // June, AMW: closed T3 (a financien pair) and T4 (no pair) → 1/2 on the trajectory row and on
    // financien; huisvesting has no pair in June, so no row.
    const june = await t.rows(
      `SELECT domain_code, closed_trajectories, paired_trajectories, coverage, pairs FROM ind_outcome_change
       WHERE period_type = 'month' AND service_code = 'AMW' AND period_start = '2025-06-01' ORDER BY domain_code`,
    );
    expect(june).toEqual([
      { domain_code: '*', closed_trajectories: 2, paired_trajectories: 1, coverage: 0.5, pairs: 1 },
      { domain_code: 'financien', closed_trajectories: 2, paired_trajectories: 1, coverage: 0.5, pairs: 1 },
    ]);
  });

  it('leaves out periods without closed trajectories, open trajectories and collective services', async () => {
    const months = await t.rows(
      `SELECT DISTINCT service_code, period_start FROM ind_outcome_change WHERE period_type = 'month'
       ORDER BY service_code, period_start`,
    );
    // AMW closed in April (T1, T5), May (T2; T9 is BW), June (T3, T4), January (T10) and
    // February 2026 (T11); SHV in August and September. Nothing closed in July, and T8 (open)
    // brings no row.
    expect(months).toEqual([
      { service_code: 'AMW', period_start: '2025-04-01' },
      { service_code: 'AMW', period_start: '2025-05-01' },
      { service_code: 'AMW', period_start: '2025-06-01' },
      { service_code: 'AMW', period_start: '2026-01-01' },
      { service_code: 'AMW', period_start: '2026-02-01' },
      { service_code: 'SHV', period_start: '2025-08-01' },
      { service_code: 'SHV', period_start: '2025-09-01' },
    ]);
    // May: T2 alone (the BW trajectory T9 closed in May neither counts nor pairs).
    const may = await t.rows<{ closed_trajectories: number; coverage: number }>(
      `SELECT DISTINCT closed_trajectories, coverage FROM ind_outcome_change
       WHERE period_type = 'month' AND period_start = '2025-05-01'`,
    );
    expect(may).toEqual([{ closed_trajectories: 1, coverage: 1 }]);
  });

  it('gives no effect size when every delta is the same (sd = 0), and flips lower-is-better', async () => {
    expect(await cells(`period_type = 'quarter' AND service_code = 'SHV'`)).toEqual([
      // lastmeter (lower is better, threshold 2): T6 8 → 5 = +3 improved, T7 4 → 5 = −1 stable.
      //   mean (3 − 1) / 2 = 1; SS = 2² + 2² = 8 → sd = √8 = 2.828427; dz = 1 / 2.828427 = 0.353553
      //   CI: se = 2.828427 / √2 = 2; 12.706205 × 2 = 25.41241 → [−24.41241, 26.41241]
      ...['*', 'last'].map((domain_code) => ({
        period_start: '2025-07-01',
        period_end: '2025-09-30',
        instrument: 'lastmeter',
        domain_code,
        closed_trajectories: 2,
        paired_trajectories: 2,
        coverage: 1,
        pairs: 2,
        improved: 1,
        stable: 1,
        declined: 0,
        share_improved: 0.5,
        share_stable: 0.5,
        share_declined: 0,
        mean_delta: 1,
        sd_delta: close(Math.sqrt(8)),
        effect_size_dz: close(0.353553),
        df: 1,
        ci95_low: close(-24.41241),
        ci95_high: close(26.41241),
      })),
      // zrm financien: T6 +1, T7 +1 → mean 1, sd 0: no effect size; the interval has no width.
      ...['*', 'financien'].map((domain_code) => ({
        period_start: '2025-07-01',
        period_end: '2025-09-30',
        instrument: 'zrm',
        domain_code,
        closed_trajectories: 2,
        paired_trajectories: 2,
        coverage: 1,
        pairs: 2,
        improved: 2,
        stable: 0,
        declined: 0,
        share_improved: 1,
        share_stable: 0,
        share_declined: 0,
        mean_delta: 1,
        sd_delta: 0,
        effect_size_dz: null,
        df: 1,
        ci95_low: 1,
        ci95_high: 1,
      })),
    ]);
  });

  it('has year rows over the same trajectories as the quarter they closed in', async () => {
    // Within 2025, AMW trajectories closed only in the second quarter (T1–T5).
    const year = await t.rows(
      `SELECT * EXCLUDE (period_type, period_start, period_end) FROM ind_outcome_change
       WHERE period_type = 'year' AND period_start = '2025-01-01' AND service_code = 'AMW' ORDER BY instrument, domain_code`,
    );
    const quarter = await t.rows(
      `SELECT * EXCLUDE (period_type, period_start, period_end) FROM ind_outcome_change
       WHERE period_type = 'quarter' AND period_start = '2025-04-01' AND service_code = 'AMW' ORDER BY instrument, domain_code`,
    );
    expect(year).toEqual(quarter);
    expect(year).toHaveLength(4);
  });

  it('speaks of change, not effect', () => {
    for (const layer of ['indicators', 'publish']) {
      const sql = readFileSync(join(transformsDir, layer, 'ind_outcome_change.sql'), 'utf8');
      // effect_size_dz is the statistic's name; any other "effect", "caused by" or "thanks to" is not.
      expect(sql).not.toMatch(/\beffects?\b|\bcaused by\b|\bthanks to\b|\bdue to\b/i);
    }
  });
});

describe('ind_outcome_change (published)', () => {
  const published = () =>
    readFileSync(join(transformsDir, 'publish', 'ind_outcome_change.sql'), 'utf8').replace(/;\s*$/, '');

  beforeAll(() => prepareSuppression(t.wh, 3));

  const publishedRows = (where: string) =>
    t.rows(
      `SELECT year, domain_code, closed_trajectories, paired_trajectories, coverage, pairs, improved, stable,
              declined, share_improved, share_stable, share_declined, mean_delta, sd_delta, effect_size_dz, df,
              ci95_low, ci95_high, suppressed
       FROM (${published()}) WHERE ${where} ORDER BY instrument, domain_code`,
    );

  it('hides counts of 1–2, the shares over them and everything derived from fewer than 3 pairs', async () => {
    expect(
      await publishedRows(`period_type = 'quarter' AND service_code = 'AMW' AND period_start = '2025-04-01'`),
    ).toEqual([
      // 5 closed, 4 paired: shown, and so is coverage 4/5. 4 pairs: the statistics are shown, but
      // the classes 1/2/1 are small, so are their shares (share × 4 would give them back).
      {
        year: 2025,
        domain_code: '*',
        closed_trajectories: 5,
        paired_trajectories: 4,
        coverage: 0.8,
        pairs: 4,
        improved: null,
        stable: null,
        declined: null,
        share_improved: null,
        share_stable: null,
        share_declined: null,
        mean_delta: close(-1 / 24),
        sd_delta: close(1.455354),
        effect_size_dz: close(-0.02863),
        df: 3,
        ci95_low: close(-2.35746),
        ci95_high: close(2.274126),
        suppressed: true,
      },
      {
        year: 2025,
        domain_code: 'financien',
        closed_trajectories: 5,
        paired_trajectories: 4,
        coverage: 0.8,
        pairs: 4,
        improved: null, // 2
        stable: null,
        declined: null,
        share_improved: null,
        share_stable: null,
        share_declined: null,
        mean_delta: 0.5,
        sd_delta: close(Math.sqrt(11 / 3)),
        effect_size_dz: close(0.261116),
        df: 3,
        ci95_low: close(-2.54696),
        ci95_high: close(3.54696),
        suppressed: true,
      },
      // 2 pairs: hidden, and with them every share (denominator < 3) and statistic; a class of 0
      // is shown.
      {
        year: 2025,
        domain_code: 'huisvesting',
        closed_trajectories: 5,
        paired_trajectories: 4,
        coverage: 0.8,
        pairs: null,
        improved: null,
        stable: null,
        declined: 0,
        share_improved: null,
        share_stable: null,
        share_declined: null,
        mean_delta: null,
        sd_delta: null,
        effect_size_dz: null,
        df: null,
        ci95_low: null,
        ci95_high: null,
        suppressed: true,
      },
      {
        year: 2025,
        domain_code: 'werk_opleiding',
        closed_trajectories: 5,
        paired_trajectories: 4,
        coverage: 0.8,
        pairs: null,
        improved: 0,
        stable: 0,
        declined: null,
        share_improved: null,
        share_stable: null,
        share_declined: null,
        mean_delta: null,
        sd_delta: null,
        effect_size_dz: null,
        df: null,
        ci95_low: null,
        ci95_high: null,
        suppressed: true,
      },
    ]);
  });

  it('hides coverage when fewer than 3 trajectories closed', async () => {
    // June, AMW: 2 closed, 1 paired.
    const june = await publishedRows(
      `period_type = 'month' AND service_code = 'AMW' AND period_start = '2025-06-01'`,
    );
    expect(june.map((r) => [r.closed_trajectories, r.paired_trajectories, r.coverage, r.suppressed])).toEqual(
      [
        [null, null, null, true],
        [null, null, null, true],
      ],
    );
  });

  it('publishes only types BI tools read, with the year to partition by', async () => {
    const schema = await t.rows<{ column_name: string; column_type: string }>(`DESCRIBE (${published()})`);
    expect(schema.find((c) => c.column_name === 'year')?.column_type).toBe('BIGINT');
    for (const c of schema) expect(c.column_type).toMatch(/^(BOOLEAN|BIGINT|DOUBLE|VARCHAR|DATE)$/);
  });
});

// Larger samples, generated: per year Y a cohort of n trajectories of service JW closed on 30 June
// whose financien deltas cycle −1, 0, +1 (client i: 3 → 3 + (i mod 3) − 1). The t quantile behind
// the interval is read back as (ci95_high − mean_delta) × √pairs / sd_delta and compared with the
// exact t(0.975, df): df 30 (table) 2.042272, df 40 2.021075, df 60 2.000298, df 120 1.979930
// (Cornish-Fisher, within 1e-6).
describe('ind_outcome_change with larger samples', () => {
  let big: TestWarehouse;
  const cohorts = [
    [2021, 31],
    [2022, 41],
    [2023, 61],
    [2024, 121],
  ];

  beforeAll(async () => {
    big = await testWarehouse();
    const sizes = cohorts.map(([year, n]) => `(${year}, ${n})`).join(', ');
    await big.wh.run(
      `INSERT INTO fct_trajectory (trajectory_key, source_system, source_trajectory_id, client_id, client_key,
                                   service_code, municipality_code, start_date, end_date, is_closed, closure_reason)
       SELECT y * 1000 + i, 'test', 'T' || (y * 1000 + i), y * 1000 + i, y * 1000 + i, 'JW', 'GM0344',
              make_date(y, 1, 1), make_date(y, 6, 30), true, 'goals_met'
       FROM (VALUES ${sizes}) AS cohort(y, n), range(200) AS r(i)
       WHERE i < n`,
    );
    await big.wh.run(
      `INSERT INTO fct_outcome_score (source_system, client_id, client_key, instrument, domain_code, measured_on,
                                      moment, score)
       SELECT 'test', client_id, client_key, 'zrm', 'financien', start_date, 'intake', 3 FROM fct_trajectory
       UNION ALL
       SELECT 'test', client_id, client_key, 'zrm', 'financien', end_date, 'exit', 3 + client_id % 1000 % 3 - 1
       FROM fct_trajectory`,
    );
    await big.build('fct_outcome_change');
    await big.build('ind_outcome_change');
  });
  afterAll(() => big.close());

  it('uses the t-table up to df 30 and the Cornish-Fisher expansion above it', async () => {
    const rows = await big.rows<{ pairs: number; df: number; t_975: number }>(
      `SELECT pairs, df, (ci95_high - mean_delta) * sqrt(pairs) / sd_delta AS t_975 FROM ind_outcome_change
       WHERE period_type = 'year' AND domain_code = 'financien' ORDER BY period_start`,
    );
    expect(rows).toEqual([
      { pairs: 31, df: 30, t_975: expect.closeTo(2.042272, 5) },
      { pairs: 41, df: 40, t_975: expect.closeTo(2.021075, 5) },
      { pairs: 61, df: 60, t_975: expect.closeTo(2.000298, 5) },
      { pairs: 121, df: 120, t_975: expect.closeTo(1.97993, 5) },
    ]);
  });

  it('counts the classes of a larger cohort and publishes it whole', async () => {
    // 2022, n = 41, i = 0..40: i mod 3 = 0 → 14 times −1, = 1 → 14 times 0, = 2 → 13 times +1.
    //   mean = (13 − 14) / 41 = −1/41; SS = 27 − 41 × (1/41)² = 27 − 1/41 = 1106/41;
    //   var = 1106/41/40 = 0.674390
    const [row] = await big.rows(
      `SELECT closed_trajectories, coverage, pairs, improved, stable, declined, mean_delta, sd_delta
       FROM ind_outcome_change WHERE period_type = 'year' AND period_start = '2022-01-01' AND domain_code = '*'`,
    );
    expect(row).toEqual({
      closed_trajectories: 41,
      coverage: 1,
      pairs: 41,
      improved: 13,
      stable: 14,
      declined: 14,
      mean_delta: close(-1 / 41),
      sd_delta: close(Math.sqrt(1106 / 41 / 40)),
    });
    await prepareSuppression(big.wh, 3);
    const sql = readFileSync(join(transformsDir, 'publish', 'ind_outcome_change.sql'), 'utf8');
    const [published] = await big.rows(
      `SELECT * EXCLUDE (year, suppressed) FROM (${sql}) WHERE period_type = 'year' AND period_start = '2022-01-01'
       AND domain_code = '*'`,
    );
    const [indicator] = await big.rows(
      `SELECT * FROM ind_outcome_change WHERE period_type = 'year' AND period_start = '2022-01-01'
       AND domain_code = '*'`,
    );
    expect(published).toEqual(indicator);
    const [flag] = await big.rows(
      `SELECT year, suppressed FROM (${sql}) WHERE period_type = 'year' AND period_start = '2022-01-01'
       AND domain_code = '*'`,
    );
    expect(flag).toEqual({ year: 2022, suppressed: false });
  });
});
