-- fct_activity — one row per session of a collective activity.
-- Grain: source system × date × activity × team × neighbourhood.
-- participants and volunteers are headcounts of the session; volunteer_hours in hours.
with sessions as (
    select * from staging.stg_activity
),

final as (
    select
        ('0x' || left(sha256(concat_ws('|', source_system, activity_date, activity_name, team, neighbourhood)), 15))::bigint
            as activity_key,
        source_system,
        activity_date,
        service_code,
        activity_name,
        municipality_code,
        neighbourhood,
        team,
        participants,
        volunteers,
        volunteer_hours,
        _load_id
    from sessions
)

select * from final
