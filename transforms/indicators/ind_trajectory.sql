-- ind_trajectory — trajectories started, closed and running, and how they ended
-- (DESIGN.md §6, normative).
-- Grain: municipality × service × period, for period types month, quarter and year
-- (period_start, period_end inclusive); individual services only.
--   started               trajectories whose start_date falls in the period
--   closed                trajectories whose end_date falls in the period
--   active_at_end         started on or before the period's last day and not closed by then
--                         (end_date empty or after it)
--   goal_attainment_rate  closed with goals_met / closed
--   dropout_rate          closed with client_stopped or no_contact / closed
--   repeat_request_rate   closed trajectories followed by a new trajectory of the same client
--                         and service starting after the end date and at most 365 days after
--                         it / closed (computed on the data present, so recent closures have a
--                         shorter window)
--   median_duration_days  median of end_date − start_date over the closed trajectories
-- Rates are fractions 0–1 and NULL when nothing closed. A cell with nothing started, closed or
-- running is left out.
with trajectories as (
    select fct_trajectory.*
    from fct_trajectory
    join dim_service using (service_code)
    where dim_service.kind = 'individual'
),

repeats as (
    select
        closed.trajectory_key,
        exists (
            select 1 from trajectories as later
            where later.client_id = closed.client_id
              and later.service_code = closed.service_code
              and later.start_date > closed.end_date
              and later.start_date <= closed.end_date + 365
        ) as is_followed_by_repeat
    from trajectories as closed
    where closed.is_closed
),

bounds as (
    select min(start_date) as first_day, greatest(max(start_date), max(end_date)) as last_day from trajectories
),

periods as (
    select distinct 'month' as period_type, month_start as period_start from dim_date, bounds
    where date between first_day and last_day
    union all
    select distinct 'quarter', quarter_start from dim_date, bounds where date between first_day and last_day
    union all
    select distinct 'year', year_start from dim_date, bounds where date between first_day and last_day
),

cells as (
    select distinct municipality_code, service_code from trajectories
),

grid as (
    select cells.*, periods.*, last_day_of(periods.period_type, periods.period_start) as period_end
    from cells
    cross join periods
),

measured as (
    select
        grid.municipality_code,
        grid.service_code,
        grid.period_type,
        grid.period_start,
        grid.period_end,
        count(*) filter (where t.start_date >= grid.period_start) as started,
        count(*) filter (where t.end_date between grid.period_start and grid.period_end) as closed,
        count(*) filter (where t.end_date is null or t.end_date > grid.period_end) as active_at_end,
        count(*) filter (where t.end_date between grid.period_start and grid.period_end
                           and t.closure_reason = 'goals_met') as closed_goals_met,
        count(*) filter (where t.end_date between grid.period_start and grid.period_end
                           and t.closure_reason in ('client_stopped', 'no_contact')) as closed_dropout,
        count(*) filter (where t.end_date between grid.period_start and grid.period_end
                           and repeats.is_followed_by_repeat) as closed_with_repeat,
        median(t.duration_days) filter (where t.end_date between grid.period_start and grid.period_end)
            as median_duration_days
    from grid
    join trajectories as t
      on t.municipality_code is not distinct from grid.municipality_code
     and t.service_code = grid.service_code
     and t.start_date <= grid.period_end
     and (t.end_date is null or t.end_date >= grid.period_start)
    left join repeats using (trajectory_key)
    group by all
),

final as (
    select
        municipality_code,
        service_code,
        period_type,
        period_start,
        period_end,
        started,
        closed,
        active_at_end,
        closed_goals_met,
        closed_dropout,
        closed_with_repeat,
        closed_goals_met / nullif(closed, 0) as goal_attainment_rate,
        closed_dropout / nullif(closed, 0) as dropout_rate,
        closed_with_repeat / nullif(closed, 0) as repeat_request_rate,
        median_duration_days::double as median_duration_days
    from measured
    where started + closed + active_at_end > 0
)

select * from final
