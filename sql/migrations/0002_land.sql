-- 0002_land — land tables: what each export said, mapped to canonical field names and parsed.
-- Grain: one row per data row of a delivered file (per row × domain for unpivoted score
-- sheets). Every row carries the run that brought it (_load_id) and where it came from
-- (_source, _file, _sheet, _row: the line or sheet row number people see).
-- Direct identifiers are never landed: only mapped canonical fields enter the warehouse.
-- _errors lists the cells that could not be parsed; staging sends those to quarantine.
CREATE SCHEMA land;
-- Work tables of a load in progress (a workbook's rows before mapping); empty between runs.
CREATE SCHEMA scratch;

CREATE TYPE land.cell_error AS STRUCT(field VARCHAR, "column" VARCHAR, "value" VARCHAR, reason VARCHAR);

CREATE TABLE land.client (
    _load_id INTEGER, _file_id INTEGER, _source VARCHAR, _system VARCHAR, _resource VARCHAR,
    _file VARCHAR, _sheet VARCHAR, _row BIGINT, _export_date DATE, _is_data BOOLEAN,
    source_client_id VARCHAR, birth_date DATE, birth_year BIGINT, gender VARCHAR, postcode VARCHAR,
    municipality_code VARCHAR, registered_on DATE,
    _errors land.cell_error[]
);

CREATE TABLE land.trajectory (
    _load_id INTEGER, _file_id INTEGER, _source VARCHAR, _system VARCHAR, _resource VARCHAR,
    _file VARCHAR, _sheet VARCHAR, _row BIGINT, _export_date DATE, _is_data BOOLEAN,
    source_trajectory_id VARCHAR, source_client_id VARCHAR, service_code VARCHAR,
    municipality_code VARCHAR, team VARCHAR, start_date DATE, end_date DATE,
    closure_reason VARCHAR, referrer VARCHAR,
    _errors land.cell_error[]
);

CREATE TABLE land.contact (
    _load_id INTEGER, _file_id INTEGER, _source VARCHAR, _system VARCHAR, _resource VARCHAR,
    _file VARCHAR, _sheet VARCHAR, _row BIGINT, _export_date DATE, _is_data BOOLEAN,
    source_contact_id VARCHAR, source_client_id VARCHAR, source_trajectory_id VARCHAR,
    service_code VARCHAR, contact_date DATE, duration_min DOUBLE, contact_type VARCHAR,
    _errors land.cell_error[]
);

CREATE TABLE land.outcome_score (
    _load_id INTEGER, _file_id INTEGER, _source VARCHAR, _system VARCHAR, _resource VARCHAR,
    _file VARCHAR, _sheet VARCHAR, _row BIGINT, _export_date DATE, _is_data BOOLEAN,
    source_client_id VARCHAR, source_trajectory_id VARCHAR, instrument VARCHAR, domain VARCHAR,
    measured_on DATE, score DOUBLE, moment VARCHAR,
    _errors land.cell_error[]
);

CREATE TABLE land.activity (
    _load_id INTEGER, _file_id INTEGER, _source VARCHAR, _system VARCHAR, _resource VARCHAR,
    _file VARCHAR, _sheet VARCHAR, _row BIGINT, _export_date DATE, _is_data BOOLEAN,
    activity_date DATE, service_code VARCHAR, activity_name VARCHAR, municipality_code VARCHAR,
    neighbourhood VARCHAR, team VARCHAR, participants BIGINT, volunteers BIGINT, volunteer_hours DOUBLE,
    _errors land.cell_error[]
);

CREATE TABLE land.budget (
    _load_id INTEGER, _file_id INTEGER, _source VARCHAR, _system VARCHAR, _resource VARCHAR,
    _file VARCHAR, _sheet VARCHAR, _row BIGINT, _export_date DATE, _is_data BOOLEAN,
    year BIGINT, municipality_code VARCHAR, service_code VARCHAR, cost_eur DOUBLE,
    _errors land.cell_error[]
);

-- Lines of a CSV that DuckDB could not split into fields (unterminated quote, too many fields,
-- bytes that are not text). They never reach a land table; they go to quarantine from here.
CREATE TABLE land.rejected_line (
    _load_id INTEGER, _file_id INTEGER, _source VARCHAR, _resource VARCHAR, _file VARCHAR,
    _row BIGINT, "column" VARCHAR, reason VARCHAR
);

-- Which export column fills which canonical field, per source and resource, as last loaded:
-- lets quarantine name the column a data expert knows ("Duur (uren)") for any field.
CREATE TABLE land.column_map (
    source VARCHAR, resource VARCHAR, entity VARCHAR, field VARCHAR, "column" VARCHAR,
    PRIMARY KEY (source, resource, field)
);
