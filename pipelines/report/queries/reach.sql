-- reach — ind_reach as published (small cells suppressed), with service names, for the report
-- and the dashboard.
-- Grain: municipality × service × period (period_type month, quarter, year).
-- Parameters: $1 municipality_code, $2 period_type, $3 period_start; NULL = all.
select
    reach.*,
    coalesce(services.name, reach.service_code) as service_name
from ind_reach as reach
left join dim_service as services using (service_code)
where ($1 is null or reach.municipality_code = $1)
  and ($2 is null or reach.period_type = $2)
  and ($3 is null or reach.period_start = $3::date)
order by reach.municipality_code, reach.period_type, reach.period_start, service_name
