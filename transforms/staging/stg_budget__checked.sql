-- stg_budget__checked — every landed budget line with its problems.
-- Grain: one row per data row of a delivered budget file.
-- materialized: incremental
-- A table, not a view: staging, quarantine and exact_duplicates all read it. The rows of a file
-- depend on that file alone (duplicates are sought within a file, the future is judged by its
-- export date), so a run adds the files landed since; it is built anew only when the SQL, the
-- mapping or the reference data it reads changed.
-- Rejected: a missing or unreadable year, municipality, service or cost; a negative cost; the
-- same year × municipality × service twice in one file with other amounts.
with landed as (
    select * from land.budget where _is_data
),

duplicates as (
    select
        *,
        count(*) over same_key as _copies,
        min(cost_eur) over same_key <> max(cost_eur) over same_key as _conflicting,
        row_number() over (partition by _system, _file_id, year, municipality_code, service_code, cost_eur order by _row) > 1
            as _is_exact_duplicate
    from landed
    window same_key as (partition by _system, _file_id, year, municipality_code, service_code)
),

rules as (
    select
        *,
        [
            case when cost_eur < 0 then
                {'field': 'cost_eur', 'column': null, 'value': cost_eur::varchar, 'reason': 'negative cost'} end,
            case when _conflicting then
                {'field': 'cost_eur', 'column': null, 'value': cost_eur::varchar,
                 'reason': 'conflicting duplicate: ' || _copies || ' amounts for this year, municipality and service'} end
        ]::land.cell_error[] as _rule_problems
    from duplicates
),

final as (
    select
        * exclude (_rule_problems),
        list_concat(_errors, list_filter(_rule_problems, p -> p is not null)) as _problems,
        list_transform(_problems, p -> p.field) as _problem_fields,
        list_has_any(_problem_fields, ['year', 'municipality_code', 'service_code', 'cost_eur']) as _rejected
    from rules
)

select * from final
