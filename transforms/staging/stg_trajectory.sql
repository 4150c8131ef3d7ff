-- stg_trajectory — trajectories (trajecten) as last delivered, pseudonymised and coded.
-- Grain: one row per source system × trajectory number; the latest delivery wins.
-- Closure reasons are mapped to the standard set (goals_met, referred, client_stopped,
-- no_contact, moved, deceased, other) through ref.closure_reason; an unknown wording is 'other'
-- and is listed by the check assert_closure_reasons_are_known.
-- Deleted records are left out: with `deletions: full-snapshot` those the newest file of the
-- resource no longer lists, with `deletions: flag-column` those whose latest delivery flags them.
with checked as (
    select * from staging.stg_trajectory__checked
    where not _rejected and not _is_exact_duplicate
),

current_deliveries as (
    -- deletions: full-snapshot — only the newest file of the resource counts
    select * from checked
    anti join staging.superseded_snapshots as superseded
      on superseded._file_id = checked._file_id
),

latest_delivery as (
    select * from current_deliveries
    qualify row_number() over (partition by _system, source_trajectory_id order by _file_id desc, _row desc) = 1
),

services as (select * from staging.lookup_service),

municipalities as (select * from staging.lookup_municipality),

closure_reasons as (
    select distinct norm_label(wording) as wording_norm, closure_reason from ref.closure_reason
),

final as (
    select
        latest_delivery._system as source_system,
        latest_delivery.source_trajectory_id,
        pseudonyms.client_pid,
        coalesce(services.service_code, upper(trim(latest_delivery.service_code))) as service_code,
        municipalities.municipality_code,
        latest_delivery.team,
        latest_delivery.start_date,
        latest_delivery.end_date,
        case when latest_delivery.end_date is not null
             then coalesce(closure_reasons.closure_reason, 'other') end as closure_reason,
        case when latest_delivery.end_date is not null then latest_delivery.closure_reason end as closure_wording,
        latest_delivery.referrer,
        latest_delivery._load_id,
        latest_delivery._file_id
    from latest_delivery
    join staging.client_pseudonym as pseudonyms
      on pseudonyms._system = latest_delivery._system
     and pseudonyms.source_client_id = latest_delivery.source_client_id
    left join services on services.label_norm = norm_label(latest_delivery.service_code)
    left join municipalities on municipalities.label_norm = norm_label(latest_delivery.municipality_code)
    left join closure_reasons on closure_reasons.wording_norm = norm_label(latest_delivery.closure_reason)
    -- deletions: flag-column — the latest delivery of the record says it is gone
    where not yes_no(latest_delivery.deleted)
)

select * from final
