-- ind_trajectory (published) — ind_trajectory with small cells suppressed for municipalities.
-- Grain: municipality × service × period, as ind_trajectory.
-- A count from 1 to min_cell − 1 becomes NULL (zero is shown); the rates and the median
-- duration, whose denominator is `closed`, become NULL when closed < min_cell or closed is
-- hidden, and a rate also when its numerator is hidden (rate × closed would give it back).
-- Complementary suppression (suppressed_cell): started, closed and the closed_* counts are sums
-- over time (a quarter is its months), active_at_end = active_at_end before + started − closed,
-- a quarter's active_at_end is its last month's, and closed_goals_met of a year is the cases of
-- a societal-return outcome; wherever a hidden count could be worked out from the others, the
-- smallest other count of that relation is hidden too. `suppressed` says that something in the
-- row was hidden.
with trajectories as (
    select * from ind_trajectory
),

hidden as (
    select municipality_code, service_code, period_type, period_start, list(measure) as measures
    from suppressed_cell
    where tbl = 'ind_trajectory'
    group by all
),

flags as (
    select
        trajectories.*,
        trajectories.closed < getvariable('min_cell') as small_closed,
        coalesce(list_contains(hidden.measures, 'started'), false) as hide_started,
        coalesce(list_contains(hidden.measures, 'closed'), false) as hide_closed,
        coalesce(list_contains(hidden.measures, 'active_at_end'), false) as hide_active,
        coalesce(list_contains(hidden.measures, 'closed_goals_met'), false) as hide_goals_met,
        coalesce(list_contains(hidden.measures, 'closed_dropout'), false) as hide_dropout,
        coalesce(list_contains(hidden.measures, 'closed_with_repeat'), false) as hide_repeat
    from trajectories
    left join hidden
      on hidden.municipality_code is not distinct from trajectories.municipality_code
     and hidden.service_code = trajectories.service_code
     and hidden.period_type = trajectories.period_type
     and hidden.period_start = trajectories.period_start
),

final as (
    select
        municipality_code,
        service_code,
        period_type,
        period_start,
        period_end,
        year(period_start) as year,
        case when not hide_started then started end as started,
        case when not hide_closed then closed end as closed,
        case when not hide_active then active_at_end end as active_at_end,
        case when not hide_goals_met then closed_goals_met end as closed_goals_met,
        case when not hide_dropout then closed_dropout end as closed_dropout,
        case when not hide_repeat then closed_with_repeat end as closed_with_repeat,
        case when not small_closed and not hide_closed and not hide_goals_met then goal_attainment_rate end
            as goal_attainment_rate,
        case when not small_closed and not hide_closed and not hide_dropout then dropout_rate end as dropout_rate,
        case when not small_closed and not hide_closed and not hide_repeat then repeat_request_rate end
            as repeat_request_rate,
        case when not small_closed and not hide_closed then median_duration_days end as median_duration_days,
        hide_started or hide_closed or hide_active or hide_goals_met or hide_dropout or hide_repeat
            as suppressed
    from flags
)

select * from final
