"""The peer an analyst would otherwise use: the benchmark's work in pandas.

Run by bench/run.ts with Debian's /usr/bin/python3 (python3-pandas), not a pyenv python:
    /usr/bin/python3 bench/plain/pandas_bench.py <inputs.json>
Two parts, timed apart in one process (a DataFrame does not outlive its process):
  load        read_csv of the same export files with the same conventions as the pipeline and
              bench/plain/duckdb.sql (';', windows-1252, Dutch dates, decimal commas, title lines
              skipped), the same cleaning (unparseable or future dates and rows without a client
              dropped, a contact exported twice counted once);
  indicators  reach, trajectories and outcome change (DESIGN.md §6) at month, quarter and year
              grain per municipality × service — the groupbys of bench/plain/duckdb.sql.
Prints one JSON line: {"load": {rows, ms, maxRssKiB, cpu}, "indicators": {rows, ms, maxRssKiB, cpu}};
cpu is user + system seconds (the load's includes the interpreter's start-up); the
load's peak RSS is read when the load ends, the indicators' at the end (the process's peak).
"""

import json
import re
import resource
import sys
import time

import numpy as np
import pandas as pd

PERIODS = {"month": "M", "quarter": "Q", "year": "Y"}
T_Z = 1.959964


def read_export(path, skip, columns=None):
    return pd.read_csv(path, sep=";", encoding="cp1252", skiprows=skip, usecols=columns, dtype=str,
                       keep_default_na=False, na_values=[""], on_bad_lines="skip")


def dutch_date(col):
    return pd.to_datetime(col, format="%d-%m-%Y", errors="coerce")


CONTACT_COLUMNS = ["Contactnummer", "Cliëntnummer", "Trajectnummer", "Werksoort", "Datum", "Duur (uren)"]


def contact_month(path, today):
    """One monthly export, typed as soon as it is read: only the columns the indicators use, the
    service as a category, so 20 M rows do not sit in memory as Python strings (what a careful
    analyst does; reading everything as text first needs several times the memory)."""
    raw = read_export(path, 1, CONTACT_COLUMNS)
    contact = pd.DataFrame({
        "contact_id": pd.to_numeric(raw["Contactnummer"], errors="coerce"),
        "client_id": pd.to_numeric(raw["Cliëntnummer"], errors="coerce"),
        "trajectory_id": pd.to_numeric(raw["Trajectnummer"], errors="coerce"),
        "service": raw["Werksoort"].astype("category"),
        "contact_date": dutch_date(raw["Datum"]),
        "duration_min": pd.to_numeric(raw["Duur (uren)"].str.replace(",", ".", regex=False), errors="coerce") * 60,
    })
    return contact[(contact.contact_date <= today) & contact.client_id.notna()]


def load(inputs):
    today = pd.Timestamp(inputs["today"])
    months = [contact_month(f, today) for f in inputs["contacts"]]
    contact = pd.concat(months, ignore_index=True)
    del months
    # Back to plain labels (references to the categories' strings, 8 bytes a row): a categorical
    # key would make every groupby below span all combinations of labels.
    contact["service"] = contact.service.astype(object)
    contact = contact.drop_duplicates("contact_id").astype({"client_id": "int64"})

    reasons = pd.read_csv(inputs["closureReasons"], dtype=str)
    reasons = dict(zip(reasons.wording.str.strip().str.lower(), reasons.closure_reason))
    raw = read_export(inputs["trajectories"], 0).drop_duplicates("Trajectnummer")
    trajectory = pd.DataFrame({
        "trajectory_id": pd.to_numeric(raw["Trajectnummer"]),
        "client_id": pd.to_numeric(raw["Cliëntnummer"]),
        "service": raw["Werksoort"],
        "municipality": raw["Gemeente"],
        "start_date": dutch_date(raw["Startdatum"]),
        "end_date": dutch_date(raw["Einddatum"]),
        "closure_reason": raw["Reden afsluiting"].str.strip().str.lower().map(reasons),
    })

    snapshots = []
    for f in inputs["clients"]:
        raw = read_export(f, 2)
        snapshots.append(pd.DataFrame({
            "client_id": pd.to_numeric(raw["Cliëntnummer"]),
            "municipality": raw["Gemeente"],
            "export_date": pd.Timestamp(re.search(r"(\d{4}-\d{2}-\d{2})", f).group(1)),
        }))
    client = pd.concat(snapshots, ignore_index=True)

    sheet = pd.read_csv(inputs["scores"], sep=";", dtype=str)
    fixed = ["Cliëntnummer", "Trajectnummer", "Datum meting", "Moment", "Ingevuld door"]
    long = sheet.melt(id_vars=fixed, var_name="domain", value_name="score_text")
    long["score"] = pd.to_numeric(long.score_text, errors="coerce")
    long = long[long.score.between(1, 5) & (long.score % 1 == 0)]
    score = pd.DataFrame({
        "client_id": pd.to_numeric(long["Cliëntnummer"]),
        "measured_on": pd.to_datetime(long["Datum meting"], format="%d-%m-%Y", errors="coerce"),
        "domain": long.domain,
        "score": long.score.astype(int),
    }).drop_duplicates()
    return contact, trajectory, client, score


def period_start(dates, kind):
    return dates.dt.to_period(PERIODS[kind]).dt.start_time


def reach(contact, trajectory, client):
    located = contact.merge(trajectory[["trajectory_id", "municipality"]], on="trajectory_id", how="left")
    # A contact without a trajectory: the client's snapshot valid on the contact date.
    loose = located.municipality.isna()
    if loose.any():
        asof = pd.merge_asof(
            located[loose].sort_values("contact_date"), client.sort_values("export_date"),
            left_on="contact_date", right_on="export_date", by="client_id", suffixes=("", "_client"),
            allow_exact_matches=True)
        located.loc[loose, "municipality"] = asof.set_index(located[loose].sort_values("contact_date").index)[
            "municipality_client"]
        located["municipality"] = located.municipality.fillna("(unknown)")
    firsts = contact.groupby(["client_id", "service"]).contact_date.min().rename("first_date")
    located = located.join(firsts, on=["client_id", "service"])
    out = []
    for kind in PERIODS:
        located["period_start"] = period_start(located.contact_date, kind)
        located["is_new"] = period_start(located.first_date, kind) == located.period_start
        g = located.groupby(["period_start", "municipality", "service"])
        cell = pd.DataFrame({
            "reached_clients": g.client_id.nunique(),
            "new_clients": located[located.is_new].groupby(["period_start", "municipality", "service"])
            .client_id.nunique(),
            "contacts": g.size(),
            "contact_hours": g.duration_min.sum() / 60,
        }).fillna({"new_clients": 0})
        cell["contacts_per_client"] = cell.contacts / cell.reached_clients
        out.append(cell.reset_index().assign(period_type=kind))
    return pd.concat(out, ignore_index=True)


def trajectories(trajectory):
    t = trajectory
    closed = t[t.end_date.notna()]
    later = closed[["trajectory_id", "client_id", "service", "end_date"]].merge(
        t[["client_id", "service", "start_date"]], on=["client_id", "service"])
    gap = (later.start_date - later.end_date).dt.days
    repeated = set(later[(gap > 0) & (gap <= 365)].trajectory_id)
    closed = closed.assign(
        goals_met=closed.closure_reason == "goals_met",
        dropout=closed.closure_reason.isin(["client_stopped", "no_contact"]),
        repeated=closed.trajectory_id.isin(repeated),
        duration_days=(closed.end_date - closed.start_date).dt.days,
    )
    keys = ["period_start", "municipality", "service"]
    out = []
    for kind in PERIODS:
        started = t.assign(period_start=period_start(t.start_date, kind)).groupby(keys).size().rename("started")
        c = closed.assign(period_start=period_start(closed.end_date, kind)).groupby(keys)
        cell = pd.concat([started, c.size().rename("closed"), c.goals_met.mean().rename("goal_attainment_rate"),
                          c.dropout.mean().rename("dropout_rate"), c.repeated.mean().rename("repeat_request_rate"),
                          c.duration_days.median().rename("median_duration_days")], axis=1)
        cell[["started", "closed"]] = cell[["started", "closed"]].fillna(0)
        # Active at a period's end: started by then minus closed by then, per municipality × service.
        cell = cell.sort_index()
        running = cell.groupby(level=["municipality", "service"])[["started", "closed"]].cumsum()
        cell["active_at_end"] = running.started - running.closed
        out.append(cell.reset_index().assign(period_type=kind))
    return pd.concat(out, ignore_index=True)


def outcome_change(trajectory, score):
    closed = trajectory[trajectory.end_date.notna()]
    joined = closed[["trajectory_id", "client_id", "municipality", "service", "start_date", "end_date"]].merge(
        score, on="client_id")
    window = pd.Timedelta(days=30)
    joined = joined[(joined.measured_on >= joined.start_date - window) & (joined.measured_on <= joined.end_date + window)]
    g = joined.sort_values("measured_on").groupby(["trajectory_id", "domain"])
    pairs = g.agg(municipality=("municipality", "first"), service=("service", "first"), end_date=("end_date", "first"),
                  first_score=("score", "first"), last_score=("score", "last"),
                  first_day=("measured_on", "first"), last_day=("measured_on", "last")).reset_index()
    pairs = pairs[pairs.first_day < pairs.last_day]
    pairs["delta"] = pairs.last_score - pairs.first_score
    pairs["direction"] = np.select([pairs.delta >= 1, pairs.delta <= -1], [1, -1], 0)
    per = pairs.groupby("trajectory_id").agg(
        municipality=("municipality", "first"), service=("service", "first"), end_date=("end_date", "first"),
        delta=("delta", "mean"), up=("direction", lambda d: (d == 1).sum()), down=("direction", lambda d: (d == -1).sum()))
    per["direction"] = np.sign(per.up - per.down)
    per["domain"] = "*"
    rows = pd.concat([pairs[["trajectory_id", "municipality", "service", "end_date", "domain", "delta", "direction"]],
                      per.reset_index()[["trajectory_id", "municipality", "service", "end_date", "domain", "delta",
                                         "direction"]]], ignore_index=True)
    keys = ["period_start", "municipality", "service"]
    out = []
    for kind in PERIODS:
        r = rows.assign(period_start=period_start(rows.end_date, kind))
        g = r.groupby(keys + ["domain"])
        stats = pd.DataFrame({
            "pairs": g.size(),
            "share_improved": g.direction.apply(lambda d: (d == 1).mean()),
            "share_stable": g.direction.apply(lambda d: (d == 0).mean()),
            "share_declined": g.direction.apply(lambda d: (d == -1).mean()),
            "mean_delta": g.delta.mean(),
            "sd_delta": g.delta.std(),
        }).reset_index()
        closed_cells = closed.assign(period_start=period_start(closed.end_date, kind)).groupby(keys).size()
        stats = stats.join(closed_cells.rename("closed_trajectories"), on=keys)
        with_pair = stats[stats.domain == "*"].set_index(keys).pairs.rename("with_pair")
        stats = stats.join(with_pair, on=keys)
        stats["coverage"] = stats.with_pair / stats.closed_trajectories
        df = (stats.pairs - 1).where(stats.pairs >= 2)
        stats["effect_size_dz"] = (stats.mean_delta / stats.sd_delta).where((stats.pairs >= 2) & (stats.sd_delta > 0))
        t = (T_Z + (T_Z**3 + T_Z) / (4 * df) + (5 * T_Z**5 + 16 * T_Z**3 + 3 * T_Z) / (96 * df**2)
             + (3 * T_Z**7 + 19 * T_Z**5 + 17 * T_Z**3 - 15 * T_Z) / (384 * df**3))
        half = t * stats.sd_delta / np.sqrt(stats.pairs)
        stats["ci95_low"] = stats.mean_delta - half
        stats["ci95_high"] = stats.mean_delta + half
        out.append(stats.assign(period_type=kind))
    return pd.concat(out, ignore_index=True)


def peak_kib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        inputs = json.load(f)
    started = time.perf_counter()
    contact, trajectory, client, score = load(inputs)
    loaded = time.perf_counter()
    load_cpu = cpu_seconds()
    load_result = {"rows": len(contact) + len(trajectory) + len(client) + len(score),
                   "ms": (loaded - started) * 1000, "maxRssKiB": peak_kib(), "cpu": load_cpu}
    tables = [reach(contact, trajectory, client), trajectories(trajectory), outcome_change(trajectory, score)]
    done = time.perf_counter()
    print(json.dumps({
        "load": load_result,
        "indicators": {"rows": len(contact) + len(score), "ms": (done - loaded) * 1000, "maxRssKiB": peak_kib(),
                       "cpu": cpu_seconds() - load_cpu,
                       "detail": f"{sum(len(t) for t in tables)} indicator rows"},
    }))


if __name__ == "__main__":
    main()
