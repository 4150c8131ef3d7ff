-- dim_client — pseudonymised clients with history (slowly changing dimension, type 2).
-- Grain: one row per client version. A new version starts when a tracked attribute (birth
-- year, gender, pc4, municipality) differs from the previous delivery, on the export date of the
-- file that brought it. The first version covers all earlier dates (valid_from 1900-01-01);
-- valid_to is the first day a version no longer holds (exclusive), NULL while current.
-- client_pid: keyed HMAC-SHA256 of (source system, client number); client_id: a stable
-- integer for the client over all versions; client_key: the version's surrogate key.
-- Clients that facts mention but no client export delivered are inferred members (is_inferred).
-- person_pid: keyed HMAC of the BSN, the same for one person in every system, only when
-- privacy.link_persons_by_bsn is on (else NULL). A BSN belongs to the person, not to a version:
-- every version carries the latest one delivered, and a change of it makes no new version.
-- Indicators still count clients by client_pid (DESIGN.md §5).
with snapshots as (
    select
        *,
        md5(concat_ws('|', birth_year, gender, pc4, municipality_code)) as attribute_hash
    from staging.stg_client
),

changes as (
    select
        *,
        lag(attribute_hash) over (partition by client_pid order by export_date) as previous_hash
    from snapshots
),

persons as (
    select client_pid, arg_max(person_pid, export_date) as person_pid
    from staging.stg_client
    where person_pid is not null
    group by client_pid
),

versions as (
    select
        *,
        row_number() over (partition by client_pid order by export_date) as version,
        lead(export_date) over (partition by client_pid order by export_date) as next_version_from,
        min(export_date) over (partition by client_pid) as first_seen_on
    from changes
    where previous_hash is null or previous_hash <> attribute_hash
),

referenced as (
    select client_pid, source_system from staging.stg_trajectory
    union
    select client_pid, source_system from staging.stg_contact
    union
    select client_pid, source_system from staging.stg_outcome_score
),

inferred as (
    select referenced.*
    from referenced
    anti join snapshots on snapshots.client_pid = referenced.client_pid
),

all_versions as (
    select
        client_pid, source_system, version,
        case when version = 1 then date '1900-01-01' else export_date end as valid_from,
        next_version_from as valid_to,
        birth_year, gender, pc4, municipality_code, registered_on, first_seen_on,
        false as is_inferred
    from versions
    union all by name
    select
        client_pid, source_system, 1 as version, date '1900-01-01' as valid_from, null::date as valid_to,
        null::bigint as birth_year, 'onbekend' as gender, null as pc4, null as municipality_code,
        null::date as registered_on, null::date as first_seen_on, true as is_inferred
    from inferred
),

final as (
    select
        ('0x' || left(sha256(all_versions.client_pid || '|' || version), 15))::bigint as client_key,
        ('0x' || left(all_versions.client_pid, 15))::bigint as client_id,
        all_versions.client_pid,
        persons.person_pid,
        source_system,
        version,
        valid_from,
        valid_to,
        valid_to is null as is_current,
        birth_year,
        age_band(year(current_date) - birth_year) as age_band,
        gender,
        pc4,
        municipality_code,
        registered_on,
        first_seen_on,
        is_inferred
    from all_versions
    left join persons on persons.client_pid = all_versions.client_pid
)

select * from final
