-- ind_data_quality_reason — what was quarantined, by reason, per load and file.
-- Grain: one row per load (run) × source × file × reason × action.
with final as (
    select run_id, source, resource, entity, file, reason, action, count(*) as problems
    from staging.quarantine
    group by all
)

select * from final
