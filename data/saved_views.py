"""Saved views and storylines: the writes (the reads are :mod:`query.saved_views`).

A **saved view** is one page's state as its URL holds it (the page's path, e.g. ``map``, and its
query parameters: language, round, area, level, metric, classes, palette, zoom and centre...)
with a title and a note. A **storyline** is an ordered list of saved views, the slides that
``?present=<storyline id>`` shows one per screen. Tables: ``data/migrations/007_saved_views.sql``.

Each write is one transaction (:func:`data.store.atomic`): saved views change no number that a
cached read depends on, so they leave the store's data version alone and no map or table is
computed again because someone saved a view. A refused write raises :class:`SavedViewError`,
whose message the app shows in Thai or English. National ID numbers in titles, notes and
parameters are replaced before anything is stored (:func:`data.referrals.scrub_note`).

Example:
    >>> from data import store
    >>> con = store.connect(":memory:")
    >>> first = save_view(con, "map", {"lang": "th", "area": "46"}, "กาฬสินธุ์", "")
    >>> second = save_view(con, "why", {"area": ["46"]}, "Causes", "for the committee")
    >>> story = create_storyline(con, "Committee", "", [first, second])
    >>> move_in_storyline(con, story, 2, -1)
    >>> con.execute("SELECT view_id FROM storyline_views ORDER BY position").fetchall()
    [(2,), (1,)]
    >>> save_view(con, "map", {}, "  ", "")
    Traceback (most recent call last):
    ...
    data.saved_views.SavedViewError: give the view a title
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence

import duckdb

from data.messages import msg, register
from data.referrals import scrub_note
from data.store import atomic

TITLE_MAX = 120
NOTE_MAX = 1000
#: The longest parameter set a view keeps, as JSON (a page's URL state is a few hundred).
PARAMS_MAX = 4000
#: The most slides a storyline holds.
STORYLINE_MAX = 60
#: Query parameters of the presentation itself: never part of a saved view.
PRESENTATION_PARAMS = ("present", "slide")

_PAGE = re.compile(r"^[a-z][a-z0-9_-]{0,40}$")
_PARAM = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,40}$")

MESSAGES: dict[str, tuple[str, str]] = {
    "saved_view.no_title": ("ต้องตั้งชื่อมุมมอง", "give the view a title"),
    "saved_view.no_storyline_title": ("ต้องตั้งชื่อลำดับเรื่อง", "give the storyline a title"),
    "saved_view.title_too_long": (
        "ชื่อยาวเกิน {limit} ตัวอักษร",
        "the title is longer than {limit} characters",
    ),
    "saved_view.note_too_long": (
        "บันทึกยาวเกิน {limit} ตัวอักษร",
        "the note is longer than {limit} characters",
    ),
    "saved_view.bad_page": ("ไม่รู้จักหน้า “{page}”", "unknown page “{page}”"),
    "saved_view.bad_param": (
        "ค่า “{name}” ในลิงก์ไม่ถูกต้อง",
        "the link's parameter “{name}” is not valid",
    ),
    "saved_view.too_big": (
        "มุมมองนี้มีค่าในลิงก์มากเกินไป (เกิน {limit} ตัวอักษร)",
        "this view's link holds too much (over {limit} characters)",
    ),
    "saved_view.unknown_view": (
        "ไม่พบมุมมองที่บันทึกไว้หมายเลข {view_id}",
        "no saved view number {view_id}",
    ),
    "saved_view.unknown_storyline": (
        "ไม่พบลำดับเรื่องหมายเลข {storyline_id}",
        "no storyline number {storyline_id}",
    ),
    "saved_view.too_many_views": (
        "ลำดับเรื่องมีมุมมองได้ไม่เกิน {limit} มุมมอง",
        "a storyline holds at most {limit} views",
    ),
    "saved_view.bad_position": (
        "ไม่มีมุมมองลำดับที่ {position} ในลำดับเรื่องนี้",
        "this storyline has no view at position {position}",
    ),
    "saved_view.conflict": (
        "มีผู้อื่นแก้ไขพร้อมกัน กรุณาลองอีกครั้ง",
        "someone else changed it at the same time: try again",
    ),
}
register(MESSAGES, "data/saved_views.py")


class SavedViewError(ValueError):
    """A refused write: ``code`` (a key of :data:`MESSAGES` without its prefix) and its
    parameters; :meth:`text` gives the message in Thai or English."""

    def __init__(self, code: str, **params: object):
        self.code = code
        self.params = params
        self.message = msg(f"saved_view.{code}", **params)
        super().__init__(str(self.message))

    def text(self, lang: str = "en") -> str:
        return self.message.render(lang)


# --- checks -----------------------------------------------------------------------------------------


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def clean_title(title: object, *, kind: str = "view") -> str:
    """``title`` stripped, national IDs replaced; refused when empty or too long.

    >>> clean_title("  Kalasin  ")
    'Kalasin'
    """
    text = scrub_note(title)
    text = " ".join(text.split())
    if not text:
        raise SavedViewError("no_title" if kind == "view" else "no_storyline_title")
    if len(text) > TITLE_MAX:
        raise SavedViewError("title_too_long", limit=TITLE_MAX)
    return text


def clean_note(note: object) -> str:
    """``note`` stripped, national IDs replaced; refused when too long."""
    text = str(note or "").strip()
    if len(text) > NOTE_MAX:
        raise SavedViewError("note_too_long", limit=NOTE_MAX)
    return scrub_note(text)


def clean_page(page: object) -> str:
    """A page's URL path (``map``, ``why``): lower-case letters, digits, ``_`` and ``-``."""
    text = str(page or "").strip().strip("/")
    if not _PAGE.match(text):
        raise SavedViewError("bad_page", page=text[:40])
    return text


def clean_params(params: Mapping[str, object]) -> dict[str, list[str]]:
    """Query parameters as ``{name: [values]}`` (a single value becomes a list of one, an empty
    value is left out), without the presentation's own (:data:`PRESENTATION_PARAMS`) and with
    national IDs replaced; names sorted. Refused: a name that is not a plain word, a value that
    is not text, or more than :data:`PARAMS_MAX` characters in all.

    >>> clean_params({"round": "2564", "type": ["a", "b"], "present": "3", "area": ""})
    {'round': ['2564'], 'type': ['a', 'b']}
    """
    out: dict[str, list[str]] = {}
    size = 0
    for name in sorted(params):
        if not isinstance(name, str) or not _PARAM.match(name):
            raise SavedViewError("bad_param", name=str(name)[:40])
        if name in PRESENTATION_PARAMS:
            continue
        raw = params[name]
        values = [raw] if isinstance(raw, str | int) else raw
        if not isinstance(values, Sequence) or isinstance(values, str | bytes):
            raise SavedViewError("bad_param", name=name)
        kept = []
        for value in values:
            if not isinstance(value, str | int) or isinstance(value, bool):
                raise SavedViewError("bad_param", name=name)
            text = str(value)
            if "\x00" in text:
                raise SavedViewError("bad_param", name=name)
            size += len(name) + len(text)
            if text:
                kept.append(scrub_note(text))
        if kept:
            out[name] = kept
    if size > PARAMS_MAX or len(json.dumps(out, ensure_ascii=False)) > PARAMS_MAX:
        raise SavedViewError("too_big", limit=PARAMS_MAX)
    return out


def _exists(con: duckdb.DuckDBPyConnection, table: str, column: str, value: int) -> bool:
    return bool(
        con.execute(f"SELECT count(*) FROM {table} WHERE {column} = ?", [value]).fetchone()[0]
    )


def _view_id(con: duckdb.DuckDBPyConnection, view_id: object) -> int:
    try:
        number = int(view_id)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise SavedViewError("unknown_view", view_id=str(view_id)[:20]) from None
    if not _exists(con, "saved_views", "view_id", number):
        raise SavedViewError("unknown_view", view_id=number)
    return number


def _storyline_id(con: duckdb.DuckDBPyConnection, storyline_id: object) -> int:
    try:
        number = int(storyline_id)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise SavedViewError("unknown_storyline", storyline_id=str(storyline_id)[:20]) from None
    if not _exists(con, "storylines", "storyline_id", number):
        raise SavedViewError("unknown_storyline", storyline_id=number)
    return number


class _Write:
    """One transaction; a write that lost a race with another (DuckDB's conflict) is refused
    with a message, not a traceback."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        self._block = atomic(con)

    def __enter__(self) -> duckdb.DuckDBPyConnection:
        return self._block.__enter__()

    def __exit__(self, kind, exc, tb) -> bool:
        self._block.__exit__(kind, exc, tb)
        if isinstance(exc, duckdb.TransactionException | duckdb.ConstraintException):
            raise SavedViewError("conflict") from exc
        return False


# --- saved views ------------------------------------------------------------------------------------


def save_view(
    con: duckdb.DuckDBPyConnection,
    page: str,
    params: Mapping[str, object],
    title: str,
    note: str = "",
    by: str | None = None,
) -> int:
    """Store ``page`` with its query ``params`` as a new saved view; returns its number."""
    row = [
        clean_page(page),
        json.dumps(clean_params(params), ensure_ascii=False, sort_keys=True),
        clean_title(title),
        clean_note(note),
    ]
    now = _now()
    with _Write(con):
        return int(
            con.execute(
                "INSERT INTO saved_views (page, params, title, note, created_at, changed_at, "
                "created_by) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING view_id",
                [*row, now, now, by],
            ).fetchone()[0]
        )


def update_view(con: duckdb.DuckDBPyConnection, view_id: int, *, title: str, note: str) -> None:
    """A saved view's new title and note (its page and parameters stay)."""
    title, note = clean_title(title), clean_note(note)
    with _Write(con):
        number = _view_id(con, view_id)
        con.execute(
            "UPDATE saved_views SET title = ?, note = ?, changed_at = ? WHERE view_id = ?",
            [title, note, _now(), number],
        )


def delete_view(con: duckdb.DuckDBPyConnection, view_id: int) -> None:
    """Delete a saved view, and take it out of every storyline (the slides after it move up)."""
    with _Write(con):
        number = _view_id(con, view_id)
        stories = [
            r[0]
            for r in con.execute(
                "SELECT DISTINCT storyline_id FROM storyline_views WHERE view_id = ?", [number]
            ).fetchall()
        ]
        for story in stories:
            kept = [v for v in _order(con, story) if v != number]
            _write_order(con, story, kept)
        con.execute("DELETE FROM saved_views WHERE view_id = ?", [number])


# --- storylines ---------------------------------------------------------------------------------------


def _order(con: duckdb.DuckDBPyConnection, storyline_id: int) -> list[int]:
    return [
        r[0]
        for r in con.execute(
            "SELECT view_id FROM storyline_views WHERE storyline_id = ? ORDER BY position",
            [storyline_id],
        ).fetchall()
    ]


def _write_order(
    con: duckdb.DuckDBPyConnection, storyline_id: int, view_ids: Sequence[int]
) -> None:
    con.execute("DELETE FROM storyline_views WHERE storyline_id = ?", [storyline_id])
    if view_ids:
        con.executemany(
            "INSERT INTO storyline_views VALUES (?, ?, ?)",
            [[storyline_id, i, v] for i, v in enumerate(view_ids, start=1)],
        )
    con.execute(
        "UPDATE storylines SET changed_at = ? WHERE storyline_id = ?", [_now(), storyline_id]
    )


def _checked_views(con: duckdb.DuckDBPyConnection, view_ids: Sequence[object]) -> list[int]:
    if len(view_ids) > STORYLINE_MAX:
        raise SavedViewError("too_many_views", limit=STORYLINE_MAX)
    return [_view_id(con, v) for v in view_ids]


def create_storyline(
    con: duckdb.DuckDBPyConnection,
    title: str,
    note: str = "",
    view_ids: Sequence[int] = (),
    by: str | None = None,
) -> int:
    """A new storyline of ``view_ids`` in that order; returns its number."""
    title, note = clean_title(title, kind="storyline"), clean_note(note)
    now = _now()
    with _Write(con):
        views = _checked_views(con, view_ids)
        number = int(
            con.execute(
                "INSERT INTO storylines (title, note, created_at, changed_at, created_by) "
                "VALUES (?, ?, ?, ?, ?) RETURNING storyline_id",
                [title, note, now, now, by],
            ).fetchone()[0]
        )
        _write_order(con, number, views)
    return number


def update_storyline(
    con: duckdb.DuckDBPyConnection, storyline_id: int, *, title: str, note: str
) -> None:
    """A storyline's new title and note (its slides stay)."""
    title, note = clean_title(title, kind="storyline"), clean_note(note)
    with _Write(con):
        number = _storyline_id(con, storyline_id)
        con.execute(
            "UPDATE storylines SET title = ?, note = ?, changed_at = ? WHERE storyline_id = ?",
            [title, note, _now(), number],
        )


def set_storyline_views(
    con: duckdb.DuckDBPyConnection, storyline_id: int, view_ids: Sequence[int]
) -> None:
    """Make ``view_ids``, in that order, the storyline's slides."""
    with _Write(con):
        number = _storyline_id(con, storyline_id)
        _write_order(con, number, _checked_views(con, view_ids))


def add_to_storyline(con: duckdb.DuckDBPyConnection, storyline_id: int, view_id: int) -> None:
    """Put ``view_id`` at the end of the storyline."""
    with _Write(con):
        number = _storyline_id(con, storyline_id)
        order = _order(con, number)
        _write_order(con, number, _checked_views(con, [*order, view_id]))


def move_in_storyline(
    con: duckdb.DuckDBPyConnection, storyline_id: int, position: int, offset: int
) -> None:
    """Move the slide at ``position`` (1 = the first) by ``offset`` places (-1: one earlier),
    stopping at either end."""
    with _Write(con):
        number = _storyline_id(con, storyline_id)
        order = _order(con, number)
        if not 1 <= int(position) <= len(order):
            raise SavedViewError("bad_position", position=position)
        view = order.pop(int(position) - 1)
        order.insert(min(max(int(position) - 1 + int(offset), 0), len(order)), view)
        _write_order(con, number, order)


def remove_from_storyline(con: duckdb.DuckDBPyConnection, storyline_id: int, position: int) -> None:
    """Take the slide at ``position`` out of the storyline (the saved view stays)."""
    with _Write(con):
        number = _storyline_id(con, storyline_id)
        order = _order(con, number)
        if not 1 <= int(position) <= len(order):
            raise SavedViewError("bad_position", position=position)
        del order[int(position) - 1]
        _write_order(con, number, order)


def delete_storyline(con: duckdb.DuckDBPyConnection, storyline_id: int) -> None:
    """Delete a storyline (its saved views stay)."""
    with _Write(con):
        number = _storyline_id(con, storyline_id)
        con.execute("DELETE FROM storyline_views WHERE storyline_id = ?", [number])
        con.execute("DELETE FROM storylines WHERE storyline_id = ?", [number])
