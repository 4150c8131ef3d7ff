-- ind_activity (published) — ind_activity with small cells suppressed for municipalities.
-- Grain: municipality × service × period, as ind_activity.
-- Headcounts (participants, volunteers) from 1 to min_cell − 1 become NULL, and with them the
-- figures derived from them (avg_participants, volunteer_hours). Sessions are not people and
-- are shown. Complementary suppression is not done yet.
with activity as (
    select * from ind_activity
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
        suppress_count(participants) as participants,
        case when not is_small(participants) then avg_participants end as avg_participants,
        suppress_count(volunteers) as volunteers,
        case when not is_small(volunteers) then volunteer_hours end as volunteer_hours,
        is_small(participants) or is_small(volunteers) as suppressed
    from activity
)

select * from final
