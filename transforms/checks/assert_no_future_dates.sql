-- assert_no_future_dates — nothing in the star happened after today (UTC date of the run).
-- severity: error
-- Staging rejects such rows; this makes sure none slipped through another way.
select 'fct_contact' as fact, 'contact_date' as date_column, max(contact_date) as latest
from fct_contact having max(contact_date) > current_date
union all
select 'fct_trajectory', 'start_date', max(start_date) from fct_trajectory having max(start_date) > current_date
union all
select 'fct_outcome_score', 'measured_on', max(measured_on) from fct_outcome_score having max(measured_on) > current_date
union all
select 'fct_activity', 'activity_date', max(activity_date) from fct_activity having max(activity_date) > current_date
