-- stg_trajectory__checked — every landed trajectory row with the problems found in it.
-- Grain: one row per data row of a delivered trajectory file.
-- materialized: incremental
-- A table, not a view: staging, quarantine and exact_duplicates all read it. The rows of a file
-- depend on that file alone (duplicates are sought within a file, the future is judged by its
-- export date), so a run adds the files landed since; it is built anew only when the SQL, the
-- mapping or the reference data it reads changed.
-- Rejected: a missing or unreadable trajectory number, client number, service or start date;
-- an end date before the start date; a start date in the future; a trajectory number twice in
-- one file with other values.
-- A deletion flag (deletions: flag-column) that is not a clear yes or no rejects the row.
-- "In the future" means after the export date of the file (its delivery date when the export
-- has no date): the rule judges what a file says, not the day of the run, so a rebuild on a
-- later day gives the same rows and a nightly run need not redo it.
with landed as (
    select
        *,
        hash(source_client_id, service_code, municipality_code, team, start_date, end_date,
             closure_reason, referrer, yes_no(deleted)) as _values_hash
    from land.trajectory
    where _is_data
),

duplicates as (
    select
        *,
        count(*) over same_key as _copies,
        min(_values_hash) over same_key <> max(_values_hash) over same_key as _conflicting,
        row_number() over (partition by _system, _file_id, source_trajectory_id, _values_hash order by _row) > 1
            as _is_exact_duplicate
    from landed
    window same_key as (partition by _system, _file_id, source_trajectory_id)
),

rules as (
    select
        *,
        [
            case when yes_no(deleted) is null then
                {'field': 'deleted', 'column': null, 'value': left(deleted, 200),
                 'reason': 'not a yes or no: is the record deleted? (the row is kept out until it is clear)'} end,
            case when end_date < start_date then
                {'field': 'end_date', 'column': null, 'value': strftime(end_date, '%d-%m-%Y'),
                 'reason': 'end date lies before the start date ' || strftime(start_date, '%d-%m-%Y')} end,
            case when start_date > _export_date then
                {'field': 'start_date', 'column': null, 'value': strftime(start_date, '%d-%m-%Y'),
                 'reason': 'date lies in the future'} end,
            case when _conflicting then
                {'field': 'source_trajectory_id', 'column': null, 'value': null,
                 'reason': 'conflicting duplicate: this trajectory number appears ' || _copies
                     || ' times in the file with different values'} end
        ]::land.cell_error[] as _rule_problems
    from duplicates
),

final as (
    select
        * exclude (_rule_problems),
        list_concat(_errors, list_filter(_rule_problems, p -> p is not null)) as _problems,
        list_transform(_problems, p -> p.field) as _problem_fields,
        list_has_any(_problem_fields, ['source_trajectory_id', 'source_client_id', 'service_code', 'start_date', 'end_date', 'deleted'])
            as _rejected
    from rules
)

select * from final
