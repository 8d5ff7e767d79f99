"""Grievances about the list (เรื่องร้องเรียนเกี่ยวกับรายชื่อ): coded types, a due date in working
days, the approval chain village → district → province, and an outcome applied through the
normal import path (docs/methods.md, "Grievances").

The types follow the Philippines' Listahanan (DOMAIN.md §9.3; :data:`LISTAHANAN` gives its
codes). A grievance is created once (``grievances``) and every step is appended to
``grievance_events`` with the level that acted; nothing is updated or deleted. The states,
listed once in :data:`TRANSITIONS`::

    received → village_reviewed → district_reviewed → decided → applied
                   ↑      └──────────────┴→ returned (by the district or the province)
                   └───────────────────────────┘
    any state before the decision → withdrawn

Each review records its finding (``upheld`` or ``rejected``); the province's decision is the
outcome, and an upheld one names its action on the list (add, survey, remove, correct). The
household's record changes only through an import (``data.importer``): ``applied`` names the
import that carried the change. Every write is one transaction (kind ``grievances``); refusals
are :class:`GrievanceError` with a message in Thai and English.

Example:
    >>> allowed_next("village_reviewed")
    ('district_reviewed', 'returned', 'withdrawn')
    >>> acting_level("district_reviewed", "returned")
    'province'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

import duckdb
import pandas as pd

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
from data.store import transaction

TYPES: tuple[str, ...] = (
    "excluded_interviewed",
    "never_interviewed",
    "wrongly_included",
    "wants_removal",
    "data_error",
)
#: Each type's code in the Listahanan grievance system.
LISTAHANAN: dict[str, str] = {
    "excluded_interviewed": "EX01",
    "never_interviewed": "EX02",
    "wrongly_included": "INC01",
    "wants_removal": "INC02",
    "data_error": "ER",
}
STATES: tuple[str, ...] = (
    "received",
    "village_reviewed",
    "district_reviewed",
    "returned",
    "decided",
    "applied",
    "withdrawn",
)
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "received": ("village_reviewed", "withdrawn"),
    "village_reviewed": ("district_reviewed", "returned", "withdrawn"),
    "district_reviewed": ("decided", "returned", "withdrawn"),
    "returned": ("village_reviewed", "withdrawn"),
    "decided": ("applied",),
    "applied": (),
    "withdrawn": (),
}
#: States that stop the due-date clock.
CLOSED: tuple[str, ...] = ("decided", "applied", "withdrawn")
OPEN: tuple[str, ...] = tuple(s for s in STATES if s not in CLOSED)
#: States whose step records a finding (the reviews and the decision).
FINDINGS: tuple[str, ...] = ("village_reviewed", "district_reviewed", "decided")
OUTCOMES: tuple[str, ...] = ("upheld", "rejected")
ACTIONS: tuple[str, ...] = (
    "add_to_list",
    "survey_household",
    "remove_from_list",
    "correct_record",
    "none",
)
#: The action an upheld grievance of each type usually takes (what a form offers first).
SUGGESTED_ACTION: dict[str, str] = {
    "excluded_interviewed": "add_to_list",
    "never_interviewed": "survey_household",
    "wrongly_included": "remove_from_list",
    "wants_removal": "remove_from_list",
    "data_error": "correct_record",
}
#: The level that takes each step (returned: the level above the review sent back).
_LEVEL = {"village_reviewed": "village", "district_reviewed": "district", "decided": "province"}
_RETURNED_BY = {"village_reviewed": "district", "district_reviewed": "province"}

DEFAULT_DUE_DAYS = 15


class GrievanceError(CaseError):
    """A refused grievance operation (message ``grievance.<code>``)."""

    prefix = "grievance"


class GrievanceTransitionError(GrievanceError, CaseTransitionError):
    """A change of state :data:`TRANSITIONS` does not allow."""

    transitions = TRANSITIONS


def allowed_next(state: str) -> tuple[str, ...]:
    """The states a grievance in ``state`` may move to."""
    return TRANSITIONS[state]


def check_transition(from_state: str, to_state: str) -> None:
    """Raise GrievanceTransitionError unless ``from_state → to_state`` is allowed.

    >>> check_transition("received", "decided")
    Traceback (most recent call last):
    ...
    data.grievances.GrievanceTransitionError: cannot go from 'Received' to 'Decided by the province': the next state can be 'Reviewed by the village', 'Withdrawn'
    """
    if to_state not in TRANSITIONS.get(from_state, ()):
        raise GrievanceTransitionError(from_state, to_state)


def acting_level(from_state: str, to_state: str) -> str | None:
    """The level (village, district, province) that takes the step; None for a withdrawal
    (the complainant) and for applying (the import)."""
    if to_state == "returned":
        return _RETURNED_BY.get(from_state)
    return _LEVEL.get(to_state)


def label(state: str, lang: str = "th") -> str:
    """The name of a grievance state in ``lang``."""
    return state_label("grievance", state, lang)


def _choice(value: object, allowed: tuple[str, ...], code: str) -> str:
    return choice(value, allowed, code, GrievanceError)


def file_grievance(
    con: duckdb.DuckDBPyConnection,
    *,
    grievance_type: str,
    by: str,
    description: str,
    hh_id: str | None = None,
    round_be: int | None = None,
    village_code: str | None = None,
    contact: str | None = None,
    at: dt.datetime | None = None,
    due_days: int = DEFAULT_DUE_DAYS,
    holidays: Collection[dt.date] = (),
    synthetic: bool = False,
) -> str:
    """Record a grievance (its first event: ``received``) and return its ID.

    A household (``hh_id``; its record of ``round_be``, else its latest) gives the area;
    without one (a household never interviewed) ``village_code`` does. The decision is due
    ``due_days`` working days after filing (``holidays`` skipped besides weekends).
    """
    by = clean_by(by, GrievanceError)
    kind = _choice(grievance_type, TYPES, "unknown_type")
    text = scrub_note(description)[:MAX_TEXT]
    if not text:
        raise GrievanceError("missing_description")
    contact = clean_contact(contact, GrievanceError)
    if hh_id:
        found = household_place(con, hh_id, round_be)
        if found is None:
            if round_be is None:
                raise GrievanceError("unknown_household", hh_id=hh_id)
            raise GrievanceError("unknown_household_round", hh_id=hh_id, round_be=round_be)
        round_be, place = found
    elif village_code:
        place = village_place(con, village_code, GrievanceError)
        round_be = None
    else:
        raise GrievanceError("need_area")
    at = as_time(at)
    due = add_working_days(at, due_days, holidays)
    for attempt in range(3):  # two sessions filing at once may pick the same number
        try:
            with transaction(con, "grievances"):
                (grievance_id,) = next_numbers(con, "grievances", "grievance_id", "GV")
                con.execute(
                    "INSERT INTO grievances VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        grievance_id,
                        kind,
                        hh_id or None,
                        round_be,
                        *place,
                        text,
                        contact,
                        at,
                        by,
                        due,
                        synthetic,
                    ],
                )
                con.execute(
                    """INSERT INTO grievance_events VALUES
                       (?, 1, ?, ?, NULL, NULL, 'received', NULL, NULL, NULL, '')""",
                    [grievance_id, at, by],
                )
            return grievance_id
        except (duckdb.ConstraintException, duckdb.TransactionException):
            if attempt == 2:
                raise GrievanceError("conflict") from None
    raise AssertionError("unreachable")


def _current(con: duckdb.DuckDBPyConnection, grievance_id: str) -> pd.Series:
    frame = con.execute(
        """SELECT grievance_id, grievance_type, state, state_at, events, outcome, action
           FROM grievance_current WHERE grievance_id = ?""",
        [grievance_id],
    ).df()
    if frame.empty:
        raise GrievanceError("unknown_grievance", grievance_id=grievance_id)
    return frame.iloc[0]


def advance(
    con: duckdb.DuckDBPyConnection,
    grievance_id: str,
    to_state: str,
    *,
    by: str,
    note: str = "",
    at: dt.datetime | None = None,
    outcome: str | None = None,
    action: str | None = None,
    import_id: str | None = None,
) -> dict[str, object]:
    """Append a step of the approval chain to the grievance's history and return the event.

    A review or the decision (:data:`FINDINGS`) needs its ``outcome``; an upheld decision
    needs its ``action`` (a rejected one takes ``none``). ``applied`` needs an upheld decision
    with an action, and the ``import_id`` of the import that changed the household's record.
    """
    by = clean_by(by, GrievanceError)
    to = _choice(to_state, STATES, "unknown_state")
    if outcome is not None:
        outcome = _choice(outcome, OUTCOMES, "unknown_outcome")
    if action is not None:
        action = _choice(action, ACTIONS, "unknown_action")
    try:
        with transaction(con, "grievances"):
            last = _current(con, grievance_id)
            check_transition(last["state"], to)
            at = as_time(at)
            if at < pd.Timestamp(last["state_at"]).to_pydatetime():
                raise GrievanceError("time_before_last", last=str(last["state_at"])[:16])
            if to in FINDINGS:
                if outcome is None:
                    raise GrievanceError("missing_outcome")
            else:
                outcome = None
            if to == "decided":
                if outcome == "upheld" and action is None:
                    raise GrievanceError("action_needed")
                if outcome == "rejected":
                    action = "none"
            else:
                action = None
            if to == "applied":
                if last["outcome"] != "upheld" or last["action"] in (None, "none"):
                    raise GrievanceError("nothing_to_apply")
                if not import_id:
                    raise GrievanceError("need_import")
                known = con.execute(
                    "SELECT count(*) FROM imports WHERE import_id = ?", [import_id]
                ).fetchone()[0]
                if not known:
                    raise GrievanceError("unknown_import", import_id=import_id)
            else:
                import_id = None
            event = {
                "grievance_id": grievance_id,
                "seq": int(last["events"]) + 1,
                "changed_at": at,
                "changed_by": by,
                "level": acting_level(last["state"], to),
                "from_state": last["state"],
                "to_state": to,
                "outcome": outcome,
                "action": action,
                "import_id": import_id,
                "note": scrub_note(note),
            }
            con.execute(
                "INSERT INTO grievance_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                list(event.values()),
            )
    except (duckdb.ConstraintException, duckdb.TransactionException):
        raise GrievanceError("conflict") from None
    return event
