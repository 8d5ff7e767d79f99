"""The household model as SQL: capital scores (1-4), the programme level and household types.

Each is a SQL expression over one row of ``households``, written once here from the same scoring
table and thresholds as the pure reference (:func:`analysis.capitals.capital_scores`,
:func:`analysis.capitals.household_levels`, :func:`analysis.why.household_types`), which tests
hold these equal to. Grouped queries use them inside the database, so no page scores households
in pandas.

Example:
    >>> model = HouseholdModel(scoring=(
    ...     {"capital": c, "measure": "hc_earners", "better": "higher",
    ...      "cut_2": 1, "cut_3": 2, "cut_4": 3} for c in CAPITALS))
    >>> list(profile_columns(model))[:2], list(profile_columns(model))[5:8]
    (['capital_human', 'capital_physical'], ['weak_capitals', 'level', 'elderly_only'])
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from analysis.capitals import CAPITALS, LEVELS
from analysis.why import HOUSEHOLD_TYPES as _TYPE_LABELS

#: the researcher filters' household types (named and labelled by analysis.why)
HOUSEHOLD_TYPES: tuple[str, ...] = tuple(_TYPE_LABELS)

#: Measures the scoring table refers to that are not stored columns (analysis.capitals.measures).
_DERIVED = {
    "earner_share": "({p}hc_earners::DOUBLE / {p}members)",
    "chronic_ill_share": "({p}hc_chronic_ill::DOUBLE / {p}members)",
    "savings_months": (
        "({p}fc_savings_baht::DOUBLE"
        " / greatest({p}income_per_person_year::DOUBLE * {p}members / 12, 1))"
    ),
    "debt_to_income": (
        "({p}fc_debt_baht::DOUBLE / greatest({p}income_per_person_year::DOUBLE * {p}members, 1))"
    ),
    "land_tenure_rank": (
        "(CASE {p}nc_land_tenure WHEN 'none' THEN 1.0 WHEN 'public' THEN 2.0"
        " WHEN 'rent' THEN 3.0 WHEN 'own' THEN 4.0 END)"
    ),
}


@dataclass(frozen=True)
class HouseholdModel:
    """The scoring table rows (capital, measure, better, cut_2..cut_4) and level thresholds."""

    scoring: tuple[Mapping[str, object], ...]
    income_line: float = 38_000.0
    weak_below: float = 2.0
    struggling_weak: int = 3
    fragile_margin: float = 0.2

    def __post_init__(self) -> None:
        rows = tuple(dict(r) for r in self.scoring)
        object.__setattr__(self, "scoring", tuple(rows))
        for capital in CAPITALS:
            if not any(r["capital"] == capital for r in rows):
                raise ValueError(f"the scoring table has no measure for {capital} capital")

    def __hash__(self) -> int:  # rows are dicts: hash their items (the model keys caches)
        return hash(
            (
                tuple(tuple(sorted((k, str(v)) for k, v in r.items())) for r in self.scoring),
                self.income_line,
                self.weak_below,
                self.struggling_weak,
                self.fragile_margin,
            )
        )


def _measure(name: str, p: str) -> str:
    if name in _DERIVED:
        return _DERIVED[name].format(p=p)
    return f"{p}{name}::DOUBLE"


def _score(row: Mapping[str, object], p: str) -> str:
    """One measure scored 1-4 by its three cut points; NULL where the measure is missing."""
    x = _measure(str(row["measure"]), p)
    cuts = [float(row["cut_2"]), float(row["cut_3"]), float(row["cut_4"])]  # type: ignore[arg-type]
    if row["better"] == "higher":
        op = ">="
    elif row["better"] == "lower":
        op = "<="
    else:
        raise ValueError(f"better must be 'higher' or 'lower', got {row['better']!r}")
    steps = " + ".join(f"({x} {op} {c!r})::INT" for c in cuts)
    return f"(CASE WHEN {x} IS NULL OR isnan({x}) THEN NULL ELSE 1 + {steps} END)"


def capital_sql(model: HouseholdModel, capital: str, alias: str = "") -> str:
    """Mean score (1-4) of the capital's measures that are present (NULL when none is)."""
    p = f"{alias}." if alias else ""
    scores = [_score(r, p) for r in model.scoring if r["capital"] == capital]
    total = " + ".join(f"coalesce({s}, 0)" for s in scores)
    present = " + ".join(f"({s} IS NOT NULL)::INT" for s in scores)
    return f"(({total})::DOUBLE / nullif({present}, 0))"


def weak_count_sql(model: HouseholdModel, capital_columns: Iterable[str]) -> str:
    """How many of the (already computed) capital columns score below ``weak_below``."""
    return " + ".join(f"coalesce(({c} < {model.weak_below!r})::INT, 0)" for c in capital_columns)


def level_sql(model: HouseholdModel, weak: str, alias: str = "") -> str:
    """The programme level from the weak-capital count expression ``weak`` and income."""
    p = f"{alias}." if alias else ""
    income = f"{p}income_per_person_year::DOUBLE"
    line = model.income_line
    below = f"coalesce({income} < {line!r}, false)"
    no_earner = f"coalesce({p}hc_earners = 0, false)"
    fragile = f"(coalesce({income} < {line * (1 + model.fragile_margin)!r}, false) OR {weak} > 0)"
    struggling = f"({below} AND ({weak} >= {int(model.struggling_weak)} OR {no_earner}))"
    return (
        f"(CASE WHEN {struggling} THEN 'struggling' WHEN {below} THEN 'difficult'"
        f" WHEN {fragile} THEN 'getting_by' ELSE 'living_well' END)"
    )


def type_sql(alias: str = "") -> dict[str, str]:
    """Household-type flags (the researcher filters), as boolean expressions."""
    p = f"{alias}." if alias else ""
    return {
        "elderly_only": f"coalesce({p}members_60_plus = {p}members, false)",
        "with_disabled": f"coalesce({p}members_disabled > 0, false)",
        "with_children": f"coalesce({p}members_under_15 > 0, false)",
        "welfare_card": f"coalesce({p}welfare_card, false)",
    }


def profile_columns(model: HouseholdModel, alias: str = "") -> dict[str, str]:
    """Every profile column as ``name -> SQL expression`` over a households row: ``capital_<c>``,
    ``weak_capitals``, ``level`` and the household types. The level and weak count refer to
    the capital expressions inline, so the dict can be used in one SELECT."""
    caps = {f"capital_{c}": capital_sql(model, c, alias) for c in CAPITALS}
    weak = weak_count_sql(model, caps.values())
    return {
        **caps,
        "weak_capitals": f"({weak})",
        "level": level_sql(model, f"({weak})", alias),
        **type_sql(alias),
    }


def filter_sql(types: Iterable[str] = (), levels: Iterable[str] = ()) -> str:
    """The researcher filters as a SQL condition over the columns of :func:`profiled` (every
    selected type, AND; any selected level, OR), like :func:`analysis.why.apply_filters`.
    ``TRUE`` when nothing is selected. Only known names pass (they are written into the SQL)."""
    clauses = []
    for name in types:
        if name not in HOUSEHOLD_TYPES:
            raise ValueError(f"unknown household type {name!r}")
        clauses.append(name)
    levels = list(levels)
    for name in levels:
        if name not in LEVELS:
            raise ValueError(f"unknown level {name!r}")
    if levels:
        clauses.append("level IN (" + ", ".join(f"'{v}'" for v in levels) + ")")
    return " AND ".join(clauses) if clauses else "TRUE"


def profiled(model: HouseholdModel, source: str = "households", columns: str = "s.*") -> str:
    """A SQL relation: ``columns`` of ``source`` (a table name or a parenthesised SELECT, alias
    ``s``) with every profile column added; use it as ``FROM {profiled(...)} AS h``."""
    extra = ", ".join(f"{sql} AS {name}" for name, sql in profile_columns(model, "s").items())
    return f"(SELECT {columns}, {extra} FROM {source} AS s)"
