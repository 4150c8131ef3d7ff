-- ind_reach (published) — ind_reach with small cells suppressed for municipalities.
-- Grain: municipality × service × period, as ind_reach.
-- A count from 1 to min_cell − 1 becomes NULL (zero is shown); a rate or magnitude derived
-- from a suppressed count (new clients, hours, contacts per client) becomes NULL with it.
-- Complementary suppression (suppressed_cell): new_clients and contacts are sums over time (a
-- quarter is its months); when a hidden month could be worked out from the quarter and the
-- other months, the smallest other one is hidden too. contact_hours and contacts_per_client
-- follow contacts. reached_clients counts distinct people, not a sum, and has only its own rule.
-- `suppressed` says that something in the row was hidden. min_cell comes from impact.yaml.
with reach as (
    select * from ind_reach
),

hidden as (
    select municipality_code, service_code, period_type, period_start, list(measure) as measures
    from suppressed_cell
    where tbl = 'ind_reach'
    group by all
),

flags as (
    select
        reach.*,
        is_small(reach.reached_clients) as small_reach,
        coalesce(list_contains(hidden.measures, 'new_clients'), false) as hide_new,
        coalesce(list_contains(hidden.measures, 'contacts'), false) as hide_contacts
    from reach
    left join hidden
      on hidden.municipality_code is not distinct from reach.municipality_code
     and hidden.service_code = reach.service_code
     and hidden.period_type = reach.period_type
     and hidden.period_start = reach.period_start
),

final as (
    select
        municipality_code,
        service_code,
        period_type,
        period_start,
        period_end,
        year(period_start) as year,
        case when small_reach then null else reached_clients end as reached_clients,
        case when hide_new then null else new_clients end as new_clients,
        case when hide_contacts then null else contacts end as contacts,
        case when hide_contacts then null else contact_hours end as contact_hours,
        case when small_reach or hide_contacts then null else contacts_per_client end as contacts_per_client,
        small_reach or hide_new or hide_contacts as suppressed
    from flags
)

select * from final
