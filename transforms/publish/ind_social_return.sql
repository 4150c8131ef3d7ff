-- ind_social_return (published) — ind_social_return with small cells suppressed for
-- municipalities (DESIGN.md §7).
-- Grain: municipality × service × year × outcome (outcome '*' = total), as ind_social_return;
-- `year` = year(period_start) is the partition.
-- cases from 1 to min_cell − 1 becomes NULL (zero is shown), and so do the euros derived from
-- it: benefit_eur and return_ratio (benefit_eur ÷ value_per_case_eur would give the cases
-- back). The proxy inputs, cost_eur and data_through are not derived from people and stay.
-- `suppressed` says that something in the row was hidden. min_cell comes from impact.yaml
-- (SET VARIABLE min_cell).
-- Complementary suppression: when an outcome row of a cell is hidden, the total row's benefit
-- and ratio are hidden too — otherwise total benefit − the visible benefits, divided by the
-- published value_per_case_eur, would give the hidden cases back. The total's cases (distinct
-- trajectories, not a sum) stay.
with social_return as (
    select * from ind_social_return
),

flags as (
    select
        *,
        is_small(cases) as small_cases,
        bool_or(outcome <> '*' and is_small(cases)) over (
            partition by municipality_code, service_code, period_start
        ) as cell_has_hidden_outcome
    from social_return
),

complemented as (
    select
        *,
        small_cases or (outcome = '*' and cell_has_hidden_outcome) as hide_euros
    from flags
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
        case when not hide_euros then benefit_eur end as benefit_eur,
        cost_eur,
        case when not hide_euros then return_ratio end as return_ratio,
        data_through,
        proxy_set,
        proxy_valid_from,
        proxy_status,
        proxy_source,
        outcome_description,
        hide_euros as suppressed
    from complemented
)

select * from final
