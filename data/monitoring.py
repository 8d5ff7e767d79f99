"""Monitoring alerts (การเฝ้าระวังการกลับไปยากจน): a household at risk of falling (back) into
poverty, raised by one channel, followed state by state until its risk is cleared
(docs/methods.md, "Monitoring and early warning").

An alert is created once (``alerts``: the household or, for a self-report not yet matched,
the village; the category of :mod:`analysis.monitoring`; the channel; the due dates of the
home visit and of the decision, in working days) and every change of state is appended to
``alert_events``; nothing is updated or deleted, so the record is kept after clearing. The
states, listed once in :data:`TRANSITIONS`::

    alerted → visited → cross_checked → reviewed → monitored ⇄ help_referred
                                           └──────────┴────────────┴→ risk_cleared

**Risk cleared** only through :func:`clear_risk`, which applies the rule of
:func:`analysis.monitoring.risk_cleared` to the household's stored rounds (above the monitoring
range for the set number of rounds in a row) and refuses while another alert of sudden hardship
of the household is open. A report from the public page (:func:`self_report`) is a
``self_report`` alert of the village, limited per browser session and network address by a
window count in the same transaction. Every write is one transaction (``store.transaction``, kind
``monitoring``); refusals are :class:`MonitoringError` with a message in Thai and English.

Example:
    >>> allowed_next("reviewed")
    ('monitored', 'help_referred', 'risk_cleared')
    >>> check_transition("alerted", "reviewed")
    Traceback (most recent call last):
    ...
    data.monitoring.AlertTransitionError: cannot go from 'Alerted' to 'Reviewed': the next state can be 'Visited'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from analysis.monitoring import CATEGORIES, SHOCKS, MonitoringThresholds, classify, risk_cleared
from analysis.working_days import add_working_days
from data.casework import (
    MAX_TEXT,
    CaseError,
    CaseTransitionError,
    as_time,
    choice,
    clean_by,
    clean_contact,
    household_place,
    next_numbers,
    state_label,
    village_place,
)
from data.referrals import scrub_note
from data.schema import BMN_CODES
from data.store import LEVEL_COLUMN, PoorRule, transaction
from geo.codes import level_of

CHANNELS: tuple[str, ...] = ("survey_round", "field_visit", "agency_file", "self_report")
STATES: tuple[str, ...] = (
    "alerted",
    "visited",
    "cross_checked",
    "reviewed",
    "monitored",
    "help_referred",
    "risk_cleared",
)
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "alerted": ("visited",),
    "visited": ("cross_checked",),
    "cross_checked": ("reviewed",),
    "reviewed": ("monitored", "help_referred", "risk_cleared"),
    "monitored": ("help_referred", "risk_cleared"),
    "help_referred": ("monitored", "risk_cleared"),
    "risk_cleared": (),
}
CLEARED = "risk_cleared"
DEFAULT_THRESHOLDS = MonitoringThresholds()
OPEN: tuple[str, ...] = tuple(s for s in STATES if s != CLEARED)
#: States before the home visit (its due date counts) and before the decision (review).
BEFORE_VISIT: tuple[str, ...] = ("alerted",)
BEFORE_DECISION: tuple[str, ...] = ("alerted", "visited", "cross_checked")

#: Household columns the category rules read (besides the BMN indicators).
PANEL_COLUMNS: tuple[str, ...] = (
    "hh_id",
    "round_be",
    "province_code",
    "district_code",
    "subdistrict_code",
    "village_code",
    "income_per_person_year",
    "members",
    "hc_chronic_ill",
    "members_disabled",
    "fc_debt_baht",
    "main_cause",
)


class MonitoringError(CaseError):
    """A refused alert operation (message ``monitoring.<code>``)."""

    prefix = "monitoring"


class AlertTransitionError(MonitoringError, CaseTransitionError):
    """A change of state :data:`TRANSITIONS` does not allow."""

    transitions = TRANSITIONS


def allowed_next(state: str) -> tuple[str, ...]:
    """The states an alert in ``state`` may move to."""
    return TRANSITIONS[state]


def check_transition(from_state: str, to_state: str) -> None:
    """Raise AlertTransitionError unless ``from_state → to_state`` is allowed."""
    if to_state not in TRANSITIONS.get(from_state, ()):
        raise AlertTransitionError(from_state, to_state)


def label(state: str, lang: str = "th") -> str:
    """The name of an alert state in ``lang``."""
    return state_label("monitoring", state, lang)


@dataclass(frozen=True)
class AlertClock:
    """The due dates of an alert (settings, to be wired as ``POVMAP_ALERT_VISIT_DAYS``,
    ``POVMAP_ALERT_DECISION_DAYS`` and a holidays file)."""

    visit_days: int = 2
    """Working days from the alert to the home visit (Anhui: 2)."""

    decision_days: int = 15
    """Working days from the alert to the review's decision (DOMAIN.md §9.1: 15)."""

    holidays: frozenset[dt.date] = field(default_factory=frozenset)
    """Public holidays skipped besides weekends."""

    def due(self, opened: dt.datetime) -> tuple[dt.date, dt.date]:
        """The visit and decision due dates of an alert opened at ``opened``."""
        return (
            add_working_days(opened, self.visit_days, self.holidays),
            add_working_days(opened, self.decision_days, self.holidays),
        )


def _check_choice(value: str, allowed: Sequence[str], code: str) -> str:
    return choice(value, allowed, code, MonitoringError)


def _shocks(values: Iterable[str]) -> str:
    chosen = set()
    for v in values:
        chosen.add(_check_choice(str(v).strip(), SHOCKS, "unknown_shock"))
    return ";".join(s for s in SHOCKS if s in chosen)


# --- opening alerts ------------------------------------------------------------------------------------


def open_alert(
    con: duckdb.DuckDBPyConnection,
    *,
    category: str,
    channel: str,
    by: str,
    hh_id: str | None = None,
    round_be: int | None = None,
    village_code: str | None = None,
    shocks: Iterable[str] = (),
    source: str = "",
    contact: str | None = None,
    description: str = "",
    at: dt.datetime | None = None,
    clock: AlertClock = AlertClock(),
    synthetic: bool = False,
) -> str:
    """Open an alert and return its ID (its first event: ``alerted``).

    A household (``hh_id``; its record of ``round_be``, else its latest) gives the area; without
    one, ``village_code`` does (a self-report the visit will match to a household). A
    self-report needs a ``description``; ``description`` is stored with national IDs hidden,
    ``contact`` (a phone or e-mail) only in the alert, never in the area's reads.
    """
    by = clean_by(by, MonitoringError)
    _check_choice(category, CATEGORIES, "unknown_category")
    _check_choice(channel, CHANNELS, "unknown_channel")
    shock_text = _shocks(shocks)
    contact = clean_contact(contact, MonitoringError)
    text = scrub_note(description)[:MAX_TEXT]
    if channel == "self_report" and not text:
        raise MonitoringError("missing_description")
    if hh_id:
        found = household_place(con, hh_id, round_be)
        if found is None:
            if round_be is None:
                raise MonitoringError("unknown_household", hh_id=hh_id)
            raise MonitoringError("unknown_household_round", hh_id=hh_id, round_be=round_be)
        record_round, place = found
        round_be = record_round if channel == "survey_round" or round_be is not None else None
    elif village_code:
        place = village_place(con, village_code, MonitoringError)
        round_be = None
    else:
        raise MonitoringError("need_area")
    at = as_time(at)
    visit_due, decision_due = clock.due(at)
    row = [
        hh_id or None,
        round_be,
        *place,
        category,
        shock_text,
        channel,
        " ".join(str(source).split())[:200],
        contact,
        text,
        at,
        by,
        visit_due,
        decision_due,
        synthetic,
    ]
    return _insert(con, [row], at, by)[0]


class _Nothing(Exception):
    """Nothing left to insert: the transaction is rolled back, the data version unchanged."""


def _insert(
    con: duckdb.DuckDBPyConnection,
    rows: list[list],
    at: dt.datetime,
    by: str,
    *,
    prepare: Callable[[duckdb.DuckDBPyConnection, list[list]], list[list]] | None = None,
) -> list[str]:
    """Insert alerts (rows without their ID) and their first events in one transaction.

    ``prepare(con, rows)`` runs first inside the same transaction and returns the rows to
    insert: the checks that must see what other sessions committed (a round's alerts raised
    once, the self-report limit), so two sessions cannot both pass them. When two sessions
    commit at once, one conflicts on the alert numbers and runs again, checks included.
    """
    for attempt in range(3):  # two sessions opening at once may pick the same numbers
        try:
            with transaction(con, "monitoring"):
                chosen = rows if prepare is None else prepare(con, rows)
                if not chosen:
                    raise _Nothing
                ids = next_numbers(con, "alerts", "alert_id", "AL", len(chosen))
                alerts = pd.DataFrame(
                    [[i, *r] for i, r in zip(ids, chosen, strict=True)],
                    columns=[c[0] for c in con.execute("DESCRIBE alerts").fetchall()],
                )
                events = pd.DataFrame(
                    {
                        "alert_id": ids,
                        "seq": 1,
                        "changed_at": at,
                        "changed_by": by,
                        "from_state": None,
                        "to_state": "alerted",
                        "note": "",
                        "hh_id": None,
                        "referral_id": None,
                    }
                )
                con.register("_new_alerts", alerts)
                con.register("_new_alert_events", events)
                try:
                    con.execute("INSERT INTO alerts SELECT * FROM _new_alerts")
                    con.execute("INSERT INTO alert_events SELECT * FROM _new_alert_events")
                finally:
                    con.unregister("_new_alerts")
                    con.unregister("_new_alert_events")
            return ids
        except _Nothing:
            return []
        except (duckdb.ConstraintException, duckdb.TransactionException):
            if attempt == 2:
                raise MonitoringError("conflict") from None
    raise AssertionError("unreachable")


def rule_weights(rule: PoorRule) -> dict[str, float]:
    """The indicators and weights :func:`analysis.poverty.poor_households` reads for ``rule``
    (TPMAP's rule reads every BMN indicator, its weights do not matter)."""
    return dict(rule.weights) if rule.weights else dict.fromkeys(BMN_CODES, 1.0)


def stored_rounds(con: duckdb.DuckDBPyConnection, round_be: int, rounds: int) -> list[int]:
    """The last ``rounds`` survey rounds of the store up to ``round_be``, oldest first."""
    found = con.execute(
        "SELECT DISTINCT round_be FROM households WHERE round_be <= ? ORDER BY 1 DESC LIMIT ?",
        [int(round_be), int(rounds)],
    ).fetchall()
    return sorted(int(r[0]) for r in found)


def household_panel(
    con: duckdb.DuckDBPyConnection,
    round_be: int,
    *,
    rounds: int,
    area: str | None = None,
    hh_id: str | None = None,
) -> pd.DataFrame:
    """The columns the category rules read, for the last ``rounds`` stored rounds up to
    ``round_be`` (one area, one household or everyone)."""
    stored = stored_rounds(con, round_be, rounds)
    clauses, params = ["list_contains(?, round_be)"], [stored]
    if area:
        clauses.append(f"{LEVEL_COLUMN[level_of(area)]} = ?")
        params.append(area)
    if hh_id:
        clauses.append("hh_id = ?")
        params.append(hh_id)
    columns = ", ".join([*PANEL_COLUMNS, *BMN_CODES])
    return con.execute(
        f"SELECT {columns} FROM households WHERE {' AND '.join(clauses)} ORDER BY hh_id, round_be",
        params,
    ).df()


def raise_round_alerts(
    con: duckdb.DuckDBPyConnection,
    round_be: int,
    *,
    rule: PoorRule,
    income_line: float,
    by: str,
    thresholds: MonitoringThresholds = DEFAULT_THRESHOLDS,
    area: str | None = None,
    at: dt.datetime | None = None,
    clock: AlertClock = AlertClock(),
    synthetic: bool = False,
) -> list[str]:
    """Open a ``survey_round`` alert for every household of ``round_be`` (in ``area``, or
    everywhere: run it per province at national scale) that :func:`analysis.monitoring.classify`
    puts in a category, unless the household already has an open alert of that category or an
    alert of that category from this round; all in one transaction. Returns the new IDs.
    """
    by = clean_by(by, MonitoringError)
    span = thresholds.exit_lookback_rounds + 1
    panel = household_panel(con, round_be, rounds=span, area=area)
    if panel.empty or int(round_be) not in set(panel["round_be"]):
        return []
    found = classify(
        panel,
        int(round_be),
        income_line=income_line,
        weights=rule_weights(rule),
        rule_name=rule.name,
        k=rule.k,
        thresholds=thresholds,
        rounds=stored_rounds(con, round_be, span),
    )
    found = found[found["category"].notna()]
    if found.empty:
        return []
    at = as_time(at)
    visit_due, decision_due = clock.due(at)
    rows = [
        [
            r.hh_id,
            int(round_be),
            r.province_code,
            r.district_code,
            r.subdistrict_code,
            r.village_code,
            r.category,
            r.shocks,
            "survey_round",
            f"round {int(round_be)}",
            None,
            "",
            at,
            by,
            visit_due,
            decision_due,
            synthetic,
        ]
        for r in found.itertuples()
    ]

    def not_raised(c: duckdb.DuckDBPyConnection, candidates: list[list]) -> list[list]:
        # inside the writing transaction: an alert another session committed is seen here
        existing = c.execute(
            f"""SELECT hh_id, category FROM alert_current
                WHERE hh_id IS NOT NULL AND (state <> '{CLEARED}' OR round_be = ?)""",
            [int(round_be)],
        ).fetchall()
        skip = set(existing)
        return [r for r in candidates if (r[0], r[6]) not in skip]

    return _insert(con, rows, at, by, prepare=not_raised)


# --- self-reports ------------------------------------------------------------------------------------

#: Who opens a self-report's alert: the public page, not a person.
SELF_REPORT_BY = "self-report page"
#: Rate-limit rows older than this are deleted by the next report.
SELF_REPORT_KEEP = dt.timedelta(days=1)


def self_report(
    con: duckdb.DuckDBPyConnection,
    *,
    village_code: str,
    description: str,
    contact: str | None = None,
    shocks: Iterable[str] = (),
    rate_keys: Sequence[str] = (),
    max_reports: int = 3,
    window: dt.timedelta = dt.timedelta(hours=1),
    at: dt.datetime | None = None,
    clock: AlertClock = AlertClock(),
    synthetic: bool = False,
) -> str:
    """A report of hardship from the public page: a ``self_report`` alert of sudden hardship in
    the village's queue (the home visit matches it to a household), and its ID.

    ``rate_keys``: what the report counts against (a keyed hash of the browser session, one of
    the network address; never the address itself). A key that already has ``max_reports``
    reports within ``window`` before ``at`` refuses the report (``rate_limited``); the check
    and the report are one transaction, so two sessions at once cannot both pass it. Input is
    checked as :func:`open_alert` checks it (village, contact, description, shocks).
    """
    if max_reports < 1 or window <= dt.timedelta(0):
        raise ValueError("max_reports must be at least 1 and window above 0")
    shock_text = _shocks(shocks)
    contact = clean_contact(contact, MonitoringError)
    text = scrub_note(description)[:MAX_TEXT]
    if not text.strip():
        raise MonitoringError("missing_description")
    place = village_place(con, village_code, MonitoringError)
    at = as_time(at)
    visit_due, decision_due = clock.due(at)
    row = [
        None,
        None,
        *place,
        "sudden_hardship",
        shock_text,
        "self_report",
        SELF_REPORT_BY,
        contact,
        text,
        at,
        SELF_REPORT_BY,
        visit_due,
        decision_due,
        synthetic,
    ]
    keys = sorted({str(k) for k in rate_keys if k})
    minutes = max(1, round(window.total_seconds() / 60))

    def within_limit(c: duckdb.DuckDBPyConnection, rows: list[list]) -> list[list]:
        c.execute("DELETE FROM self_report_log WHERE reported_at < ?", [at - SELF_REPORT_KEEP])
        for key in keys:
            (recent,) = c.execute(
                "SELECT count(*) FROM self_report_log WHERE rate_key = ? AND reported_at > ?",
                [key, at - window],
            ).fetchone()
            if recent >= max_reports:
                raise MonitoringError("rate_limited", n=max_reports, minutes=minutes)
        for key in keys:
            c.execute("INSERT INTO self_report_log VALUES (?, ?)", [key, at])
        return rows

    return _insert(con, [row], at, SELF_REPORT_BY, prepare=within_limit)[0]


# --- changing state --------------------------------------------------------------------------------


def _current(con: duckdb.DuckDBPyConnection, alert_id: str) -> pd.Series:
    frame = con.execute(
        "SELECT alert_id, hh_id, category, state, state_at, events FROM alert_current "
        "WHERE alert_id = ?",
        [alert_id],
    ).df()
    if frame.empty:
        raise MonitoringError("unknown_alert", alert_id=alert_id)
    return frame.iloc[0]


def _parse_state(value: str) -> str:
    text = " ".join(str(value).split()).casefold()
    for code in STATES:
        if text in (
            code,
            code.replace("_", " "),
            label(code, "th").casefold(),
            label(code, "en").casefold(),
        ):
            return code
    raise MonitoringError("unknown_state", value=value, allowed=", ".join(STATES))


def change_state(
    con: duckdb.DuckDBPyConnection,
    alert_id: str,
    to_state: str,
    *,
    by: str,
    note: str = "",
    at: dt.datetime | None = None,
    hh_id: str | None = None,
    referral_id: str | None = None,
) -> dict[str, object]:
    """Append a change of state to the alert's history and return the event.

    ``hh_id`` matches an alert without a household (a self-report) to one; ``referral_id``
    links the referral made when help is referred (same household). Risk is cleared only by
    :func:`clear_risk`.
    """
    by = clean_by(by, MonitoringError)
    to = _parse_state(to_state)
    if to == CLEARED:
        raise ValueError("risk is cleared by clear_risk(), which checks the clearing rule")
    return _append(con, alert_id, to, by=by, note=note, at=at, hh_id=hh_id, referral_id=referral_id)


def _append(
    con: duckdb.DuckDBPyConnection,
    alert_id: str,
    to: str,
    *,
    by: str,
    note: str,
    at: dt.datetime | None,
    hh_id: str | None = None,
    referral_id: str | None = None,
) -> dict[str, object]:
    try:
        with transaction(con, "monitoring"):
            last = _current(con, alert_id)
            check_transition(last["state"], to)
            at = as_time(at)
            if at < pd.Timestamp(last["state_at"]).to_pydatetime():
                raise MonitoringError("time_before_last", last=str(last["state_at"])[:16])
            household = last["hh_id"] if pd.notna(last["hh_id"]) else None
            if hh_id:
                if household and household != hh_id:
                    raise MonitoringError("household_differs", hh_id=household)
                if household_place(con, hh_id, None) is None:
                    raise MonitoringError("unknown_household", hh_id=hh_id)
                new_household = None if household == hh_id else hh_id
                household = hh_id
            else:
                new_household = None
            if referral_id:
                owner = con.execute(
                    "SELECT hh_id FROM referrals WHERE referral_id = ?", [referral_id]
                ).fetchone()
                if owner is None:
                    raise MonitoringError("unknown_referral", referral_id=referral_id)
                if owner[0] != household:
                    raise MonitoringError("referral_other_household", referral_id=referral_id)
            event = {
                "alert_id": alert_id,
                "seq": int(last["events"]) + 1,
                "changed_at": at,
                "changed_by": by,
                "from_state": last["state"],
                "to_state": to,
                "note": scrub_note(note),
                "hh_id": new_household,
                "referral_id": referral_id or None,
            }
            con.execute(
                "INSERT INTO alert_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", list(event.values())
            )
    except (duckdb.ConstraintException, duckdb.TransactionException):
        raise MonitoringError("conflict") from None
    return event


def clear_risk(
    con: duckdb.DuckDBPyConnection,
    alert_id: str,
    *,
    by: str,
    rule: PoorRule,
    income_line: float,
    thresholds: MonitoringThresholds = DEFAULT_THRESHOLDS,
    note: str = "",
    at: dt.datetime | None = None,
) -> dict[str, object]:
    """Clear the alert's risk when the rule allows it: the household was above the monitoring
    range in each of the last ``thresholds.clear_after_rounds`` stored rounds (up to the
    latest) and no other alert of sudden hardship of it is open. Refused otherwise, with the
    rounds it has and needs, or the open alerts.
    """
    by = clean_by(by, MonitoringError)
    last = _current(con, alert_id)
    check_transition(last["state"], CLEARED)
    hh_id = last["hh_id"] if pd.notna(last["hh_id"]) else None
    if not hh_id:
        raise MonitoringError("no_household")
    latest = con.execute("SELECT max(round_be) FROM households").fetchone()[0]
    span = thresholds.clear_after_rounds + thresholds.exit_lookback_rounds
    panel = household_panel(con, latest, rounds=span, hh_id=hh_id)
    shocks_open = [
        r[0]
        for r in con.execute(
            f"""SELECT alert_id FROM alert_current WHERE hh_id = ? AND alert_id <> ?
                AND category = 'sudden_hardship' AND state <> '{CLEARED}' ORDER BY alert_id""",
            [hh_id, alert_id],
        ).fetchall()
    ]
    if shocks_open:
        raise MonitoringError("shock_open", alerts=", ".join(shocks_open))
    rounds_above = 0
    if not panel.empty and latest in set(panel["round_be"]):
        result = risk_cleared(
            panel,
            int(latest),
            income_line=income_line,
            weights=rule_weights(rule),
            rule_name=rule.name,
            k=rule.k,
            thresholds=thresholds,
            rounds=stored_rounds(con, latest, span),
        )
        rounds_above = int(result["rounds_above"].iloc[0])
    if rounds_above < thresholds.clear_after_rounds:
        raise MonitoringError(
            "not_cleared", rounds=rounds_above, needed=thresholds.clear_after_rounds
        )
    return _append(con, alert_id, CLEARED, by=by, note=note, at=at)
