-- 0009_schema_contract — what a delivered file held beyond the mapping (contract.new_columns).
-- land.new_column: one row per file × export column that no mapping names, with what was done
-- with it: 'kept' (evolve: values in land.extra_value), 'ignored' (discard), or 'ignored:
-- personal identifier' (a BSN, name, address, phone or e-mail column is never kept).
-- land.extra_value: one row per file × data row × kept column, the cell as text. It sits
-- outside the land tables so that nothing unmapped can flow on into staging and the star.
CREATE TABLE land.new_column (
    _load_id INTEGER, _file_id INTEGER, _source VARCHAR, _resource VARCHAR, _file VARCHAR,
    "column" VARCHAR, action VARCHAR
);

CREATE TABLE land.extra_value (
    _load_id INTEGER, _file_id INTEGER, _source VARCHAR, _resource VARCHAR, _file VARCHAR,
    _sheet VARCHAR, _row BIGINT, "column" VARCHAR, "value" VARCHAR
);
