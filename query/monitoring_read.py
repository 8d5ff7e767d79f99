"""Reads of monitoring, exit verification and grievances through the door (issue 17): the alert
queue of an area a page at a time with overdue flags, monitored households by category per area
(a map metric), one household's alert history, exit samples with their three rates and
verdicts, and the grievance queue. Every number is counted in SQL, per area; lists come a page
at a time (:class:`query.area_rows.Page`, pages from 0). Contacts never leave the store here
(the ``*_current`` views leave them out; ``has_contact`` says whether there is one).

Overdue: an alert still ``alerted`` a working day after its visit due date, or not yet
reviewed a working day after its decision due date; a grievance not decided (nor withdrawn) a
working day after its due date. ``days_overdue`` counts working days past the earliest missed
due date, as the due dates themselves are counted (:mod:`analysis.working_days`: weekends and
the ``holidays`` passed skipped), so an alert due on a Friday is one day late on Monday.

Who asks: the household-level reads (queues, an alert's or a grievance's record and history,
a household's alerts, a sample's households, a village's public notice) take ``access``
(:class:`query.access.Access`; None: :meth:`~query.access.Access.full` until the sign-in
passes one) as :mod:`query.scope` checks it, and leave out the columns it must not receive:
the household ID, who recorded a step, the shocks (health and disability) and free text, each
standing for the household column :mod:`query.access` names (:data:`STANDS_FOR`). The area
counts (:func:`category_counts`, :func:`grievance_counts`, :func:`alert_totals`) with an access
that needs it hide the same small areas as every area number (:func:`query.areas.hidden_for`).

Example:
    >>> from data import store
    >>> con = store.connect(":memory:")
    >>> everyone = Access.full()
    >>> alert_queue(con, "46", access=everyone).total, category_counts(con, "district", "46").empty
    (0, True)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence

import duckdb
import pandas as pd

from analysis.exit_sampling import RATES, ExitThresholds, overall, three_rates
from data.grievances import OPEN as GRIEVANCE_OPEN
from data.grievances import TYPES as GRIEVANCE_TYPES
from data.monitoring import BEFORE_DECISION, BEFORE_VISIT
from data.monitoring import OPEN as ALERT_OPEN
from data.store import PoorRule
from geo.codes import LEVELS
from query import areas as area_numbers
from query import monitored, scope
from query.access import Access
from query.area_rows import PAGE_SIZE, Page, page_clause
from query.scope import area_level, conditions, level_column

DEFAULT_EXIT = ExitThresholds()

#: Columns of these reads -> the household or referral column of :mod:`query.access` they
#: stand for: left out when the access hides that one.
STANDS_FOR: dict[str, str] = {
    "hh_id": "hh_id",
    "referral_id": "referral_id",
    "opened_by": "created_by",
    "filed_by": "created_by",
    "state_by": "changed_by",
    "changed_by": "changed_by",
    "checked_by": "changed_by",
    "shocks": "hc_chronic_ill",
    "description": "note",
    "state_note": "note",
    "note": "note",
}

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


def _hidden(hidden: Collection[str]) -> set[str]:
    """The columns of these reads that ``hidden`` (household columns) leaves out."""
    return {c for c, stands in STANDS_FOR.items() if stands in hidden}


def _visible(frame: pd.DataFrame, hidden: Collection[str]) -> pd.DataFrame:
    return scope.visible(frame, _hidden(hidden))


def _visible_row(row: pd.Series, hidden: Collection[str]) -> pd.Series:
    return row.drop([c for c in _hidden(hidden) if c in row.index])


def _record_access(access: Access | None, village_code: str) -> frozenset[str]:
    """Check that ``access`` may read the household rows of a record's village; the columns it
    must not receive."""
    who = scope.resolve(access)
    who.check_households(village_code)
    return who.hidden_columns(village_code)


def working_days_sql(start: str, end: str) -> str:
    """SQL counting the working days after the date ``start`` up to and including ``end`` (0
    when ``end`` is not later), weekends and the dates of the ``$holidays`` parameter skipped:
    :func:`analysis.working_days.working_days_between` in the database.

    >>> con = duckdb.connect()
    >>> con.execute(f"SELECT {working_days_sql('$a', '$b')}", {"a": dt.date(2025, 1, 3),
    ...     "b": dt.date(2025, 1, 13), "holidays": [dt.date(2025, 1, 6)]}).fetchone()[0]
    5
    """
    return (
        f"CASE WHEN ({end})::DATE <= ({start})::DATE THEN 0 ELSE len(list_filter("
        f"generate_series(({start})::DATE + 1, ({end})::DATE, INTERVAL 1 DAY), "
        "lambda d: isodow(d) <= 5 AND NOT list_contains($holidays::DATE[], d::DATE))) END"
    )


def _level_in(level: str, area: str | None) -> str:
    column = level_column(level)
    if area and LEVELS.index(level) < LEVELS.index(area_level(area)):
        raise ValueError(f"{level} is above the area {area}")
    return column


# --- alerts --------------------------------------------------------------------------------------


def _alerts_sql(
    clauses: list[str],
    params: list[object],
    categories: Sequence[str] | None,
    states: Sequence[str] | None,
    channels: Sequence[str] | None,
) -> tuple[str, list[object]]:
    """The alerts under ``clauses`` (on ``alert_current a``) with their lateness on ``$day``."""
    clauses, params = list(clauses), list(params)
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
        SELECT *, visit_late > 0 AS visit_overdue, decision_late > 0 AS decision_overdue,
          visit_late > 0 OR decision_late > 0 AS overdue,
          greatest(visit_late, decision_late) AS days_overdue
        FROM (
          SELECT {columns},
            CASE WHEN a.state IN {_in(BEFORE_VISIT)}
                 THEN {working_days_sql("a.visit_due", "$day")} ELSE 0 END AS visit_late,
            CASE WHEN a.state IN {_in(BEFORE_DECISION)}
                 THEN {working_days_sql("a.decision_due", "$day")} ELSE 0 END AS decision_late,
            coalesce({working_days_sql("a.visit_due", "a.visited_at")} > 0, false)
              AS visited_late,
            v.name_th AS village_name_th, v.name_en AS village_name_en
          FROM alert_current a LEFT JOIN villages v USING (village_code) {where}
        )"""
    return sql, params


def _named(
    sql: str, params: list[object], day: dt.date, holidays: Iterable[dt.date] = ()
) -> tuple[str, dict[str, object]]:
    """``sql`` with its ``?`` numbered ``$p1 ...`` beside ``$day`` and ``$holidays`` (DuckDB
    takes one style)."""
    named: dict[str, object] = {"day": day}
    if "$holidays" in sql:
        named["holidays"] = sorted(set(holidays))
    parts = sql.split("?")
    out = parts[0]
    for i, part in enumerate(parts[1:], start=1):
        out += f"$p{i}" + part
        named[f"p{i}"] = params[i - 1]
    return out, named


_LATENESS = ("visit_late", "decision_late")


def alert_queue(
    con: duckdb.DuckDBPyConnection,
    area: str | None = None,
    *,
    as_of: dt.date | None = None,
    holidays: Collection[dt.date] = (),
    categories: Sequence[str] | None = None,
    states: Sequence[str] | None = None,
    channels: Sequence[str] | None = None,
    overdue_only: bool = False,
    page: int = 0,
    page_size: int = PAGE_SIZE,
    access: Access | None = None,
) -> Page:
    """One page of the alerts of ``area`` (every area when None): open ones (``states``
    default) of the given categories and channels, overdue first (most working days first),
    then by decision due date and ID. ``holidays``: skipped by the clock besides weekends.

    Columns: :data:`QUEUE_COLUMNS` (those ``access`` may receive), ``visit_overdue``,
    ``decision_overdue``, ``overdue``, ``days_overdue``, ``visited_late`` (visited after its
    due date) and the village's names.
    """
    clauses, params, hidden = scope.household_conditions(None, area, "a", access=access)
    day = _day(as_of)
    sql, params = _alerts_sql(clauses, params, categories, states, channels)
    if overdue_only:
        sql = f"SELECT * FROM ({sql}) WHERE overdue"
    limit, extra = page_clause(page, page_size)
    named_sql, named = _named(
        f"{sql} ORDER BY overdue DESC, days_overdue DESC, decision_due, alert_id {limit}",
        [*params, *extra],
        day,
        holidays,
    )
    rows = con.execute(named_sql, named).df().drop(columns=list(_LATENESS))
    count_sql, count_params = _named(f"SELECT count(*) FROM ({sql})", params, day, holidays)
    total = con.execute(count_sql, count_params).fetchone()[0]
    return Page(_visible(rows, hidden), int(total), int(page), max(int(page_size), 1))


def _suppressed(
    con: duckdb.DuckDBPyConnection,
    frame: pd.DataFrame,
    access: Access | None,
    round_be: int | None,
    **where: object,
) -> pd.DataFrame:
    """``frame`` as :func:`query.areas.suppress` hides it for ``access`` (unchanged, and no
    ``suppressed`` column, without one)."""
    if access is None:
        return frame
    hidden = area_numbers.hidden_for(con, access, round_be)
    return area_numbers.suppress(frame, hidden, **where)


def category_counts(
    con: duckdb.DuckDBPyConnection,
    level: str,
    area: str | None = None,
    *,
    as_of: dt.date | None = None,
    holidays: Collection[dt.date] = (),
    states: Sequence[str] | None = None,
    round_be: int | None = None,
    access: Access | None = None,
) -> pd.DataFrame:
    """Monitored households per area of ``level`` inside ``area``: one row per area with an
    alert (``code``), the households in each category (:data:`analysis.monitoring.CATEGORIES`,
    a household counted once per category), ``households`` (monitored in any category), and
    ``alerts`` and ``overdue`` (alerts). Open alerts only unless ``states`` says otherwise; a
    self-report not matched to a household counts as one household.

    With ``access``: a ``suppressed`` column, and the numbers of the areas
    :func:`query.areas.hidden_for` hides in ``round_be`` (every round when None) NA.
    """
    column = _level_in(level, area)
    clauses, params = conditions(None, area, "a")
    sql, params = _alerts_sql(clauses, params, None, states, None)
    named_sql, named = _named(
        f"""SELECT {column} AS code, {monitored.counts_sql()}, count(*) AS alerts,
              count(*) FILTER (WHERE overdue) AS overdue
            FROM ({sql}) GROUP BY 1 ORDER BY 1""",
        params,
        _day(as_of),
        holidays,
    )
    frame = con.execute(named_sql, named).df()
    return _suppressed(con, frame, access, round_be)


def alert_totals(
    con: duckdb.DuckDBPyConnection,
    area: str | None = None,
    *,
    as_of: dt.date | None = None,
    holidays: Collection[dt.date] = (),
    round_be: int | None = None,
    access: Access | None = None,
) -> pd.Series:
    """The open alerts of ``area`` (the whole country when None) in one row: the households
    in each category, ``households``, ``alerts``, ``overdue``, and the alerts in each open
    state (``state_<state>``); with ``access``, hidden as the area is
    (:func:`category_counts`), never for the whole country."""
    clauses, params = conditions(None, area, "a")
    sql, params = _alerts_sql(clauses, params, None, None, None)
    per_state = ", ".join(f"count(*) FILTER (WHERE state = '{s}') AS state_{s}" for s in ALERT_OPEN)
    named_sql, named = _named(
        f"""SELECT {monitored.counts_sql()}, count(*) AS alerts,
              count(*) FILTER (WHERE overdue) AS overdue, {per_state} FROM ({sql})""",
        params,
        _day(as_of),
        holidays,
    )
    frame = con.execute(named_sql, named).df()
    return _suppressed(con, frame, access, round_be, code=area or "").iloc[0]


def alert_detail(
    con: duckdb.DuckDBPyConnection, alert_id: str, *, access: Access | None = None
) -> pd.Series | None:
    """One alert with its current state and its description (never its contact); None if
    there is no such alert. Refused (:class:`query.access.AccessDenied`) when ``access`` may
    not read the household rows of its village."""
    frame = con.execute(
        "SELECT * FROM alert_current WHERE alert_id = ?",
        [alert_id],
    ).df()
    if frame.empty:
        return None
    row = frame.iloc[0]
    return _visible_row(row, _record_access(access, str(row["village_code"])))


def alert_history(
    con: duckdb.DuckDBPyConnection, alert_id: str, *, access: Access | None = None
) -> pd.DataFrame:
    """Every event of one alert, oldest first (refused as :func:`alert_detail` is)."""
    place = con.execute("SELECT village_code FROM alerts WHERE alert_id = ?", [alert_id]).fetchone()
    hidden = _record_access(access, place[0]) if place else frozenset()
    frame = con.execute(
        """SELECT seq, changed_at, changed_by, from_state, to_state, note, hh_id, referral_id
           FROM alert_events WHERE alert_id = ? ORDER BY seq""",
        [alert_id],
    ).df()
    return _visible(frame, hidden)


def household_alerts(
    con: duckdb.DuckDBPyConnection, hh_id: str, *, access: Access | None = None
) -> pd.DataFrame:
    """The household's alerts (self-reports matched to it included) with their current state,
    oldest first; refused for a household stored only outside the user's areas."""
    inside, params, hidden = scope.household_located(con, hh_id, access=access, alias="a")
    where = " AND ".join(["a.hh_id = ?", *inside])
    frame = con.execute(
        f"""SELECT alert_id, round_be, category, shocks, channel, state, state_at, opened_at,
                  visit_due, decision_due, referral_id
           FROM alert_current a WHERE {where} ORDER BY opened_at, alert_id""",
        [hh_id, *params],
    ).df()
    return _visible(frame, hidden)


def household_alert_history(
    con: duckdb.DuckDBPyConnection, hh_id: str, *, access: Access | None = None
) -> pd.DataFrame:
    """Every event of every alert of the household (the profile's alert history), oldest
    first: the alert's ``alert_id``, ``category``, ``channel`` and each event's ``seq``,
    ``changed_at``, ``changed_by``, ``from_state``, ``to_state``, ``note``, ``referral_id``
    (those ``access`` may receive; refused as :func:`household_alerts` is)."""
    inside, params, hidden = scope.household_located(con, hh_id, access=access, alias="a")
    where = " AND ".join(["a.hh_id = ?", *inside])
    frame = con.execute(
        f"""SELECT e.alert_id, a.category, a.channel, e.seq, e.changed_at, e.changed_by,
                  e.from_state, e.to_state, e.note, e.referral_id
           FROM alert_events e JOIN alert_current a USING (alert_id)
           WHERE {where} ORDER BY e.changed_at, e.alert_id, e.seq""",
        [hh_id, *params],
    ).df()
    return _visible(frame, hidden)


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
    access: Access | None = None,
) -> Page:
    """One page of a sample's households (of ``group``), by group, stratum and draw, with the
    latest check (``reached``, ``found_poor``, ``satisfied``, ``checked_at``, ``checked_by``;
    missing before the first). Refused when ``access`` may not read household rows of the
    sample's area; the columns it must not receive are left out."""
    area = con.execute(
        "SELECT area_code FROM exit_samples WHERE sample_id = ?", [sample_id]
    ).fetchone()
    hidden = _record_access(access, area[0]) if area else frozenset()
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
    return Page(_visible(rows, hidden), int(total), int(page), max(int(page_size), 1))


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
    clauses: list[str],
    params: list[object],
    types: Sequence[str] | None,
    states: Sequence[str] | None,
) -> tuple[str, list[object]]:
    clauses, params = list(clauses), list(params)
    for column, values in (
        ("g.grievance_type", types),
        ("g.state", list(GRIEVANCE_OPEN) if states is None else states),
    ):
        more, args = _choices(column, values)
        clauses += more
        params += args
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    late = (
        f"CASE WHEN g.state IN {_in(GRIEVANCE_OPEN)} "
        f"THEN {working_days_sql('g.due', '$day')} ELSE 0 END"
    )
    sql = f"""
        SELECT g.grievance_id, g.grievance_type, g.hh_id, g.round_be, g.province_code,
          g.district_code, g.subdistrict_code, g.village_code, g.filed_at, g.filed_by, g.due,
          g.state, g.state_at, g.state_by, g.state_level, g.outcome, g.action, g.import_id,
          g.has_contact, g.events, ({late}) > 0 AS overdue, {late} AS days_overdue,
          v.name_th AS village_name_th, v.name_en AS village_name_en
        FROM grievance_current g LEFT JOIN villages v USING (village_code) {where}"""
    return sql, params


def grievance_queue(
    con: duckdb.DuckDBPyConnection,
    area: str | None = None,
    *,
    as_of: dt.date | None = None,
    holidays: Collection[dt.date] = (),
    types: Sequence[str] | None = None,
    states: Sequence[str] | None = None,
    overdue_only: bool = False,
    page: int = 0,
    page_size: int = PAGE_SIZE,
    access: Access | None = None,
) -> Page:
    """One page of the grievances of ``area``: open ones (``states`` default) of ``types``,
    overdue first (most working days first), then by due date and ID; with ``overdue``,
    ``days_overdue`` and the village's names (never the description or the contact:
    :func:`grievance_detail`), the columns ``access`` may receive."""
    clauses, params, hidden = scope.household_conditions(None, area, "g", access=access)
    sql, params = _grievance_sql(clauses, params, types, states)
    if overdue_only:
        sql = f"SELECT * FROM ({sql}) WHERE overdue"
    limit, extra = page_clause(page, page_size)
    day = _day(as_of)
    named_sql, named = _named(
        f"{sql} ORDER BY overdue DESC, days_overdue DESC, due, grievance_id {limit}",
        [*params, *extra],
        day,
        holidays,
    )
    rows = con.execute(named_sql, named).df()
    count_sql, count_params = _named(f"SELECT count(*) FROM ({sql})", params, day, holidays)
    total = con.execute(count_sql, count_params).fetchone()[0]
    return Page(_visible(rows, hidden), int(total), int(page), max(int(page_size), 1))


def grievance_counts(
    con: duckdb.DuckDBPyConnection,
    level: str,
    area: str | None = None,
    *,
    as_of: dt.date | None = None,
    holidays: Collection[dt.date] = (),
    states: Sequence[str] | None = None,
    round_be: int | None = None,
    access: Access | None = None,
) -> pd.DataFrame:
    """Grievances per area of ``level`` inside ``area``: one column per type
    (:data:`data.grievances.TYPES`), ``grievances`` and ``overdue``; open ones unless
    ``states`` says otherwise. With ``access``, suppressed as :func:`category_counts` is."""
    column = _level_in(level, area)
    clauses, params = conditions(None, area, "g")
    sql, params = _grievance_sql(clauses, params, None, states)
    per_type = ",\n".join(
        f"count(*) FILTER (WHERE grievance_type = '{t}') AS {t}" for t in GRIEVANCE_TYPES
    )
    named_sql, named = _named(
        f"""SELECT {column} AS code, {per_type}, count(*) AS grievances,
              count(*) FILTER (WHERE overdue) AS overdue
            FROM ({sql}) GROUP BY 1 ORDER BY 1""",
        params,
        _day(as_of),
        holidays,
    )
    frame = con.execute(named_sql, named).df()
    return _suppressed(con, frame, access, round_be)


def grievance_detail(
    con: duckdb.DuckDBPyConnection, grievance_id: str, *, access: Access | None = None
) -> pd.Series | None:
    """One grievance with its current state and description (never its contact); refused when
    ``access`` may not read household rows of its village."""
    frame = con.execute(
        "SELECT * FROM grievance_current WHERE grievance_id = ?", [grievance_id]
    ).df()
    if frame.empty:
        return None
    row = frame.iloc[0]
    return _visible_row(row, _record_access(access, str(row["village_code"])))


def grievance_history(
    con: duckdb.DuckDBPyConnection, grievance_id: str, *, access: Access | None = None
) -> pd.DataFrame:
    """Every step of one grievance, oldest first (refused as :func:`grievance_detail` is)."""
    place = con.execute(
        "SELECT village_code FROM grievances WHERE grievance_id = ?", [grievance_id]
    ).fetchone()
    hidden = _record_access(access, place[0]) if place else frozenset()
    frame = con.execute(
        """SELECT seq, changed_at, changed_by, level, from_state, to_state, outcome, action,
                  import_id, note
           FROM grievance_events WHERE grievance_id = ? ORDER BY seq""",
        [grievance_id],
    ).df()
    return _visible(frame, hidden)


# --- the public notice -------------------------------------------------------------------------

#: The columns of a village's public notice: nothing else leaves for it (no national ID, no
#: phone, no health or disability, no income).
NOTICE_COLUMNS: tuple[str, ...] = ("hh_id", "village_no", "members", "proposed")


def village_notice(
    con: duckdb.DuckDBPyConnection,
    village_code: str,
    round_be: int,
    *,
    rule: PoorRule,
    access: Access | None = None,
) -> pd.DataFrame:
    """The households of a village a public notice lists for ``round_be``: those proposed as
    poor (poor by ``rule``) and those proposed as exited (poor in the previous stored round,
    not poor now), ``proposed`` ``poor`` or ``exited``, by ``proposed`` and ID. Only
    :data:`NOTICE_COLUMNS`; needs named records in the village (``access``)."""
    clauses, params, _ = scope.household_conditions(
        round_be, village_code, "n", access=access, named=True
    )
    previous = con.execute(
        "SELECT max(round_be) FROM households WHERE round_be < ?", [int(round_be)]
    ).fetchone()[0]
    where = " AND ".join(clauses)
    poor = rule.sql()
    return con.execute(
        f"""
        WITH before AS (
          SELECT hh_id, {poor} AS poor FROM households WHERE round_be = ? AND village_code = ?
        )
        SELECT n.hh_id, n.village_no, n.members,
          CASE WHEN {poor} THEN 'poor' ELSE 'exited' END AS proposed
        FROM households n LEFT JOIN before b USING (hh_id)
        WHERE {where} AND ({poor} OR coalesce(b.poor, false))
        ORDER BY proposed DESC, n.hh_id""",
        [previous if previous is not None else -1, village_code, *params],
    ).df()[list(NOTICE_COLUMNS)]
