-- ind_data_quality — the quality of what each source delivered, as figures (DESIGN.md §6).
-- Grain: one row per load (run) × source × resource × file.
--   rows_received          data rows: not title, header, blank, totals or note rows
--   rows_loaded            received − rejected (a row with only a dropped value is loaded)
--   rows_rejected          rows in quarantine
--   values_dropped         single values in quarantine whose row loaded
--   exact_duplicates       identical copies of a row in one file, dropped (one copy loads)
--   conflicting_duplicates rows sharing a key with other values in one file: every copy is
--                          in quarantine
--   status                 loaded, skipped (byte-identical re-delivery: 0 rows) or failed
-- Quarantine by reason: see ind_data_quality_reason.
with files as (
    select * from meta.load_file
),

exact_duplicates as (
    select _file_id as file_id, exact_duplicates from staging.exact_duplicates
),

conflicts as (
    select file_id, count(distinct (coalesce(sheet, ''), row)) as conflicting_duplicates
    from staging.quarantine
    where reason like 'conflicting duplicate%'
    group by all
),

final as (
    select
        files.run_id,
        files.source,
        files.resource,
        files.entity,
        files.file,
        files.status,
        files.export_date,
        coalesce(files.rows_received, 0) as rows_received,
        coalesce(files.rows_received, 0) - coalesce(files.rows_rejected, 0) as rows_loaded,
        coalesce(files.rows_rejected, 0) as rows_rejected,
        coalesce(files.values_dropped, 0) as values_dropped,
        coalesce(exact_duplicates.exact_duplicates, 0) as exact_duplicates,
        coalesce(conflicts.conflicting_duplicates, 0) as conflicting_duplicates,
        files.loaded_at
    from files
    left join exact_duplicates using (file_id)
    left join conflicts using (file_id)
)

select * from final
