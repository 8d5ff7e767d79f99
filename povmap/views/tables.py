"""Every on-screen table, with its numbers written as the cards write them.

Pages and views show a table only through :func:`show_table` (``st.dataframe``) or, for an
editable table, ``show_table(..., editor=True)`` (``st.data_editor``); a static test keeps it so.
Each column gets one :class:`Rule`, and the numbers stay numbers, so a click on a column header
still sorts 9 before 10 and 1,536 after 987:

* counts (households, people, rows, members): integers with a thousands separator, ``1,536``
  (as ``geo.maps.format_number``);
* ratios and shares: percent with one decimal, ``31.9%`` (as ``geo.maps.format_percent``); a
  share stored as a fraction (0.319) is shown times 100, a column already in percent as it is;
* percentage-point changes: one decimal with a sign, ``+1.2``; index M0: 3 decimals; capital
  scores: 2 decimals (as ``geo.metrics.format_value``);
* codes (DOPA area codes, village codes, IDs, survey rounds and years): text, ``4616`` and
  never ``4,616``; line numbers of a file: whole numbers without a separator (``1234``), so
  they still sort as numbers.

Which rule a column gets, first match wins: what the caller says (``codes=``, ``counts=``,
``percent=``, ``fractions=``, ``scores=``, ``decimals=``, ``measures=``); the measure registry
(``analysis/measures.py``, by the measure's key or its name in the table's language, with or
without a `` [unit]`` suffix: its ``unit`` decides); a label of :data:`CODE_LABELS` or a raw
``snake_case`` code name, a label of :data:`LINE_LABELS` or ``line``; then the dtype (integers and whole-number floats are counts, other
floats get 2 decimals). Downloads are not formatted here (``ui.csv_download`` keeps machine
numbers).
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from analysis.measures import MEASURES, UNITS, Measure
from povmap.i18n import t

#: Decimals of each kind of number; the cards' helpers use the same (format_number: 0,
#: format_percent: 1, geo.metrics.format_value: index 3, score 2, points 1).
DECIMALS: dict[str, int] = {
    "count": 0,
    "change_count": 0,
    "percent": 1,
    "points": 1,
    "index": 3,
    "score": 2,
    "decimal": 2,
}

#: i18n keys of column labels that name codes, IDs, rounds or years: text, no thousands separator.
CODE_LABELS: tuple[str, ...] = (
    "round",
    "household",
    "village",
    "village_no",
    "sites_vil_code",
    "sites_prod_id",
    "sites_city_year",
    "map_col_code",
    "action_referral_id",
    "action_baseline_round",
    "action_target_round",
    "action_area_code",
    "review_group",
)

#: i18n keys of column labels of line numbers (of an uploaded file): ``%d``, no separator.
LINE_LABELS: tuple[str, ...] = ("data_col_line", "action_report_line")

#: Raw (snake_case) column names of codes: ``code``, ``area_code``, ``hh_id``, ``round_be`` ...
_CODE_NAME = re.compile(r"^(?:[a-z0-9]+_)*(?:code|id|no|round|be|year)$")

#: Registry units -> the kind of number a column of that unit holds.
_UNIT_KINDS: dict[str, str] = {
    "households": "count",
    "people": "count",
    "percent": "percent",
    "share": "percent",
    "points": "points",
    "index": "index",
    "score": "score",
}


@dataclass(frozen=True)
class Rule:
    """How one column is shown: ``kind``, its decimals, and ``factor`` (shown = stored × factor;
    100 for a share stored as a fraction). ``kind`` ``code`` is shown as text, ``text`` as is,
    ``line`` as a whole number without a separator."""

    kind: str
    decimals: int = 0
    factor: float = 1.0

    @property
    def numeric(self) -> bool:
        return self.kind not in ("code", "text")

    @property
    def format(self) -> str | None:
        """The printf format (sprintf-js, as ``st.column_config.NumberColumn`` takes it): ``,``
        puts in the thousands separator, ``+`` the sign of a change."""
        if not self.numeric:
            return None
        if self.kind == "line":
            return "%d"
        sign = "+" if self.kind in ("points", "change_count") else ""
        suffix = "%%" if self.kind == "percent" else ""
        return f"%{sign},.{self.decimals}f{suffix}"

    def text(self, value: Any) -> str:
        """The text the browser shows for ``value`` under :attr:`format` ('' when missing)."""
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return ""
        if not self.numeric:
            return str(value)
        if self.kind == "line":
            return str(int(value))
        v = float(value) * self.factor
        sign = "+" if self.kind in ("points", "change_count") and v >= 0 else ""
        return f"{sign}{v:,.{self.decimals}f}" + ("%" if self.kind == "percent" else "")


def rule_of(kind: str, *, fraction: bool = False, decimals: int | None = None) -> Rule:
    """The rule of a kind of number (``fraction``: stored 0–1, shown in percent)."""
    return Rule(
        kind,
        DECIMALS.get(kind, 0) if decimals is None else decimals,
        100.0 if fraction and kind in ("percent", "points") else 1.0,
    )


def measure_rule(measure: Measure, *, in_percent: bool = False) -> Rule:
    """The rule of a registered measure's column, from its unit (shares, ratios and points are
    stored as fractions unless ``in_percent``)."""
    kind = _UNIT_KINDS[measure.unit]
    if kind == "count" and measure.change:
        kind = "change_count"
    return rule_of(kind, fraction=not in_percent)


def _measure_patterns(lang: str) -> list[tuple[re.Pattern[str], Measure]]:
    units = "|".join(re.escape(u[1 if lang == "en" else 0]) for u in UNITS.values())
    out = []
    for m in MEASURES.values():
        name = m.name_en if lang == "en" else m.name_th
        body = re.escape(name).replace(re.escape("{k}"), r"(?:, k = [0-9.]+)?")
        out.append((re.compile(rf"^{body}(?: \[(?:{units})\])?$"), m))
    return out


_PATTERNS = {lang: _measure_patterns(lang) for lang in ("th", "en")}


def measure_of(column: object, lang: str) -> Measure | None:
    """The registered measure a column holds, by its key or its name in ``lang`` (optionally
    followed by `` [unit]``); None for any other column."""
    name = str(column)
    if name in MEASURES:
        return MEASURES[name]
    for pattern, m in _PATTERNS["en" if lang == "en" else "th"]:
        if pattern.match(name):
            return m
    return None


def is_code_name(column: object, lang: str) -> bool:
    """Whether a column label names codes: a label of :data:`CODE_LABELS` or a raw code name."""
    name = str(column)
    return bool(_CODE_NAME.match(name)) or name.strip() in {t(k, lang) for k in CODE_LABELS}


def is_line_name(column: object, lang: str) -> bool:
    """Whether a column label names line numbers (:data:`LINE_LABELS` or ``line``)."""
    name = str(column)
    return name == "line" or name in {t(k, lang) for k in LINE_LABELS}


def _whole(values: pd.Series) -> bool:
    finite = pd.to_numeric(values, errors="coerce").dropna()
    finite = finite[finite.map(math.isfinite)]
    return bool((finite == finite.round()).all())


def column_rules(
    frame: pd.DataFrame,
    lang: str,
    *,
    measures: Mapping[str, str] | None = None,
    counts: Collection[str] = (),
    percent: Collection[str] = (),
    fractions: Collection[str] = (),
    scores: Collection[str] = (),
    codes: Collection[str] = (),
    decimals: Mapping[str, int] | None = None,
) -> dict[str, Rule]:
    """The rule of every column of ``frame`` (see the module docstring for the order).

    ``percent``: columns already in percent (0–100; a registered points measure stays points);
    ``fractions``: shares stored 0–1 that are not registered measures; ``measures``: column ->
    measure key for a column whose label is not the measure's name.
    """
    measures = dict(measures or {})
    decimals = dict(decimals or {})
    rules: dict[str, Rule] = {}
    for i, column in enumerate(frame.columns):
        values = frame.iloc[:, i]
        m = MEASURES[measures[column]] if column in measures else measure_of(column, lang)
        if column in codes:
            rule = Rule("code")
        elif column in counts:
            rule = rule_of("count")
        elif column in scores:
            rule = rule_of("score")
        elif column in fractions:
            rule = rule_of("percent", fraction=True, decimals=decimals.get(column))
        elif column in percent:
            kind = "points" if m is not None and m.unit == "points" else "percent"
            rule = rule_of(kind, decimals=decimals.get(column))
        elif column in decimals:
            rule = rule_of("decimal", decimals=decimals[column])
        elif not (pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)):
            rule = Rule("text")
        elif m is not None:
            rule = measure_rule(m)
        elif is_code_name(column, lang):
            rule = Rule("code")
        elif is_line_name(column, lang):
            rule = Rule("line")
        elif pd.api.types.is_integer_dtype(values) or _whole(values):
            rule = rule_of("count")
        else:
            rule = rule_of("decimal")
        rules[column] = rule
    return rules


def display_frame(frame: pd.DataFrame, rules: Mapping[str, Rule]) -> pd.DataFrame:
    """The values the table shows: codes as text, fractions in percent; everything else as is
    (numbers stay numbers, so sorting stays numeric)."""
    out = frame.copy()
    for i, column in enumerate(frame.columns):
        rule = rules[column]
        values = frame.iloc[:, i]
        if rule.kind == "code":
            out.isetitem(i, values.map(lambda v: "" if _missing(v) else _code_text(v)))
        elif rule.numeric and rule.factor != 1.0:
            out.isetitem(i, pd.to_numeric(values, errors="coerce") * rule.factor)
    if not isinstance(out.index, pd.RangeIndex) and pd.api.types.is_numeric_dtype(out.index):
        out.index = pd.Index([_code_text(v) for v in out.index], name=out.index.name)
    return out


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _code_text(value: Any) -> str:
    """A code as text: ``4616`` (a whole float loses its ``.0``)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def number_config(
    rules: Mapping[str, Rule],
    given: Mapping[str, Any] | None = None,
    *,
    editor: bool = False,
) -> dict[str, Any]:
    """``column_config`` for the rules: a NumberColumn with the rule's format for each number
    column (a label given as a string is kept; a config given for a column wins, and a number
    config without a format gets the rule's). In an editor a numeric code column stays a number
    (``%d``: no separator) so edits keep their type."""
    out: dict[str, Any] = {}
    for column, rule in rules.items():
        fmt = rule.format if rule.numeric else ("%d" if editor and rule.kind == "code" else None)
        if fmt is None:
            continue
        out[column] = st.column_config.NumberColumn(format=fmt)
    for column, config in (given or {}).items():
        mine = out.get(column)
        if mine is not None and (config is None or isinstance(config, str)):
            out[column] = {**mine, "label": config}
        elif mine is not None and isinstance(config, dict):
            type_config = dict(config.get("type_config") or {})
            if type_config.get("type") == "number" and not type_config.get("format"):
                type_config["format"] = mine["type_config"]["format"]
            out[column] = {**config, "type_config": type_config} if type_config else config
        else:
            out[column] = config
    return out


def show_table(
    data: pd.DataFrame | pd.Series,
    lang: str,
    *,
    editor: bool = False,
    measures: Mapping[str, str] | None = None,
    counts: Iterable[str] = (),
    percent: Iterable[str] = (),
    fractions: Iterable[str] = (),
    scores: Iterable[str] = (),
    codes: Iterable[str] = (),
    decimals: Mapping[str, int] | None = None,
    column_config: Mapping[str, Any] | None = None,
    target: Any = None,
    colours: Mapping[str, Iterable[str | None]] | None = None,
    **options: Any,
) -> Any:
    """Show ``data`` as a table whose numbers read as the cards' do; what ``st.dataframe`` (or,
    with ``editor``, ``st.data_editor``) returns. ``target`` is a container (a column) to draw
    in; ``colours`` gives columns a text colour per row (a CSS colour, or None for the default:
    an overdue row in red); ``options`` go to Streamlit as they are (hide_index, height,
    on_select, key ...).

    With ``editor`` the values are not changed (what the editor returns is what was stored):
    only the column formats are set.
    """
    frame = data.to_frame() if isinstance(data, pd.Series) else data
    rules = column_rules(
        frame,
        lang,
        measures=measures,
        counts=set(counts),
        percent=set(percent),
        fractions=set(fractions),
        scores=set(scores),
        codes=set(codes),
        decimals=decimals,
    )
    config = number_config(rules, column_config, editor=editor)
    where = target if target is not None else st
    if editor:
        if any(r.factor != 1.0 for r in rules.values()):
            raise ValueError("an editor shows values as stored: give shares in percent")
        return where.data_editor(frame, column_config=config, **options)
    shown = display_frame(frame, rules)
    if colours:
        styled = shown.style
        for column, values in colours.items():
            css = [f"color: {c}; font-weight: 600" if c else "" for c in values]
            styled = styled.apply(lambda _, css=css: css, subset=[column])
        return where.dataframe(styled, column_config=config, **options)
    return where.dataframe(shown, column_config=config, **options)
