-- stg_story__checked — every landed story with the problems found in it.
-- Grain: one row per data row of a delivered stories file.
-- materialized: incremental
-- A table, not a view: staging, quarantine and exact_duplicates all read it. The rows of a file
-- depend on that file alone (duplicates are sought within a file, the future is judged by its
-- export date), so a run adds the files landed since; it is built anew only when the SQL, the
-- mapping or the reference data it reads changed.
-- Rejected: a missing or unreadable date, service, title or text; a date in the future. A
-- consent that is not a clear yes or no counts as no (never published) and is reported.
-- "In the future" means after the export date of the file (its delivery date when the export
-- has no date): the rule judges what a file says, not the day of the run, so a rebuild on a
-- later day gives the same rows and a nightly run need not redo it.
with landed as (
    select * from land.story where _is_data
),

rules as (
    select
        *,
        [
            case when story_date > _export_date then
                {'field': 'story_date', 'column': null, 'value': strftime(story_date, '%d-%m-%Y'),
                 'reason': 'date lies in the future'} end,
            case when consent is not null
                  and norm_label(consent) not in ('ja', 'j', 'yes', 'y', 'true', '1', 'x', 'nee', 'n', 'no', 'false', '0') then
                {'field': 'consent', 'column': null, 'value': consent,
                 'reason': 'consent is not a clear yes or no: the story is not published'} end
        ]::land.cell_error[] as _rule_problems
    from landed
),

final as (
    select
        * exclude (_rule_problems),
        false as _is_exact_duplicate,
        list_concat(_errors, list_filter(_rule_problems, p -> p is not null)) as _problems,
        list_transform(_problems, p -> p.field) as _problem_fields,
        list_has_any(_problem_fields, ['story_date', 'service_code', 'title', 'text']) as _rejected
    from rules
)

select * from final
