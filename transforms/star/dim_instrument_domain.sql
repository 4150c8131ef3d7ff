-- dim_instrument_domain — the outcome instruments and their domains, with scale and direction.
-- Grain: one row per instrument × domain. Reference data: add a custom instrument by adding
-- rows to ref_instrument and ref_instrument_domain, no code.
with instruments as (
    select
        instrument,
        name as instrument_name,
        scale_min::double as scale_min,
        scale_max::double as scale_max,
        higher_is_better::boolean as higher_is_better,
        improvement_threshold::double as improvement_threshold
    from ref.instrument
),

final as (
    select
        instruments.*,
        domains.domain_code,
        domains.domain_label,
        domains.sort_order::integer as sort_order
    from instruments
    join ref.instrument_domain as domains on domains.instrument = instruments.instrument
)

select * from final
