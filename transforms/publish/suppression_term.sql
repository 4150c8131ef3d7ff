-- suppression_term — the additive relations between published counts, as equations over the
-- cells of suppression_cell: one row per term of each equation (DESIGN.md §7, complementary
-- suppression). Not published itself; suppressed_cell uses it.
-- Grain: equation × cell. `relation` says in words which relation the equation is an instance of.
-- A relation is listed when knowing all but one of its terms gives the last one back:
--   sum        a quarter = the sum of its months, a year = the sum of its quarters and of its
--              months, for every count that is a sum over time (per municipality × service, and
--              instrument × domain in ind_outcome_change). new_clients is nearly so: a client
--              whose first contact was in another municipality can be new in a quarter but in
--              none of its months there — close enough to give a hidden month back.
--   classes    ind_outcome_change: pairs = improved + stable + declined, per row.
--   flow       ind_trajectory: active_at_end = active_at_end of the period before (same type)
--              + started − closed.
--   same end   ind_trajectory: active_at_end of a quarter or year = that of the month or quarter
--              that ends on the same day.
--   twin       ind_social_return: the cases of an outcome defined by one rule without an age
--              limit are another published count in the same year — closure reason goals_met is
--              ind_trajectory.closed_goals_met, an improved domain is ind_outcome_change.improved.
-- A missing row is a known zero, so it is no term. Relations between distinct counts (reach,
-- the total row of the societal return) are not sums and are not listed.
with cells as (
    select * from suppression_cell
),

sum_children as (
    select
        parents.tbl || '.' || parents.measure || ': a ' || parents.period_type || ' is the sum of its '
            || children.period_type || 's' as relation,
        'sum ' || children.period_type || 's of ' || parents.cell_id as equation,
        parents.cell_id as parent_id,
        children.cell_id
    from cells as parents
    join cells as children
      on children.tbl = parents.tbl
     and children.measure = parents.measure
     and children.municipality_code is not distinct from parents.municipality_code
     and children.service_code = parents.service_code
     and children.instrument = parents.instrument
     and children.domain_code = parents.domain_code
     and children.outcome = parents.outcome
     and children.period_start between parents.period_start and parents.period_end
     and (
        (parents.period_type = 'quarter' and children.period_type = 'month')
        or (parents.period_type = 'year' and children.period_type in ('quarter', 'month'))
     )
    where not (parents.tbl = 'ind_trajectory' and parents.measure = 'active_at_end')
),

sums as (
    select relation, equation, cell_id from sum_children
    union
    select relation, equation, parent_id from sum_children
),

classes as (
    select
        'ind_outcome_change: pairs = improved + stable + declined' as relation,
        'classes of ' || pairs.cell_id as equation,
        unnest([pairs.cell_id, class.cell_id]) as cell_id
    from cells as pairs
    join cells as class
      on class.tbl = pairs.tbl
     and class.measure in ('improved', 'stable', 'declined')
     and class.municipality_code is not distinct from pairs.municipality_code
     and class.service_code = pairs.service_code
     and class.period_type = pairs.period_type
     and class.period_start = pairs.period_start
     and class.instrument = pairs.instrument
     and class.domain_code = pairs.domain_code
    where pairs.tbl = 'ind_outcome_change'
      and pairs.measure = 'pairs'
),

flows as (
    select
        'ind_trajectory: active_at_end = active_at_end before + started − closed' as relation,
        'flow into ' || active.cell_id as equation,
        unnest([active.cell_id, term.cell_id]) as cell_id
    from cells as active
    join cells as term
      on term.tbl = active.tbl
     and term.municipality_code is not distinct from active.municipality_code
     and term.service_code = active.service_code
     and term.period_type = active.period_type
     and (
        (term.measure in ('started', 'closed') and term.period_start = active.period_start)
        or (term.measure = 'active_at_end' and term.period_end = active.period_start - 1)
     )
    where active.tbl = 'ind_trajectory'
      and active.measure = 'active_at_end'
),

same_ends as (
    select
        'ind_trajectory: active_at_end of a ' || coarse.period_type || ' = that of its last '
            || fine.period_type as relation,
        'same end ' || fine.period_type || ' ' || coarse.cell_id as equation,
        unnest([coarse.cell_id, fine.cell_id]) as cell_id
    from cells as coarse
    join cells as fine
      on fine.tbl = coarse.tbl
     and fine.measure = coarse.measure
     and fine.municipality_code is not distinct from coarse.municipality_code
     and fine.service_code = coarse.service_code
     and fine.period_end = coarse.period_end
     and (
        (coarse.period_type = 'quarter' and fine.period_type = 'month')
        or (coarse.period_type = 'year' and fine.period_type in ('quarter', 'month'))
     )
    where coarse.tbl = 'ind_trajectory'
      and coarse.measure = 'active_at_end'
),

single_rules as (
    select
        trim(outcome) as outcome,
        any_value(trim(rule)) as rule,
        any_value(nullif(trim(service_code), '')) as service_code,
        any_value(nullif(trim(closure_reason), '')) as closure_reason,
        any_value(nullif(trim(instrument), '')) as instrument,
        any_value(nullif(trim(domain_code), '')) as domain_code
    from ref.outcome_case
    group by trim(outcome)
    having count(*) = 1 and any_value(nullif(trim(max_age_at_start), '')) is null
),

twins as (
    select
        'ind_social_return.cases of ' || cases.outcome || ' = ' || twin.tbl || '.' || twin.measure as relation,
        'twin of ' || cases.cell_id as equation,
        unnest([cases.cell_id, twin.cell_id]) as cell_id
    from cells as cases
    join single_rules as rules
      on rules.outcome = cases.outcome
     and (rules.service_code is null or rules.service_code = cases.service_code)
    join cells as twin
      on twin.municipality_code is not distinct from cases.municipality_code
     and twin.service_code = cases.service_code
     and twin.period_type = 'year'
     and twin.period_start = cases.period_start
     and (
        (rules.rule = 'closure_reason' and rules.closure_reason = 'goals_met'
         and twin.tbl = 'ind_trajectory' and twin.measure = 'closed_goals_met')
        or (rules.rule = 'domain_improved'
            and twin.tbl = 'ind_outcome_change' and twin.measure = 'improved'
            and twin.instrument = rules.instrument and twin.domain_code = rules.domain_code)
     )
    where cases.tbl = 'ind_social_return'
),

final as (
    select distinct relation, equation, cell_id
    from (
        select * from sums
        union all
        select * from classes
        union all
        select * from flows
        union all
        select * from same_ends
        union all
        select * from twins
    )
)

select * from final
