-- stg_activity — sessions of collective activities (buurtwerk, jongerenwerk inloop), coded.
-- Grain: one row per source system × date × activity × team × neighbourhood; the latest
-- delivery wins.
-- With `write: append` (events) every delivered row stays a row of its own instead: a later
-- delivery of the same key adds to it (an exact duplicate within one file is still dropped).
-- With `write: replace-period` a delivery replaces what older deliveries of the resource said
-- about the months it covers: records it leaves out are removed. Counts that were unreadable or negative are NULL (see quarantine).
-- Deleted records are left out: with `deletions: full-snapshot` those the newest file of the
-- resource no longer lists, with `deletions: flag-column` those whose latest delivery flags them.
with checked as (
    select * from staging.stg_activity__checked
    where not _rejected and not _is_exact_duplicate
),

current_deliveries as (
    -- write: replace-period — rows a later delivery replaced are left out;
    -- deletions: full-snapshot — only the newest file of the resource counts
    select * from checked
    anti join staging.replaced_rows__activity as replaced
      on replaced._file_id = checked._file_id
     and replaced._sheet_key = coalesce(checked._sheet, '')
     and replaced._row = checked._row
    anti join staging.superseded_snapshots as superseded
      on superseded._file_id = checked._file_id
),

appended as (
    -- write: append — every delivered row is a record of its own: no later delivery replaces it
    select current_deliveries.*, coalesce(rw.write = 'append', false) as _appended
    from current_deliveries
    left join land.resource_write as rw
      on rw.source = current_deliveries._source and rw.resource = current_deliveries._resource
),

latest_delivery as (
    select * from appended
    qualify _appended or row_number() over (
        partition by _appended, _system, activity_date, activity_name, team, neighbourhood order by _file_id desc, _row desc
    ) = 1
),

services as (select * from staging.lookup_service),

municipalities as (select * from staging.lookup_municipality),

final as (
    select
        latest_delivery._system as source_system,
        latest_delivery.activity_date,
        coalesce(services.service_code, upper(trim(latest_delivery.service_code))) as service_code,
        latest_delivery.activity_name,
        municipalities.municipality_code,
        latest_delivery.neighbourhood,
        latest_delivery.team,
        case when not list_contains(_problem_fields, 'participants') then latest_delivery.participants end
            as participants,
        case when not list_contains(_problem_fields, 'volunteers') then latest_delivery.volunteers end
            as volunteers,
        case when not list_contains(_problem_fields, 'volunteer_hours') then latest_delivery.volunteer_hours end
            as volunteer_hours,
        latest_delivery._load_id,
        latest_delivery._file_id
    from latest_delivery
    left join services on services.label_norm = norm_label(latest_delivery.service_code)
    left join municipalities on municipalities.label_norm = norm_label(latest_delivery.municipality_code)
    -- deletions: flag-column — the latest delivery of the record says it is gone
    where not yes_no(latest_delivery.deleted)
)

select * from final
