"""Which rows a query reads: one round and the areas inside one code (any level), and whether the
asking user may read them.

The one place that turns a (round, area) selection into SQL; every query of this package calls
it, so a scope and a user's permitted areas apply once. Household-level reads (rows of
households, referrals and the review queue) go through :func:`household_conditions` (an area's
rows) or :func:`household_located` (one household's rows): both check the caller's
:class:`query.access.Access` and give the columns it must not receive. :data:`ACCESS_READS`
lists every door function that takes ``access``.

Every caller says who asks: the pages pass the signed-in user's access, the command line
:meth:`Access.full`. A household-level read without one (``access=None``) is refused
(:func:`resolve`), so a read that forgot it fails instead of answering as the operator.

Example:
    >>> where(2564, "4601")
    ('WHERE round_be = ? AND district_code = ?', [2564, '4601'])
    >>> level_column("subdistrict", "h")
    'h.subdistrict_code'
    >>> officer = Access(user="somchai", roles=("provincial",), areas=("46", "4701"))
    >>> household_conditions(2564, "4601", access=officer)[:2]
    (['round_be = ?', 'district_code = ?'], [2564, '4601'])
    >>> area_conditions(officer.areas, "h")
    (['(h.province_code IN (?) OR h.district_code IN (?))'], ['46', '4701'])
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb
import pandas as pd

from data.messages import msg
from data.roles import AREA_SCOPED
from geo.codes import LEVELS, CodeError, level_of
from query.access import NAMED, Access, AccessDenied

#: Every door function that takes ``access`` (module.function) and what it enforces:
#: ``household rows`` refuse areas outside the user's scope and leave out hidden columns;
#: ``referrals`` also keep an agency officer to the agency's referrals; ``area numbers``
#: suppress small areas (complementary) for roles that need it.
ACCESS_READS: dict[str, str] = {
    "query.households.household_frame": "household rows",
    "query.households.household_rounds": "household rows",
    "query.households.village_households": "household rows",
    "query.households.household_points": "household rows",
    "query.household_profile.household_history": "household rows",
    "query.referrals_read.household_record": "household rows",
    "query.referrals_read.is_poor": "household rows",
    "query.data_read.household_point": "household rows",
    "query.area_rows.household_rows": "household rows",
    "query.review_read.flag_counts": "household rows",
    "query.review_read.status_counts": "household rows",
    "query.review_read.queue": "household rows",
    "query.review_read.queue_row": "household rows",
    "query.review_read.duplicates": "household rows",
    "query.referrals_read.household_referrals": "referrals",
    "query.referrals_read.referral_queue": "referrals",
    "query.referrals_read.referral_summary": "referrals",
    "query.referrals_read.referral_funnel": "referrals",
    "query.referrals_read.referral_by_agency": "referrals",
    "query.referrals_read.referral_export": "referrals",
    "query.referrals_read.referral_detail": "referrals",
    "query.village.referral_counts": "referrals",
    "query.areas.area_measures": "area numbers",
    "query.areas.area_stats": "area numbers",
    "query.areas.totals": "area numbers",
    "query.areas.village_measures": "area numbers",
    "query.area_rows.village_rows": "area numbers",
    "query.area_rows.province_household_counts": "area numbers",
    "query.village.villages_by_poor": "area numbers",
    "query.village.village_poverty": "area numbers",
    "query.data_read.registry_match": "area numbers",
    "query.monitoring_read.alert_queue": "household rows",
    "query.monitoring_read.alert_detail": "household rows",
    "query.monitoring_read.alert_history": "household rows",
    "query.monitoring_read.household_alerts": "household rows",
    "query.monitoring_read.household_alert_history": "household rows",
    "query.monitoring_read.sample_households": "household rows",
    "query.monitoring_read.grievance_queue": "household rows",
    "query.monitoring_read.grievance_detail": "household rows",
    "query.monitoring_read.grievance_history": "household rows",
    "query.monitoring_read.village_notice": "household rows",
    "query.monitoring_read.category_counts": "area numbers",
    "query.monitoring_read.alert_totals": "area numbers",
    "query.monitoring_read.grievance_counts": "area numbers",
}


def level_column(level: str, alias: str = "") -> str:
    """The household column holding the code of ``level`` (province ... village)."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    return f"{alias + '.' if alias else ''}{level}_code"


def area_level(area: str) -> str:
    """The level of an area code; a ValueError naming the widths for anything else."""
    try:
        return level_of(area)
    except CodeError:
        raise ValueError(f"area code {area!r} must be 2, 4, 6 or 8 digits") from None


def conditions(
    round_be: int | None = None, area: str | None = None, alias: str = ""
) -> tuple[list[str], list[object]]:
    """The conditions (to AND together) and their parameters for a round and an area."""
    clauses: list[str] = []
    params: list[object] = []
    p = f"{alias}." if alias else ""
    if round_be is not None:
        clauses.append(f"{p}round_be = ?")
        params.append(int(round_be))
    if area:
        clauses.append(f"{level_column(area_level(area), alias)} = ?")
        params.append(area)
    return clauses, params


def where(
    round_be: int | None = None, area: str | None = None, alias: str = ""
) -> tuple[str, list[object]]:
    """A WHERE clause ('' when nothing is selected) and its parameters."""
    clauses, params = conditions(round_be, area, alias)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


# --- who asks ----------------------------------------------------------------------------------


def resolve(access: Access | None) -> Access:
    """The access a read is answered for. ``None`` (the caller did not say who asks) is a
    TypeError: a page passes the signed-in user's, the command line :meth:`Access.full`."""
    if access is None:
        raise TypeError(
            "household-level reads need access= (query.access.Access): the signed-in user's,"
            " or Access.full() at the command line"
        )
    return access


def area_conditions(codes: Iterable[str], alias: str = "") -> tuple[list[str], list[object]]:
    """Rows inside any of ``codes`` as one condition (none when a code is the whole country)."""
    by_level: dict[str, list[str]] = {}
    for code in codes:
        if not code:
            return [], []
        by_level.setdefault(area_level(code), []).append(code)
    if not by_level:
        return ["false"], []
    parts, params = [], []
    for level in LEVELS:
        if level in by_level:
            marks = ", ".join("?" * len(by_level[level]))
            parts.append(f"{level_column(level, alias)} IN ({marks})")
            params.extend(by_level[level])
    return ["(" + " OR ".join(parts) + ")"], params


def household_conditions(
    round_be: int | None = None,
    area: str | None = None,
    alias: str = "",
    *,
    access: Access | None,
    named: bool = False,
    capability: str | None = None,
) -> tuple[list[str], list[object], frozenset[str]]:
    """:func:`conditions` for household rows of a round and area, after checking that
    ``access`` may read them (an :class:`query.access.AccessDenied` otherwise), and the
    columns it must not receive. ``named``: only named records will do (IDs, GPS points);
    ``capability``: the rows need this capability in the area instead (``verify`` for the
    review queue)."""
    who = resolve(access)
    if capability is None:
        who.check_households(area, named=named)
    else:
        who.check(capability, area)
    clauses, params = conditions(round_be, area, alias)
    return clauses, params, who.hidden_columns(area)


def household_where(
    round_be: int | None = None,
    area: str | None = None,
    alias: str = "",
    *,
    access: Access | None,
    named: bool = False,
) -> tuple[str, list[object], frozenset[str]]:
    """:func:`household_conditions` as a WHERE clause ('' when nothing is selected)."""
    clauses, params, hidden = household_conditions(
        round_be, area, alias, access=access, named=named
    )
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params, hidden


def household_located(
    con: duckdb.DuckDBPyConnection,
    hh_id: str,
    round_be: int | None = None,
    alias: str = "",
    *,
    access: Access | None,
    capability: str = NAMED,
) -> tuple[list[str], list[object], frozenset[str]]:
    """For a read of one household by ID: conditions keeping its rows (of ``households`` under
    ``alias``) inside the user's areas, and the columns it must not receive. An
    :class:`query.access.AccessDenied` when the user lacks ``capability`` (named records by
    default) or the household is stored only outside the user's areas; a household that is not
    stored passes (the read finds nothing)."""
    who = resolve(access)
    if capability not in who.capabilities:
        raise who.denial(capability)
    hidden = who.hidden_columns(who.areas[0] if who.areas else None)
    if capability not in AREA_SCOPED:
        return [], [], hidden
    inside, params = area_conditions(who.areas, alias)
    if not inside:
        return [], [], hidden
    test, args = area_conditions(who.areas)
    rounds = "" if round_be is None else " AND round_be = ?"
    found, allowed = con.execute(
        f"SELECT count(*), coalesce(bool_or({test[0]}), false) FROM households"
        f" WHERE hh_id = ?{rounds}",
        [*args, hh_id, *([] if round_be is None else [int(round_be)])],
    ).fetchone()
    if found and not allowed:
        raise AccessDenied(msg("scope.denied.household", hh_id=hh_id, areas=who.area_list()))
    return inside, params, hidden


def columns_except(hidden: Iterable[str]) -> str:
    """Every column of the row source but ``hidden`` (column names: written into the SQL, so
    only identifiers pass), as a SELECT item."""
    names = sorted(set(hidden))
    for name in names:
        if not name.isidentifier():
            raise ValueError(f"{name!r} is not a column name")
    if not names:
        return "*"
    return "COLUMNS(lambda c: c NOT IN (" + ", ".join(f"'{n}'" for n in names) + "))"


def visible(frame: pd.DataFrame, hidden: Iterable[str]) -> pd.DataFrame:
    """``frame`` without the ``hidden`` columns it has."""
    hidden = set(hidden)
    drop = [c for c in frame.columns if c in hidden]
    return frame.drop(columns=drop) if drop else frame
