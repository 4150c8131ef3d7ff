-- dim_closure_reason — the standard set of reasons a trajectory ends.
-- Grain: one row per standard closure reason.
with final as (
    select * from (values
        ('goals_met', 'Doelen bereikt', 1),
        ('referred', 'Verwezen', 2),
        ('client_stopped', 'Cliënt gestopt', 3),
        ('no_contact', 'Geen contact meer', 4),
        ('moved', 'Verhuisd', 5),
        ('deceased', 'Overleden', 6),
        ('other', 'Anders', 7)
    ) as reasons(closure_reason, label_nl, sort_order)
)

select * from final
