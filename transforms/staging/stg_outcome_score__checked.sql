-- stg_outcome_score__checked — every landed score with the problems found in it.
-- Grain: one row per delivered score cell (a sheet row × domain for wide score sheets).
-- materialized: incremental
-- A table, not a view: staging, quarantine and exact_duplicates all read it. The rows of a file
-- depend on that file alone (duplicates are sought within a file, the future is judged by its
-- export date), so a run adds the files landed since; it is built anew only when the SQL, the
-- mapping or the reference data it reads changed.
-- Blank and "n.v.t." cells are no measurement and never landed. Rejected, each cell on its own:
-- a score that is not a number or lies outside the instrument's scale (7 on ZRM's 1–5), an
-- unknown instrument or domain, a missing client or date, and conflicting duplicates (the
-- same client, domain, date and moment with other scores in one file: every copy).
-- A deletion flag (deletions: flag-column) that is not a clear yes or no rejects the row.
-- "In the future" means after the export date of the file (its delivery date when the export
-- has no date): the rule judges what a file says, not the day of the run, so a rebuild on a
-- later day gives the same rows and a nightly run need not redo it.
with landed as (
    select
        *,
        lower(trim(instrument)) as instrument_code
    from land.outcome_score
    where _is_data
),

instruments as (
    select
        instrument,
        scale_min::double as scale_min,
        scale_max::double as scale_max
    from ref.instrument
),

domains as (
    select instrument, domain_code, norm_label(domain_label) as label_norm from ref.instrument_domain
    union
    select instrument, domain_code, norm_label(domain_code) from ref.instrument_domain
),

score_columns as (
    -- Wide sheets have no mapped score column: there a score's column is its domain header.
    select source, resource, "column" as score_column from land.column_map where field = 'score'
),

resolved as (
    select
        landed.*,
        coalesce(score_columns.score_column, landed.domain) as score_column,
        instruments.instrument as known_instrument,
        instruments.scale_min,
        instruments.scale_max,
        domains.domain_code
    from landed
    left join instruments on instruments.instrument = landed.instrument_code
    left join domains
      on domains.instrument = landed.instrument_code
     and domains.label_norm = norm_label(landed.domain)
    left join score_columns
      on score_columns.source = landed._source
     and score_columns.resource = landed._resource
),

duplicates as (
    select
        *,
        count(*) over same_key as _copies,
        min(score) over same_key <> max(score) over same_key as _conflicting,
        row_number() over (partition by _system, _file_id, source_client_id, instrument_code, domain_code,
                           measured_on, moment, score, yes_no(deleted) order by _row) > 1 as _is_exact_duplicate
    from resolved
    window same_key as (partition by _system, _file_id, source_client_id, instrument_code, domain_code, measured_on, moment)
),

rules as (
    select
        *,
        [
            case when yes_no(deleted) is null then
                {'field': 'deleted', 'column': null, 'value': left(deleted, 200),
                 'reason': 'not a yes or no: is the record deleted? (the row is kept out until it is clear)'} end,
            case when known_instrument is null then
                {'field': 'instrument', 'column': null, 'value': instrument,
                 'reason': 'unknown instrument (add it to ref_instrument)'} end,
            case when known_instrument is not null and domain_code is null then
                {'field': 'domain', 'column': null, 'value': domain,
                 'reason': 'unknown domain for instrument ' || instrument_code} end,
            case when score < scale_min or score > scale_max then
                {'field': 'score', 'column': score_column, 'value': regexp_replace(score::varchar, '\.0$', ''),
                 'reason': 'score outside the scale ' || scale_min::int || '–' || scale_max::int} end,
            case when measured_on > _export_date then
                {'field': 'measured_on', 'column': null, 'value': strftime(measured_on, '%d-%m-%Y'),
                 'reason': 'date lies in the future'} end,
            case when _conflicting then
                {'field': 'score', 'column': score_column, 'value': regexp_replace(score::varchar, '\.0$', ''),
                 'reason': 'conflicting duplicate: ' || _copies
                     || ' scores for this client, domain, date and moment differ'} end
        ]::land.cell_error[] as _rule_problems
    from duplicates
),

final as (
    select
        * exclude (_rule_problems),
        list_concat(_errors, list_filter(_rule_problems, p -> p is not null)) as _problems,
        list_transform(_problems, p -> p.field) as _problem_fields,
        list_has_any(_problem_fields, ['source_client_id', 'instrument', 'domain', 'measured_on', 'score', 'deleted']) as _rejected
    from rules
)

select * from final
