-- services — the services (werksoorten) with their names and kind, for labels and filters.
-- Grain: one row per service code.
-- Parameters: none.
select service_code, name, kind
from dim_service
order by name
