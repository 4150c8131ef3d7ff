-- fct_trajectory — trajectories as an accumulating snapshot: start, end, closure, contacts.
-- Grain: one row per source system × trajectory number.
-- client_key is the client's version on the start date. duration_days = end_date − start_date
-- (NULL while open). Contacts are those registered on the trajectory.
with trajectories as (
    select * from staging.stg_trajectory
),

clients as (
    select client_key, client_id, client_pid, birth_year, valid_from, valid_to from dim_client
),

contacts as (
    select
        source_system,
        source_trajectory_id,
        count(*) as contacts,
        sum(duration_min) as contact_minutes,
        min(contact_date) as first_contact_date,
        max(contact_date) as last_contact_date
    from staging.stg_contact
    where source_trajectory_id is not null
    group by all
),

final as (
    select
        ('0x' || left(sha256(trajectories.source_system || '|' || trajectories.source_trajectory_id), 15))::bigint
            as trajectory_key,
        trajectories.source_system,
        trajectories.source_trajectory_id,
        clients.client_id,
        clients.client_key,
        trajectories.service_code,
        trajectories.municipality_code,
        trajectories.team,
        trajectories.referrer,
        trajectories.start_date,
        trajectories.end_date,
        trajectories.end_date is not null as is_closed,
        trajectories.closure_reason,
        (trajectories.end_date - trajectories.start_date)::integer as duration_days,
        year(trajectories.start_date) - clients.birth_year as age_at_start,
        coalesce(contacts.contacts, 0) as contacts,
        coalesce(contacts.contact_minutes, 0) as contact_minutes,
        contacts.first_contact_date,
        contacts.last_contact_date,
        trajectories._load_id
    from trajectories
    join clients
      on clients.client_pid = trajectories.client_pid
     and trajectories.start_date >= clients.valid_from
     and trajectories.start_date < coalesce(clients.valid_to, date '9999-12-31')
    left join contacts
      on contacts.source_system = trajectories.source_system
     and contacts.source_trajectory_id = trajectories.source_trajectory_id
)

select * from final
