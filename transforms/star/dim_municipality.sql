-- dim_municipality — municipalities by CBS code (GMxxxx), as in ref_municipality.
-- Grain: one row per municipality code.
with final as (
    select municipality_code, name, province from ref.municipality
)

select * from final
