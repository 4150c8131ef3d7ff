-- 0013_person_link — optional linking of one person across systems (DESIGN.md §8), off by default.
-- Grain: land.client keeps one row per data row of a delivered client file; person_pid is a
-- column of that row. When privacy.link_persons_by_bsn is on and a client resource maps `bsn`,
-- the mapping that lands the row writes pseudonym('#bsn', BSN) here: the keyed HMAC, never the
-- BSN itself, so the number is not stored in any table.
ALTER TABLE land.client ADD COLUMN person_pid VARCHAR;

-- bsn_normal: the nine digits of a valid BSN, or NULL. Spaces, dots and dashes are ignored; eight
-- digits are read with the leading zero that spreadsheets drop. Valid means the 11-test
-- (elfproef): 9·d1 + 8·d2 + … + 2·d8 − d9 is a multiple of 11, and not 000000000.
CREATE MACRO bsn_normal(raw) AS
    CASE WHEN regexp_full_match(regexp_replace(trim(raw), '[ .-]', '', 'g'), '[0-9]{8,9}') THEN
        CASE WHEN lpad(regexp_replace(trim(raw), '[ .-]', '', 'g'), 9, '0') <> '000000000'
              AND (list_sum(list_transform(range(1, 9), i ->
                      (10 - i) * TRY_CAST(substr(lpad(regexp_replace(trim(raw), '[ .-]', '', 'g'), 9, '0'), i, 1) AS INTEGER)))
                   - TRY_CAST(right(regexp_replace(trim(raw), '[ .-]', '', 'g'), 1) AS INTEGER)) % 11 = 0
             THEN lpad(regexp_replace(trim(raw), '[ .-]', '', 'g'), 9, '0') END
    END;
