-- ind_outcome_change — how clients' outcome scores changed over the trajectories that closed in a
-- period (DESIGN.md §6, outcome change, normative).
-- Grain: municipality × service × period × instrument × domain, for period types month, quarter
-- and year (period_start, period_end inclusive), where the period is the one the trajectory
-- closed in (its end_date). Individual services only. domain_code = '*' is the trajectory level.
-- Definition:
--   Population: trajectories closed in the period. Scores belong to the client (overlapping
--   trajectories share them). For each such trajectory and domain, take the client's first and
--   last valid score of that instrument and domain measured within
--   [start_date − 30 days, end_date + 30 days]; it is a pair only if the two dates differ
--   (the pairs are fct_outcome_change).
--   delta = last − first, sign-flipped when lower is better. improved: delta ≥ threshold
--   (default 1 point); declined: delta ≤ −threshold; otherwise stable.
--   Trajectory level (domain_code '*'): a trajectory with ≥ 1 pair on the instrument is improved
--   if more of its domains improved than declined, declined if more declined than improved, else
--   stable; its delta is the mean of its domains' deltas, and every statistic below is then
--   taken over trajectories instead of domain pairs.
-- Columns:
--   closed_trajectories   all trajectories of the municipality × service closed in the period
--   paired_trajectories   closed trajectories with ≥ 1 pair on the instrument (any domain)
--   coverage              paired_trajectories / closed_trajectories; an instrument-level figure,
--                         the same on every domain row of the instrument
--   pairs                 pairs in the domain (at '*': trajectories with ≥ 1 pair)
--   improved, stable, declined        pairs per class; share_improved, share_stable and
--                         share_declined are these / pairs (fractions 0–1)
--   mean_delta            mean of delta
--   sd_delta              sample standard deviation of delta (n − 1); NULL when pairs < 2
--   effect_size_dz        mean_delta / sd_delta, the standardised mean change (Cohen's dz);
--                         NULL unless pairs ≥ 2 and sd_delta > 0
--   df                    pairs − 1; NULL unless pairs ≥ 2
--   ci95_low, ci95_high   mean_delta ∓ t(0.975, df) × sd_delta / sqrt(pairs), the 95 % t-interval
--                         of the mean change; NULL unless pairs ≥ 2 (a zero width when sd = 0)
-- t(0.975, df): DuckDB has no t quantile function. df 1–30 come from a table (6 decimals); above
-- 30 the Cornish-Fisher expansion around z = 1.959964 is used,
--   t ≈ z + (z³ + z)/(4 df) + (5z⁵ + 16z³ + 3z)/(96 df²) + (3z⁷ + 19z⁵ + 17z³ − 15z)/(384 df³),
-- which is within 2e-6 of the exact quantile from df 30 on (df 40: 2.02107, 60: 2.00030,
-- 120: 1.97993).
-- Rows: only cells with ≥ 1 pair appear. A period without closed trajectories has no row, and
-- an instrument (or domain) without any pair in a cell has none either: its coverage is 0, and
-- the number closed is in ind_trajectory (`closed`).
-- Without a comparison group these figures describe change, not what caused it.
with closed as (
    select
        fct_trajectory.trajectory_key,
        fct_trajectory.municipality_code,
        fct_trajectory.service_code,
        fct_trajectory.end_date
    from fct_trajectory
    join dim_service using (service_code)
    where fct_trajectory.is_closed
      and dim_service.kind = 'individual'
),

closed_in_period as (
    select 'month' as period_type, date_trunc('month', end_date)::date as period_start, closed.* from closed
    union all
    select 'quarter', date_trunc('quarter', end_date)::date, closed.* from closed
    union all
    select 'year', date_trunc('year', end_date)::date, closed.* from closed
),

closed_counts as (
    select municipality_code, service_code, period_type, period_start, count(*) as closed_trajectories
    from closed_in_period
    group by all
),

domain_changes as (
    select
        fct_outcome_change.trajectory_key,
        fct_outcome_change.instrument,
        fct_outcome_change.domain_code,
        fct_outcome_change.delta::double as delta,
        fct_outcome_change.outcome
    from fct_outcome_change
    semi join closed using (trajectory_key)
),

trajectory_changes as (
    select
        trajectory_key,
        instrument,
        '*' as domain_code,
        avg(delta) as delta,
        case
            when count(*) filter (where outcome = 'improved') > count(*) filter (where outcome = 'declined')
                then 'improved'
            when count(*) filter (where outcome = 'declined') > count(*) filter (where outcome = 'improved')
                then 'declined'
            else 'stable'
        end as outcome
    from domain_changes
    group by all
),

changes as (
    select * from domain_changes
    union all
    select * from trajectory_changes
),

aggregated as (
    select
        closed_in_period.municipality_code,
        closed_in_period.service_code,
        closed_in_period.period_type,
        closed_in_period.period_start,
        changes.instrument,
        changes.domain_code,
        count(*) as pairs,
        count(*) filter (where changes.outcome = 'improved') as improved,
        count(*) filter (where changes.outcome = 'stable') as stable,
        count(*) filter (where changes.outcome = 'declined') as declined,
        avg(changes.delta) as mean_delta,
        stddev_samp(changes.delta) as sd_delta
    from changes
    join closed_in_period using (trajectory_key)
    group by all
),

paired as (
    select municipality_code, service_code, period_type, period_start, instrument, pairs as paired_trajectories
    from aggregated
    where domain_code = '*'
),

t_table (df, t) as (
    values
        (1, 12.706205), (2, 4.302653), (3, 3.182446), (4, 2.776445), (5, 2.570582),
        (6, 2.446912), (7, 2.364624), (8, 2.306004), (9, 2.262157), (10, 2.228139),
        (11, 2.200985), (12, 2.178813), (13, 2.160369), (14, 2.144787), (15, 2.131450),
        (16, 2.119905), (17, 2.109816), (18, 2.100922), (19, 2.093024), (20, 2.085963),
        (21, 2.079614), (22, 2.073873), (23, 2.068658), (24, 2.063899), (25, 2.059539),
        (26, 2.055529), (27, 2.051831), (28, 2.048407), (29, 2.045230), (30, 2.042272)
),

with_df as (
    select
        aggregated.*,
        case when aggregated.pairs >= 2 then aggregated.pairs - 1 end as df
    from aggregated
),

with_t as (
    select
        with_df.*,
        case
            when with_df.df <= 30 then t_table.t::double
            when with_df.df > 30 then 1.959963984540054
                + (pow(1.959963984540054, 3) + 1.959963984540054) / (4 * with_df.df)
                + (5 * pow(1.959963984540054, 5) + 16 * pow(1.959963984540054, 3) + 3 * 1.959963984540054)
                    / (96 * pow(with_df.df, 2))
                + (3 * pow(1.959963984540054, 7) + 19 * pow(1.959963984540054, 5)
                    + 17 * pow(1.959963984540054, 3) - 15 * 1.959963984540054)
                    / (384 * pow(with_df.df, 3))
        end as t_975
    from with_df
    left join t_table on t_table.df = with_df.df
),

final as (
    select
        with_t.municipality_code,
        with_t.service_code,
        with_t.period_type,
        with_t.period_start,
        last_day_of(with_t.period_type, with_t.period_start) as period_end,
        with_t.instrument,
        with_t.domain_code,
        closed_counts.closed_trajectories,
        paired.paired_trajectories,
        paired.paired_trajectories / closed_counts.closed_trajectories as coverage,
        with_t.pairs,
        with_t.improved,
        with_t.stable,
        with_t.declined,
        with_t.improved / with_t.pairs as share_improved,
        with_t.stable / with_t.pairs as share_stable,
        with_t.declined / with_t.pairs as share_declined,
        with_t.mean_delta,
        case when with_t.pairs >= 2 then with_t.sd_delta end as sd_delta,
        case when with_t.pairs >= 2 and with_t.sd_delta > 0 then with_t.mean_delta / with_t.sd_delta end
            as effect_size_dz,
        with_t.df,
        case when with_t.pairs >= 2
            then with_t.mean_delta - with_t.t_975 * with_t.sd_delta / sqrt(with_t.pairs) end as ci95_low,
        case when with_t.pairs >= 2
            then with_t.mean_delta + with_t.t_975 * with_t.sd_delta / sqrt(with_t.pairs) end as ci95_high
    from with_t
    join closed_counts
      on closed_counts.municipality_code is not distinct from with_t.municipality_code
     and closed_counts.service_code = with_t.service_code
     and closed_counts.period_type = with_t.period_type
     and closed_counts.period_start = with_t.period_start
    join paired
      on paired.municipality_code is not distinct from with_t.municipality_code
     and paired.service_code = with_t.service_code
     and paired.period_type = with_t.period_type
     and paired.period_start = with_t.period_start
     and paired.instrument = with_t.instrument
)

select * from final
