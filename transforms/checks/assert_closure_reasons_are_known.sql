-- assert_closure_reasons_are_known — every closure wording maps to the standard set.
-- severity: warn
-- Unknown wordings count as 'other'; add them to transforms/seeds/ref_closure_reason.csv.
select closure_wording, count(*) as trajectories
from staging.stg_trajectory
where end_date is not null
  and norm_label(closure_wording) not in (select norm_label(wording) from ref.closure_reason)
group by all
