-- assert_contact_dates_inside_trajectory — contacts on a trajectory fall between its start and
-- end date (a few days' slack is common in practice, so this only warns).
-- severity: warn
select contacts.source_system, contacts.source_contact_id, contacts.contact_date,
       trajectories.start_date, trajectories.end_date
from fct_contact as contacts
join fct_trajectory as trajectories using (trajectory_key)
where contacts.contact_date < trajectories.start_date
   or contacts.contact_date > trajectories.end_date
