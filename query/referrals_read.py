"""Referral reads through the door: one household's record, whether it is poor in a round, its
referrals, and the referral queue and its headline counts as the asking user may see them.
Outcomes across rounds are grouped in the database by :mod:`query.outcomes`.

Who sees which referrals: a user who refers households (``refer``) sees every referral of the
user's areas; an agency officer (``agency_referrals``) only those of the user's agencies in the
user's areas. Notes are free text: only users with ``sensitive`` there receive them.

Example:
    >>> from data import store
    >>> con = store.connect(":memory:")
    >>> household_record(con, "H0", 2564, access=Access.full()) is None
    True
    >>> officer = Access(user="dao", roles=("agency",), areas=("46",), agencies=("pmj",),
    ...                  min_cell=5)
    >>> scoped_filters(rf.Filters(area="4601"), officer)
    (Filters(area='4601', agencies=('pmj',), statuses=None, rounds=None, interventions=None),)
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from data import referrals as rf
from data.roles import can as role_can
from data.store import PoorRule
from query import scope
from query.access import Access

#: Every referral (the filters' default).
ALL = rf.Filters()
#: How the queue is ordered (as :func:`data.referrals.queue`): overdue first, most days over
#: first, then by target date (none last) and ID.
_QUEUE_ORDER = (
    ["overdue", "days_overdue", "target_date", "referral_id"],
    [False, False, True, True],
)


def household_record(
    con: duckdb.DuckDBPyConnection,
    hh_id: str,
    round_be: int | None,
    *,
    access: Access | None = None,
) -> pd.Series | None:
    """One household's stored answers in one round, without the secret columns and the ones
    ``access`` may not receive (None when there is none); named records only."""
    if not hh_id or round_be is None:
        return None
    inside, params, hidden = scope.household_located(con, hh_id, round_be, access=access)
    extra = "".join(f" AND {c}" for c in inside)
    frame = con.execute(
        f"SELECT {scope.columns_except(hidden)} FROM households "
        f"WHERE hh_id = ? AND round_be = ?{extra}",
        [hh_id, int(round_be), *params],
    ).df()
    return None if frame.empty else frame.iloc[0]


def is_poor(
    con: duckdb.DuckDBPyConnection,
    hh_id: str,
    round_be: int,
    rule: PoorRule,
    *,
    access: Access | None = None,
) -> bool:
    """Whether the household is poor by ``rule`` in that round (False when not surveyed);
    named records only."""
    inside, params, _ = scope.household_located(con, hh_id, round_be, access=access)
    extra = "".join(f" AND {c}" for c in inside)
    row = con.execute(
        f"SELECT {rule.sql()} FROM households WHERE hh_id = ? AND round_be = ?{extra}",
        [hh_id, int(round_be), *params],
    ).fetchone()
    return bool(row and row[0])


def household_referrals(
    con: duckdb.DuckDBPyConnection, hh_id: str, *, access: Access | None = None
) -> pd.DataFrame:
    """The household's referrals (every round) with their current status, oldest first: those
    of the user's areas (an agency officer's: of the user's agencies there)."""
    clauses, params = referral_conditions(scope.resolve(access))
    extra = "".join(f" AND {c}" for c in clauses)
    return con.execute(
        "SELECT referral_id, round_be, intervention, agency, status, target_date "
        f"FROM referral_current WHERE hh_id = ?{extra} ORDER BY referral_id",
        [hh_id, *params],
    ).df()


def referral_conditions(access: Access) -> tuple[list[str], list[object]]:
    """Referral rows (``referral_current``) the user may read, as conditions."""
    if role_can(access.roles, "refer"):
        return scope.area_conditions(access.areas)
    if not role_can(access.roles, "agency_referrals"):
        raise access.denial("refer")
    clauses, params = scope.area_conditions(access.areas)
    marks = ", ".join("?" * len(access.agencies))
    agencies = f"agency IN ({marks})" if access.agencies else "false"
    return [*clauses, agencies], [*params, *access.agencies]


def _narrower(chosen: str | None, allowed: str) -> str | bool | None:
    """The smaller of two nested areas (None: the country), or False when they do not nest."""
    chosen = chosen or ""
    if chosen.startswith(allowed):
        return chosen or None
    if allowed.startswith(chosen):
        return allowed or None
    return False


def scoped_filters(filters: rf.Filters, access: Access | None = None) -> tuple[rf.Filters, ...]:
    """``filters`` narrowed to what ``access`` may read, one per area of the user's that the
    chosen area overlaps: the chosen agencies, an agency officer's only among the user's
    agencies. Refused (:class:`query.access.AccessDenied`): a user who may neither refer nor
    work on an agency's queue, and a chosen area outside the user's areas."""
    who = scope.resolve(access)
    if role_can(who.roles, "refer"):
        agencies = filters.agencies
    elif role_can(who.roles, "agency_referrals"):
        mine = set(who.agencies)
        chosen = who.agencies if filters.agencies is None else filters.agencies
        agencies = tuple(a for a in chosen if a in mine)
    else:
        raise who.denial("refer", filters.area)
    chosen = filters.area or ""
    if chosen and not any(_narrower(chosen, a) is not False for a in who.areas):
        capability = "refer" if role_can(who.roles, "refer") else "agency_referrals"
        raise who.denial(capability, chosen)
    out = []
    for allowed in who.areas:
        area = _narrower(filters.area, allowed)
        if area is not False:
            out.append(
                rf.Filters(
                    area=area,
                    agencies=agencies,
                    statuses=filters.statuses,
                    rounds=filters.rounds,
                    interventions=filters.interventions,
                )
            )
    return tuple(out)


def referral_queue(
    con: duckdb.DuckDBPyConnection,
    filters: rf.Filters = ALL,
    *,
    access: Access | None = None,
    as_of: dt.date | None = None,
    overdue_only: bool = False,
    limit: int | None = None,
) -> pd.DataFrame:
    """:func:`data.referrals.queue` of what ``access`` may read (:func:`scoped_filters`), in
    the queue's order; notes only for users with ``sensitive`` in the area."""
    who = scope.resolve(access)
    parts = [
        rf.queue(con, f, as_of=as_of, overdue_only=overdue_only, limit=limit)
        for f in scoped_filters(filters, who)
    ]
    if not parts:
        parts = [rf.queue(con, rf.Filters(agencies=()), as_of=as_of)]
    frame = parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)
    if len(parts) > 1:
        by, ascending = _QUEUE_ORDER
        frame = frame.sort_values(by, ascending=ascending, na_position="last", kind="stable")
        frame = frame.head(limit) if limit else frame
        frame = frame.reset_index(drop=True)
    if not who.can("sensitive", filters.area or (who.areas[0] if who.areas else None)):
        frame = frame.drop(columns=["status_note"])
    return frame


def referral_summary(
    con: duckdb.DuckDBPyConnection,
    filters: rf.Filters = ALL,
    *,
    access: Access | None = None,
    as_of: dt.date | None = None,
) -> dict[str, int]:
    """:func:`data.referrals.summary` (total, open, overdue, closed, escalated) of what
    ``access`` may read."""
    out = {"total": 0, "open": 0, "overdue": 0, "closed": 0, "escalated": 0}
    for f in scoped_filters(filters, access):
        for key, n in rf.summary(con, f, as_of=as_of).items():
            out[key] += int(n)
    return out


def referral_funnel(
    con: duckdb.DuckDBPyConnection, filters: rf.Filters = ALL, *, access: Access | None = None
) -> pd.DataFrame:
    """:func:`data.referrals.funnel` (per status: ``current`` and ``reached``) of what
    ``access`` may read."""
    parts = [rf.funnel(con, f) for f in scoped_filters(filters, access)]
    if not parts:
        return rf.funnel(con, rf.Filters(agencies=()))
    return parts[0] if len(parts) == 1 else sum(parts[1:], parts[0])


def referral_by_agency(
    con: duckdb.DuckDBPyConnection,
    filters: rf.Filters = ALL,
    *,
    access: Access | None = None,
    as_of: dt.date | None = None,
) -> pd.DataFrame:
    """:func:`data.referrals.by_agency` (per agency: referrals per status, open, overdue,
    closed) of what ``access`` may read, most open first."""
    parts = [rf.by_agency(con, f, as_of=as_of) for f in scoped_filters(filters, access)]
    if not parts:
        return rf.by_agency(con, rf.Filters(agencies=()), as_of=as_of)
    if len(parts) == 1:
        return parts[0]
    summed = pd.concat(parts).groupby(level=0).sum()
    return summed.sort_values("open", ascending=False)


def referral_export(
    con: duckdb.DuckDBPyConnection,
    filters: rf.Filters = ALL,
    *,
    access: Access | None = None,
    lang: str = "th",
    as_of: dt.date | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """:func:`data.referrals.export_frame` (the agency's spreadsheet) of what ``access`` may
    read; the last note only for users with ``sensitive`` in the area."""
    who = scope.resolve(access)
    parts = [
        rf.export_frame(con, f, lang=lang, as_of=as_of, limit=limit)
        for f in scoped_filters(filters, who)
    ] or [rf.export_frame(con, rf.Filters(agencies=()), lang=lang, as_of=as_of)]
    frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    frame = frame.head(limit) if limit else frame
    if not who.can("sensitive", filters.area or (who.areas[0] if who.areas else None)):
        frame = frame.drop(columns=["last_note"])
    return frame


def referral_detail(
    con: duckdb.DuckDBPyConnection, referral_id: str, *, access: Access | None = None
) -> tuple[pd.Series, pd.DataFrame] | None:
    """One referral with its current status and its history (:func:`data.referrals.get_referral`,
    :func:`data.referrals.history`), None when there is none; refused
    (:class:`query.access.AccessDenied`) when it is outside what ``access`` may read. Notes
    only for users with ``sensitive`` in its area."""
    referral = rf.get_referral(con, referral_id)
    if referral is None:
        return None
    who = scope.resolve(access)
    agencies = who.referral_agencies(str(referral["village_code"]))
    if agencies is not None and referral["agency"] not in agencies:
        raise who.denial("agency_referrals", str(referral["village_code"]))
    events = rf.history(con, referral_id)
    if not who.can("sensitive", str(referral["village_code"])):
        referral = referral.drop(labels=["status_note"])
        events = events.drop(columns=["note"])
    return referral, events
