-- 0014_resource_cursor — how far each resource with a `cursor` has landed (issue 4).
-- Grain: one row per source × resource. last_value is the highest value of the cursor field
-- among the rows landed so far, as text (compared after a cast to the field's type). It is
-- written in the same transaction that lands a file, so state and data never part after a crash.
-- A changed cursor field starts over: the stored value belongs to the field it names.
CREATE TABLE meta.resource_cursor (
    source VARCHAR, resource VARCHAR, field VARCHAR NOT NULL, last_value VARCHAR,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (source, resource)
);
