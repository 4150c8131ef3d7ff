-- dim_service — the services (werksoorten) of the organisation.
-- Grain: one row per service code: the reference list, plus any code the exports use that the
-- list does not know yet (is_known = false; see assert_services_are_known).
with known as (
    select service_code, name, kind, domain_group, true as is_known from ref.service
),

used as (
    select service_code from staging.stg_trajectory
    union
    select service_code from staging.stg_contact where service_code is not null
    union
    select service_code from staging.stg_activity
    union
    select service_code from staging.stg_budget
    union
    select service_code from staging.stg_story
),

unknown as (
    select used.service_code, used.service_code as name, 'individual' as kind, null as domain_group,
           false as is_known
    from used
    anti join known on known.service_code = used.service_code
),

final as (
    select * from known
    union all
    select * from unknown
)

select * from final
