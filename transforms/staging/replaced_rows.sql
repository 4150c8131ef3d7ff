-- replaced_rows — rows that a later delivery replaced under `write: replace-period`.
-- Grain: one row per replaced land row: _file_id × sheet × _row (file ids are unique over
-- entities; a workbook's sheets each count rows from 1, so the sheet is part of the key).
-- A record of an older delivery is gone when a newer delivery of the same source and resource
-- covers its month, whether or not the newer one repeats it. The month is that of the date the
-- entity is counted by: contact_date, measured_on, activity_date.
-- Staging reads it through one thin table per entity (replaced_rows__contact, …): a delivery of
-- contacts then leaves the scores' and sessions' share as it was, and their models untouched.
with dated as (
    select 'contact' as entity, _source, _resource, _file_id, coalesce(_sheet, '') as _sheet_key, _row,
           date_trunc('month', contact_date) as month
    from land.contact where _is_data and contact_date is not null
    union all
    select 'outcome_score', _source, _resource, _file_id, coalesce(_sheet, ''), _row, date_trunc('month', measured_on)
    from land.outcome_score where _is_data and measured_on is not null
    union all
    select 'activity', _source, _resource, _file_id, coalesce(_sheet, ''), _row, date_trunc('month', activity_date)
    from land.activity where _is_data and activity_date is not null
),

replace_period as (
    select dated.*
    from dated
    join land.resource_write as rw
      on rw.source = dated._source and rw.resource = dated._resource and rw.write = 'replace-period'
),

delivered_months as (
    select distinct _source, _resource, _file_id, month from replace_period
),

final as (
    select distinct older.entity, older._file_id, older._sheet_key, older._row
    from replace_period as older
    join delivered_months as newer
      on newer._source = older._source
     and newer._resource = older._resource
     and newer._file_id > older._file_id
     and newer.month = older.month
)

select * from final
