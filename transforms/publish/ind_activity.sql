-- ind_activity (published) — ind_activity with small cells suppressed for municipalities.
-- Grain: municipality × service × period, as ind_activity.
-- Headcounts (participants, volunteers) from 1 to min_cell − 1 become NULL, and with them the
-- figures derived from them (avg_participants, volunteer_hours). Sessions are not people and
-- are shown.
-- Complementary suppression (suppressed_cell): participants and volunteers are sums over time
-- (a quarter is its months); when a hidden month could be worked out from the quarter and the
-- other months, the smallest other one is hidden too, and its derived figures with it.
with activity as (
    select * from ind_activity
),

hidden as (
    select municipality_code, service_code, period_type, period_start, list(measure) as measures
    from suppressed_cell
    where tbl = 'ind_activity'
    group by all
),

flags as (
    select
        activity.*,
        coalesce(list_contains(hidden.measures, 'participants'), false) as hide_participants,
        coalesce(list_contains(hidden.measures, 'volunteers'), false) as hide_volunteers
    from activity
    left join hidden
      on hidden.municipality_code is not distinct from activity.municipality_code
     and hidden.service_code = activity.service_code
     and hidden.period_type = activity.period_type
     and hidden.period_start = activity.period_start
),

final as (
    select
        municipality_code,
        service_code,
        period_type,
        period_start,
        period_end,
        year(period_start) as year,
        sessions,
        case when not hide_participants then participants end as participants,
        case when not hide_participants then avg_participants end as avg_participants,
        case when not hide_volunteers then volunteers end as volunteers,
        case when not hide_volunteers then volunteer_hours end as volunteer_hours,
        hide_participants or hide_volunteers as suppressed
    from flags
)

select * from final
