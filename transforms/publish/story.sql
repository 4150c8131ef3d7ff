-- story (published) — only the stories whose client consented to publication.
-- Grain: one row per story. No client key, no source ids.
with final as (
    select * exclude (has_consent), year(story_date) as year
    from story
    where has_consent
)

select * from final
