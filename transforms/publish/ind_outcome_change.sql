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
-- Known limitation: no complementary suppression yet. A hidden count can still be recovered
-- from the other counts of the row (pairs − the two other classes), from other rows (the
-- domains of one instrument share paired_trajectories and closed_trajectories, which
-- ind_trajectory publishes as `closed`) or from coarser periods (a quarter minus its visible months).
with outcome_change as (
    select * from ind_outcome_change
),

flags as (
    select
        *,
        closed_trajectories < getvariable('min_cell') as small_closed,
        pairs < getvariable('min_cell') as small_pairs
    from outcome_change
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
        suppress_count(closed_trajectories) as closed_trajectories,
        suppress_count(paired_trajectories) as paired_trajectories,
        case when not small_closed and not is_small(paired_trajectories) then coverage end as coverage,
        suppress_count(pairs) as pairs,
        suppress_count(improved) as improved,
        suppress_count(stable) as stable,
        suppress_count(declined) as declined,
        case when not small_pairs and not is_small(improved) then share_improved end as share_improved,
        case when not small_pairs and not is_small(stable) then share_stable end as share_stable,
        case when not small_pairs and not is_small(declined) then share_declined end as share_declined,
        case when not small_pairs then mean_delta end as mean_delta,
        case when not small_pairs then sd_delta end as sd_delta,
        case when not small_pairs then effect_size_dz end as effect_size_dz,
        case when not small_pairs then df end as df,
        case when not small_pairs then ci95_low end as ci95_low,
        case when not small_pairs then ci95_high end as ci95_high,
        is_small(closed_trajectories) or is_small(paired_trajectories) or is_small(pairs)
            or is_small(improved) or is_small(stable) or is_small(declined)
            as suppressed
    from flags
)

select * from final
