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
with services as (
    -- a service as written → its code, worked out once per distinct wording rather than once per
    -- contact (norm_label on 20 M contacts cost 14 CPU-seconds)
    select written.service_code as written, coalesce(lookup.service_code, upper(trim(written.service_code))) as service_code
    from (select distinct service_code from staging.stg_contact__checked) as written
    left join staging.lookup_service as lookup on lookup.label_norm = norm_label(written.service_code)
),

checked as (
    -- Only the columns used below: the window that picks the latest delivery holds every column
    -- it is given, and the problem lists of 20 M contacts did not fit in 4 GB.
    select
        _system, _source, _resource, _file_id, _sheet, _row, _load_id,
        source_contact_id, source_client_id, source_trajectory_id, services.service_code, contact_date,
        case when not list_contains(_problem_fields, 'duration_min') then duration_min end as duration_min,
        contact_type, deleted
    from staging.stg_contact__checked as contact
    left join services on services.written = contact.service_code
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

appended as not materialized (
    -- write: append — every delivered row is a record of its own: no later delivery replaces it
    select current_deliveries.*, coalesce(rw.write = 'append', false) as _appended
    from current_deliveries
    left join land.resource_write as rw
      on rw.source = current_deliveries._source and rw.resource = current_deliveries._resource
),

repeated_numbers as (
    -- contact numbers delivered more than once: found by a hash of the key, so that only their
    -- rows go through the window below (over all 20 M contacts it took 60 s); a hash collision
    -- only sends a few more rows through the window, which still compares the numbers themselves
    select hash(_system, source_contact_id) as _key_hash
    from appended
    where not _appended
    group by all
    having count(*) > 1
),

latest_delivery as (
    select appended.*, null::bigint as _delivery_no
    from appended
    anti join repeated_numbers on repeated_numbers._key_hash = hash(appended._system, appended.source_contact_id)
    where not _appended
    union all by name
    select appended.*, null::bigint as _delivery_no
    from appended
    semi join repeated_numbers on repeated_numbers._key_hash = hash(appended._system, appended.source_contact_id)
    where not _appended
    qualify row_number() over (partition by _system, source_contact_id order by _file_id desc, _row desc) = 1
    union all by name
    -- the n-th delivery of a contact number under append: its key becomes <number>#<n>
    select *, row_number() over (partition by _system, source_contact_id order by _file_id, _row) as _delivery_no
    from appended
    where _appended
),

final as (
    select
        latest_delivery._system as source_system,
        case when latest_delivery._delivery_no > 1
            then latest_delivery.source_contact_id || '#' || latest_delivery._delivery_no
            else latest_delivery.source_contact_id end as source_contact_id,
        pseudonyms.client_pid,
        latest_delivery.source_trajectory_id,
        latest_delivery.service_code,
        latest_delivery.contact_date,
        latest_delivery.duration_min,
        latest_delivery.contact_type,
        latest_delivery._load_id,
        latest_delivery._file_id
    from latest_delivery
    join staging.client_pseudonym as pseudonyms
      on pseudonyms._system = latest_delivery._system
     and pseudonyms.source_client_id = latest_delivery.source_client_id
    -- deletions: flag-column — the latest delivery of the record says it is gone
    where not yes_no(latest_delivery.deleted)
)

select * from final
