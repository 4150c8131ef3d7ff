-- story — stories told next to the numbers ("tellen én vertellen"), with the periods they
-- belong to, so a report or dashboard can show them beside the indicators of their service,
-- municipality and period (month_start, quarter_start, year_start match period_start there).
-- Grain: one row per story. Stories carry no client key, ever; has_consent says whether the
-- client agreed to publication (only those are published).
with stories as (
    select * from staging.stg_story
),

final as (
    select
        ('0x' || left(sha256(concat_ws('|', source_system, story_date, service_code, title)), 15))::bigint as story_key,
        story_date,
        date_trunc('month', story_date)::date as month_start,
        date_trunc('quarter', story_date)::date as quarter_start,
        date_trunc('year', story_date)::date as year_start,
        service_code,
        municipality_code,
        title,
        text,
        array_to_string(domains, '; ') as domains,
        has_consent
    from stories
)

select * from final
