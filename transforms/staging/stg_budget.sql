-- stg_budget — what each service costs per municipality and year, coded.
-- Grain: one row per source system × year × municipality × service; the latest delivery wins.
with checked as (
    select * from staging.stg_budget__checked
    where not _rejected and not _is_exact_duplicate
),

latest_delivery as (
    select * from checked
    qualify row_number() over (
        partition by _system, year, municipality_code, service_code order by _file_id desc, _row desc
    ) = 1
),

services as (select * from staging.lookup_service),

municipalities as (select * from staging.lookup_municipality),

final as (
    select
        latest_delivery._system as source_system,
        latest_delivery.year,
        municipalities.municipality_code,
        coalesce(services.service_code, upper(trim(latest_delivery.service_code))) as service_code,
        latest_delivery.cost_eur,
        latest_delivery._load_id,
        latest_delivery._file_id
    from latest_delivery
    left join services on services.label_norm = norm_label(latest_delivery.service_code)
    left join municipalities on municipalities.label_norm = norm_label(latest_delivery.municipality_code)
)

select * from final
