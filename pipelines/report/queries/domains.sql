-- domains — the instruments' domains with their names and order, for labels in the dashboard.
-- Grain: one row per instrument × domain.
-- Parameters: none.
select instrument, instrument_name, domain_code, domain_label, sort_order
from dim_instrument_domain
order by instrument, sort_order
