-- assert_client_keys_are_unique — every client version has its own surrogate key.
-- severity: error
-- Returns the duplicated keys (a hash collision or a broken SCD2 build).
select client_key, count(*) as versions
from dim_client
group by client_key
having count(*) > 1
