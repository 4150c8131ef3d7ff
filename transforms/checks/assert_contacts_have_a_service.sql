-- assert_contacts_have_a_service — every contact says which service it belongs to, itself or
-- through its trajectory. A contact without one loads but counts in no reach figure.
-- severity: warn
select source_system, source_contact_id, contact_date
from fct_contact
where service_code is null
