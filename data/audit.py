"""The audit trail: who did what, when, from where, to which object, in which areas.

One function writes it, :func:`record`, inside the caller's transaction when there is one (a
referral change and its entry commit or roll back together). The trail is append-only: nothing
updates an entry, and only the retention command deletes the ones older than the retention
period (:func:`purge`, which leaves an entry saying it did). Reads are ``query.audit_read``.

Each entry names an action of :data:`ACTIONS`. Its details are codes, counts and statuses as
JSON text, never household values, notes or IDs of people (a 13-digit run is hidden all the
same), so the trail can be shown to an administrator and exported.

Example:
    >>> from data import store
    >>> con = store.connect(":memory:")
    >>> officer = Actor("somchai", ("provincial",), "10.0.0.7")
    >>> record(con, officer, "household_viewed", object="H1", scope=["46"])
    1
    >>> con.execute("SELECT who, roles, action, object, scope FROM audit").fetchall()
    [('somchai', 'provincial', 'household_viewed', 'H1', '46')]
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import getpass
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb


@dataclass(frozen=True)
class Action:
    """An audited action: its name in Thai and English, and what its entry records."""

    th: str
    en: str
    records: str


#: Every audited action, listed once. The catalogue (``data/messages_access.py``) shows the
#: names as ``audit.action.<code>``.
ACTIONS: dict[str, Action] = {
    "signed_in": Action("เข้าสู่ระบบ", "Signed in", "object: the user name"),
    "sign_in_failed": Action(
        "เข้าสู่ระบบไม่สำเร็จ",
        "Failed sign-in",
        "details: why (wrong password, locked, disabled, no such account) and the lock's end; "
        "who and object are empty for a name that is no account (it may be a password typed "
        "into the name box)",
    ),
    "signed_out": Action("ออกจากระบบ", "Signed out", "object: the user name"),
    "user_added": Action(
        "เพิ่มผู้ใช้", "Added an account", "object: its name; details: roles, areas, agencies"
    ),
    "user_changed": Action(
        "แก้ไขบทบาทหรือขอบเขตของผู้ใช้",
        "Changed an account's roles or scopes",
        "object: its name; details: the fields before and after",
    ),
    "user_disabled": Action(
        "ระงับผู้ใช้", "Disabled an account", "object: its name; its open sessions end"
    ),
    "user_enabled": Action("เปิดใช้ผู้ใช้อีกครั้ง", "Enabled an account", "object: its name"),
    "password_reset": Action(
        "ตั้งรหัสผ่านใหม่", "Reset a password", "object: the account; its open sessions end"
    ),
    "household_viewed": Action(
        "ดูข้อมูลครัวเรือน",
        "Viewed a household record",
        "object: the household ID; scope: its area and round",
    ),
    "file_downloaded": Action(
        "ดาวน์โหลดไฟล์",
        "Downloaded a file",
        "object: the file name; rows: rows in it; scope: its areas and round; details: columns",
    ),
    "referral_created": Action(
        "สร้างการส่งต่อ",
        "Created a referral",
        "object: the referral ID; details: household, round, intervention, agency, status",
    ),
    "referral_changed": Action(
        "เปลี่ยนสถานะการส่งต่อ",
        "Changed a referral",
        "object: the referral ID; details: household, from and to status",
    ),
    "referrals_bulk_updated": Action(
        "ปรับสถานะการส่งต่อจากไฟล์",
        "Changed referrals from a file",
        "object: the file name; rows: status changes; details: the batch and referral IDs",
    ),
    "verification_set": Action(
        "บันทึกผลสอบทาน",
        "Recorded a verification",
        "object: the household ID; details: round, status, flags",
    ),
    "file_imported": Action(
        "นำเข้าไฟล์",
        "Imported a file",
        "object: the file name; rows: rows stored; details: kind and import ID",
    ),
    "subject_report": Action(
        "ออกรายงานข้อมูลให้เจ้าของข้อมูล",
        "Produced a subject report",
        "object: the household ID; rows: rows reported; details: the format",
    ),
    "household_erased": Action(
        "ลบข้อมูลครัวเรือนตามคำขอ",
        "Erased a household",
        "object: a keyed token of the household ID (not the ID); details: the reason and the "
        "rows removed per table",
    ),
    "retention_applied": Action(
        "ลบข้อมูลที่พ้นระยะเวลาเก็บรักษา",
        "Applied the retention periods",
        "rows: audit entries deleted; details: what else was deleted and the cut-off",
    ),
}

#: A 13-digit run (a national ID, with or without dashes): never kept in details.
_ID_RUN = re.compile(r"(?<!\d)\d(?:[\s-]?\d){12}(?!\d)")


@dataclass(frozen=True)
class Actor:
    """Who acts: a user name (``""`` for nobody signed in), the roles held, the client address."""

    name: str
    roles: tuple[str, ...] = ()
    address: str = ""

    @classmethod
    def cli(cls) -> Actor:
        """The person at the command line: ``cli:<login name>``, from ``cli``."""
        try:
            login = getpass.getuser()
        except (OSError, KeyError):
            login = "unknown"
        return cls(f"cli:{login}", (), "cli")


#: Nobody signed in, from an unknown address.
NOBODY = Actor("")

#: Who is acting in this thread or task when a write does not say (see :func:`acting_as`).
_ACTING: contextvars.ContextVar[Actor | None] = contextvars.ContextVar("povmap_actor", default=None)


@contextlib.contextmanager
def acting_as(actor: Actor) -> Iterator[None]:
    """Within the block, writes that record who acted without being told (an import's
    ``file_imported`` entry) name ``actor``: the app runs each page as the signed-in user."""
    token = _ACTING.set(actor)
    try:
        yield
    finally:
        _ACTING.reset(token)


def acting() -> Actor:
    """Who acts here: the :func:`acting_as` actor, else the person at the command line."""
    return _ACTING.get() or Actor.cli()


def record(
    con: duckdb.DuckDBPyConnection,
    who: Actor | object,
    action: str,
    *,
    object: str = "",
    details: Mapping[str, object] | None = None,
    rows: int | None = None,
    scope: str | Iterable[str] = "",
    at: dt.datetime | None = None,
) -> int:
    """Append one entry and return its number.

    ``who`` is an :class:`Actor` or anything with an ``actor`` (a ``data.users.Session``). The
    entry belongs to the caller's open transaction if there is one, else it commits alone.

    Raises:
        ValueError: ``action`` is not one of :data:`ACTIONS`.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}: use one of {', '.join(ACTIONS)}")
    actor = getattr(who, "actor", who)
    if not isinstance(actor, Actor):
        raise TypeError(f"who must be an Actor or carry one, not {type(who).__name__}")
    text = json.dumps(dict(details or {}), ensure_ascii=False, sort_keys=True, default=str)
    scope_text = scope if isinstance(scope, str) else ";".join(str(s) for s in scope)
    row = con.execute(
        """INSERT INTO audit (logged_at, who, roles, from_addr, action, object, details, row_count, scope)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq""",
        [
            at or dt.datetime.now(),
            actor.name,
            ";".join(actor.roles),
            actor.address,
            action,
            str(object),
            _ID_RUN.sub("<hidden 13-digit number>", text),
            None if rows is None else int(rows),
            scope_text,
        ],
    ).fetchall()
    return int(row[0][0])


def purge(
    con: duckdb.DuckDBPyConnection,
    before: dt.datetime,
    who: Actor | object,
    *,
    details: Mapping[str, object] | None = None,
    at: dt.datetime | None = None,
) -> int:
    """Delete the entries older than ``before`` and record that retention ran (with
    ``details`` and the count). The only deletion of audit entries. Call it inside the caller's
    transaction (``data.store.atomic``, as ``povmap.retention.apply`` does) so that the deletion
    and its entry are one; this module imports nothing of the store, which writes audit entries
    itself. Returns how many were deleted."""
    (count,) = con.execute("SELECT count(*) FROM audit WHERE logged_at < ?", [before]).fetchall()[0]
    con.execute("DELETE FROM audit WHERE logged_at < ?", [before])
    record(
        con,
        who,
        "retention_applied",
        details={**dict(details or {}), "audit_entries": int(count), "before": before},
        rows=int(count),
        at=at,
    )
    return int(count)
