-- 0004_suppression — macros for small-cell suppression in published outputs. Grain: n/a.
-- Small-cell suppression (DESIGN.md §7): a count from 1 to min_cell − 1 is hidden; zero is
-- shown. min_cell is set per publish with SET VARIABLE min_cell.
CREATE MACRO is_small(n) AS coalesce(n between 1 and getvariable('min_cell') - 1, false);
CREATE MACRO suppress_count(n) AS CASE WHEN is_small(n) THEN NULL ELSE n END;
