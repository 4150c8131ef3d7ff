-- exact_duplicates — identical copies of a row within one delivered file, counted per file.
-- Grain: one row per file (_file_id) that holds at least one exact duplicate.
-- One copy loads; the others are dropped without a trace in quarantine, so ind_data_quality
-- reports them from here. A model of its own because ind_data_quality reads the load record
-- and so is rebuilt every run: a run that lands nothing need not read every landed row again.
select _file_id, count(*) as exact_duplicates
from (
    select _file_id from staging.stg_client__checked where _is_exact_duplicate
    union all select _file_id from staging.stg_trajectory__checked where _is_exact_duplicate
    union all select _file_id from staging.stg_contact__checked where _is_exact_duplicate
    union all select _file_id from staging.stg_outcome_score__checked where _is_exact_duplicate
    union all select _file_id from staging.stg_activity__checked where _is_exact_duplicate
    union all select _file_id from staging.stg_budget__checked where _is_exact_duplicate
)
group by all
