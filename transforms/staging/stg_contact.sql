-- stg_contact — contacts as last delivered, pseudonymised and coded.
-- Grain: one row per source system × contact number; the latest delivery wins.
-- With `write: append` (events) every delivered row stays a row of its own instead: a later
-- delivery of the same contact number adds a contact, numbered <number>#2, #3, … in delivery
-- order so that each keeps a key of its own (an exact duplicate within one file is still dropped).
-- With `write: replace-period` a delivery replaces what older deliveries of the resource said
-- about the months it covers: records it leaves out are removed.
-- Durations are minutes; a duration that was unreadable or negative is NULL (see quarantine).
-- Deleted records are left out: with `deletions: full-snapshot` those the newest file of the
-- resource no longer lists, with `deletions: flag-column` those whose latest delivery flags them.
with checked as (
    select * from staging.stg_contact__checked
    where not _rejected and not _is_exact_duplicate
),

current_deliveries as (
    -- write: replace-period — rows a later delivery replaced are left out;
    -- deletions: full-snapshot — only the newest file of the resource counts
    select * from checked
    anti join staging.replaced_rows__contact as replaced
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
    select
        *,
        -- the n-th delivery of a contact number under append: its key becomes <number>#<n>
        case when _appended then
            row_number() over (partition by _appended, _system, source_contact_id order by _file_id, _row) end
            as _delivery_no
    from appended
    qualify _appended
         or row_number() over (partition by _appended, _system, source_contact_id order by _file_id desc, _row desc) = 1
),

services as (select * from staging.lookup_service),

final as (
    select
        latest_delivery._system as source_system,
        case when latest_delivery._delivery_no > 1
            then latest_delivery.source_contact_id || '#' || latest_delivery._delivery_no
            else latest_delivery.source_contact_id end as source_contact_id,
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
    -- deletions: flag-column — the latest delivery of the record says it is gone
    where not yes_no(latest_delivery.deleted)
)

select * from final
