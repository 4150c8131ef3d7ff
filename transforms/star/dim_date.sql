-- dim_date — the calendar, with Dutch names, for every day the data can touch.
-- Grain: one row per calendar day, from 1 January of the earliest year with data (2015 at the
-- latest) to 31 December of next year. Dates are calendar dates as recorded in the source
-- systems (Europe/Amsterdam); no time of day, no timezone.
with bounds as (
    select
        least(
            coalesce((select min(contact_date) from staging.stg_contact), date '2015-01-01'),
            coalesce((select min(start_date) from staging.stg_trajectory), date '2015-01-01'),
            date '2015-01-01'
        ) as first_day,
        make_date(year(current_date) + 1, 12, 31) as last_day
),

days as (
    select unnest(generate_series(date_trunc('year', first_day), last_day, interval 1 day))::date as date
    from bounds
),

final as (
    select
        date,
        year(date) as year,
        quarter(date) as quarter,
        month(date) as month,
        day(date) as day_of_month,
        isoyear(date) as iso_year,
        week(date) as iso_week,
        isodow(date) as iso_day_of_week,
        isodow(date) >= 6 as is_weekend,
        ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september',
         'oktober', 'november', 'december'][month(date)] as month_name_nl,
        ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag'][isodow(date)]
            as day_name_nl,
        date_trunc('month', date)::date as month_start,
        date_trunc('quarter', date)::date as quarter_start,
        date_trunc('year', date)::date as year_start,
        year(date) || '-Q' || quarter(date) as quarter_label,
        strftime(date, '%Y-%m') as month_label
    from days
)

select * from final
