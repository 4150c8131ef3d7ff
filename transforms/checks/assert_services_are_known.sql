-- assert_services_are_known — every service an export uses is in ref_service.
-- severity: warn
-- An unknown service still loads (as its own code, kind individual); add it to
-- transforms/seeds/ref_service.csv or ref_service_alias.csv to name and classify it.
select service_code, name from dim_service where not is_known
