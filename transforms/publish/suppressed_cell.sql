-- suppressed_cell — the cells of suppression_cell that are published empty: primary
-- suppression plus complementary suppression (DESIGN.md §7). The published models read it.
-- Grain: one row per hidden cell (the key columns of suppression_cell).
-- Rule: start from the primary cells (round 0). Then, in rounds, every equation of
-- suppression_term with exactly one hidden term would give that term back (the total minus the
-- shown terms), so one more of its terms is hidden: the smallest shown one, a non-zero count
-- before a zero (hiding a zero protects little), ties broken by cell_id. Each round looks at
-- all equations at once; a cell hidden in one round can leave another equation with one hidden
-- term, so rounds go on until no equation has exactly one — every equation then has no hidden
-- term or at least two (a hidden total counts as one). `round` is the round a cell was hidden
-- in, `reason` 'primary' (round 0) or 'complementary'.
-- Known limit: this is the classic per-equation rule. Hidden cells could in principle be solved
-- from several equations together; the relations here (time sums, classes, flows) rarely line
-- up that way, and test/privacy/suppression.test.ts solves all the published equations of the
-- demo together and checks that no hidden cell comes out. Bounds (a hidden count is at least 0,
-- at most its total) are not tried.
with recursive equations as materialized (
    -- An equation with two primary cells already has two hidden terms, and hidden cells only
    -- ever get more: it never needs anything and is left out of the rounds (a large share of
    -- them; this is what keeps the rounds fast). Equations get integer ids for the same reason.
    select
        dense_rank() over (order by suppression_term.equation) as equation,
        suppression_term.cell_id,
        suppression_cell.value
    from suppression_term
    join suppression_cell using (cell_id)
    qualify count(*) filter (where suppression_cell.primary_hidden)
        over (partition by suppression_term.equation) < 2
),

hidden (cell_id, round) using key (cell_id) as (
    select cell_id, 0 as round
    from suppression_cell
    where primary_hidden

    union

    (
        with open_equations as (
            select equations.equation
            from equations
            left join recurring.hidden using (cell_id)
            group by equations.equation
            having count(hidden.cell_id) = 1
        ),

        candidates as (
            select
                equations.equation,
                equations.cell_id,
                row_number() over (
                    partition by equations.equation
                    order by equations.value = 0, equations.value, equations.cell_id
                ) as pick
            from equations
            semi join open_equations using (equation)
            anti join recurring.hidden using (cell_id)
        )

        select distinct cell_id, (select max(round) from recurring.hidden) + 1 as round
        from candidates
        where pick = 1
    )
),

final as (
    select
        suppression_cell.cell_id,
        suppression_cell.tbl,
        suppression_cell.measure,
        suppression_cell.municipality_code,
        suppression_cell.service_code,
        suppression_cell.period_type,
        suppression_cell.period_start,
        suppression_cell.instrument,
        suppression_cell.domain_code,
        suppression_cell.outcome,
        suppression_cell.value,
        hidden.round,
        case when hidden.round = 0 then 'primary' else 'complementary' end as reason
    from hidden
    join suppression_cell using (cell_id)
)

select * from final
