-- fct_contact — one row per contact between a worker and a client.
-- Grain: source system × contact number.
-- Municipality of a contact = municipality of its trajectory; a contact without trajectory
-- takes the municipality of the client's version valid on the contact date, so published past
-- periods do not move when a client moves (DESIGN.md §6, reach). Service: the contact's own,
-- else its trajectory's.
with contacts as (
    select * from staging.stg_contact
),

clients as (
    select client_key, client_id, client_pid, municipality_code, valid_from, valid_to from dim_client
),

trajectories as (
    select source_system, source_trajectory_id, trajectory_key, service_code, municipality_code
    from fct_trajectory
),

final as (
    select
        contacts.source_system,
        contacts.source_contact_id,
        clients.client_id,
        clients.client_key,
        trajectories.trajectory_key,
        coalesce(contacts.service_code, trajectories.service_code) as service_code,
        case when trajectories.trajectory_key is not null then trajectories.municipality_code
             else clients.municipality_code end as municipality_code,
        contacts.contact_date,
        contacts.duration_min,
        contacts.contact_type,
        contacts._load_id
    from contacts
    join clients
      on clients.client_pid = contacts.client_pid
     and contacts.contact_date >= clients.valid_from
     and contacts.contact_date < coalesce(clients.valid_to, date '9999-12-31')
    left join trajectories
      on trajectories.source_system = contacts.source_system
     and trajectories.source_trajectory_id = contacts.source_trajectory_id
)

select * from final
