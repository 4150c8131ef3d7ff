-- stg_client__checked — every landed client row with the problems found in it.
-- Grain: one row per data row of a delivered client file.
-- materialized: incremental
-- A table, not a view: staging, quarantine and exact_duplicates all read it. The rows of a file
-- depend on that file alone (duplicates are sought within a file, the future is judged by its
-- export date), so a run adds the files landed since; it is built anew only when the SQL, the
-- mapping or the reference data it reads changed.
-- A problem on the client number rejects the row; a problem on any other field drops only that
-- value. A client number that appears twice in one file with other values rejects every copy.
with landed as (
    select
        *,
        hash(birth_date, birth_year, gender, postcode, municipality_code, registered_on, person_pid) as _values_hash
    from land.client
    where _is_data
),

duplicates as (
    select
        *,
        count(*) over same_key as _copies,
        min(_values_hash) over same_key <> max(_values_hash) over same_key as _conflicting,
        row_number() over (partition by _system, _file_id, source_client_id, _values_hash order by _row) > 1
            as _is_exact_duplicate
    from landed
    window same_key as (partition by _system, _file_id, source_client_id)
),

rules as (
    select
        *,
        [
            case when birth_date > _export_date then
                {'field': 'birth_date', 'column': null, 'value': birth_date::varchar,
                 'reason': 'birth date lies after the export date'} end,
            case when _conflicting then
                {'field': 'source_client_id', 'column': null, 'value': null,
                 'reason': 'conflicting duplicate: this client number appears ' || _copies
                     || ' times in the file with different values'} end
        ]::land.cell_error[] as _rule_problems
    from duplicates
),

final as (
    select
        * exclude (_rule_problems),
        list_concat(_errors, list_filter(_rule_problems, p -> p is not null)) as _problems,
        list_transform(_problems, p -> p.field) as _problem_fields,
        list_has_any(_problem_fields, ['source_client_id']) as _rejected
    from rules
)

select * from final
