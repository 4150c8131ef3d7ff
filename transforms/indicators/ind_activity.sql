-- ind_activity — collective activities (buurtwerk, jongerenwerk inloop) (DESIGN.md §6).
-- Grain: municipality × service × period, for period types month, quarter and year
-- (period_start, period_end inclusive).
--   sessions          number of sessions held
--   participants      sum of the sessions' headcounts (a person who comes weekly counts weekly)
--   avg_participants  participants / sessions (sessions without a headcount count as 0)
--   volunteers        sum of the per-session volunteer counts
--   volunteer_hours   sum of the hours volunteers gave
with sessions as (
    select * from fct_activity
),

periods as (
    select 'month' as period_type, date_trunc('month', activity_date)::date as period_start, sessions.*
    from sessions
    union all
    select 'quarter', date_trunc('quarter', activity_date)::date, sessions.* from sessions
    union all
    select 'year', date_trunc('year', activity_date)::date, sessions.* from sessions
),

aggregated as (
    select
        municipality_code,
        service_code,
        period_type,
        period_start,
        count(*) as sessions,
        coalesce(sum(participants), 0)::bigint as participants,
        coalesce(sum(volunteers), 0)::bigint as volunteers,
        coalesce(sum(volunteer_hours), 0) as volunteer_hours
    from periods
    group by all
),

final as (
    select
        municipality_code,
        service_code,
        period_type,
        period_start,
        last_day_of(period_type, period_start) as period_end,
        sessions,
        participants,
        participants / sessions as avg_participants,
        volunteers,
        volunteer_hours
    from aggregated
)

select * from final
