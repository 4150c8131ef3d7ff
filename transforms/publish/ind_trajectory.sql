-- ind_trajectory (published) — ind_trajectory with small cells suppressed for municipalities.
-- Grain: municipality × service × period, as ind_trajectory.
-- A count from 1 to min_cell − 1 becomes NULL (zero is shown); the rates and the median
-- duration, whose denominator is `closed`, become NULL when closed < min_cell, and a rate also
-- when its numerator is hidden (rate × closed would give it back). `suppressed`
-- says that something in the row was hidden. Complementary suppression (hiding a second cell
-- so a hidden one cannot be recovered from totals) is not done yet.
with trajectories as (
    select * from ind_trajectory
),

flags as (
    select
        *,
        closed < getvariable('min_cell') as small_closed
    from trajectories
),

final as (
    select
        municipality_code,
        service_code,
        period_type,
        period_start,
        period_end,
        year(period_start) as year,
        suppress_count(started) as started,
        suppress_count(closed) as closed,
        suppress_count(active_at_end) as active_at_end,
        suppress_count(closed_goals_met) as closed_goals_met,
        suppress_count(closed_dropout) as closed_dropout,
        suppress_count(closed_with_repeat) as closed_with_repeat,
        case when not small_closed and not is_small(closed_goals_met) then goal_attainment_rate end
            as goal_attainment_rate,
        case when not small_closed and not is_small(closed_dropout) then dropout_rate end as dropout_rate,
        case when not small_closed and not is_small(closed_with_repeat) then repeat_request_rate end
            as repeat_request_rate,
        case when not small_closed then median_duration_days end as median_duration_days,
        is_small(started) or is_small(closed) or is_small(active_at_end) or is_small(closed_goals_met)
            or is_small(closed_dropout) or is_small(closed_with_repeat) or (small_closed and closed > 0)
            as suppressed
    from flags
)

select * from final
