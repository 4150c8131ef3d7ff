-- stg_client — client attributes as each export delivered them, pseudonymised.
-- Grain: one row per source system × client × export date (a snapshot of the register).
-- The client number becomes client_pid, a keyed HMAC-SHA256 of (system, client number); the
-- birth date becomes a birth year and the postcode its four digits (pc4). Names, BSN,
-- addresses, phone numbers and e-mail were never landed. person_pid is the keyed HMAC of the
-- BSN, landed only when privacy.link_persons_by_bsn is on (NULL otherwise, or when invalid).
with checked as (
    select * from staging.stg_client__checked
    where not _rejected and not _is_exact_duplicate
),

latest_delivery as (
    select * from checked
    qualify row_number() over (
        partition by _system, source_client_id, _export_date order by _file_id desc, _row desc
    ) = 1
),

municipalities as (
    select * from staging.lookup_municipality
),

final as (
    select
        latest_delivery._system as source_system,
        pseudonyms.client_pid,
        latest_delivery._export_date as export_date,
        case when not list_contains(_problem_fields, 'birth_date') then
            coalesce(year(latest_delivery.birth_date), latest_delivery.birth_year) end as birth_year,
        case norm_label(latest_delivery.gender)
            when 'man' then 'man' when 'm' then 'man' when 'male' then 'man'
            when 'vrouw' then 'vrouw' when 'v' then 'vrouw' when 'f' then 'vrouw' when 'female' then 'vrouw'
            when 'x' then 'x' when 'anders' then 'x' when 'non binair' then 'x'
            else 'onbekend' end as gender,
        pc4(latest_delivery.postcode) as pc4,
        municipalities.municipality_code,
        latest_delivery.registered_on,
        latest_delivery.person_pid,
        latest_delivery._load_id,
        latest_delivery._file_id
    from latest_delivery
    join staging.client_pseudonym as pseudonyms
      on pseudonyms._system = latest_delivery._system
     and pseudonyms.source_client_id = latest_delivery.source_client_id
    left join municipalities
      on municipalities.label_norm = norm_label(latest_delivery.municipality_code)
)

select * from final
