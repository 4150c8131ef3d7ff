-- ind_outcome_change (published) — ind_outcome_change with small cells suppressed for
-- municipalities (DESIGN.md §7).
-- Grain: municipality × service × period × instrument × domain, as ind_outcome_change; `year`
-- = year(period_start) is the partition.
-- A count from 1 to min_cell − 1 becomes NULL (zero is shown): closed_trajectories,
-- paired_trajectories, pairs, improved, stable, declined.
-- A rate becomes NULL when its denominator is below min_cell (share_* over pairs, coverage over
-- closed_trajectories), and also when its numerator is hidden (rate × denominator would give it
-- back).
-- The magnitudes derived from the pairs (mean_delta, sd_delta, effect_size_dz, df, ci95_low,
-- ci95_high) become NULL when pairs is hidden; df = pairs − 1 would give pairs back.
-- `suppressed` says that something in the row was hidden; NULLs that the definition itself
-- gives (sd with one pair, …) are not suppression. min_cell comes from impact.yaml (SET VARIABLE).
-- Complementary suppression (suppressed_cell): pairs = improved + stable + declined in a row,
-- every count is a sum over time (a quarter is its months), and improved of a year is the cases
-- of a societal-return outcome; wherever a hidden count could be worked out from the others,
-- the smallest other count of that relation is hidden too. closed_trajectories is
-- ind_trajectory.closed and is hidden exactly when that is; paired_trajectories is the pairs of
-- domain '*'. A magnitude of the pairs is hidden whenever pairs is (df and the interval's
-- width would give pairs back).
with outcome_change as (
    select * from ind_outcome_change
),

hidden as (
    select municipality_code, service_code, period_type, period_start, instrument, domain_code,
           list(measure) as measures
    from suppressed_cell
    where tbl = 'ind_outcome_change'
    group by all
),

hidden_closed as (
    select municipality_code, service_code, period_type, period_start
    from suppressed_cell
    where tbl = 'ind_trajectory' and measure = 'closed'
),

flags as (
    select
        outcome_change.*,
        outcome_change.closed_trajectories < getvariable('min_cell')
            or hidden_closed.service_code is not null as small_closed,
        is_small(outcome_change.closed_trajectories) or hidden_closed.service_code is not null
            as hide_closed,
        coalesce(list_contains(hidden.measures, 'pairs'), false) as hide_pairs,
        coalesce(list_contains(hidden.measures, 'improved'), false) as hide_improved,
        coalesce(list_contains(hidden.measures, 'stable'), false) as hide_stable,
        coalesce(list_contains(hidden.measures, 'declined'), false) as hide_declined,
        coalesce(list_contains(paired.measures, 'pairs'), false) as hide_paired
    from outcome_change
    left join hidden
      on hidden.municipality_code is not distinct from outcome_change.municipality_code
     and hidden.service_code = outcome_change.service_code
     and hidden.period_type = outcome_change.period_type
     and hidden.period_start = outcome_change.period_start
     and hidden.instrument = outcome_change.instrument
     and hidden.domain_code = outcome_change.domain_code
    left join hidden as paired
      on paired.municipality_code is not distinct from outcome_change.municipality_code
     and paired.service_code = outcome_change.service_code
     and paired.period_type = outcome_change.period_type
     and paired.period_start = outcome_change.period_start
     and paired.instrument = outcome_change.instrument
     and paired.domain_code = '*'
    left join hidden_closed
      on hidden_closed.municipality_code is not distinct from outcome_change.municipality_code
     and hidden_closed.service_code = outcome_change.service_code
     and hidden_closed.period_type = outcome_change.period_type
     and hidden_closed.period_start = outcome_change.period_start
),

rules as (
    select
        *,
        small_closed or hide_paired as hide_coverage,
        pairs < getvariable('min_cell') or hide_pairs as small_pairs
    from flags
),

final as (
    select
        municipality_code,
        service_code,
        period_type,
        period_start,
        period_end,
        year(period_start) as year,
        instrument,
        domain_code,
        case when not hide_closed then closed_trajectories end as closed_trajectories,
        case when not hide_paired then paired_trajectories end as paired_trajectories,
        case when not hide_coverage then coverage end as coverage,
        case when not hide_pairs then pairs end as pairs,
        case when not hide_improved then improved end as improved,
        case when not hide_stable then stable end as stable,
        case when not hide_declined then declined end as declined,
        case when not small_pairs and not hide_improved then share_improved end as share_improved,
        case when not small_pairs and not hide_stable then share_stable end as share_stable,
        case when not small_pairs and not hide_declined then share_declined end as share_declined,
        case when not small_pairs then mean_delta end as mean_delta,
        case when not small_pairs then sd_delta end as sd_delta,
        case when not small_pairs then effect_size_dz end as effect_size_dz,
        case when not small_pairs then df end as df,
        case when not small_pairs then ci95_low end as ci95_low,
        case when not small_pairs then ci95_high end as ci95_high,
        hide_closed or hide_paired or hide_pairs or hide_improved or hide_stable or hide_declined
            as suppressed
    from rules
)

select * from final
