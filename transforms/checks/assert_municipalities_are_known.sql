-- assert_municipalities_are_known — every trajectory has a commissioning municipality that
-- ref_municipality knows.
-- severity: warn
-- Returns the wordings that could not be matched, with how many trajectories use them.
select landed.municipality_code as wording, count(*) as trajectories
from staging.stg_trajectory__checked as landed
left join staging.lookup_municipality as lookup on lookup.label_norm = norm_label(landed.municipality_code)
where not landed._rejected and lookup.municipality_code is null
group by all
