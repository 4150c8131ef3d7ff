-- assert_scores_inside_their_scale — every published score lies on its instrument's scale.
-- severity: error
select scores.instrument, scores.domain_code, scores.score
from fct_outcome_score as scores
join dim_instrument_domain as domains using (instrument, domain_code)
where scores.score < domains.scale_min or scores.score > domains.scale_max
