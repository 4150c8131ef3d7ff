-- social-return — ind_social_return as published (small cells suppressed), with service names,
-- its proxy inputs beside the ratio so a reader can recompute it. A valuation with proxies, not
-- a measured effect.
-- Grain: municipality × service × year × outcome ('*' = the total, listed first).
-- Parameters: $1 municipality_code, $2 year start (1 January); NULL = all.
select
    social_return.*,
    coalesce(services.name, social_return.service_code) as service_name,
    case when social_return.outcome = '*' then 'Totaal'
         else replace(social_return.outcome, '_', ' ') end as outcome_label
from ind_social_return as social_return
left join dim_service as services using (service_code)
where ($1 is null or social_return.municipality_code = $1)
  and ($2 is null or social_return.period_start = $2::date)
order by social_return.municipality_code, social_return.period_start, service_name,
         social_return.outcome <> '*', social_return.outcome
