-- ind_social_return (published) — ind_social_return with small cells suppressed for
-- municipalities (DESIGN.md §7).
-- Grain: municipality × service × year × outcome (outcome '*' = total), as ind_social_return;
-- `year` = year(period_start) is the partition.
-- cases from 1 to min_cell − 1 becomes NULL (zero is shown), and so do the euros derived from
-- it: benefit_eur and return_ratio (benefit_eur ÷ value_per_case_eur would give the cases
-- back). The proxy inputs, cost_eur and data_through are not derived from people and stay.
-- `suppressed` says that something in the row was hidden. min_cell comes from impact.yaml
-- (SET VARIABLE min_cell).
-- Known limitation: no complementary suppression yet. A hidden outcome row can be recovered
-- from its cell's visible total row and other outcome rows (total benefit − visible benefits,
-- divided by the published value_per_case_eur), and a hidden total from the outcome rows when
-- a trajectory is a case of only one outcome.
with social_return as (
    select * from ind_social_return
),

flags as (
    select
        *,
        is_small(cases) as small_cases
    from social_return
),

final as (
    select
        municipality_code,
        service_code,
        period_type,
        period_start,
        period_end,
        year(period_start) as year,
        outcome,
        suppress_count(cases) as cases,
        value_eur,
        deadweight,
        attribution,
        displacement,
        drop_off,
        benefit_years,
        duration_factor,
        value_per_case_eur,
        case when not small_cases then benefit_eur end as benefit_eur,
        cost_eur,
        case when not small_cases then return_ratio end as return_ratio,
        data_through,
        proxy_set,
        proxy_valid_from,
        proxy_status,
        proxy_source,
        outcome_description,
        small_cases as suppressed
    from flags
)

select * from final
