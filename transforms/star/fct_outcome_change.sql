-- fct_outcome_change — the change in one outcome domain over one closed trajectory.
-- Grain: one row per closed trajectory × instrument × domain that has a pair of scores.
-- Definition (DESIGN.md §6, outcome change): scores belong to the client (overlapping
-- trajectories share them). For each closed trajectory and domain, take the client's first and
-- last valid score of that instrument and domain measured within
-- [start_date − 30 days, end_date + 30 days]; it is a pair only if the two dates differ.
-- Scores on one date are ordered by moment (intake, progress, evaluation, exit), so "first"
-- and "last" are always one score each.
-- delta = last − first, sign-flipped when lower is better; improved: delta ≥ threshold,
-- declined: delta ≤ −threshold, otherwise stable. This is change, not effect: there is no
-- comparison group.
with closed as (
    select trajectory_key, client_id, service_code, municipality_code, start_date, end_date, closure_reason
    from fct_trajectory
    where is_closed
),

scores as (
    select
        client_id,
        instrument,
        domain_code,
        measured_on,
        score,
        case moment when 'intake' then 1 when 'progress' then 2 when 'evaluation' then 3 when 'exit' then 4 else 2 end
            as moment_order
    from fct_outcome_score
),

in_window as (
    select closed.trajectory_key, scores.*
    from closed
    join scores
      on scores.client_id = closed.client_id
     and scores.measured_on between closed.start_date - 30 and closed.end_date + 30
),

first_and_last as (
    select
        trajectory_key,
        instrument,
        domain_code,
        min(measured_on) as first_measured_on,
        arg_min(score, (measured_on, moment_order)) as first_score,
        max(measured_on) as last_measured_on,
        arg_max(score, (measured_on, moment_order)) as last_score,
        count(*) as scores_in_window
    from in_window
    group by all
),

domains as (
    select instrument, domain_code, higher_is_better, improvement_threshold from dim_instrument_domain
),

pairs as (
    select
        closed.*,
        first_and_last.* exclude (trajectory_key),
        domains.higher_is_better,
        domains.improvement_threshold,
        case when domains.higher_is_better then last_score - first_score else first_score - last_score end as delta
    from first_and_last
    join closed using (trajectory_key)
    join domains using (instrument, domain_code)
    where first_and_last.first_measured_on <> first_and_last.last_measured_on
),

final as (
    select
        *,
        case
            when delta >= improvement_threshold then 'improved'
            when delta <= -improvement_threshold then 'declined'
            else 'stable'
        end as outcome
    from pairs
)

select * from final
