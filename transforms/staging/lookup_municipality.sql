-- lookup_municipality — how a municipality as written in an export (CBS code GM0344, bare
-- digits 0344 or 344, name, or a known alias) maps to its CBS code.
-- Grain: one row per normalised label.
-- materialized: view
with labels as (
    select municipality_code, municipality_code as label from ref.municipality
    union all
    select municipality_code, substr(municipality_code, 3) from ref.municipality
    union all
    select municipality_code, ltrim(substr(municipality_code, 3), '0') from ref.municipality
    union all
    select municipality_code, name from ref.municipality
    union all
    select municipality_code, alias from ref.municipality_alias
),

final as (
    select distinct norm_label(label) as label_norm, municipality_code
    from labels
)

select * from final
