-- 0012_model_build — what each model was last built from, so a run rebuilds only the models
-- whose inputs changed (DESIGN.md §9: a nightly run costs seconds, not a full reload).
-- Grain: one row per model (schema.name). fingerprint: sha256 of the model's SQL, the
-- fingerprints of the models and tables it reads (a land table by its rows and loads, a
-- reference or meta table by its content) and the shared definitions (migrations, data
-- dictionary, pseudonym key). content: what the models that read it see of it — the count and
-- summed row hashes of the table it built, so a model rebuilt to the same rows changes nothing
-- downstream (for a view or a very large table, its fingerprint). Written in the same
-- transaction as the model, so a rolled-back run leaves the previous rows with the previous
-- tables.
CREATE TABLE meta.model_build (
    model       VARCHAR PRIMARY KEY,
    fingerprint VARCHAR NOT NULL,
    content     VARCHAR NOT NULL,
    run_id      INTEGER NOT NULL,
    built_at    TIMESTAMP NOT NULL
);

COMMENT ON TABLE meta.model_build IS 'one row per model: the fingerprint of the inputs it was last built from, and by which run';
COMMENT ON COLUMN meta.model_build.model IS 'schema.name of the model (staging, star or indicator table or view)';
COMMENT ON COLUMN meta.model_build.fingerprint IS 'sha256 of the model SQL and of everything it reads; equal fingerprints mean an equal table';
COMMENT ON COLUMN meta.model_build.content IS 'row count and summed row hashes of what it built (its fingerprint for a view or a table above 5 M rows)';
COMMENT ON COLUMN meta.model_build.run_id IS 'the run that last built the model';
COMMENT ON COLUMN meta.model_build.built_at IS 'when that run built it (UTC)';
