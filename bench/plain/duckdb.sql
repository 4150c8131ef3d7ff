-- The floor: the benchmark's work written directly in DuckDB SQL, no framework around it.
-- Run by bench/plain/run-duckdb.ts on a fresh database file, one part at a time (timed apart):
--   load        read_csv of the same export files (contacts file by file: load-begin,
--               load-contact-file per file, then load) straight into typed tables, with the same
--               conventions (';', windows-1252 transcoded to UTF-8 by iconv, Dutch dates, decimal commas,
--               title lines skipped) and the same cleaning a reader needs to count correctly
--               (unparseable or future dates and rows without a client dropped; a contact
--               exported twice is not deduplicated, see the load part);
--   indicators  reach, trajectories and outcome change (DESIGN.md §6) at month, quarter and year
--               grain per municipality × service, written as directly as SQL allows.
-- Simplifications against the pipeline, all in the floor's favour: no pseudonyms, no history of
-- client versions beyond the two register snapshots, municipality and service names are not
-- mapped to codes, no quarantine bookkeeping, no data tests, nothing published.
-- The scores come from the ZRM sheet saved as CSV (bench/data.ts says why).
-- {{file}} (one contact or client export), {{trajectories}}, {{scores}}, {{closure_reasons}} (the pipeline's own
-- wording → reason seed) and {{today}} are filled in by the runner.

-- part: load-begin
create table contact_raw (
    contact_id bigint, client_id bigint, trajectory_id bigint, service varchar,
    contact_date date, duration_min double
);

create table client (client_id bigint, municipality varchar, export_date date);

-- part: load-contact-file
-- One monthly file at a time: one read_csv over all 34 files (20 M rows) grew past 9 GB RSS
-- whatever the memory_limit, so the floor lands file by file, as the pipeline does; and, as
-- there, DuckDB's parallel reader refuses quoted line breaks (notes) with null padding.
insert into contact_raw
select
    Contactnummer::bigint as contact_id,
    try_cast("Cliëntnummer" as bigint) as client_id,
    try_cast(Trajectnummer as bigint) as trajectory_id,
    Werksoort as service,
    try_strptime(Datum, '%d-%m-%Y')::date as contact_date,
    try_cast(replace("Duur (uren)", ',', '.') as double) * 60 as duration_min
from read_csv({{file}}, delim = ';', skip = 1, header = true, all_varchar = true,
              null_padding = true, ignore_errors = true, parallel = false)
where try_strptime(Datum, '%d-%m-%Y') <= {{today}}
  and try_cast("Cliëntnummer" as bigint) is not null;

-- part: load-client-file
-- One register snapshot at a time, for the same reason as the contacts: DuckDB 1.5.6 reading
-- the two snapshots in one read_csv (a list of files, skip = 2) grew past 12 GB RSS within
-- 30 s while each file alone reads in ~1 s at ~280 MiB (measured 2026-12-02, bench/RESULTS.md).
insert into client
select
    "Cliëntnummer"::bigint as client_id,
    Gemeente as municipality,
    strptime(regexp_extract(filename, '(\d{4}-\d{2}-\d{2})', 1), '%Y-%m-%d')::date as export_date
from read_csv({{file}}, delim = ';', skip = 2, header = true,
              all_varchar = true, filename = true);

-- part: load
-- DESIGN.md §9's floor is read_csv + insert: a contact exported twice is not deduplicated here
-- (the pipeline does that in staging). Deduplicating 20 M rows in one statement, by a
-- row_number() window or DISTINCT ON, passed 9 GB RSS whatever the memory_limit.
alter table contact_raw rename to contact;

create table trajectory as
select
    Trajectnummer::bigint as trajectory_id,
    "Cliëntnummer"::bigint as client_id,
    Werksoort as service,
    Gemeente as municipality,
    try_strptime(Startdatum, '%d-%m-%Y')::date as start_date,
    try_strptime(Einddatum, '%d-%m-%Y')::date as end_date,
    reason.closure_reason
from read_csv({{trajectories}}, delim = ';', header = true, all_varchar = true) as t
left join read_csv({{closure_reasons}}, header = true, all_varchar = true) as reason
  on lower(trim(reason.wording)) = lower(trim(t."Reden afsluiting"))
qualify row_number() over (partition by Trajectnummer) = 1;

create table score as
with sheet as (
    select * from read_csv({{scores}}, delim = ';', header = true, all_varchar = true)
),

long as (
    unpivot sheet on columns(* exclude ("Cliëntnummer", Trajectnummer, "Datum meting", Moment, "Ingevuld door"))
    into name domain value score_text
)

select distinct
    "Cliëntnummer"::bigint as client_id,
    coalesce(try_strptime("Datum meting", '%d-%m-%Y'), try_strptime("Datum meting", '%-d-%-m-%Y'))::date as measured_on,
    domain,
    try_cast(score_text as integer) as score
from long
where try_cast(score_text as integer) between 1 and 5;

-- part: indicators
create table ind_reach as
with located as (
    select contact.*, coalesce(trajectory.municipality, snapshot.municipality) as municipality
    from contact
    left join trajectory using (trajectory_id)
    asof left join client as snapshot
      on snapshot.client_id = contact.client_id and contact.contact_date >= snapshot.export_date
),

firsts as (
    select client_id, service, min(contact_date) as first_date from contact group by all
),

periods as (
    select 'month' as period_type, date_trunc('month', contact_date)::date as period_start, * from located
    union all
    select 'quarter', date_trunc('quarter', contact_date)::date, * from located
    union all
    select 'year', date_trunc('year', contact_date)::date, * from located
),

with_first as (
    select periods.*, firsts.first_date
    from periods join firsts using (client_id, service)
)

select
    period_type, period_start, municipality, service,
    count(distinct client_id) as reached_clients,
    count(distinct client_id) filter (
        where first_date >= period_start
          and first_date < period_start + case period_type when 'month' then interval 1 month
                                                          when 'quarter' then interval 3 month
                                                          else interval 1 year end
    ) as new_clients,
    count(*) as contacts,
    sum(duration_min) / 60 as contact_hours,
    count(*) / count(distinct client_id) as contacts_per_client
from with_first
group by all;

create table ind_trajectory as
with bounds as (
    select min(start_date) as first_day, {{today}}::date as last_day from trajectory
),

periods as (
    select kind as period_type, p::date as period_start,
           (p + case kind when 'month' then interval 1 month when 'quarter' then interval 3 month
                          else interval 1 year end - interval 1 day)::date as period_end
    from bounds,
         (values ('month'), ('quarter'), ('year')) as k(kind),
         generate_series(date_trunc('year', first_day), last_day, interval 1 month) as s(p)
    where kind = 'month'
       or (kind = 'quarter' and month(p) in (1, 4, 7, 10))
       or (kind = 'year' and month(p) = 1)
),

repeats as (
    select t.trajectory_id, bool_or(n.trajectory_id is not null) as repeated
    from trajectory as t
    left join trajectory as n
      on n.client_id = t.client_id and n.service = t.service
     and n.start_date > t.end_date and n.start_date <= t.end_date + 365
    where t.end_date is not null
    group by all
),

cells as (
    select periods.period_type, periods.period_start, t.municipality, t.service,
           t.start_date between periods.period_start and periods.period_end as started,
           t.end_date between periods.period_start and periods.period_end as closed,
           t.start_date <= periods.period_end and (t.end_date is null or t.end_date > periods.period_end) as active_at_end,
           t.closure_reason, t.end_date - t.start_date as duration_days, repeats.repeated
    from trajectory as t
    join periods on t.start_date <= periods.period_end
                and (t.end_date is null or t.end_date >= periods.period_start)
    left join repeats using (trajectory_id)
)

select
    period_type, period_start, municipality, service,
    count(*) filter (where started) as started,
    count(*) filter (where closed) as closed,
    count(*) filter (where active_at_end) as active_at_end,
    count(*) filter (where closed and closure_reason = 'goals_met') / nullif(count(*) filter (where closed), 0) as goal_attainment_rate,
    count(*) filter (where closed and closure_reason in ('client_stopped', 'no_contact')) / nullif(count(*) filter (where closed), 0) as dropout_rate,
    count(*) filter (where closed and repeated) / nullif(count(*) filter (where closed), 0) as repeat_request_rate,
    median(duration_days) filter (where closed) as median_duration_days
from cells
group by all;

create table ind_outcome_change as
with closed as (
    select * from trajectory where end_date is not null
),

pairs as (
    select closed.trajectory_id, closed.municipality, closed.service, closed.end_date, score.domain,
           arg_min(score.score, score.measured_on) as first_score,
           arg_max(score.score, score.measured_on) as last_score,
           min(score.measured_on) < max(score.measured_on) as is_pair
    from closed
    join score
      on score.client_id = closed.client_id
     and score.measured_on between closed.start_date - 30 and closed.end_date + 30
    group by all
),

deltas as (
    select *, last_score - first_score as delta from pairs where is_pair
),

per_trajectory as (
    select trajectory_id, municipality, service, end_date, '*' as domain,
           avg(delta) as delta,
           case when count(*) filter (where delta >= 1) > count(*) filter (where delta <= -1) then 1
                when count(*) filter (where delta <= -1) > count(*) filter (where delta >= 1) then -1
                else 0 end as direction
    from deltas group by all
    union all
    select trajectory_id, municipality, service, end_date, domain, delta,
           case when delta >= 1 then 1 when delta <= -1 then -1 else 0 end
    from deltas
),

periods as (
    select 'month' as period_type, date_trunc('month', end_date)::date as period_start, * from per_trajectory
    union all
    select 'quarter', date_trunc('quarter', end_date)::date, * from per_trajectory
    union all
    select 'year', date_trunc('year', end_date)::date, * from per_trajectory
),

closed_cells as (
    select period_type, date_trunc(period_type, end_date)::date as period_start, municipality, service,
           count(*) as closed_trajectories
    from closed, (values ('month'), ('quarter'), ('year')) as k(period_type)
    group by all
),

stats as (
    select period_type, period_start, municipality, service, domain,
           count(*) as pairs,
           avg((direction = 1)::int) as share_improved,
           avg((direction = 0)::int) as share_stable,
           avg((direction = -1)::int) as share_declined,
           avg(delta) as mean_delta,
           stddev_samp(delta) as sd_delta
    from periods group by all
),

final as (
    select stats.*, closed_cells.closed_trajectories,
           -- closed trajectories with a pair for the instrument: the trajectory-level row's pairs
           max(stats.pairs) filter (where stats.domain = '*')
               over (partition by period_type, period_start, municipality, service)
               / closed_cells.closed_trajectories as coverage,
           case when pairs >= 2 and sd_delta > 0 then mean_delta / sd_delta end as effect_size_dz,
           case when pairs >= 2 then pairs - 1 end as df
    from stats join closed_cells using (period_type, period_start, municipality, service)
)

-- t(0.975, df) by the Cornish-Fisher expansion the pipeline uses above df 30.
select *,
       mean_delta - t * sd_delta / sqrt(pairs) as ci95_low,
       mean_delta + t * sd_delta / sqrt(pairs) as ci95_high
from (
    select *, case when df >= 1 then 1.959964 + (1.959964 ^ 3 + 1.959964) / (4 * df)
        + (5 * 1.959964 ^ 5 + 16 * 1.959964 ^ 3 + 3 * 1.959964) / (96 * df ^ 2)
        + (3 * 1.959964 ^ 7 + 19 * 1.959964 ^ 5 + 17 * 1.959964 ^ 3 - 15 * 1.959964) / (384 * df ^ 3) end as t
    from final
);
