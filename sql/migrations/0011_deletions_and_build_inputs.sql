-- 0011_deletions_and_build_inputs — what a record's absence means, and what the models were
-- last built from.
-- land.resource_write.deletions (one per source × resource, from impact.yaml): keep (an export
-- is a delta), full-snapshot (the newest file is the complete set) or flag-column (the field
-- `deleted` marks a record deleted). The `deleted` column holds that flag as exported.
-- meta.build_input: one row per pipeline — a fingerprint of everything the models read (land,
-- configuration, transforms, reference data, the pseudonym key, the date). A run whose inputs
-- have the same fingerprint as the last complete build changes nothing and skips the rebuild.
ALTER TABLE land.resource_write ADD COLUMN deletions VARCHAR DEFAULT 'keep';

ALTER TABLE land.trajectory ADD COLUMN deleted VARCHAR;
ALTER TABLE land.contact ADD COLUMN deleted VARCHAR;
ALTER TABLE land.outcome_score ADD COLUMN deleted VARCHAR;
ALTER TABLE land.activity ADD COLUMN deleted VARCHAR;

-- A yes/no as exports write it; NULL when it is neither (staging rejects such a row).
CREATE MACRO yes_no(x) AS
    CASE
        WHEN x IS NULL OR trim(x) = '' THEN false
        WHEN norm_label(x) IN ('ja', 'j', 'yes', 'y', 'true', 'waar', '1', 'x', 'verwijderd', 'deleted') THEN true
        WHEN norm_label(x) IN ('nee', 'n', 'no', 'false', 'onwaar', '0') THEN false
    END;

CREATE TABLE meta.build_input (
    pipeline    VARCHAR PRIMARY KEY,
    fingerprint VARCHAR NOT NULL,
    run_id      INTEGER NOT NULL,
    built_at    TIMESTAMP NOT NULL
);
