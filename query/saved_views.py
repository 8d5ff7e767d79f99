"""Saved views and storylines through the door (written by :mod:`data.saved_views`).

A :class:`SavedView` is a page and its query parameters, as the URL of that page held them when
it was saved; a :class:`Storyline` is its saved views in slide order.

Example:
    >>> from data import store
    >>> from data.saved_views import create_storyline, save_view
    >>> con = store.connect(":memory:")
    >>> v = save_view(con, "map", {"area": "46", "metric": "headcount_ratio"}, "Kalasin")
    >>> view(con, v).param("metric"), view(con, v).query()
    ('headcount_ratio', {'area': ['46'], 'metric': ['headcount_ratio']})
    >>> s = create_storyline(con, "Committee", view_ids=[v, v])
    >>> [x.title for x in storyline(con, s).views]
    ['Kalasin', 'Kalasin']
    >>> view(con, 99) is None, storyline(con, 99) is None
    (True, True)
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import duckdb
import pandas as pd


@dataclass(frozen=True)
class SavedView:
    """One saved view: ``page`` (its URL path) and ``params`` (``{name: (values, ...)}``)."""

    view_id: int
    page: str
    params: tuple[tuple[str, tuple[str, ...]], ...]
    title: str
    note: str
    created_at: dt.datetime

    def param(self, name: str) -> str | None:
        """The parameter's (last) value, None when the view has none."""
        values = dict(self.params).get(name)
        return values[-1] if values else None

    def query(self) -> dict[str, list[str]]:
        """The parameters as ``st.query_params.from_dict`` takes them."""
        return {name: list(values) for name, values in self.params}


@dataclass(frozen=True)
class Storyline:
    storyline_id: int
    title: str
    note: str
    views: tuple[SavedView, ...]


_VIEW_COLUMNS = "view_id, page, params, title, note, created_at"


def _view(row: tuple) -> SavedView:
    view_id, page, params, title, note, created_at = row
    parsed = json.loads(params)
    pairs = tuple((str(k), tuple(str(v) for v in parsed[k])) for k in sorted(parsed))
    return SavedView(int(view_id), page, pairs, title, note, created_at)


def views(con: duckdb.DuckDBPyConnection) -> list[SavedView]:
    """Every saved view, the newest first."""
    rows = con.execute(f"SELECT {_VIEW_COLUMNS} FROM saved_views ORDER BY view_id DESC").fetchall()
    return [_view(r) for r in rows]


def view(con: duckdb.DuckDBPyConnection, view_id: int) -> SavedView | None:
    """One saved view (None when there is none of that number)."""
    row = con.execute(
        f"SELECT {_VIEW_COLUMNS} FROM saved_views WHERE view_id = ?", [int(view_id)]
    ).fetchone()
    return None if row is None else _view(row)


def storylines(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every storyline, the newest first: ``storyline_id``, ``title``, ``note``, ``views`` (how
    many slides) and ``changed_at``."""
    return con.execute(
        "SELECT s.storyline_id, s.title, s.note, count(v.view_id)::INTEGER AS views, s.changed_at "
        "FROM storylines s LEFT JOIN storyline_views v USING (storyline_id) "
        "GROUP BY ALL ORDER BY s.storyline_id DESC"
    ).df()


def storyline(con: duckdb.DuckDBPyConnection, storyline_id: int) -> Storyline | None:
    """One storyline with its saved views in slide order (None when there is none)."""
    head = con.execute(
        "SELECT storyline_id, title, note FROM storylines WHERE storyline_id = ?",
        [int(storyline_id)],
    ).fetchone()
    if head is None:
        return None
    rows = con.execute(
        "SELECT v.view_id, v.page, v.params, v.title, v.note, v.created_at "
        "FROM storyline_views s JOIN saved_views v USING (view_id) "
        "WHERE s.storyline_id = ? ORDER BY s.position",
        [int(storyline_id)],
    ).fetchall()
    return Storyline(int(head[0]), head[1], head[2], tuple(_view(r) for r in rows))
