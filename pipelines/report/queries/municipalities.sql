-- municipalities — the municipalities that have published indicator rows, with their names and
-- how many of their reach cells are visible (not suppressed), busiest first.
-- Grain: one row per municipality.
-- Parameters: none.
with cells as (
    select municipality_code, reached_clients from ind_reach
    union all
    select municipality_code, closed from ind_trajectory
),

final as (
    select
        cells.municipality_code,
        coalesce(municipalities.name, cells.municipality_code) as name,
        count(cells.reached_clients) as visible_cells,
        count(*) as cells
    from cells
    left join dim_municipality as municipalities using (municipality_code)
    group by all
)

select * from final
order by visible_cells desc, name
