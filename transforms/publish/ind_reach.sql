-- ind_reach (published) — ind_reach with small cells suppressed for municipalities.
-- Grain: municipality × service × period, as ind_reach.
-- A count from 1 to min_cell − 1 becomes NULL (zero is shown); a rate or magnitude derived
-- from a suppressed count (new clients, hours, contacts per client) becomes NULL with it.
-- `suppressed` says that something in the row was hidden. min_cell comes from impact.yaml.
with reach as (
    select * from ind_reach
),

flags as (
    select
        *,
        is_small(reached_clients) as small_reach,
        is_small(new_clients) as small_new,
        is_small(contacts) as small_contacts
    from reach
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
        case when small_reach or small_new then null else new_clients end as new_clients,
        case when small_reach or small_contacts then null else contacts end as contacts,
        case when small_reach or small_contacts then null else contact_hours end as contact_hours,
        case when small_reach or small_contacts then null else contacts_per_client end as contacts_per_client,
        small_reach or small_new or small_contacts as suppressed
    from flags
)

select * from final
