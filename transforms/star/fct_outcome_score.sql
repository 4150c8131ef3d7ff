-- fct_outcome_score — one row per valid outcome score (ZRM, Positieve Gezondheid, …).
-- Grain: source system × client × instrument × domain × measurement date × moment.
-- Scores belong to the client; trajectory_key is filled only when the sheet named the
-- trajectory. client_key is the client's version on the measurement date.
with scores as (
    select * from staging.stg_outcome_score
),

clients as (
    select client_key, client_id, client_pid, valid_from, valid_to from dim_client
),

trajectories as (
    select source_system, source_trajectory_id, trajectory_key from fct_trajectory
),

final as (
    select
        scores.source_system,
        clients.client_id,
        clients.client_key,
        trajectories.trajectory_key,
        scores.instrument,
        scores.domain_code,
        scores.measured_on,
        scores.moment,
        scores.score,
        scores._load_id
    from scores
    join clients
      on clients.client_pid = scores.client_pid
     and scores.measured_on >= clients.valid_from
     and scores.measured_on < coalesce(clients.valid_to, date '9999-12-31')
    left join trajectories
      on trajectories.source_system = scores.source_system
     and trajectories.source_trajectory_id = scores.source_trajectory_id
)

select * from final
