-- assert_fact_keys_are_unique_and_present — every fact has its key, once.
-- severity: error
-- Returns the fact table, the key and how often it occurs (0 copies = a missing key).
select 'fct_contact' as fact, source_system || '/' || coalesce(source_contact_id, '(none)') as key, count(*) as copies
from fct_contact group by all having count(*) > 1 or source_contact_id is null
union all
select 'fct_trajectory', source_system || '/' || coalesce(source_trajectory_id, '(none)'), count(*)
from fct_trajectory group by all having count(*) > 1 or source_trajectory_id is null
union all
select 'fct_trajectory', 'trajectory_key ' || trajectory_key, count(*)
from fct_trajectory group by trajectory_key having count(*) > 1
union all
select 'fct_outcome_score', client_id || '/' || instrument || '/' || domain_code || '/' || measured_on || '/' || coalesce(moment, ''), count(*)
from fct_outcome_score group by all having count(*) > 1
