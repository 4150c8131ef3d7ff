-- ind_social_return — societal return of the individual services, in the spirit of the
-- Impactkaart (DESIGN.md §6, normative).
-- Grain: municipality × service × year × outcome (period_type 'year', period_start 1 January,
-- period_end 31 December), plus one total row per municipality × service × year (outcome '*').
-- Definition:
--   Outcome cases are configured rules over the warehouse (seed ref_outcome_case.csv). A closed
--   trajectory is a case of an outcome when one of the outcome's rule rows matches it:
--     rule closure_reason    it closed with that closure_reason
--     rule domain_improved   its change on that instrument × domain is 'improved'
--                            (fct_outcome_change)
--   each optionally only for one service_code and only when age_at_start (year of trajectory
--   start − birth year) ≤ max_age_at_start ("young client" = age_at_start < 27 → 26; a client
--   without a birth year is no case of such a rule). Several rule rows of one outcome are
--   alternatives. A case counts in the year its trajectory closed; one trajectory may be a case
--   of several outcomes.
--   Proxy set (seed ref_proxy.csv): a version is every row with one valid_from; a year uses the
--   version with the latest valid_from on or before 1 January of that year. An outcome the
--   version does not value has value_eur NULL there (no fallback to an older version).
--   benefit per outcome = cases × value_eur × (1 − deadweight) × (1 − attribution)
--       × (1 − displacement) × Σ_{y=0}^{benefit_years−1} (1 − drop_off)^y,
--   booked in the closure year, undiscounted.
-- Columns:
--   cases                 outcome rows: trajectories that are a case of the outcome;
--                         total row: distinct trajectories that are a case of any outcome
--   value_eur, deadweight, attribution, displacement, drop_off, benefit_years
--                         the proxy inputs (outcome rows only); the four rates are fractions 0–1
--   duration_factor       Σ_{y=0}^{benefit_years−1} (1 − drop_off)^y
--   value_per_case_eur    value_eur × (1 − deadweight) × (1 − attribution) × (1 − displacement)
--                         × duration_factor, so benefit_eur = cases × value_per_case_eur
--   benefit_eur           outcome rows: as defined (0 when cases = 0); total row: the sum over
--                         the outcome rows, NULL when an outcome with cases has no proxy
--   cost_eur              fct_budget of the municipality × service × year, the same on every
--                         row of the cell (do not sum it over outcomes); NULL without a budget
--   return_ratio          benefit_eur / cost_eur; NULL without cost. On an outcome row it is
--                         that outcome's share of the total row's ratio (they add up to it).
--   data_through          the earlier of period_end and the last date with data in the
--                         warehouse (contact_date, trajectory end_date, measured_on): a partial
--                         year shows as such
--   proxy_set, proxy_valid_from, proxy_status, proxy_source    the proxy version used
--   outcome_description   the description(s) of the outcome's case rules
-- Rows: a municipality × service × year with ≥ 1 closed trajectory has a total row and a row per
-- outcome whose rules apply to the service (cases may be 0). A budget without any closed
-- trajectory gives no row (nothing to value). Collective services are not valued here.
-- A return ratio values outcomes with proxies; it is not a measured effect: without a
-- comparison group, deadweight and attribution are estimates.
with closed as (
    select
        fct_trajectory.trajectory_key,
        fct_trajectory.municipality_code,
        fct_trajectory.service_code,
        fct_trajectory.closure_reason,
        fct_trajectory.age_at_start,
        date_trunc('year', fct_trajectory.end_date)::date as period_start
    from fct_trajectory
    join dim_service using (service_code)
    where fct_trajectory.is_closed
      and dim_service.kind = 'individual'
),

case_rules_raw as (
    select
        trim(outcome) as outcome,
        trim(rule) as rule,
        nullif(trim(service_code), '') as service_code,
        nullif(trim(closure_reason), '') as closure_reason,
        nullif(trim(instrument), '') as instrument,
        nullif(trim(domain_code), '') as domain_code,
        nullif(trim(max_age_at_start), '') as max_age_as_written,
        try_cast(nullif(trim(max_age_at_start), '') as integer) as max_age_at_start,
        description
    from ref.outcome_case
),

case_rules as (
    select
        outcome,
        case
            when max_age_as_written is not null and max_age_at_start is null then error(
                'ref_outcome_case.csv · outcome ''' || coalesce(outcome, '') || ''' · max_age_at_start '''
                || max_age_as_written || ''' is not a whole number (a client under 27 is 26; empty = any age).'
            )
            when rule = 'closure_reason' and closure_reason is not null then rule
            when rule = 'domain_improved' and instrument is not null and domain_code is not null then rule
            else error(
                'ref_outcome_case.csv · outcome ''' || coalesce(outcome, '') || ''' · rule '''
                || coalesce(rule, '') || ''' is not a rule this model knows, or lacks its columns. '
                || 'Use rule closure_reason (with closure_reason) or domain_improved (with instrument '
                || 'and domain_code); service_code and max_age_at_start are optional.'
            )
        end as rule,
        service_code,
        closure_reason,
        instrument,
        domain_code,
        max_age_at_start,
        description
    from case_rules_raw
),

closure_cases as (
    select closed.trajectory_key, closed.municipality_code, closed.service_code, closed.period_start,
           case_rules.outcome
    from closed
    join case_rules
      on case_rules.rule = 'closure_reason'
     and case_rules.closure_reason = closed.closure_reason
     and (case_rules.service_code is null or case_rules.service_code = closed.service_code)
     and (case_rules.max_age_at_start is null or closed.age_at_start <= case_rules.max_age_at_start)
),

improved as (
    select distinct trajectory_key, instrument, domain_code
    from fct_outcome_change
    where outcome = 'improved'
),

domain_cases as (
    select closed.trajectory_key, closed.municipality_code, closed.service_code, closed.period_start,
           case_rules.outcome
    from closed
    join improved using (trajectory_key)
    join case_rules
      on case_rules.rule = 'domain_improved'
     and case_rules.instrument = improved.instrument
     and case_rules.domain_code = improved.domain_code
     and (case_rules.service_code is null or case_rules.service_code = closed.service_code)
     and (case_rules.max_age_at_start is null or closed.age_at_start <= case_rules.max_age_at_start)
),

cases as (
    select * from closure_cases
    union
    select * from domain_cases
),

cells as (
    select distinct municipality_code, service_code, period_start from closed
),

outcomes as (
    select outcome, service_code, string_agg(distinct description, '; ' order by description) as outcome_description
    from case_rules
    group by all
),

cell_outcomes as (
    select
        cells.municipality_code,
        cells.service_code,
        cells.period_start,
        outcomes.outcome,
        string_agg(distinct outcomes.outcome_description, '; ') as outcome_description
    from cells
    join outcomes
      on outcomes.service_code is null or outcomes.service_code = cells.service_code
    group by all
),

case_counts as (
    select municipality_code, service_code, period_start, outcome, count(*) as cases
    from cases
    group by all
),

proxies_raw as (
    select
        trim(proxy_set) as proxy_set,
        try_cast(trim(valid_from) as date) as valid_from,
        trim(outcome) as outcome,
        try_cast(value_eur as double) as value_eur,
        try_cast(deadweight as double) as deadweight,
        try_cast(attribution as double) as attribution,
        try_cast(displacement as double) as displacement,
        try_cast(drop_off as double) as drop_off,
        try_cast(benefit_years as integer) as benefit_years,
        trim(status) as proxy_status,
        source as proxy_source,
        'valid_from ' || coalesce(valid_from, 'empty') || ', value_eur ' || coalesce(value_eur, 'empty')
            || ', deadweight ' || coalesce(deadweight, 'empty') || ', attribution ' || coalesce(attribution, 'empty')
            || ', displacement ' || coalesce(displacement, 'empty') || ', drop_off ' || coalesce(drop_off, 'empty')
            || ', benefit_years ' || coalesce(benefit_years, 'empty') as as_written
    from ref.proxy
),

proxies_checked as (
    select
        *,
        case
            when valid_from is null or value_eur is null or deadweight is null or attribution is null
              or displacement is null or drop_off is null or benefit_years is null
              or not (deadweight between 0 and 1 and attribution between 0 and 1
                      and displacement between 0 and 1 and drop_off between 0 and 1 and benefit_years >= 1)
                then 'valid_from is a date (yyyy-mm-dd), value_eur a number (decimal point, no thousands '
                    || 'separator), deadweight, attribution, displacement and drop_off are fractions between 0 '
                    || 'and 1 (write 25 % as 0.25) and benefit_years is a whole number ≥ 1; found ' || as_written
            when count(*) over (partition by valid_from, outcome) > 1
                then 'the version has more than one row for this outcome; keep one'
        end as problem
    from proxies_raw
),

proxies as (
    select
        * exclude (problem, as_written) replace (
            case
                when problem is null then value_eur
                else error('ref_proxy.csv · outcome ''' || coalesce(outcome, '') || ''': ' || problem || '.')::double
            end as value_eur
        ),
        list_sum([pow(1 - drop_off, y) for y in range(benefit_years)]) as duration_factor
    from proxies_checked
),

valued as (
    select
        *,
        value_eur * (1 - deadweight) * (1 - attribution) * (1 - displacement) * duration_factor
            as value_per_case_eur
    from proxies
),

versions as (
    select valid_from, string_agg(distinct proxy_set, ', ' order by proxy_set) as proxy_set
    from proxies
    group by all
),

year_versions as (
    select years.period_start, max(versions.valid_from) as proxy_valid_from
    from (select distinct period_start from cells) as years
    left join versions on versions.valid_from <= years.period_start
    group by all
),

last_data as (
    select max(last_date) as last_date
    from (
        select max(contact_date) as last_date from fct_contact
        union all
        select max(end_date) from fct_trajectory
        union all
        select max(measured_on) from fct_outcome_score
    )
),

budgets as (
    select year, municipality_code, service_code, cost_eur from fct_budget
),

cell_facts as (
    select
        cells.*,
        last_day_of('year', cells.period_start) as period_end,
        budgets.cost_eur,
        least(last_day_of('year', cells.period_start), last_data.last_date) as data_through,
        year_versions.proxy_valid_from,
        versions.proxy_set
    from cells
    cross join last_data
    left join budgets
      on budgets.year = year(cells.period_start)
     and budgets.municipality_code is not distinct from cells.municipality_code
     and budgets.service_code = cells.service_code
    left join year_versions using (period_start)
    left join versions on versions.valid_from = year_versions.proxy_valid_from
),

outcome_rows as (
    select
        cell_facts.*,
        cell_outcomes.outcome,
        coalesce(case_counts.cases, 0) as cases,
        valued.value_eur,
        valued.deadweight,
        valued.attribution,
        valued.displacement,
        valued.drop_off,
        valued.benefit_years,
        valued.duration_factor,
        valued.value_per_case_eur,
        case when coalesce(case_counts.cases, 0) = 0 then 0::double
             else case_counts.cases * valued.value_per_case_eur end as benefit_eur,
        valued.proxy_status,
        valued.proxy_source,
        cell_outcomes.outcome_description
    from cell_outcomes
    join cell_facts
      on cell_facts.municipality_code is not distinct from cell_outcomes.municipality_code
     and cell_facts.service_code = cell_outcomes.service_code
     and cell_facts.period_start = cell_outcomes.period_start
    left join case_counts
      on case_counts.municipality_code is not distinct from cell_outcomes.municipality_code
     and case_counts.service_code = cell_outcomes.service_code
     and case_counts.period_start = cell_outcomes.period_start
     and case_counts.outcome = cell_outcomes.outcome
    left join valued
      on valued.valid_from = cell_facts.proxy_valid_from
     and valued.outcome = cell_outcomes.outcome
),

distinct_cases as (
    select municipality_code, service_code, period_start, count(distinct trajectory_key) as cases
    from cases
    group by all
),

benefit_totals as (
    select
        municipality_code,
        service_code,
        period_start,
        case when bool_or(benefit_eur is null) then null else sum(benefit_eur) end as benefit_eur,
        string_agg(distinct proxy_status, ', ' order by proxy_status) as proxy_status
    from outcome_rows
    group by all
),

total_rows as (
    select
        cell_facts.*,
        '*' as outcome,
        coalesce(distinct_cases.cases, 0) as cases,
        null::double as value_eur,
        null::double as deadweight,
        null::double as attribution,
        null::double as displacement,
        null::double as drop_off,
        null::integer as benefit_years,
        null::double as duration_factor,
        null::double as value_per_case_eur,
        case when benefit_totals.service_code is null then 0::double else benefit_totals.benefit_eur end
            as benefit_eur,
        benefit_totals.proxy_status,
        null::varchar as proxy_source,
        'Total: distinct trajectories that are a case of any outcome, and the summed benefit' as outcome_description
    from cell_facts
    left join distinct_cases
      on distinct_cases.municipality_code is not distinct from cell_facts.municipality_code
     and distinct_cases.service_code = cell_facts.service_code
     and distinct_cases.period_start = cell_facts.period_start
    left join benefit_totals
      on benefit_totals.municipality_code is not distinct from cell_facts.municipality_code
     and benefit_totals.service_code = cell_facts.service_code
     and benefit_totals.period_start = cell_facts.period_start
),

all_rows as (
    select * from outcome_rows
    union all by name
    select * from total_rows
),

final as (
    select
        municipality_code,
        service_code,
        'year' as period_type,
        period_start,
        period_end,
        outcome,
        cases,
        value_eur,
        deadweight,
        attribution,
        displacement,
        drop_off,
        benefit_years,
        duration_factor,
        value_per_case_eur,
        benefit_eur,
        cost_eur,
        benefit_eur / nullif(cost_eur, 0) as return_ratio,
        data_through,
        proxy_set,
        proxy_valid_from,
        proxy_status,
        proxy_source,
        outcome_description
    from all_rows
)

select * from final
