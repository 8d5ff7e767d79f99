"""Referrals (ส่งต่อความช่วยเหลือ): household → intervention → agency, followed status by status.

A referral is created once (``referrals``) and every status change is appended to
``referral_events`` (who, when, from, to, note); nothing is updated or deleted, so the current
status is always the latest event and the full history survives restarts. The statuses follow
docs/methods.md, "Referrals" (this project's model of the PPAOS workflow, whose exact routing is
unpublished)::

    identified → verified → referred → accepted → in_progress → assisted → resolved
         └──────────┴──────────┴──────────┴───────────┴→ self_resolved
                                referred/accepted/in_progress/assisted → cannot_resolve (escalated)
    assisted → in_progress (more help needed)      cannot_resolve → referred (re-referred)

Any other change is refused with a message that names the allowed next statuses. A bulk update
(a spreadsheet of status changes, as agencies send them) is checked row by row, in file order,
and applied all or nothing.

Example:
    >>> allowed_next("referred")
    ('accepted', 'cannot_resolve', 'self_resolved')
    >>> check_transition("resolved", "in_progress")
    Traceback (most recent call last):
    ...
    data.referrals.TransitionError: 'Resolved' is final: its status cannot change
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

from analysis.interventions import Catalogue, load_catalogue
from data import audit
from data.audit import Actor
from data.columns import find_headers
from data.messages import labels, msg
from data.problems import Problem
from data.store import transaction
from data.validate import national_id_checksum_ok
from geo.codes import LEVEL_BY_WIDTH

STATUSES: tuple[str, ...] = (
    "identified",
    "verified",
    "referred",
    "accepted",
    "in_progress",
    "assisted",
    "resolved",
    "self_resolved",
    "cannot_resolve",
)
#: The main line of the workflow, in order (the funnel).
PIPELINE: tuple[str, ...] = STATUSES[:7]
CLOSED: tuple[str, ...] = ("resolved", "self_resolved")
ESCALATED: tuple[str, ...] = ("cannot_resolve",)
OPEN: tuple[str, ...] = tuple(s for s in STATUSES if s not in CLOSED + ESCALATED)
#: Statuses a new referral may start in (a case worker may record it as already verified or sent).
INITIAL: tuple[str, ...] = ("identified", "verified", "referred")

TRANSITIONS: dict[str, tuple[str, ...]] = {
    "identified": ("verified", "self_resolved"),
    "verified": ("referred", "self_resolved"),
    "referred": ("accepted", "cannot_resolve", "self_resolved"),
    "accepted": ("in_progress", "cannot_resolve", "self_resolved"),
    "in_progress": ("assisted", "cannot_resolve", "self_resolved"),
    "assisted": ("resolved", "in_progress", "cannot_resolve"),
    "resolved": (),
    "self_resolved": (),
    "cannot_resolve": ("referred",),
}

STATUS_LABELS: dict[str, tuple[str, str]] = labels("referral.status")


MAX_NOTE = 2000
MAX_BY = 80


def status_label(status: str, lang: str = "th") -> str:
    return STATUS_LABELS.get(status, (status, status))[1 if lang == "en" else 0]


def message(code: str, lang: str = "en", **params: object) -> str:
    """The referral message ``code`` (``data/messages_problems.py``, ``referral.*``) in ``lang``;
    in English a :class:`data.messages.Text` that the app can render in Thai too."""
    text = msg(f"referral.{code}", **params)
    return text if lang == "en" else text.render(lang)


class ReferralError(ValueError):
    """A refused referral operation: ``code`` (a MESSAGES key) and its parameters."""

    def __init__(self, code: str, **params: object):
        self.code = code
        self.params = params
        super().__init__(message(code, "en", **params))

    def text(self, lang: str = "en") -> str:
        """The message in ``lang`` (Thai or English)."""
        return message(self.code, lang, **self._localised(lang))

    def _localised(self, lang: str) -> dict[str, object]:
        return self.params


class TransitionError(ReferralError):
    """A status change the workflow does not allow."""

    def __init__(self, from_status: str, to_status: str):
        self.from_status, self.to_status = from_status, to_status
        code = "final_status" if not TRANSITIONS.get(from_status) else "invalid_transition"
        super().__init__(code, **self._localised("en"))

    def _localised(self, lang: str) -> dict[str, object]:
        allowed = TRANSITIONS.get(self.from_status, ())
        return {
            "from_label": status_label(self.from_status, lang),
            "to_label": status_label(self.to_status, lang),
            "allowed": ", ".join(f"'{status_label(s, lang)}'" for s in allowed),
        }


def allowed_next(status: str) -> tuple[str, ...]:
    """The statuses a referral in ``status`` may move to."""
    return TRANSITIONS[status]


def check_transition(from_status: str, to_status: str) -> None:
    """Raise TransitionError unless ``from_status → to_status`` is allowed."""
    if to_status not in TRANSITIONS.get(from_status, ()):
        raise TransitionError(from_status, to_status)


def parse_status(value: str) -> str | None:
    """A status code from its code or its Thai or English label (any case); None if unknown.

    >>> parse_status("ช่วยเหลือแล้ว"), parse_status(" In progress "), parse_status("done")
    ('assisted', 'in_progress', None)
    """
    text = " ".join(str(value).split()).casefold()
    for code, (th, en) in STATUS_LABELS.items():
        if text in (code, th.casefold(), en.casefold(), code.replace("_", " ")):
            return code
    return None


_ID_RE = re.compile(r"(?<!\d)(\d[\s-]?\d{4}[\s-]?\d{5}[\s-]?\d{2}[\s-]?\d)(?!\d)")


def scrub_note(text: object) -> str:
    """A note safe to store: national ID numbers (13 digits with a valid check digit, with or
    without dashes) are replaced, and length is capped.

    >>> scrub_note("เลข 1-1017-00203-45-0 โทรแล้ว")
    'เลข [เลขประจำตัวประชาชนถูกลบ] โทรแล้ว'
    """
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return ""

    def replace(match: re.Match) -> str:
        digits = re.sub(r"\D", "", match.group(1))
        return "[เลขประจำตัวประชาชนถูกลบ]" if national_id_checksum_ok(digits) else match.group(1)

    return _ID_RE.sub(replace, str(text).strip())[:MAX_NOTE]


def parse_time(value: object) -> dt.datetime | None:
    """A date or time from a spreadsheet cell: ISO ``YYYY-MM-DD[ HH:MM[:SS]]`` or ``DD/MM/YYYY``;
    a year above 2400 is read as Buddhist era. None when the cell is empty; ValueError if unreadable.

    >>> parse_time("31/01/2568"), parse_time("2025-01-31 14:30")
    (datetime.datetime(2025, 1, 31, 0, 0), datetime.datetime(2025, 1, 31, 14, 30))
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    text = str(value).strip()
    if not text:
        return None
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?", text)
    if m:
        d, mo, y, hh, mm, ss = m.groups()
        parts = [int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0)]
    else:
        m = re.fullmatch(
            r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?", text
        )
        if not m:
            raise ValueError(text)
        y, mo, d, hh, mm, ss = m.groups()
        parts = [int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0)]
    if parts[0] > 2400:
        parts[0] -= 543
    return dt.datetime(*parts)


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _clean_by(by: object) -> str:
    text = " ".join(str(by or "").split())[:MAX_BY]
    if not text:
        raise ReferralError("missing_by")
    return text


# --- create and change ---------------------------------------------------------------------------------


def _next_numbers(con: duckdb.DuckDBPyConnection, n: int) -> list[str]:
    start = con.execute(
        "SELECT coalesce(max(TRY_CAST(substr(referral_id, 3) AS BIGINT)), 0) FROM referrals"
    ).fetchall()[0][0]
    return [f"RF{start + i:07d}" for i in range(1, n + 1)]


def create_referral(
    con: duckdb.DuckDBPyConnection,
    *,
    hh_id: str,
    round_be: int,
    intervention: str,
    by: str = "",
    agency: str | None = None,
    note: str = "",
    target_date: dt.date | None = None,
    deficits: str = "",
    status: str = "identified",
    at: dt.datetime | None = None,
    catalogue: Catalogue | None = None,
    synthetic: bool = False,
    actor: Actor | None = None,
) -> str:
    """Create a referral for household ``hh_id`` (its record of ``round_be``) and return its ID.

    ``agency`` defaults to the intervention's agency in the catalogue. The creation is the
    referral's first event (from nothing to ``status``, one of :data:`INITIAL`). With ``actor``
    (the signed-in user) the referral is created by that user, whatever ``by`` says, and the
    same transaction leaves an audit entry.
    """
    catalogue = catalogue or load_catalogue()
    by = _clean_by(actor.name if actor else by)
    if intervention not in catalogue.interventions.index:
        raise ReferralError("unknown_intervention", value=intervention)
    agency = agency or str(catalogue.interventions.loc[intervention, "agency"])
    if agency not in catalogue.agencies.index:
        raise ReferralError("unknown_agency", value=agency)
    if status not in INITIAL:
        raise ReferralError("bad_initial", allowed=", ".join(INITIAL))
    place = con.execute(
        """SELECT province_code, district_code, subdistrict_code, village_code FROM households
           WHERE hh_id = ? AND round_be = ?""",
        [hh_id, int(round_be)],
    ).fetchall()
    if not place:
        raise ReferralError("unknown_household", hh_id=hh_id, round_be=round_be)
    at = at or _now()
    if target_date is not None and target_date < at.date():
        raise ReferralError("target_before_created")
    for attempt in range(3):  # two sessions creating at once may pick the same number
        try:
            with transaction(con, "referrals"):
                (referral_id,) = _next_numbers(con, 1)
                con.execute(
                    "INSERT INTO referrals VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        referral_id,
                        hh_id,
                        int(round_be),
                        *place[0],
                        intervention,
                        agency,
                        deficits,
                        target_date,
                        at,
                        by,
                        synthetic,
                    ],
                )
                con.execute(
                    "INSERT INTO referral_events VALUES (?, 1, ?, ?, NULL, ?, ?, NULL)",
                    [referral_id, at, by, status, scrub_note(note)],
                )
                if actor is not None:
                    audit.record(
                        con,
                        actor,
                        "referral_created",
                        object=referral_id,
                        details={
                            "household": hh_id,
                            "round": int(round_be),
                            "intervention": intervention,
                            "agency": agency,
                            "status": status,
                        },
                        scope=place[0][3],
                        at=at,
                    )
            break
        except (duckdb.ConstraintException, duckdb.TransactionException):
            if attempt == 2:
                raise ReferralError("conflict") from None
    return referral_id


def _current(con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> pd.DataFrame:
    frame = pd.DataFrame({"referral_id": list(dict.fromkeys(ids))})
    con.register("wanted_ids", frame)
    try:
        return (
            con.execute(
                """SELECT e.referral_id, e.seq, e.to_status AS status, e.changed_at
                   FROM referral_events e JOIN wanted_ids USING (referral_id)
                   QUALIFY row_number() OVER (PARTITION BY e.referral_id ORDER BY e.seq DESC) = 1"""
            )
            .df()
            .set_index("referral_id")
        )
    finally:
        con.unregister("wanted_ids")


def change_status(
    con: duckdb.DuckDBPyConnection,
    referral_id: str,
    to_status: str,
    *,
    by: str = "",
    note: str = "",
    at: dt.datetime | None = None,
    actor: Actor | None = None,
) -> dict[str, object]:
    """Append a status change to the referral's history, or raise ReferralError/TransitionError.

    With ``actor`` (the signed-in user) the change is made by that user, whatever ``by`` says,
    and the same transaction leaves an audit entry."""
    by = _clean_by(actor.name if actor else by)
    to = parse_status(to_status) or to_status
    if to not in STATUSES:
        raise ReferralError("unknown_status", value=to_status, allowed=", ".join(STATUSES))
    try:
        with transaction(con, "referrals"):
            now = _current(con, [referral_id])
            if referral_id not in now.index:
                raise ReferralError("unknown_referral", referral_id=referral_id)
            last = now.loc[referral_id]
            check_transition(last["status"], to)
            at = at or _now()
            if at < pd.Timestamp(last["changed_at"]).to_pydatetime():
                raise ReferralError("time_before_last", last=str(last["changed_at"])[:16])
            event = {
                "referral_id": referral_id,
                "seq": int(last["seq"]) + 1,
                "changed_at": at,
                "changed_by": by,
                "from_status": last["status"],
                "to_status": to,
                "note": scrub_note(note),
                "batch_id": None,
            }
            con.execute(
                "INSERT INTO referral_events VALUES (?, ?, ?, ?, ?, ?, ?, ?)", list(event.values())
            )
            if actor is not None:
                audit.record(
                    con,
                    actor,
                    "referral_changed",
                    object=referral_id,
                    details={"from": last["status"], "to": to},
                    at=at,
                )
    except (duckdb.ConstraintException, duckdb.TransactionException):
        raise ReferralError("conflict") from None
    return event


def history(con: duckdb.DuckDBPyConnection, referral_id: str) -> pd.DataFrame:
    """Every event of one referral, oldest first."""
    return con.execute(
        """SELECT seq, changed_at, changed_by, from_status, to_status, note, batch_id
           FROM referral_events WHERE referral_id = ? ORDER BY seq""",
        [referral_id],
    ).df()


def get_referral(con: duckdb.DuckDBPyConnection, referral_id: str) -> pd.Series | None:
    """The referral with its current status, or None."""
    frame = con.execute("SELECT * FROM referral_current WHERE referral_id = ?", [referral_id]).df()
    return None if frame.empty else frame.iloc[0]


# --- bulk update from a spreadsheet ------------------------------------------------------------------


@dataclass
class BulkResult:
    """What a bulk update did: events applied, rows left unchanged (no new status), problems."""

    file_name: str
    applied: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    batch_id: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def _cell(value: object) -> str:
    text = str(value).strip()
    return text[1:].strip() if text.startswith("'") else text


def bulk_update(
    con: duckdb.DuckDBPyConnection,
    frame: pd.DataFrame,
    *,
    file_name: str,
    by: str = "",
    line_numbers: Sequence[int] | None = None,
    at: dt.datetime | None = None,
    lang: str = "en",
    now: dt.datetime | None = None,
    actor: Actor | None = None,
) -> BulkResult:
    """Apply a table of status changes (columns ``referral_id``, ``new_status`` and optionally
    ``new_note``, ``by``, ``at``; Thai headers and Thai status labels are accepted) all or nothing.

    Rows are checked in file order against the status the previous rows leave, so one file may move
    a referral several steps. A row with an empty ``new_status`` is left unchanged. If any row is
    wrong nothing is written and ``problems`` names file, line, column, value and reason (in
    ``lang``) for every one. With ``actor`` (the signed-in user who imports the file), rows
    without a ``by`` cell are that user's, and the same transaction leaves one audit entry.
    """
    by = actor.name if actor else by
    result = BulkResult(file_name)
    lines = list(line_numbers) if line_numbers is not None else list(range(2, len(frame) + 2))
    columns = find_headers("referral_updates", frame.columns)
    for needed in ("referral_id", "new_status"):
        if needed not in columns:
            result.problems.append(
                Problem(file_name, 1, needed, "", message("missing_column", lang, column=needed))
            )
    if result.problems:
        return result
    now = now or _now()
    # cells as text; a lone leading apostrophe is a spreadsheet's "this is text" mark (our exports
    # add it to cells that look like formulas) and is dropped
    text = frame.astype(object).where(frame.notna(), "").map(_cell)
    ids = [str(v).strip() for v in text[columns["referral_id"]]]
    state = _current(con, [i for i in ids if i])
    status = state["status"].to_dict()
    seq = state["seq"].astype(int).to_dict()
    last_at = {k: pd.Timestamp(v).to_pydatetime() for k, v in state["changed_at"].items()}
    batch_id = f"bulk-{uuid.uuid4().hex[:10]}"
    events = []

    def problem(line: int, column: str, value: object, reason: str) -> None:
        result.problems.append(Problem(file_name, line, column, str(value)[:80], reason))

    for i, line in enumerate(lines):
        row = text.iloc[i]
        rid, raw_status = ids[i], str(row[columns["new_status"]]).strip()
        if not raw_status:
            if rid or any(str(v).strip() for v in row):
                result.unchanged += 1
            continue
        if not rid:
            problem(
                line,
                columns["referral_id"],
                "",
                message("missing_value", lang, column="referral_id"),
            )
            continue
        if rid not in status:
            problem(
                line,
                columns["referral_id"],
                rid,
                message("unknown_referral", lang, referral_id=rid),
            )
            continue
        to = parse_status(raw_status)
        if to is None:
            allowed = ", ".join(status_label(s, lang) for s in STATUSES)
            problem(
                line,
                columns["new_status"],
                raw_status,
                message("unknown_status", lang, value=raw_status, allowed=allowed),
            )
            continue
        if to not in TRANSITIONS[status[rid]]:
            problem(
                line, columns["new_status"], raw_status, TransitionError(status[rid], to).text(lang)
            )
            continue
        by_cell = str(row[columns["by"]]).strip() if "by" in columns else ""
        try:
            who = _clean_by(by_cell or by)
        except ReferralError as exc:
            problem(line, columns.get("by", "by"), "", exc.text(lang))
            continue
        when = at or now
        if "at" in columns and str(row[columns["at"]]).strip():
            try:
                when = parse_time(row[columns["at"]])
            except ValueError:
                problem(
                    line,
                    columns["at"],
                    row[columns["at"]],
                    message("bad_time", lang, value=row[columns["at"]]),
                )
                continue
            if when > now:
                problem(line, columns["at"], row[columns["at"]], message("time_in_future", lang))
                continue
        if when < last_at[rid]:
            problem(
                line,
                columns.get("at", "at"),
                str(when)[:16],
                message("time_before_last", lang, last=str(last_at[rid])[:16]),
            )
            continue
        note = scrub_note(row[columns["new_note"]]) if "new_note" in columns else ""
        seq[rid] += 1
        events.append((rid, seq[rid], when, who, status[rid], to, note, batch_id))
        status[rid], last_at[rid] = to, when
    if not events and not result.problems and not len(frame):
        problem(1, "", "", message("no_rows", lang))
    if result.problems:
        return result
    if events:
        incoming = pd.DataFrame(
            events,
            columns=[
                "referral_id",
                "seq",
                "changed_at",
                "changed_by",
                "from_status",
                "to_status",
                "note",
                "batch_id",
            ],
        )
        con.register("incoming_events", incoming)
        try:
            with transaction(con, "referrals"):
                con.execute("INSERT INTO referral_events SELECT * FROM incoming_events")
                if actor is not None:
                    audit.record(
                        con,
                        actor,
                        "referrals_bulk_updated",
                        object=file_name,
                        details={"batch": batch_id, "referrals": sorted({e[0] for e in events})},
                        rows=len(events),
                        at=now,
                    )
        except (duckdb.ConstraintException, duckdb.TransactionException):
            result.problems.append(Problem(file_name, 1, "", "", message("conflict", lang)))
            return result
        finally:
            con.unregister("incoming_events")
    result.applied = len(events)
    result.batch_id = batch_id if events else None
    return result


# --- reading the queue ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """Which referrals a view shows (None = all)."""

    area: str | None = None
    agencies: tuple[str, ...] | None = None
    statuses: tuple[str, ...] | None = None
    rounds: tuple[int, ...] | None = None
    interventions: tuple[str, ...] | None = None

    def sql(self, alias: str = "r") -> tuple[str, list]:
        p = f"{alias}." if alias else ""
        clauses, params = [], []
        if self.area:
            column = f"{LEVEL_BY_WIDTH.get(len(self.area), 'village')}_code"
            clauses.append(f"{p}{column} = ?")
            params.append(self.area)
        for values, column in (
            (self.agencies, "agency"),
            (self.statuses, "status"),
            (self.rounds, "round_be"),
            (self.interventions, "intervention"),
        ):
            if values is not None:
                values = list(values)
                if not values:
                    clauses.append("false")
                    continue
                clauses.append(f"{p}{column} IN ({', '.join('?' * len(values))})")
                params.extend(values)
        return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def _as_of(as_of: dt.date | None) -> dt.date:
    return as_of or dt.date.today()


def queue(
    con: duckdb.DuckDBPyConnection,
    filters: Filters = Filters(),
    *,
    as_of: dt.date | None = None,
    overdue_only: bool = False,
    limit: int | None = None,
) -> pd.DataFrame:
    """Referrals with their current status, overdue ones first, then by target date.

    ``overdue`` is True for an open referral (not closed, not escalated) whose target date is
    before ``as_of`` (default today); ``days_overdue`` counts the days past it and
    ``days_in_status`` the days since the last change.
    """
    where, params = filters.sql("r")
    open_list = ", ".join(f"'{s}'" for s in OPEN)
    day = _as_of(as_of)
    sql = f"""
        SELECT * FROM (
          SELECT r.referral_id, r.hh_id, r.round_be, r.province_code, r.district_code,
            r.subdistrict_code, r.village_code, r.intervention, r.agency, r.status, r.status_at,
            r.status_by, r.status_note, r.target_date, r.created_at, r.created_by, r.deficits,
            r.events,
            coalesce(r.status IN ({open_list}) AND r.target_date < ?::DATE, false) AS overdue,
            CASE WHEN r.status IN ({open_list}) AND r.target_date < ?::DATE
                 THEN date_diff('day', r.target_date, ?::DATE) ELSE 0 END AS days_overdue,
            date_diff('day', r.status_at::DATE, ?::DATE) AS days_in_status
          FROM referral_current r {where}
        ) q {"WHERE overdue" if overdue_only else ""}
        ORDER BY overdue DESC, days_overdue DESC, target_date NULLS LAST, referral_id
        {f"LIMIT {int(limit)}" if limit else ""}"""
    return con.execute(sql, [day, day, day, day, *params]).df()


def summary(
    con: duckdb.DuckDBPyConnection, filters: Filters = Filters(), *, as_of: dt.date | None = None
) -> dict[str, int]:
    """Counts for the headline: total, open, overdue, closed (resolved + self-resolved), escalated."""
    where, params = filters.sql("r")
    open_list = ", ".join(f"'{s}'" for s in OPEN)
    closed_list = ", ".join(f"'{s}'" for s in CLOSED)
    row = con.execute(
        f"""SELECT count(*),
              count(*) FILTER (WHERE status IN ({open_list})),
              count(*) FILTER (WHERE status IN ({open_list}) AND target_date < ?::DATE),
              count(*) FILTER (WHERE status IN ({closed_list})),
              count(*) FILTER (WHERE status = 'cannot_resolve')
            FROM referral_current r {where}""",
        [_as_of(as_of), *params],
    ).fetchall()[0]
    return dict(zip(("total", "open", "overdue", "closed", "escalated"), row, strict=True))


def funnel(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()) -> pd.DataFrame:
    """Per status: ``current`` (referrals now in it) and ``reached`` (referrals that got at least
    that far along the main line, or ever had the side status), in workflow order.

    A referral created as 'referred' counts as having reached 'identified' and 'verified'.
    """
    where, params = filters.sql("r")
    stages = "[" + ", ".join(f"'{s}'" for s in PIPELINE) + "]"
    sql = f"""
        WITH chosen AS (SELECT referral_id, status FROM referral_current r {where}),
        far AS (
          SELECT e.referral_id, max(list_position({stages}, e.to_status)) AS furthest,
            bool_or(e.to_status = 'self_resolved') AS had_self,
            bool_or(e.to_status = 'cannot_resolve') AS had_escalation
          FROM referral_events e JOIN chosen USING (referral_id) GROUP BY 1
        )
        SELECT (SELECT list(furthest) FROM far) AS furthest,
          (SELECT count(*) FILTER (WHERE had_self) FROM far) AS self_resolved,
          (SELECT count(*) FILTER (WHERE had_escalation) FROM far) AS cannot_resolve,
          (SELECT histogram(status) FROM chosen) AS current"""
    furthest, self_n, esc_n, current = con.execute(sql, params).fetchall()[0]
    furthest = np.array([f for f in (furthest or []) if f is not None])
    current = dict(current or {})
    rows = []
    for i, status in enumerate(PIPELINE, start=1):
        rows.append((status, int(current.get(status, 0)), int((furthest >= i).sum())))
    rows.append(("self_resolved", int(current.get("self_resolved", 0)), int(self_n or 0)))
    rows.append(("cannot_resolve", int(current.get("cannot_resolve", 0)), int(esc_n or 0)))
    return pd.DataFrame(rows, columns=["status", "current", "reached"]).set_index("status")


def by_agency(
    con: duckdb.DuckDBPyConnection, filters: Filters = Filters(), *, as_of: dt.date | None = None
) -> pd.DataFrame:
    """Per agency: referrals in each status, open, overdue and closed (for the queue per agency)."""
    where, params = filters.sql("r")
    open_list = ", ".join(f"'{s}'" for s in OPEN)
    closed_list = ", ".join(f"'{s}'" for s in CLOSED)
    counts = con.execute(
        f"""SELECT agency, status, count(*) AS n FROM referral_current r {where} GROUP BY ALL""",
        params,
    ).df()
    table = counts.pivot_table(index="agency", columns="status", values="n", fill_value=0)
    table = table.reindex(columns=list(STATUSES), fill_value=0).astype(int)
    extra = con.execute(
        f"""SELECT agency,
              count(*) FILTER (WHERE status IN ({open_list})) AS open,
              count(*) FILTER (WHERE status IN ({open_list}) AND target_date < ?::DATE) AS overdue,
              count(*) FILTER (WHERE status IN ({closed_list})) AS closed,
              count(*) AS total
            FROM referral_current r {where} GROUP BY 1""",
        [_as_of(as_of), *params],
    ).df()
    out = table.join(extra.set_index("agency"), how="outer").fillna(0).astype(int)
    return out.sort_values("open", ascending=False)


#: A household received an intervention when its referral's history reached this status.
RECEIVED_STATUS = "assisted"


def received_sql() -> str:
    """The SELECT of interventions households actually received: referrals whose history
    reached 'assisted' (:data:`RECEIVED_STATUS`, even if they moved on since), with ``hh_id``,
    ``round_be`` (the round the referral was based on) and ``intervention``; one row per
    referral. The one statement of the rule: :func:`received` and :mod:`query.outcomes` read it.

    >>> con = duckdb.connect()
    >>> _ = con.execute("CREATE TABLE referrals AS SELECT * FROM (VALUES ('R1', 'H1', 2564, 'x'),"
    ...     " ('R2', 'H2', 2564, 'y')) AS t(referral_id, hh_id, round_be, intervention)")
    >>> _ = con.execute("CREATE TABLE referral_events AS SELECT * FROM (VALUES ('R1', 'assisted'),"
    ...     " ('R1', 'resolved'), ('R2', 'referred')) AS t(referral_id, to_status)")
    >>> con.execute(received_sql()).fetchall()
    [('H1', 2564, 'x')]
    """
    return (
        "SELECT r.hh_id, r.round_be, r.intervention FROM referrals AS r WHERE r.referral_id IN"
        f" (SELECT referral_id FROM referral_events WHERE to_status = '{RECEIVED_STATUS}')"
    )


def received(con: duckdb.DuckDBPyConnection, catalogue: Catalogue | None = None) -> pd.DataFrame:
    """Interventions households actually received (:func:`received_sql`) with their ``type``
    from the catalogue (``other`` when not in it): columns ``hh_id``, ``round_be``,
    ``intervention`` and ``type``; one row per referral.
    """
    catalogue = catalogue or load_catalogue()
    frame = con.execute(received_sql()).df()
    frame["type"] = frame["intervention"].map(catalogue.interventions["type"]).fillna("other")
    return frame


def export_frame(
    con: duckdb.DuckDBPyConnection,
    filters: Filters = Filters(),
    *,
    catalogue: Catalogue | None = None,
    lang: str = "th",
    as_of: dt.date | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """The queue as a spreadsheet for an agency: names in ``lang``, the current status and last
    note, and empty ``new_status`` / ``new_note`` columns to fill in and import back."""
    catalogue = catalogue or load_catalogue()
    q = queue(con, filters, as_of=as_of, limit=limit)
    name_col = "name_en" if lang == "en" else "name_th"
    short_col = "short_en" if lang == "en" else "short_th"
    return pd.DataFrame(
        {
            "referral_id": q["referral_id"],
            "hh_id": q["hh_id"],
            "round_be": q["round_be"],
            "village_code": q["village_code"],
            "intervention": q["intervention"],
            "intervention_name": q["intervention"].map(catalogue.interventions[name_col]),
            "agency": q["agency"],
            "agency_name": q["agency"].map(catalogue.agencies[short_col]),
            "status": q["status"],
            "status_label": q["status"].map(lambda s: status_label(s, lang)),
            "allowed_next": q["status"].map(
                {k: "; ".join(status_label(s, lang) for s in v) for k, v in TRANSITIONS.items()}
            ),
            "target_date": q["target_date"],
            "overdue": q["overdue"],
            "last_change": q["status_at"],
            "last_note": q["status_note"],
            "new_status": None,
            "new_note": None,
        }
    )
