-- ind_social_return (published) — ind_social_return with small cells suppressed for
-- municipalities (DESIGN.md §7).
-- Grain: municipality × service × year × outcome (outcome '*' = total), as ind_social_return;
-- `year` = year(period_start) is the partition.
-- cases from 1 to min_cell − 1 becomes NULL (zero is shown), and so do the euros derived from
-- it: benefit_eur and return_ratio (benefit_eur ÷ value_per_case_eur would give the cases
-- back). The proxy inputs, cost_eur and data_through are not derived from people and stay.
-- `suppressed` says that something in the row was hidden. min_cell comes from impact.yaml
-- (SET VARIABLE min_cell).
-- Complementary suppression: the cases of an outcome defined by one rule without an age limit
-- are also published elsewhere (closed_goals_met of ind_trajectory, improved of
-- ind_outcome_change, same year) and are hidden exactly when suppressed_cell hides them there.
-- When an outcome row of a cell is hidden, the total row's benefit and ratio are hidden too —
-- otherwise total benefit − the visible benefits, divided by the published value_per_case_eur,
-- would give the hidden cases back. The total's cases (distinct trajectories, not a sum) stay,
-- unless one outcome is hidden and every shown one has 0 cases: the total is then the hidden
-- outcome's cases.
with social_return as (
    select * from ind_social_return
),

hidden as (
    select municipality_code, service_code, period_start, outcome
    from suppressed_cell
    where tbl = 'ind_social_return'
),

flags as (
    select
        social_return.*,
        hidden.outcome is not null as hide_cases
    from social_return
    left join hidden
      on hidden.municipality_code is not distinct from social_return.municipality_code
     and hidden.service_code = social_return.service_code
     and hidden.period_start = social_return.period_start
     and hidden.outcome = social_return.outcome
),

cells as (
    select
        *,
        bool_or(outcome <> '*' and hide_cases) over cell as cell_has_hidden_outcome,
        count(*) filter (where outcome <> '*' and hide_cases) over cell as hidden_outcomes,
        coalesce(bool_or(outcome <> '*' and not hide_cases and cases > 0) over cell, false)
            as cell_has_shown_cases
    from flags
    window cell as (partition by municipality_code, service_code, period_start)
),

complemented as (
    select
        *,
        hide_cases or (outcome = '*' and cell_has_hidden_outcome) as hide_euros,
        hide_cases or is_small(cases) or (outcome = '*' and hidden_outcomes = 1 and not cell_has_shown_cases)
            as hide_total_cases
    from cells
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
        case when not hide_total_cases then cases end as cases,
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
