-- stg_activity__checked — every landed session of a collective activity with its problems.
-- Grain: one row per data row of a delivered attendance sheet.
-- materialized: incremental
-- A table, not a view: staging, quarantine and exact_duplicates all read it. The rows of a file
-- depend on that file alone (duplicates are sought within a file, the future is judged by its
-- export date), so a run adds the files landed since; it is built anew only when the SQL, the
-- mapping or the reference data it reads changed.
-- Rejected: a missing or unreadable date, service or activity name; a date in the future; the
-- same session (date, activity, team, neighbourhood) twice in one file with other counts.
-- A negative or unreadable count drops only that count.
-- A deletion flag (deletions: flag-column) that is not a clear yes or no rejects the row.
-- "In the future" means after the export date of the file (its delivery date when the export
-- has no date): the rule judges what a file says, not the day of the run, so a rebuild on a
-- later day gives the same rows and a nightly run need not redo it.
with landed as (
    select
        *,
        hash(service_code, municipality_code, participants, volunteers, volunteer_hours, yes_no(deleted)) as _values_hash
    from land.activity
    where _is_data
),

duplicates as (
    select
        *,
        count(*) over same_key as _copies,
        min(_values_hash) over same_key <> max(_values_hash) over same_key as _conflicting,
        row_number() over (
            partition by _system, _file_id, activity_date, activity_name, team, neighbourhood, _values_hash order by _row
        ) > 1 as _is_exact_duplicate
    from landed
    window same_key as (partition by _system, _file_id, activity_date, activity_name, team, neighbourhood)
),

rules as (
    select
        *,
        [
            case when yes_no(deleted) is null then
                {'field': 'deleted', 'column': null, 'value': left(deleted, 200),
                 'reason': 'not a yes or no: is the record deleted? (the row is kept out until it is clear)'} end,
            case when participants < 0 then
                {'field': 'participants', 'column': null, 'value': participants::varchar,
                 'reason': 'negative count'} end,
            case when volunteers < 0 then
                {'field': 'volunteers', 'column': null, 'value': volunteers::varchar,
                 'reason': 'negative count'} end,
            case when volunteer_hours < 0 then
                {'field': 'volunteer_hours', 'column': null, 'value': volunteer_hours::varchar,
                 'reason': 'negative hours'} end,
            case when activity_date > _export_date then
                {'field': 'activity_date', 'column': null, 'value': strftime(activity_date, '%d-%m-%Y'),
                 'reason': 'date lies in the future'} end,
            case when _conflicting then
                {'field': 'activity_name', 'column': null, 'value': activity_name,
                 'reason': 'conflicting duplicate: this session appears ' || _copies
                     || ' times in the file with different counts'} end
        ]::land.cell_error[] as _rule_problems
    from duplicates
),

final as (
    select
        * exclude (_rule_problems),
        list_concat(_errors, list_filter(_rule_problems, p -> p is not null)) as _problems,
        list_transform(_problems, p -> p.field) as _problem_fields,
        list_has_any(_problem_fields, ['activity_date', 'service_code', 'activity_name', 'deleted']) as _rejected
    from rules
)

select * from final
