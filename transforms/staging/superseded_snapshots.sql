-- superseded_snapshots — delivered files that a newer full snapshot of their resource replaced.
-- Grain: one row per loaded file (_file_id).
-- With `deletions: full-snapshot` the newest file of a source × resource is the complete set:
-- every older file of that resource stops counting, so a record the newest file leaves out is
-- deleted. Newest = loaded last; a byte-identical re-delivery of an older file is skipped at
-- land and does not bring that file back. A newest file without data rows deletes everything,
-- as a clean load of it would.
with loaded as (
    select file_id as _file_id, source, resource
    from meta.load_file
    where status = 'loaded'
),

snapshot_files as (
    select loaded.*
    from loaded
    join land.resource_write as rw
      on rw.source = loaded.source and rw.resource = loaded.resource and rw.deletions = 'full-snapshot'
),

final as (
    select _file_id
    from snapshot_files
    qualify _file_id < max(_file_id) over (partition by source, resource)
)

select * from final
