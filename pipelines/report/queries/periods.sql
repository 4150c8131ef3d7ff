-- periods — the periods of one municipality (or all) that have published reach or trajectory
-- rows, for error messages and the dashboard's period filter.
-- Grain: one row per period_type × period_start.
-- Parameters: $1 municipality_code; NULL = all.
with periods as (
    select period_type, period_start, period_end, reached_clients as visible from ind_reach
    where $1 is null or municipality_code = $1
    union all
    select period_type, period_start, period_end, closed from ind_trajectory
    where $1 is null or municipality_code = $1
),

final as (
    select period_type, period_start, period_end, count(visible) as visible_cells
    from periods
    group by all
)

select * from final
order by period_type, period_start
