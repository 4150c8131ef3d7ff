-- activity — ind_activity (collective services) as published, with service names.
-- Grain: municipality × service × period (period_type month, quarter, year).
-- Parameters: $1 municipality_code, $2 period_type, $3 period_start; NULL = all.
select
    activity.*,
    coalesce(services.name, activity.service_code) as service_name
from ind_activity as activity
left join dim_service as services using (service_code)
where ($1 is null or activity.municipality_code = $1)
  and ($2 is null or activity.period_type = $2)
  and ($3 is null or activity.period_start = $3::date)
order by activity.municipality_code, activity.period_type, activity.period_start, service_name
