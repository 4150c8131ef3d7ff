-- outcome-change — ind_outcome_change as published (small cells suppressed), with service,
-- instrument and domain names. Change over closed trajectories, not effect: there is no
-- comparison group.
-- Grain: municipality × service × period × instrument × domain ('*' = the trajectory as a
-- whole, listed first).
-- Parameters: $1 municipality_code, $2 period_type, $3 period_start; NULL = all.
with domains as (
    select instrument, instrument_name, domain_code, domain_label, sort_order
    from dim_instrument_domain
),

final as (
    select
        change.*,
        coalesce(services.name, change.service_code) as service_name,
        coalesce(domains.instrument_name, instruments.instrument_name, change.instrument) as instrument_name,
        case when change.domain_code = '*' then 'Traject als geheel'
             else coalesce(domains.domain_label, change.domain_code) end as domain_label,
        case when change.domain_code = '*' then -1 else coalesce(domains.sort_order, 999) end as domain_order
    from ind_outcome_change as change
    left join dim_service as services using (service_code)
    left join domains
      on domains.instrument = change.instrument and domains.domain_code = change.domain_code
    left join (select distinct instrument, instrument_name from domains) as instruments
      on instruments.instrument = change.instrument
    where ($1 is null or change.municipality_code = $1)
      and ($2 is null or change.period_type = $2)
      and ($3 is null or change.period_start = $3::date)
)

select * from final
order by municipality_code, period_type, period_start, service_name, instrument, domain_order, domain_label
