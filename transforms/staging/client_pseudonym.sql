-- client_pseudonym — the keyed pseudonym of every client number seen, computed once per client
-- instead of once per contact or score (each costs two sha256): on 1.36 M contacts that is ~1 s.
-- Grain: one row per source system × client number.
-- Stays in staging (never in the snapshot or published): it links pseudonyms to client numbers.
with numbers as (
    select distinct _system, source_client_id from land.client where source_client_id is not null
    union
    select distinct _system, source_client_id from land.trajectory where source_client_id is not null
    union
    select distinct _system, source_client_id from land.contact where source_client_id is not null
    union
    select distinct _system, source_client_id from land.outcome_score where source_client_id is not null
),

final as (
    select _system, source_client_id, pseudonym(_system, source_client_id) as client_pid
    from numbers
)

select * from final
