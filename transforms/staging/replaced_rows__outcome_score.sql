-- replaced_rows__outcome_score — the outcome score rows a later delivery replaced (see replaced_rows).
-- Grain: one row per replaced land row: _file_id × sheet × _row.
-- A table of its own so that stg_outcome_score is rebuilt only when its own share changed.
select _file_id, _sheet_key, _row from staging.replaced_rows where entity = 'outcome_score'
