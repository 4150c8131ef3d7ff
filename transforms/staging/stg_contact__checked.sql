-- stg_contact__checked — every landed contact row with the problems found in it.
-- Grain: one row per data row of a delivered contact file.
-- materialized: incremental
-- A table, not a view: staging, quarantine and exact_duplicates all read it. The rows of a file
-- depend on that file alone (duplicates are sought within a file, the future is judged by its
-- export date), so a run adds the files landed since; it is built anew only when the SQL, the
-- mapping or the reference data it reads changed.
-- Rejected: a missing or unreadable contact number, client number or date; a date in the
-- future; a contact number twice in one file with other values (every copy). A duration that
-- is unreadable or negative drops only the duration: the contact still counts for reach.
-- A deletion flag (deletions: flag-column) that is not a clear yes or no rejects the row.
-- "In the future" means after the export date of the file (its delivery date when the export
-- has no date): the rule judges what a file says, not the day of the run, so a rebuild on a
-- later day gives the same rows and a nightly run need not redo it.
with landed as not materialized (
    select
        *,
        hash(source_client_id, source_trajectory_id, service_code, contact_date, duration_min, contact_type, yes_no(deleted))
            as _values_hash
    from land.contact
    where _is_data
),

-- Duplicates are found on the key columns alone and joined back: a window over the landed rows
-- sorts every row with all its columns (20 M contacts: 112 s for this model), while the keys
-- that occur more than once in a file are few.
repeated_keys as (
    select
        _system, _file_id, source_contact_id,
        count(*) as _copies,
        min(_values_hash) <> max(_values_hash) as _conflicting
    from landed
    group by all
    having count(*) > 1
),

repeated_values as (
    -- of a row repeated with the same values, the first copy (by line) is kept
    select _system, _file_id, source_contact_id, _values_hash, min({'row': _row, 'sheet': _sheet}) as _first
    from landed
    semi join repeated_keys using (_system, _file_id, source_contact_id)
    group by all
),

duplicates as (
    select
        landed.*,
        coalesce(repeated_keys._copies, 1) as _copies,
        coalesce(repeated_keys._conflicting, false) as _conflicting,
        coalesce({'row': landed._row, 'sheet': landed._sheet} <> repeated_values._first, false)
            as _is_exact_duplicate
    from landed
    left join repeated_keys using (_system, _file_id, source_contact_id)
    left join repeated_values using (_system, _file_id, source_contact_id, _values_hash)
),

rules as (
    select
        *,
        [
            case when yes_no(deleted) is null then
                {'field': 'deleted', 'column': null, 'value': left(deleted, 200),
                 'reason': 'not a yes or no: is the record deleted? (the row is kept out until it is clear)'} end,
            case when duration_min < 0 then
                {'field': 'duration_min', 'column': null, 'value': duration_min::varchar || ' min',
                 'reason': 'negative duration'} end,
            case when contact_date > _export_date then
                {'field': 'contact_date', 'column': null, 'value': strftime(contact_date, '%d-%m-%Y'),
                 'reason': 'date lies in the future'} end,
            case when _conflicting then
                {'field': 'source_contact_id', 'column': null, 'value': null,
                 'reason': 'conflicting duplicate: this contact number appears ' || _copies
                     || ' times in the file with different values'} end
        ]::land.cell_error[] as _rule_problems
    from duplicates
),

final as (
    select
        * exclude (_rule_problems),
        list_concat(_errors, list_filter(_rule_problems, p -> p is not null)) as _problems,
        list_transform(_problems, p -> p.field) as _problem_fields,
        list_has_any(_problem_fields, ['source_contact_id', 'source_client_id', 'contact_date', 'deleted']) as _rejected
    from rules
)

select * from final
