-- assert_facts_point_to_dimensions — every key in a fact table finds its dimension row.
-- severity: error
-- Returns one row per broken reference: the fact table, the key column and the value. An empty
-- optional key (a contact without service or trajectory) is not a broken reference.
select 'fct_contact' as fact, 'client_key' as key, client_key::varchar as value
from fct_contact anti join dim_client using (client_key)
union all
select 'fct_contact', 'service_code', service_code
from fct_contact where service_code is not null and service_code not in (select service_code from dim_service)
union all
select 'fct_contact', 'trajectory_key', trajectory_key::varchar
from fct_contact where trajectory_key is not null and trajectory_key not in (select trajectory_key from fct_trajectory)
union all
select 'fct_trajectory', 'client_key', client_key::varchar from fct_trajectory anti join dim_client using (client_key)
union all
select 'fct_trajectory', 'service_code', service_code from fct_trajectory anti join dim_service using (service_code)
union all
select 'fct_outcome_score', 'client_key', client_key::varchar from fct_outcome_score anti join dim_client using (client_key)
union all
select 'fct_outcome_score', 'instrument × domain_code', instrument || ' × ' || domain_code
from fct_outcome_score anti join dim_instrument_domain using (instrument, domain_code)
union all
select 'fct_activity', 'service_code', service_code from fct_activity anti join dim_service using (service_code)
