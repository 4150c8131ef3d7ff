-- stg_contact — contacts as last delivered, pseudonymised and coded.
-- Grain: one row per source system × contact number; the latest delivery wins.
-- With `write: replace-period` a delivery replaces what older deliveries of the resource said
-- about the months it covers: records it leaves out are removed.
-- Durations are minutes; a duration that was unreadable or negative is NULL (see quarantine).
with checked as (
    select * from staging.stg_contact__checked
    where not _rejected and not _is_exact_duplicate
),

delivered_months as (
    -- the months each delivery speaks about (its data rows, rejected ones included)
    select distinct _source, _resource, _file_id, date_trunc('month', contact_date) as month
    from land.contact
    where _is_data and contact_date is not null
),

replaced as (
    -- write: replace-period — a record of an older delivery is gone when a newer delivery of
    -- the same resource covers its month, whether or not the newer one repeats it
    select distinct checked._file_id, checked._row
    from checked
    join land.resource_write as rw
      on rw.source = checked._source and rw.resource = checked._resource and rw.write = 'replace-period'
    join delivered_months as newer
      on newer._source = checked._source
     and newer._resource = checked._resource
     and newer._file_id > checked._file_id
     and newer.month = date_trunc('month', checked.contact_date)
),

current_deliveries as (
    select * from checked
    anti join replaced using (_file_id, _row)
),

latest_delivery as (
    select * from current_deliveries
    qualify row_number() over (partition by _system, source_contact_id order by _file_id desc, _row desc) = 1
),

services as (select * from staging.lookup_service),

final as (
    select
        latest_delivery._system as source_system,
        latest_delivery.source_contact_id,
        pseudonyms.client_pid,
        latest_delivery.source_trajectory_id,
        coalesce(services.service_code, upper(trim(latest_delivery.service_code))) as service_code,
        latest_delivery.contact_date,
        case when not list_contains(_problem_fields, 'duration_min') then latest_delivery.duration_min end
            as duration_min,
        latest_delivery.contact_type,
        latest_delivery._load_id,
        latest_delivery._file_id
    from latest_delivery
    join staging.client_pseudonym as pseudonyms
      on pseudonyms._system = latest_delivery._system
     and pseudonyms.source_client_id = latest_delivery.source_client_id
    left join services on services.label_norm = norm_label(latest_delivery.service_code)
)

select * from final
