-- ind_reach — reach of the individual services (DESIGN.md §6, normative).
-- Grain: municipality × service × period, for period types month, quarter and year
-- (period_start = first day, period_end = last day, inclusive).
--   reached_clients      distinct clients with ≥ 1 contact in the period
--   new_clients          reached clients whose first-ever contact for that service (in any
--                        municipality) falls in the period
--   contacts             number of contacts
--   contact_hours        sum(duration_min) / 60 (contacts without a duration count as 0)
--   contacts_per_client  contacts / reached_clients
-- Municipality of a contact = municipality of its trajectory, else of the client's version
-- valid on the contact date (see fct_contact). Collective services are in ind_activity.
with contacts as (
    select fct_contact.*
    from fct_contact
    join dim_service using (service_code)
    where dim_service.kind = 'individual'
),

first_contacts as (
    select client_id, service_code, min(contact_date) as first_contact_date
    from contacts
    group by all
),

periods as (
    select 'month' as period_type, date_trunc('month', contact_date)::date as period_start, contacts.*
    from contacts
    union all
    select 'quarter', date_trunc('quarter', contact_date)::date, contacts.* from contacts
    union all
    select 'year', date_trunc('year', contact_date)::date, contacts.* from contacts
),

aggregated as (
    select
        periods.municipality_code,
        periods.service_code,
        periods.period_type,
        periods.period_start,
        count(distinct periods.client_id) as reached_clients,
        count(distinct periods.client_id) filter (
            where first_contacts.first_contact_date >= periods.period_start
              and first_contacts.first_contact_date <= last_day_of(periods.period_type, periods.period_start)
        ) as new_clients,
        count(*) as contacts,
        coalesce(sum(periods.duration_min), 0) / 60.0 as contact_hours
    from periods
    join first_contacts using (client_id, service_code)
    group by all
),

final as (
    select
        municipality_code,
        service_code,
        period_type,
        period_start,
        last_day_of(period_type, period_start) as period_end,
        reached_clients,
        new_clients,
        contacts,
        contact_hours,
        contacts / reached_clients as contacts_per_client
    from aggregated
)

select * from final
