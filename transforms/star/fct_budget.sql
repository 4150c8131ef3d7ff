-- fct_budget — the cost of a service for a municipality in a year, in euro.
-- Grain: year × municipality × service (summed over source systems).
with budgets as (
    select * from staging.stg_budget
),

final as (
    select
        year::integer as year,
        municipality_code,
        service_code,
        sum(cost_eur) as cost_eur
    from budgets
    group by all
)

select * from final
