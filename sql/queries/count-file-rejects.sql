-- count-file-rejects — after staging, the files of a run learn how many of their rows were
-- rejected and how many single values were dropped (land only knows the parse errors).
-- Grain: one update per file loaded in run $1.
UPDATE meta.load_file
SET rows_rejected = counted.rows_rejected,
    values_dropped = counted.values_dropped
FROM (
    select
        file_id,
        count(distinct (coalesce(sheet, ''), row)) filter (where action = 'row rejected') as rows_rejected,
        count(*) filter (where action = 'value dropped') as values_dropped
    from staging.quarantine
    where run_id = $1
    group by file_id
) as counted
WHERE load_file.file_id = counted.file_id
