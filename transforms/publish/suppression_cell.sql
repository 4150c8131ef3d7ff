-- suppression_cell — every published count of people that takes part in an additive relation
-- (see suppression_term), with its primary suppression (DESIGN.md §7). Not published itself:
-- publish() builds it as a temporary table before the published models, which read it through
-- suppressed_cell.
-- Grain: table × measure × municipality × service × period × instrument × domain × outcome; ''
-- where the table has no such key. cell_id numbers the cells for suppression_term.
-- primary_hidden: the count is from 1 to min_cell − 1, or (ind_reach) the row's reached_clients
-- is, which hides the row's other counts with it.
-- Counts that are the same number as one of these are not cells of their own: the published
-- models read their state from the twin (ind_outcome_change.closed_trajectories is
-- ind_trajectory.closed; paired_trajectories is the pairs of domain '*').
-- Not here: reached_clients and the total row's cases of ind_social_return (distinct people,
-- not sums); sessions (events, not people).
with reach as (
    select
        'ind_reach' as tbl, municipality_code, service_code, period_type, period_start, period_end,
        '' as instrument, '' as domain_code, '' as outcome,
        is_small(reached_clients) as small_reach,
        new_clients, contacts
    from ind_reach
),

reach_cells as (
    select * exclude (small_reach, new_clients, contacts), 'new_clients' as measure, new_clients as value,
           small_reach or is_small(new_clients) as primary_hidden
    from reach
    union all
    select * exclude (small_reach, new_clients, contacts), 'contacts', contacts,
           small_reach or is_small(contacts)
    from reach
),

trajectory_cells as (
    unpivot (
        select
            'ind_trajectory' as tbl, municipality_code, service_code, period_type, period_start, period_end,
            '' as instrument, '' as domain_code, '' as outcome,
            started, closed, active_at_end, closed_goals_met, closed_dropout, closed_with_repeat
        from ind_trajectory
    )
    on started, closed, active_at_end, closed_goals_met, closed_dropout, closed_with_repeat
    into name measure value value
),

activity_cells as (
    unpivot (
        select
            'ind_activity' as tbl, municipality_code, service_code, period_type, period_start, period_end,
            '' as instrument, '' as domain_code, '' as outcome,
            participants, volunteers
        from ind_activity
    )
    on participants, volunteers
    into name measure value value
),

outcome_change_cells as (
    unpivot (
        select
            'ind_outcome_change' as tbl, municipality_code, service_code, period_type, period_start, period_end,
            instrument, domain_code, '' as outcome,
            pairs, improved, stable, declined
        from ind_outcome_change
    )
    on pairs, improved, stable, declined
    into name measure value value
),

social_return_cells as (
    select
        'ind_social_return' as tbl, municipality_code, service_code, period_type, period_start, period_end,
        '' as instrument, '' as domain_code, outcome,
        'cases' as measure, cases as value
    from ind_social_return
    where outcome <> '*'
),

unpivoted as (
    select *, is_small(value) as primary_hidden from trajectory_cells
    union all by name
    select *, is_small(value) as primary_hidden from activity_cells
    union all by name
    select *, is_small(value) as primary_hidden from outcome_change_cells
    union all by name
    select *, is_small(value) as primary_hidden from social_return_cells
),

final as (
    select
        row_number() over (
            order by tbl, measure, municipality_code, service_code, period_type, period_start,
                     instrument, domain_code, outcome
        ) as cell_id,
        tbl,
        measure,
        municipality_code,
        service_code,
        period_type,
        period_start,
        period_end,
        instrument,
        domain_code,
        outcome,
        value::bigint as value,
        primary_hidden
    from (
        select * from reach_cells
        union all by name
        select * from unpivoted
    )
)

select * from final
