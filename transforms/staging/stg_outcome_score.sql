-- stg_outcome_score — valid outcome scores (ZRM, Positieve Gezondheid, Outcomes Star, …),
-- pseudonymised, with the domain coded.
-- Grain: one row per source system × client × instrument × domain × date × moment; the latest
-- delivery wins.
-- With `write: replace-period` a delivery replaces what older deliveries of the resource said
-- about the months it covers: records it leaves out are removed.
-- Deleted records are left out: with `deletions: full-snapshot` those the newest file of the
-- resource no longer lists, with `deletions: flag-column` those whose latest delivery flags them.
with checked as (
    select * from staging.stg_outcome_score__checked
    where not _rejected and not _is_exact_duplicate
),

current_deliveries as (
    -- write: replace-period — rows a later delivery replaced are left out;
    -- deletions: full-snapshot — only the newest file of the resource counts
    select * from checked
    anti join staging.replaced_rows__outcome_score as replaced
      on replaced._file_id = checked._file_id
     and replaced._sheet_key = coalesce(checked._sheet, '')
     and replaced._row = checked._row
    anti join staging.superseded_snapshots as superseded
      on superseded._file_id = checked._file_id
),

latest_delivery as (
    select * from current_deliveries
    qualify row_number() over (
        partition by _system, source_client_id, instrument_code, domain_code, measured_on, moment
        order by _file_id desc, _row desc
    ) = 1
),

moments as (
    select distinct norm_label(wording) as wording_norm, moment from ref.moment
),

final as (
    select
        latest_delivery._system as source_system,
        pseudonyms.client_pid,
        latest_delivery.source_trajectory_id,
        latest_delivery.instrument_code as instrument,
        latest_delivery.domain_code,
        latest_delivery.measured_on,
        latest_delivery.score,
        moments.moment,
        latest_delivery._load_id,
        latest_delivery._file_id
    from latest_delivery
    join staging.client_pseudonym as pseudonyms
      on pseudonyms._system = latest_delivery._system
     and pseudonyms.source_client_id = latest_delivery.source_client_id
    left join moments on moments.wording_norm = norm_label(latest_delivery.moment)
    -- deletions: flag-column — the latest delivery of the record says it is gone
    where not yes_no(latest_delivery.deleted)
)

select * from final
