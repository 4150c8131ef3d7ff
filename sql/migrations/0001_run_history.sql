-- 0001_run_history — the record of every run, its steps and the files it read.
-- Grain: meta.run one row per run; meta.run_step one row per run × step × target;
-- meta.load_file one row per run × file seen (loaded, skipped as already loaded, or failed).
-- Analysts may query these; timestamps are UTC.
CREATE SEQUENCE meta.run_id_seq START 1;
CREATE SEQUENCE meta.file_id_seq START 1;

CREATE TABLE meta.run (
    run_id        INTEGER PRIMARY KEY,
    started_at    TIMESTAMP NOT NULL,
    finished_at   TIMESTAMP,
    status        VARCHAR NOT NULL,      -- running, succeeded, failed
    trigger       VARCHAR NOT NULL,      -- cli, schedule, test
    pipeline      VARCHAR NOT NULL,
    config_hash   VARCHAR,
    code_version  VARCHAR,
    files_loaded  INTEGER,
    rows_loaded   BIGINT,
    rows_rejected BIGINT,
    error         VARCHAR
);

CREATE TABLE meta.run_step (
    run_id        INTEGER NOT NULL,
    step          VARCHAR NOT NULL,      -- land, staging, checks, star, indicators, publish
    target        VARCHAR NOT NULL,      -- a file, a model or a check
    started_at    TIMESTAMP NOT NULL,
    duration_ms   INTEGER,
    rows_in       BIGINT,
    rows_out      BIGINT,
    rows_rejected BIGINT,
    status        VARCHAR NOT NULL,      -- succeeded, failed, skipped, warned
    error         VARCHAR
);

CREATE TABLE meta.load_file (
    file_id        INTEGER PRIMARY KEY,
    run_id         INTEGER NOT NULL,
    source         VARCHAR NOT NULL,
    resource       VARCHAR NOT NULL,
    entity         VARCHAR NOT NULL,
    file           VARCHAR NOT NULL,     -- path relative to the source folder
    sha256         VARCHAR NOT NULL,
    bytes          BIGINT NOT NULL,
    export_date    DATE,                 -- from the file name, else the delivery date (Europe/Amsterdam)
    status         VARCHAR NOT NULL,     -- loaded, skipped (content loaded before), failed
    rows_received  BIGINT,               -- data rows: not title, header, blank, totals or notes
    rows_skipped   BIGINT,               -- blank, totals and note rows
    rows_rejected  BIGINT,               -- rows in quarantine (not loaded)
    values_dropped BIGINT,               -- single values in quarantine (the rest of the row loaded)
    loaded_at      TIMESTAMP NOT NULL,
    error          VARCHAR
);
