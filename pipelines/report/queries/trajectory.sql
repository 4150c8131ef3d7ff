-- trajectory — ind_trajectory as published (small cells suppressed), with service names.
-- Grain: municipality × service × period (period_type month, quarter, year).
-- Parameters: $1 municipality_code, $2 period_type, $3 period_start; NULL = all.
select
    trajectories.*,
    coalesce(services.name, trajectories.service_code) as service_name
from ind_trajectory as trajectories
left join dim_service as services using (service_code)
where ($1 is null or trajectories.municipality_code = $1)
  and ($2 is null or trajectories.period_type = $2)
  and ($3 is null or trajectories.period_start = $3::date)
order by trajectories.municipality_code, trajectories.period_type, trajectories.period_start, service_name
