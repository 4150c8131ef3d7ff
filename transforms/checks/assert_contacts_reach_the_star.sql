-- assert_contacts_reach_the_star — no valid contact is lost between staging and fct_contact.
-- severity: error
-- Returns staged contacts with no fact row (e.g. no client version valid on the contact date).
select stg.source_system, stg.source_contact_id, stg.contact_date
from staging.stg_contact as stg
anti join fct_contact as fct
  on fct.source_system = stg.source_system
 and fct.source_contact_id = stg.source_contact_id
