-- lookup_service — how a service as written in an export (code, name or known alias) maps to a
-- service code of ref_service.
-- Grain: one row per normalised label.
-- materialized: view
with labels as (
    select service_code, service_code as label from ref.service
    union all
    select service_code, name from ref.service
    union all
    select service_code, alias from ref.service_alias
),

final as (
    select distinct norm_label(label) as label_norm, service_code
    from labels
)

select * from final
