"""The same key twice in one import file (household and round, person, national ID): the
later row is rejected with a reason naming the line that is kept and the columns that differ.

Within one chunk the validator marks the later rows (:func:`explain_duplicates` adds the
line and the differences); across the chunks of a large file the staged rows are compared in
DuckDB (:func:`duplicates_across_chunks`). Households stored twice under different IDs, or one
person in two households, are another matter: ``data.duplicates`` lists those for review.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from data import store
from data.messages import Text, msg
from data.problems import Problem
from data.staging import Stage, register, unregister
from data.validate import Validation

HOUSEHOLD_KEYS = store.HOUSEHOLD_KEYS
MEMBER_KEYS = ("hh_id", "round_be", "person_no")
REGISTRY_KEYS = ("id_hash", "snapshot_be")
#: the column a duplicate is reported on, by kind of file
_SHOWN_COLUMN = {"households": "hh_id", "members": "person_no", "registry": "national_id"}

#: the validator's reason for a key it saw earlier in the same chunk
_VALIDATOR_EARLIER = {
    kind: f"validate.earlier.{kind}" for kind in ("households", "members", "registry")
}


def duplicate_reason(
    kind: str, first_line: int, differs: list[str], *, first_rejected: bool = False
) -> str:
    """Why a row whose key (household and round, person, ...) is on an earlier line too is
    rejected, naming the line that is kept and the columns whose values differ.

    >>> duplicate_reason("households", 4, ["members", "lat"])
    'same household and round as an earlier line, with other values: the earlier row is kept, this one rejected (kept: line 4; differs in: members, lat)'
    >>> duplicate_reason("households", 1200, [])
    'same household and round as an earlier line, with the same values: the earlier row is kept, this one rejected (kept: line 1,200)'
    """
    what = msg(f"dup.what.{kind}")
    line = f"{first_line:,}"
    if first_rejected:
        return msg("dup.rejected_too", what=what, line=line)
    if differs:
        kept = msg("dup.kept_differs", line=line, columns=", ".join(differs))
        return msg("dup.other_values", what=what, kept=kept)
    return msg("dup.same_values", what=what, kept=msg("dup.kept", line=line))


def _innermost(reason: str) -> str:
    """The code of the reason inside any ``column 'header': …`` prefix."""
    while isinstance(reason, Text) and reason.code == "column":
        reason = reason.params["inner"]  # type: ignore[assignment]
    return reason.code if isinstance(reason, Text) else ""


def _replace_innermost(reason: str, new: Text) -> Text:
    if isinstance(reason, Text) and reason.code == "column":
        inner = _replace_innermost(reason.params["inner"], new)  # type: ignore[arg-type]
        return msg("column", **{**reason.params, "inner": inner})
    return new


def file_keys(kind: str) -> tuple[str, ...]:
    return {"households": HOUSEHOLD_KEYS, "members": MEMBER_KEYS, "registry": REGISTRY_KEYS}[kind]


def _differing(later: pd.DataFrame, earlier: pd.DataFrame, skip: set[str]) -> list[list[str]]:
    """For each row pair (same position), the columns whose values differ (missing = missing)."""
    later, earlier = later.reset_index(drop=True), earlier.reset_index(drop=True)
    out: list[list[str]] = [[] for _ in range(len(later))]
    for column in later.columns:
        if column in skip:
            continue
        a, b = later[column], earlier[column]
        both = (a.notna() & b.notna()).to_numpy(bool)
        differ = (a.isna() != b.isna()).to_numpy(bool)
        if both.any():
            differ = differ | (both & (a.where(both) != b.where(both)).fillna(False).to_numpy(bool))
        for i in np.flatnonzero(differ):
            out[i].append(str(column))
    return out


def explain_duplicates(kind: str, validation: Validation, lines: np.ndarray) -> None:
    """The validator's "appears earlier" problems of one chunk, with the line that is kept
    and what differs (:func:`duplicate_reason`)."""
    earlier = _VALIDATOR_EARLIER[kind]
    problems = validation.problems
    marked = [k for k, p in enumerate(problems) if _innermost(p.reason) == earlier]
    frame = validation.frame
    keys = [k for k in file_keys(kind) if k in frame]
    if not marked or not keys or len(frame) != len(lines):
        return
    # a row with a missing key is in no group (NaN: the numbers are floats), so its own first
    group = frame.groupby(keys, sort=False, dropna=True).ngroup().to_numpy()
    rows = pd.Series(np.arange(len(frame)))
    first = rows.groupby(group).transform("min").fillna(rows).to_numpy(np.int64)
    lines = np.asarray(lines, np.int64)
    at = np.searchsorted(lines, [problems[k].line for k in marked])
    firsts = first[at]
    rejected = {p.line for k, p in enumerate(problems) if k not in set(marked)}
    differs = _differing(frame.iloc[at], frame.iloc[firsts], set(keys))
    for k, j, columns in zip(marked, firsts, differs, strict=True):
        p = problems[k]
        line = int(lines[j])
        why = duplicate_reason(kind, line, columns, first_rejected=line in rejected)
        problems[k] = Problem(p.file, p.line, p.column, p.value, _replace_innermost(p.reason, why))


def duplicates_across_chunks(
    stage: Stage, kind: str, keys: tuple[str, ...], file_name: str
) -> list[Problem]:
    """The rows of ``stage`` whose key is on an earlier staged line too (in another chunk)."""
    if stage.in_memory or not keys:
        return []
    con = stage.con
    table = stage.table
    joined = ", ".join(keys)
    pairs = con.execute(
        f"""SELECT _line, first_line FROM (
              SELECT _line, min(_line) OVER (PARTITION BY {joined}) AS first_line
              FROM {table}) WHERE _line > first_line ORDER BY _line"""
    ).df()
    if not len(pairs):
        return []
    column = _SHOWN_COLUMN[kind]
    shown = "NULL" if kind == "registry" else f"d.{column}"
    skip = {"_line", "record_hash", *keys}
    differs = ", ".join(
        f'CASE WHEN d."{c}" IS DISTINCT FROM f."{c}" THEN \'{c}\' END'
        for c in columns_of(con, table)
        if c not in skip
    )
    register(con, "_duplicate_pairs", pairs)
    try:
        rows = con.execute(
            f"""SELECT p._line, p.first_line, {shown},
                       list_filter([{differs}], lambda x: x IS NOT NULL)
                FROM _duplicate_pairs p JOIN {table} d ON d._line = p._line
                JOIN {table} f ON f._line = p.first_line ORDER BY p._line"""
        ).fetchall()
    finally:
        unregister(con, "_duplicate_pairs")
    return [
        Problem(
            file_name,
            int(line),
            column,
            "" if value is None else str(value),
            duplicate_reason(kind, int(first), list(columns)),
        )
        for line, first, value, columns in rows
    ]


def columns_of(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
