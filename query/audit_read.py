"""Reading the audit trail (``data.audit`` writes it): filtered, a page at a time, exported.

The admin page and the command line ask for the entries of a user, of some actions, of a time
span or about some objects (a household ID, a referral ID), newest first, and export them as CSV
through :mod:`data.export` (formulas defused: a user name or file name is text from outside).

Example:
    >>> import datetime as dt
    >>> from data import audit, store
    >>> con = store.connect(":memory:")
    >>> at = dt.datetime(2025, 1, 6, 9, 0)
    >>> for who, action in [("nok", "signed_in"), ("somsri", "signed_in"), ("nok", "signed_out")]:
    ...     _ = audit.record(con, audit.Actor(who), action, object=who, at=at)
    >>> entries(con, AuditFilter(who="nok"))[["who", "action"]].values.tolist()
    [['nok', 'signed_out'], ['nok', 'signed_in']]
    >>> count(con, AuditFilter(actions=("signed_in",)))
    2
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import pandas as pd

from data import export
from data.audit import ACTIONS

#: The columns of an entry, in the order they are shown and exported.
COLUMNS = (
    "seq",
    "logged_at",
    "who",
    "roles",
    "from_addr",
    "action",
    "object",
    "details",
    "row_count",
    "scope",
)


@dataclass(frozen=True)
class AuditFilter:
    """Which entries (None: any). ``since`` is inclusive, ``until`` exclusive."""

    who: str | None = None
    actions: tuple[str, ...] | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    objects: tuple[str, ...] | None = None

    def sql(self) -> tuple[str, list]:
        """The WHERE clause (``TRUE`` for no filter) and its parameters."""
        clauses, params = [], []
        if self.who is not None:
            clauses.append("who = ?")
            params.append(self.who)
        if self.actions is not None:
            unknown = [a for a in self.actions if a not in ACTIONS]
            if unknown:
                raise ValueError(f"unknown audit action(s) {unknown}: use {', '.join(ACTIONS)}")
            clauses.append("list_contains(?, action)")
            params.append(list(self.actions))
        if self.since is not None:
            clauses.append("logged_at >= ?")
            params.append(self.since)
        if self.until is not None:
            clauses.append("logged_at < ?")
            params.append(self.until)
        if self.objects is not None:
            clauses.append("list_contains(?, object)")
            params.append(list(self.objects))
        return (" AND ".join(clauses) or "TRUE"), params


def entries(
    con: duckdb.DuckDBPyConnection,
    filters: AuditFilter = AuditFilter(),
    *,
    limit: int | None = 100,
    offset: int = 0,
    lang: str | None = None,
) -> pd.DataFrame:
    """The entries ``filters`` keeps, newest first, ``limit`` of them from ``offset`` (None:
    all); with ``lang``, each action's name in that language beside its code (``action_name``)."""
    where, params = filters.sql()
    page = "" if limit is None else f"LIMIT {int(limit)} OFFSET {int(offset)}"
    frame = con.execute(
        f"SELECT {', '.join(COLUMNS)} FROM audit WHERE {where} ORDER BY seq DESC {page}", params
    ).df()
    if lang is not None:
        names = action_names(list(frame["action"]), lang)
        frame.insert(COLUMNS.index("action") + 1, "action_name", names)
    return frame


def count(con: duckdb.DuckDBPyConnection, filters: AuditFilter = AuditFilter()) -> int:
    """How many entries ``filters`` keeps."""
    where, params = filters.sql()
    return int(con.execute(f"SELECT count(*) FROM audit WHERE {where}", params).fetchall()[0][0])


def action_names(codes: Sequence[str], lang: str = "en") -> list[str]:
    """The names of the actions ``codes`` in ``lang`` (the code itself for an unknown one)."""
    return [
        (ACTIONS[c].th if lang == "th" else ACTIONS[c].en) if c in ACTIONS else c for c in codes
    ]


def export_csv(
    con: duckdb.DuckDBPyConnection,
    filters: AuditFilter = AuditFilter(),
    *,
    lang: str = "en",
) -> str:
    """Every entry ``filters`` keeps as CSV text (newest first), with each action's name in
    ``lang`` beside its code; written by :func:`data.export.csv_text` (formulas defused)."""
    return export.csv_text(entries(con, filters, limit=None, lang=lang))
