-- 0006_resource_write — how each resource's deliveries combine, as last configured: merge (the
-- latest delivery of a record wins) or replace-period (a delivery replaces the months it covers).
-- Grain: one row per source × resource. Staging reads it; the run writes it from impact.yaml.
CREATE TABLE land.resource_write (
    source VARCHAR, resource VARCHAR, entity VARCHAR, write VARCHAR NOT NULL,
    PRIMARY KEY (source, resource)
);
