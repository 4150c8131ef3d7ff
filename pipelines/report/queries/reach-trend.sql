-- reach-trend — reach per quarter of one municipality over a range of quarters, for the
-- report's chart-ready table (the dashboard draws its trend from `reach`).
-- Grain: service × quarter.
-- Parameters: $1 municipality_code, $2 first quarter's start, $3 last quarter's start.
select
    reach.*,
    coalesce(services.name, reach.service_code) as service_name
from ind_reach as reach
left join dim_service as services using (service_code)
where reach.municipality_code = $1
  and reach.period_type = 'quarter'
  and reach.period_start between $2::date and $3::date
order by service_name, reach.period_start
