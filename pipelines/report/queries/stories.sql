-- stories — consented stories as published ("tellen én vertellen"), with service names, to set
-- beside the numbers of their municipality, service and period. Never a client key.
-- Grain: one row per story.
-- Parameters: $1 municipality_code, $2 first day, $3 last day; NULL = all.
select
    stories.story_date,
    stories.month_start,
    stories.quarter_start,
    stories.year_start,
    stories.municipality_code,
    stories.service_code,
    coalesce(services.name, stories.service_code) as service_name,
    stories.title,
    stories.text,
    stories.domains
from story as stories
left join dim_service as services using (service_code)
where ($1 is null or stories.municipality_code = $1)
  and ($2 is null or stories.story_date between $2::date and $3::date)
order by stories.story_date, stories.title
