-- quarantine — every row or value that did not make it into the warehouse, and why.
-- Grain: one row per problem (a rejected row may have several; a dropped value has one).
-- Rows are rejected for problems on required fields; other problems drop only that value
-- (action = 'value dropped'). Lines a CSV reader could not split are here too. The raw value
-- is kept (max 200 characters) so a data expert can see what was wrong; whole rows are not
-- kept, because they may hold names or BSNs the mapping deliberately never landed.
with problems as (
    select 'client' as entity, _load_id, _file_id, _source, _resource, _file, _sheet, _row, _rejected, unnest(_problems) as p
    from staging.stg_client__checked where not _is_exact_duplicate
    union all
    select 'trajectory', _load_id, _file_id, _source, _resource, _file, _sheet, _row, _rejected, unnest(_problems)
    from staging.stg_trajectory__checked where not _is_exact_duplicate
    union all
    select 'contact', _load_id, _file_id, _source, _resource, _file, _sheet, _row, _rejected, unnest(_problems)
    from staging.stg_contact__checked where not _is_exact_duplicate
    union all
    select 'outcome_score', _load_id, _file_id, _source, _resource, _file, _sheet, _row, _rejected, unnest(_problems)
    from staging.stg_outcome_score__checked where not _is_exact_duplicate
    union all
    select 'activity', _load_id, _file_id, _source, _resource, _file, _sheet, _row, _rejected, unnest(_problems)
    from staging.stg_activity__checked where not _is_exact_duplicate
    union all
    select 'budget', _load_id, _file_id, _source, _resource, _file, _sheet, _row, _rejected, unnest(_problems)
    from staging.stg_budget__checked where not _is_exact_duplicate
    union all
    select 'story', _load_id, _file_id, _source, _resource, _file, _sheet, _row, _rejected, unnest(_problems)
    from staging.stg_story__checked
),

cells as (
    select
        problems._load_id as run_id,
        problems._file_id as file_id,
        problems._source as source,
        problems._resource as resource,
        problems.entity,
        problems._file as file,
        problems._sheet as sheet,
        problems._row as row,
        coalesce(problems.p.column, column_map.column, problems.p.field) as column,
        problems.p.field as field,
        problems.p.value as value,
        problems.p.reason as reason,
        case when problems._rejected then 'row rejected' else 'value dropped' end as action
    from problems
    left join land.column_map
      on column_map.source = problems._source
     and column_map.resource = problems._resource
     and column_map.field = problems.p.field
),

unreadable_lines as (
    select
        _load_id as run_id,
        _file_id as file_id,
        _source as source,
        _resource as resource,
        null as entity,
        _file as file,
        null as sheet,
        _row as row,
        "column",
        null as field,
        null as value,
        'line could not be read: ' || reason as reason,
        'row rejected' as action
    from land.rejected_line
),

final as (
    select * from cells
    union all by name
    select * from unreadable_lines
)

select * from final
