import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfigYaml } from '../../bench/generate/impact-yaml.ts';
import { writeDemoExports } from '../../bench/generate/write-demo-exports.ts';
import { type Config, loadConfig } from '../../lib/config.ts';
import { runPipeline } from '../../pipelines/run-pipeline.ts';
import { prepareSuppression, publishSelect } from '../../pipelines/steps/publish.ts';
import { Warehouse } from '../../sql/warehouse.ts';
import { testWarehouse } from '../helpers/test-warehouse.ts';
import { solvableCells, type Term } from './linear-disclosure.ts';

// DESIGN.md §7: no published count of people is from 1 to min_cell − 1, and no hidden count can
// be worked out from the published ones. Every additive relation between published counts is
// written out here, independently of the models: for each instance (an equation), the number of
// hidden (NULL) terms must be 0 or at least 2 — one hidden term is the total minus the others.
// Each relation is also checked to hold on the unsuppressed warehouse, so the list is not wishful.
// Then all equations at once (linear-disclosure.ts): no hidden cell may be solvable from them
// together. Nothing else is published for municipalities to subtract from: the indicators have
// no totals across services or municipalities, and the report and dashboard only show published
// rows (pipelines/report/published.ts), never sums of them.

interface Relation {
  name: string;
  /** SQL over the table(s) `c` (one long table of cells): one row per equation term. */
  terms: string;
  /** The relation is only nearly exact (see suppression_term.sql); checked for leaks, not for equality. */
  approximate?: boolean;
}

// c: tbl, measure, municipality_code, service_code, period_type, period_start, period_end,
// instrument, domain_code, outcome, value (NULL = hidden). Keys that a table lacks are ''.
const sameCell = (
  a: string,
  b: string,
  extra = '',
) => `${b}.municipality_code IS NOT DISTINCT FROM ${a}.municipality_code
  AND ${b}.service_code = ${a}.service_code AND ${b}.instrument = ${a}.instrument
  AND ${b}.domain_code = ${a}.domain_code AND ${b}.outcome = ${a}.outcome ${extra}`;

const sums = (tbl: string, measures: string[], approximate = false): Relation[] =>
  [
    ['quarter', 'month'],
    ['year', 'quarter'],
    ['year', 'month'],
  ].map(([parent, child]) => ({
    name: `${tbl} ${measures.join('/')}: ${parent} = Σ ${child}s`,
    approximate,
    terms: `SELECT p.id AS eq, v.id, v.coef
            FROM c AS p, LATERAL (
              SELECT p.id AS id, 1 AS coef
              UNION ALL
              SELECT k.id, -1 FROM c AS k
              WHERE k.tbl = p.tbl AND k.measure = p.measure AND ${sameCell('p', 'k')}
                AND k.period_type = '${child}' AND k.period_start BETWEEN p.period_start AND p.period_end
            ) AS v
            WHERE p.tbl = '${tbl}' AND p.measure IN (${measures.map((m) => `'${m}'`)}) AND p.period_type = '${parent}'`,
  }));

const relations: Relation[] = [
  ...sums('ind_reach', ['contacts']),
  ...sums('ind_reach', ['new_clients'], true),
  ...['started', 'closed', 'closed_goals_met', 'closed_dropout', 'closed_with_repeat'].flatMap((m) =>
    sums('ind_trajectory', [m]),
  ),
  ...sums('ind_activity', ['participants']),
  ...sums('ind_activity', ['volunteers']),
  // closed_trajectories and paired_trajectories repeat on rows that exist only where there are
  // pairs, so their sums are taken where they are complete: ind_trajectory.closed and pairs of '*'.
  ...['pairs', 'improved', 'stable', 'declined'].flatMap((m) => sums('ind_outcome_change', [m])),
  {
    name: 'ind_outcome_change: pairs = improved + stable + declined',
    terms: `SELECT p.id AS eq, k.id, CASE WHEN k.measure = 'pairs' THEN 1 ELSE -1 END AS coef
            FROM c AS p JOIN c AS k ON ${sameCell('p', 'k')} AND k.tbl = p.tbl AND k.period_type = p.period_type
             AND k.period_start = p.period_start AND k.measure IN ('pairs', 'improved', 'stable', 'declined')
            WHERE p.tbl = 'ind_outcome_change' AND p.measure = 'pairs'`,
  },
  {
    name: 'ind_trajectory: active_at_end = active_at_end before + started − closed',
    terms: `SELECT a.id AS eq, k.id,
                   CASE WHEN k.measure = 'active_at_end' AND k.period_start = a.period_start THEN 1
                        WHEN k.measure = 'closed' THEN 1 ELSE -1 END AS coef
            FROM c AS a JOIN c AS k ON ${sameCell('a', 'k')} AND k.tbl = a.tbl AND k.period_type = a.period_type
             AND ((k.period_start = a.period_start AND k.measure IN ('active_at_end', 'started', 'closed'))
               OR (k.measure = 'active_at_end' AND k.period_end = a.period_start - 1))
            WHERE a.tbl = 'ind_trajectory' AND a.measure = 'active_at_end'`,
  },
  // Two published figures that are one number: either both hidden or both shown.
  ...[
    [
      'ind_trajectory',
      'active_at_end',
      'ind_trajectory',
      'active_at_end',
      'b.period_end = a.period_end AND b.period_type <> a.period_type',
    ],
    [
      'ind_outcome_change',
      'closed_trajectories',
      'ind_trajectory',
      'closed',
      'b.period_type = a.period_type AND b.period_start = a.period_start',
    ],
    [
      'ind_outcome_change',
      'paired_trajectories',
      'ind_outcome_change',
      'pairs',
      `b.domain_code = '*' AND b.instrument = a.instrument AND b.period_type = a.period_type AND b.period_start = a.period_start`,
    ],
    [
      'ind_social_return',
      'cases:debt_resolved',
      'ind_trajectory',
      'closed_goals_met',
      `b.period_type = 'year' AND b.period_start = a.period_start`,
    ],
    [
      'ind_social_return',
      'cases:financial_self_reliance',
      'ind_outcome_change',
      'improved',
      `b.period_type = 'year' AND b.period_start = a.period_start AND b.instrument = 'zrm' AND b.domain_code = 'financien'`,
    ],
    [
      'ind_social_return',
      'cases:housing_stabilised',
      'ind_outcome_change',
      'improved',
      `b.period_type = 'year' AND b.period_start = a.period_start AND b.instrument = 'zrm' AND b.domain_code = 'huisvesting'`,
    ],
  ].map(([ta, ma, tb, mb, on]) => {
    return {
      name: `${ta}.${ma} is ${tb}.${mb}`,
      terms: `SELECT a.id * 1000000 + b.id AS eq, v.id, v.coef
              FROM c AS a JOIN c AS b ON b.tbl = '${tb}' AND b.measure = '${mb}'
               AND b.municipality_code IS NOT DISTINCT FROM a.municipality_code AND b.service_code = a.service_code AND ${on},
              LATERAL (SELECT a.id AS id, 1 AS coef UNION ALL SELECT b.id, -1) AS v
              WHERE a.tbl = '${ta}' AND a.measure = '${ma}'`,
    };
  }),
];

/** One long table `c` of the counts of the five indicator tables, read from `from(table)`. */
async function loadCells(wh: Warehouse, from: (table: string) => string) {
  // One row per count, NULL included (UNPIVOT would drop the hidden ones).
  const unpivot = (table: string, keys: string, measures: string[]) =>
    measures
      .map(
        (
          m,
        ) => `SELECT '${table}' AS tbl, municipality_code, service_code, period_type, period_start, period_end,
                  ${keys}, '${m}' AS measure, ${m}::BIGINT AS value FROM ${from(table)}`,
      )
      .join(' UNION ALL BY NAME ');
  const none = `'' AS instrument, '' AS domain_code, '' AS outcome`;
  await wh.run(`CREATE OR REPLACE TEMP TABLE c AS SELECT row_number() OVER () AS id, * FROM (
    ${unpivot('ind_reach', none, ['reached_clients', 'new_clients', 'contacts'])}
    UNION ALL BY NAME ${unpivot('ind_trajectory', none, ['started', 'closed', 'active_at_end', 'closed_goals_met', 'closed_dropout', 'closed_with_repeat'])}
    UNION ALL BY NAME ${unpivot('ind_activity', none, ['participants', 'volunteers'])}
    UNION ALL BY NAME ${unpivot('ind_outcome_change', `instrument, domain_code, '' AS outcome`, ['closed_trajectories', 'paired_trajectories', 'pairs', 'improved', 'stable', 'declined'])}
    UNION ALL BY NAME ${unpivot('ind_social_return', `'' AS instrument, '' AS domain_code, outcome`, ['cases'])})`);
  await wh.run(`UPDATE c SET measure = 'cases:' || outcome WHERE tbl = 'ind_social_return'`);
}

/**
 * Per relation: equations with exactly one hidden term, and (on raw data) equations that do not
 * add up. Also every equation's hidden terms, for the audit of all equations together.
 */
async function examine(wh: Warehouse) {
  const out: {
    relation: string;
    equations: number;
    oneHidden: number;
    hiddenTerms: number;
    offBy: number;
  }[] = [];
  const hidden: Term[][] = [];
  for (const r of relations) {
    const terms = `SELECT t.eq, t.id, t.coef, c.value FROM (${r.terms}) AS t JOIN c USING (id)`;
    const [row] = await wh.rows<{ equations: bigint; one: bigint; hidden: bigint; off: bigint }>(
      `WITH t AS (${terms}),
            e AS (SELECT eq, count(*) FILTER (WHERE value IS NULL) AS hidden, sum(value * coef) AS balance
                  FROM t GROUP BY eq)
       SELECT count(*) AS equations, count(*) FILTER (WHERE hidden = 1) AS one, sum(hidden) AS hidden,
              count(*) FILTER (WHERE hidden = 0 AND balance <> 0) AS off FROM e`,
    );
    out.push({
      relation: r.name,
      equations: Number(row!.equations),
      oneHidden: Number(row!.one),
      hiddenTerms: Number(row!.hidden ?? 0),
      offBy: r.approximate ? 0 : Number(row!.off),
    });
    const lists = await wh.rows<{ terms: { cell: number; coef: number }[] }>(
      `SELECT list({'cell': id::INTEGER, 'coef': coef::INTEGER}) AS terms FROM (${terms})
       WHERE value IS NULL GROUP BY eq`,
    );
    for (const l of lists) hidden.push(l.terms);
  }
  return { relations: out, hidden };
}

describe('complementary suppression on the demo project', () => {
  let dir: string;
  let cfg: Config;
  let published: Awaited<ReturnType<typeof examine>>;
  let raw: Awaited<ReturnType<typeof examine>>;
  let small: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'impact-suppression-'));
    await writeDemoExports({ dir: join(dir, 'exports'), seed: 11, clients: 300 });
    writeFileSync(join(dir, 'impact.yaml'), demoConfigYaml);
    cfg = loadConfig(join(dir, 'impact.yaml'));
    const run = await runPipeline(cfg, { trigger: 'test' });
    expect(run.status, run.error).toBe('succeeded');
    const manifest = JSON.parse(readFileSync(join(cfg.publish.dir, 'manifest.json'), 'utf8'));
    const files = (table: string) =>
      manifest.tables
        .find((t: { name: string }) => t.name === table)
        .files.map((f: { path: string }) => `'${join(cfg.publish.dir, f.path)}'`)
        .join(', ');
    const mem = await Warehouse.open({ path: ':memory:', migrate: false });
    await loadCells(mem, (t) => `read_parquet([${files(t)}], hive_partitioning = false)`);
    published = await examine(mem);
    small = await mem.value<number>(
      `SELECT count(*) FROM c WHERE value BETWEEN 1 AND ${cfg.privacy.min_cell - 1}`,
    );
    await mem.close();
    const wh = await Warehouse.open({ path: cfg.warehouse.path });
    await loadCells(wh, (t) => t);
    raw = await examine(wh);
    await wh.close();
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists relations that hold on the unsuppressed figures, and that the demo has', () => {
    for (const r of raw.relations) {
      expect(r.equations, r.relation).toBeGreaterThan(0);
      expect(r.offBy, r.relation).toBe(0);
      expect(r.hiddenTerms, r.relation).toBe(0);
    }
  });

  it('publishes no count from 1 to min_cell − 1', () => {
    expect(small).toBe(0);
  });

  it('leaves no equation with exactly one hidden term, while hiding cells in them', () => {
    expect(
      published.relations.filter((r) => r.oneHidden > 0).map((r) => `${r.relation}: ${r.oneHidden}`),
    ).toEqual([]);
    expect(published.relations.reduce((n, r) => n + r.hiddenTerms, 0)).toBeGreaterThan(100);
  });

  it('leaves no hidden count that all the published equations together would give back', () => {
    // Stronger than one equation at a time: a reader who combines a quarter, its months, the
    // year and the flow of active trajectories still solves none of the hidden cells.
    expect(published.hidden.length).toBeGreaterThan(1000);
    expect(solvableCells(published.hidden)).toEqual([]);
  });
});

describe('complementary suppression, rows in → rows out', () => {
  it('hides the smallest other month or quarter when a hidden one could be worked out', async () => {
    const t = await testWarehouse();
    // One service in one municipality, participants per month: Jan 6, Apr 12, May 13 (the other
    // months of the half year 0) → Q1 6, Q2 25, year 31. With min_cell 10, Jan and Q1 are small.
    // year = Q1 + Q2 would give Q1 back: Q2 (25, smaller than the year's 31) is hidden too.
    // year = Σ months would give Jan back: April (12, the smallest non-zero) is hidden too.
    // Then Q2 = Apr + May + Jun has two hidden terms and nothing more is needed: May stays.
    const row = (period_type: string, period_start: string, period_end: string, participants: number) => ({
      municipality_code: 'GM0344',
      service_code: 'BW',
      period_type,
      period_start,
      period_end,
      sessions: 4,
      participants,
      avg_participants: participants / 4,
      volunteers: 0,
      volunteer_hours: 0,
    });
    await t.insert('ind_activity', [
      row('month', '2025-01-01', '2025-01-31', 6),
      row('month', '2025-02-01', '2025-02-28', 0),
      row('month', '2025-04-01', '2025-04-30', 12),
      row('month', '2025-05-01', '2025-05-31', 13),
      row('quarter', '2025-01-01', '2025-03-31', 6),
      row('quarter', '2025-04-01', '2025-06-30', 25),
      row('year', '2025-01-01', '2025-12-31', 31),
    ]);
    await prepareSuppression(t.wh, 10);
    expect(
      await t.rows(
        `SELECT period_type, period_start, participants, avg_participants, suppressed
         FROM ${publishSelect({ name: 'ind_activity' })} ORDER BY period_type, period_start`,
      ),
    ).toEqual([
      {
        period_type: 'month',
        period_start: '2025-01-01',
        participants: null,
        avg_participants: null,
        suppressed: true,
      },
      {
        period_type: 'month',
        period_start: '2025-02-01',
        participants: 0,
        avg_participants: 0,
        suppressed: false,
      },
      {
        period_type: 'month',
        period_start: '2025-04-01',
        participants: null,
        avg_participants: null,
        suppressed: true,
      },
      {
        period_type: 'month',
        period_start: '2025-05-01',
        participants: 13,
        avg_participants: 3.25,
        suppressed: false,
      },
      {
        period_type: 'quarter',
        period_start: '2025-01-01',
        participants: null,
        avg_participants: null,
        suppressed: true,
      },
      {
        period_type: 'quarter',
        period_start: '2025-04-01',
        participants: null,
        avg_participants: null,
        suppressed: true,
      },
      {
        period_type: 'year',
        period_start: '2025-01-01',
        participants: 31,
        avg_participants: 7.75,
        suppressed: false,
      },
    ]);
    expect(
      await t.rows(
        `SELECT period_type, period_start, value, reason FROM suppressed_cell ORDER BY round, period_type, period_start`,
      ),
    ).toEqual([
      { period_type: 'month', period_start: '2025-01-01', value: 6, reason: 'primary' },
      { period_type: 'quarter', period_start: '2025-01-01', value: 6, reason: 'primary' },
      { period_type: 'month', period_start: '2025-04-01', value: 12, reason: 'complementary' },
      { period_type: 'quarter', period_start: '2025-04-01', value: 25, reason: 'complementary' },
    ]);
    await t.close();
  });
});
