"""Reads of monitoring, exit verification and grievances through the door (issue 17): the alert
queue of an area a page at a time with overdue flags, monitored households by category per area
(a map metric), one household's alert history, exit samples with their three rates and
verdicts, and the grievance queue. Every number is counted in SQL, per area; lists come a page
at a time (:class:`query.area_rows.Page`, pages from 0). Contacts never leave the store here
(the ``*_current`` views leave them out; ``has_contact`` says whether there is one).

Overdue: an alert still ``alerted`` after its visit due date, or not yet reviewed after its
decision due date; a grievance not decided (nor withdrawn) after its due date. ``days_overdue``
counts calendar days past the earliest missed due date (the due dates themselves are in working
days, :mod:`analysis.working_days`).

Example:
    >>> from data import store
    >>> con = store.connect(":memory:")
    >>> alert_queue(con, "46").total, category_counts(con, "district", "46").empty
    (0, True)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import duckdb
import pandas as pd

from analysis.exit_sampling import RATES, ExitThresholds, overall, three_rates
from analysis.monitoring import CATEGORIES
from data.grievances import OPEN as GRIEVANCE_OPEN
from data.grievances import TYPES as GRIEVANCE_TYPES
from data.monitoring import BEFORE_DECISION, BEFORE_VISIT
from data.monitoring import OPEN as ALERT_OPEN
from geo.codes import LEVELS
from query.area_rows import PAGE_SIZE, Page, page_clause
from query.scope import area_level, conditions, level_column

DEFAULT_EXIT = ExitThresholds()

#: The columns of :func:`alert_queue` (besides the village's names).
QUEUE_COLUMNS: tuple[str, ...] = (
    "alert_id",
    "hh_id",
    "round_be",
    "province_code",
    "district_code",
    "subdistrict_code",
    "village_code",
    "category",
    "shocks",
    "channel",
    "state",
    "state_at",
    "state_by",
    "opened_at",
    "visit_due",
    "decision_due",
    "visited_at",
    "referral_id",
    "has_contact",
    "events",
)


def _in(values: Sequence[str]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def _day(as_of: dt.date | None) -> dt.date:
    return as_of or dt.date.today()


def _choices(column: str, values: Sequence[str] | None) -> tuple[list[str], list[object]]:
    if values is None:
        return [], []
    values = list(values)
    if not values:
        return ["false"], []
    return [f"{column} IN ({', '.join('?' * len(values))})"], values


def _level_in(level: str, area: str | None) -> str:
    column = level_column(level)
    if area and LEVELS.index(level) < LEVELS.index(area_level(area)):
        raise ValueError(f"{level} is above the area {area}")
    return column


# --- alerts --------------------------------------------------------------------------------------


def _alerts_sql(
    area: str | None,
    day: dt.date,
    categories: Sequence[str] | None,
    states: Sequence[str] | None,
    channels: Sequence[str] | None,
) -> tuple[str, list[object]]:
    clauses, params = conditions(None, area, "a")
    for column, values in (
        ("a.category", categories),
        ("a.state", list(ALERT_OPEN) if states is None else states),
        ("a.channel", channels),
    ):
        more, args = _choices(column, values)
        clauses += more
        params += args
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    columns = ", ".join(f"a.{c}" for c in QUEUE_COLUMNS)
    sql = f"""
        SELECT *, visit_overdue OR decision_overdue AS overdue,
          greatest(CASE WHEN visit_overdue THEN date_diff('day', visit_due, $day) ELSE 0 END,
                   CASE WHEN decision_overdue THEN date_diff('day', decision_due, $day) ELSE 0 END)
            AS days_overdue
        FROM (
          SELECT {columns},
            a.state IN {_in(BEFORE_VISIT)} AND a.visit_due < $day AS visit_overdue,
            a.state IN {_in(BEFORE_DECISION)} AND a.decision_due < $day AS decision_overdue,
            coalesce(a.visited_at::DATE > a.visit_due, false) AS visited_late,
            v.name_th AS village_name_th, v.name_en AS village_name_en
          FROM alert_current a LEFT JOIN villages v USING (village_code) {where}
        )"""
    return sql, params


def _named(sql: str, params: list[object], day: dt.date) -> tuple[str, dict[str, object]]:
    """``sql`` with its ``?`` numbered ``$p1 ...`` beside ``$day`` (DuckDB takes one style)."""
    named: dict[str, object] = {"day": day}
    parts = sql.split("?")
    out = parts[0]
    for i, part in enumerate(parts[1:], start=1):
        out += f"$p{i}" + part
        named[f"p{i}"] = params[i - 1]
    return out, named


def alert_queue(
    con: duckdb.DuckDBPyConnection,
    area: str | None = None,
    *,
    as_of: dt.date | None = None,
    categories: Sequence[str] | None = None,
    states: Sequence[str] | None = None,
    channels: Sequence[str] | None = None,
    overdue_only: bool = False,
    page: int = 0,
    page_size: int = PAGE_SIZE,
) -> Page:
    """One page of the alerts of ``area`` (every area when None): open ones (``states``
    default) of the given categories and channels, overdue first (most days first), then by
    decision due date and ID.

    Columns: :data:`QUEUE_COLUMNS`, ``visit_overdue``, ``decision_overdue``, ``overdue``,
    ``days_overdue``, ``visited_late`` (visited after its due date) and the village's names.
    """
    sql, params = _alerts_sql(area, _day(as_of), categories, states, channels)
    if overdue_only:
        sql = f"SELECT * FROM ({sql}) WHERE overdue"
    limit, extra = page_clause(page, page_size)
    named_sql, named = _named(
        f"{sql} ORDER BY overdue DESC, days_overdue DESC, decision_due, alert_id {limit}",
        [*params, *extra],
        _day(as_of),
    )
    rows = con.execute(named_sql, named).df()
    count_sql, count_params = _named(f"SELECT count(*) FROM ({sql})", params, _day(as_of))
    total = con.execute(count_sql, count_params).fetchone()[0]
    return Page(rows, int(total), int(page), max(int(page_size), 1))


def category_counts(
    con: duckdb.DuckDBPyConnection,
    level: str,
    area: str | None = None,
    *,
    as_of: dt.date | None = None,
    states: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Monitored households per area of ``level`` inside ``area``: one row per area with an
    alert (``code``), the households in each category (:data:`analysis.monitoring.CATEGORIES`,
    a household counted once per category), ``households`` (monitored in any category), and
    ``alerts`` and ``overdue`` (alerts). Open alerts only unless ``states`` says otherwise; a
    self-report not matched to a household counts as one household.
    """
    column = _level_in(level, area)
    sql, params = _alerts_sql(area, _day(as_of), None, states, None)
    unit = "coalesce(hh_id, alert_id)"
    per_category = ",\n".join(
        f"count(DISTINCT {unit}) FILTER (WHERE category = '{c}') AS {c}" for c in CATEGORIES
    )
    named_sql, named = _named(
        f"""SELECT {column} AS code, {per_category},
              count(DISTINCT {unit}) AS households, count(*) AS alerts,
              count(*) FILTER (WHERE overdue) AS overdue
            FROM ({sql}) GROUP BY 1 ORDER BY 1""",
        params,
        _day(as_of),
    )
    return con.execute(named_sql, named).df()


def alert_detail(con: duckdb.DuckDBPyConnection, alert_id: str) -> pd.Series | None:
    """One alert with its current state and its description (never its contact); None if
    there is no such alert."""
    frame = con.execute(
        "SELECT * FROM alert_current WHERE alert_id = ?",
        [alert_id],
    ).df()
    return None if frame.empty else frame.iloc[0]


def alert_history(con: duckdb.DuckDBPyConnection, alert_id: str) -> pd.DataFrame:
    """Every event of one alert, oldest first."""
    return con.execute(
        """SELECT seq, changed_at, changed_by, from_state, to_state, note, hh_id, referral_id
           FROM alert_events WHERE alert_id = ? ORDER BY seq""",
        [alert_id],
    ).df()


def household_alerts(con: duckdb.DuckDBPyConnection, hh_id: str) -> pd.DataFrame:
    """The household's alerts (self-reports matched to it included) with their current state,
    oldest first."""
    return con.execute(
        """SELECT alert_id, round_be, category, shocks, channel, state, state_at, opened_at,
                  visit_due, decision_due, referral_id
           FROM alert_current WHERE hh_id = ? ORDER BY opened_at, alert_id""",
        [hh_id],
    ).df()


def household_alert_history(con: duckdb.DuckDBPyConnection, hh_id: str) -> pd.DataFrame:
    """Every event of every alert of the household (the profile's alert history), oldest
    first: the alert's ``alert_id``, ``category``, ``channel`` and each event's ``seq``,
    ``changed_at``, ``changed_by``, ``from_state``, ``to_state``, ``note``, ``referral_id``."""
    return con.execute(
        """SELECT e.alert_id, a.category, a.channel, e.seq, e.changed_at, e.changed_by,
                  e.from_state, e.to_state, e.note, e.referral_id
           FROM alert_events e JOIN alert_current a USING (alert_id)
           WHERE a.hh_id = ? ORDER BY e.changed_at, e.alert_id, e.seq""",
        [hh_id],
    ).df()


# --- exit samples --------------------------------------------------------------------------------


def samples(
    con: duckdb.DuckDBPyConnection, area: str | None = None, round_be: int | None = None
) -> pd.DataFrame:
    """The exit samples of ``area`` and the areas inside it (of ``round_be``), newest first,
    with households drawn and checked per group."""
    clauses, params = [], []
    if area:
        area_level(area)
        clauses.append("starts_with(s.area_code, ?)")
        params.append(area)
    if round_be is not None:
        clauses.append("s.round_be = ?")
        params.append(int(round_be))
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    return con.execute(
        f"""SELECT s.*,
              (SELECT count(*) FROM exit_sample_households h
                WHERE h.sample_id = s.sample_id AND h.sample_group = 'exited') AS exited_drawn,
              (SELECT count(*) FROM exit_sample_households h
                WHERE h.sample_id = s.sample_id AND h.sample_group = 'unregistered')
                AS unregistered_drawn,
              (SELECT count(*) FROM exit_check_current c WHERE c.sample_id = s.sample_id)
                AS checked
            FROM exit_samples s {where} ORDER BY s.drawn_at DESC, s.sample_id DESC""",
        params,
    ).df()


def sample_households(
    con: duckdb.DuckDBPyConnection,
    sample_id: str,
    *,
    group: str | None = None,
    page: int = 0,
    page_size: int = PAGE_SIZE,
) -> Page:
    """One page of a sample's households (of ``group``), by group, stratum and draw, with the
    latest check (``reached``, ``found_poor``, ``satisfied``, ``checked_at``, ``checked_by``;
    missing before the first)."""
    clauses, params = ["h.sample_id = ?"], [sample_id]
    if group is not None:
        clauses.append("h.sample_group = ?")
        params.append(group)
    sql = f"""
        SELECT h.hh_id, h.sample_group, h.stratum, h.draw_no, c.reached, c.found_poor,
               c.satisfied, c.checked_at, c.checked_by, c.note
        FROM exit_sample_households h
        LEFT JOIN exit_check_current c USING (sample_id, hh_id)
        WHERE {" AND ".join(clauses)}"""
    limit, extra = page_clause(page, page_size)
    rows = con.execute(
        f"{sql} ORDER BY h.sample_group, h.stratum, h.draw_no {limit}", [*params, *extra]
    ).df()
    total = con.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0]
    return Page(rows, int(total), int(page), max(int(page_size), 1))


_COUNTS_SQL = """
    SELECT h.sample_id,
      count(*) FILTER (WHERE h.sample_group = 'exited' AND c.reached AND c.found_poor) AS wrong_exit,
      count(*) FILTER (WHERE h.sample_group = 'exited' AND c.reached) AS exited_checked,
      count(*) FILTER (WHERE h.sample_group = 'unregistered' AND c.reached AND c.found_poor)
        AS missed_poor,
      count(*) FILTER (WHERE h.sample_group = 'unregistered' AND c.reached) AS unregistered_checked,
      count(*) FILTER (WHERE c.reached AND c.satisfied) AS satisfied,
      count(*) FILTER (WHERE c.reached AND c.satisfied IS NOT NULL) AS asked
    FROM exit_sample_households h JOIN exit_check_current c USING (sample_id, hh_id)
    {where} GROUP BY 1"""


def _counts(row: pd.Series | None) -> dict[str, tuple[int, int]]:
    def pair(a: str, b: str) -> tuple[int, int]:
        return (0, 0) if row is None else (int(row[a]), int(row[b]))

    return {
        "wrong_exit": pair("wrong_exit", "exited_checked"),
        "missed_poor": pair("missed_poor", "unregistered_checked"),
        "satisfaction": pair("satisfied", "asked"),
    }


def sample_rates(
    con: duckdb.DuckDBPyConnection,
    sample_id: str,
    thresholds: ExitThresholds = DEFAULT_EXIT,
) -> pd.DataFrame:
    """The three rates of one sample from its latest checks (households reached):
    :func:`analysis.exit_sampling.three_rates` (wrong exits of the exited checked, missed poor
    of the never-registered checked, satisfied of those who answered in both groups)."""
    frame = con.execute(_COUNTS_SQL.format(where="WHERE h.sample_id = ?"), [sample_id]).df()
    return three_rates(_counts(None if frame.empty else frame.iloc[0]), thresholds)


def area_verdicts(
    con: duckdb.DuckDBPyConnection,
    area: str | None = None,
    round_be: int | None = None,
    thresholds: ExitThresholds = DEFAULT_EXIT,
) -> pd.DataFrame:
    """Per sample of ``area`` (:func:`samples`): ``sample_id``, ``area_code``, ``round_be``,
    each rate's value and verdict (``wrong_exit``, ``wrong_exit_verdict``, ...) and the area's
    ``verdict`` (:func:`analysis.exit_sampling.overall`), newest first."""
    listed = samples(con, area, round_be)
    counts = con.execute(_COUNTS_SQL.format(where="")).df().set_index("sample_id")
    rows = []
    for s in listed.itertuples():
        found = counts.loc[s.sample_id] if s.sample_id in counts.index else None
        rates = three_rates(_counts(found), thresholds)
        row = {"sample_id": s.sample_id, "area_code": s.area_code, "round_be": s.round_be}
        for name, r in rates.iterrows():
            row[name] = r["value"]
            row[f"{name}_verdict"] = r["verdict"]
        row["verdict"] = overall(rates["verdict"])
        rows.append(row)
    columns = ["sample_id", "area_code", "round_be"]
    columns += [c for name in RATES for c in (name, f"{name}_verdict")]
    return pd.DataFrame(rows, columns=[*columns, "verdict"])


# --- grievances ----------------------------------------------------------------------------------


def _grievance_sql(
    area: str | None,
    types: Sequence[str] | None,
    states: Sequence[str] | None,
) -> tuple[str, list[object]]:
    clauses, params = conditions(None, area, "g")
    for column, values in (
        ("g.grievance_type", types),
        ("g.state", list(GRIEVANCE_OPEN) if states is None else states),
    ):
        more, args = _choices(column, values)
        clauses += more
        params += args
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    sql = f"""
        SELECT g.grievance_id, g.grievance_type, g.hh_id, g.round_be, g.province_code,
          g.district_code, g.subdistrict_code, g.village_code, g.filed_at, g.filed_by, g.due,
          g.state, g.state_at, g.state_by, g.state_level, g.outcome, g.action, g.import_id,
          g.has_contact, g.events,
          g.state IN {_in(GRIEVANCE_OPEN)} AND g.due < $day AS overdue,
          CASE WHEN g.state IN {_in(GRIEVANCE_OPEN)} AND g.due < $day
               THEN date_diff('day', g.due, $day) ELSE 0 END AS days_overdue,
          v.name_th AS village_name_th, v.name_en AS village_name_en
        FROM grievance_current g LEFT JOIN villages v USING (village_code) {where}"""
    return sql, params


def grievance_queue(
    con: duckdb.DuckDBPyConnection,
    area: str | None = None,
    *,
    as_of: dt.date | None = None,
    types: Sequence[str] | None = None,
    states: Sequence[str] | None = None,
    overdue_only: bool = False,
    page: int = 0,
    page_size: int = PAGE_SIZE,
) -> Page:
    """One page of the grievances of ``area``: open ones (``states`` default) of ``types``,
    overdue first, then by due date and ID; with ``overdue``, ``days_overdue`` and the
    village's names (never the description or the contact: :func:`grievance_detail`)."""
    sql, params = _grievance_sql(area, types, states)
    if overdue_only:
        sql = f"SELECT * FROM ({sql}) WHERE overdue"
    limit, extra = page_clause(page, page_size)
    day = _day(as_of)
    named_sql, named = _named(
        f"{sql} ORDER BY overdue DESC, days_overdue DESC, due, grievance_id {limit}",
        [*params, *extra],
        day,
    )
    rows = con.execute(named_sql, named).df()
    count_sql, count_params = _named(f"SELECT count(*) FROM ({sql})", params, day)
    total = con.execute(count_sql, count_params).fetchone()[0]
    return Page(rows, int(total), int(page), max(int(page_size), 1))


def grievance_counts(
    con: duckdb.DuckDBPyConnection,
    level: str,
    area: str | None = None,
    *,
    as_of: dt.date | None = None,
    states: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Grievances per area of ``level`` inside ``area``: one column per type
    (:data:`data.grievances.TYPES`), ``grievances`` and ``overdue``; open ones unless
    ``states`` says otherwise."""
    column = _level_in(level, area)
    sql, params = _grievance_sql(area, None, states)
    per_type = ",\n".join(
        f"count(*) FILTER (WHERE grievance_type = '{t}') AS {t}" for t in GRIEVANCE_TYPES
    )
    named_sql, named = _named(
        f"""SELECT {column} AS code, {per_type}, count(*) AS grievances,
              count(*) FILTER (WHERE overdue) AS overdue
            FROM ({sql}) GROUP BY 1 ORDER BY 1""",
        params,
        _day(as_of),
    )
    return con.execute(named_sql, named).df()


def grievance_detail(con: duckdb.DuckDBPyConnection, grievance_id: str) -> pd.Series | None:
    """One grievance with its current state and description (never its contact)."""
    frame = con.execute(
        "SELECT * FROM grievance_current WHERE grievance_id = ?", [grievance_id]
    ).df()
    return None if frame.empty else frame.iloc[0]


def grievance_history(con: duckdb.DuckDBPyConnection, grievance_id: str) -> pd.DataFrame:
    """Every step of one grievance, oldest first."""
    return con.execute(
        """SELECT seq, changed_at, changed_by, level, from_state, to_state, outcome, action,
                  import_id, note
           FROM grievance_events WHERE grievance_id = ? ORDER BY seq""",
        [grievance_id],
    ).df()
