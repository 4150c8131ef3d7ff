-- 0005_story — land table for stories (verhalen) told next to the numbers.
-- Grain: one row per data row of a delivered stories file.
CREATE TABLE land.story (
    _load_id INTEGER, _file_id INTEGER, _source VARCHAR, _system VARCHAR, _resource VARCHAR,
    _file VARCHAR, _sheet VARCHAR, _row BIGINT, _export_date DATE, _is_data BOOLEAN,
    story_date DATE, service_code VARCHAR, municipality_code VARCHAR, title VARCHAR, "text" VARCHAR,
    consent VARCHAR, domains VARCHAR,
    _errors land.cell_error[]
);
