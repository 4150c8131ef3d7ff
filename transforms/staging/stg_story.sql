-- stg_story — stories as last delivered, coded, with consent as a yes/no.
-- Grain: one row per source system × date × service × title; the latest delivery wins.
with checked as (
    select * from staging.stg_story__checked where not _rejected
),

latest_delivery as (
    select * from checked
    qualify row_number() over (
        partition by _system, story_date, service_code, title order by _file_id desc, _row desc
    ) = 1
),

services as (select * from staging.lookup_service),

municipalities as (select * from staging.lookup_municipality),

final as (
    select
        latest_delivery._system as source_system,
        latest_delivery.story_date,
        coalesce(services.service_code, upper(trim(latest_delivery.service_code))) as service_code,
        municipalities.municipality_code,
        latest_delivery.title,
        latest_delivery.text,
        coalesce(norm_label(latest_delivery.consent) in ('ja', 'j', 'yes', 'y', 'true', '1', 'x'), false) as has_consent,
        list_filter(list_transform(regexp_split_to_array(latest_delivery.domains, '[;,]'), d -> trim(d)), d -> d <> '')
            as domains,
        latest_delivery._load_id,
        latest_delivery._file_id
    from latest_delivery
    left join services on services.label_norm = norm_label(latest_delivery.service_code)
    left join municipalities on municipalities.label_norm = norm_label(latest_delivery.municipality_code)
)

select * from final
