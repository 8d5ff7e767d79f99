"""Which rows a query reads: one round and the areas inside one code (any level).

The one place that turns a (round, area) selection into SQL; every query of this package calls
it, so a scope (and later a user's permitted areas) applies once.

Example:
    >>> where(2564, "4601")
    ('WHERE round_be = ? AND district_code = ?', [2564, '4601'])
    >>> level_column("subdistrict", "h")
    'h.subdistrict_code'
"""

from __future__ import annotations

from geo.codes import LEVELS, CodeError, level_of


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
