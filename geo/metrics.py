"""What a poverty map shows: its metrics (names, definitions, colour direction), how their
values are written, and the words of its tooltips and legends.

A metric's names, definition and direction come from the measure registry
(:mod:`analysis.measures`); this module adds how it is stored and formatted (``kind``). The map
in the browser (:mod:`geo.area_map`), the PNG map (:mod:`geo.static_map`) and the tables read
the same :data:`METRICS`, :func:`format_value` and :data:`DEFAULT_LABELS`.

Example:
    >>> METRICS["headcount_ratio"].kind, format_value(0.1234, METRICS["headcount_ratio"])
    ('share', '12.3%')
    >>> display_value(0.1234, METRICS["headcount_ratio"]), map_label(None, "no_data", "en")
    (12.34, 'No data')
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from analysis.measures import MEASURES, Measure
from geo import maps


@dataclass(frozen=True)
class Metric:
    """One mapped measure: its labels, definition, how it is formatted and coloured.

    ``kind`` is ``count``, ``share`` (a fraction shown in %), ``index`` (0–1, 3 decimals),
    ``score`` (capital score 1–4), ``change_count`` or ``change_share`` (percentage points).
    ``higher_is_worse`` decides the colour direction (dark = more in need); ``rank_ascending``
    gives rank 1 to the smallest value (see analysis/measures.py: rank 1 is the area most in
    need for a level, the largest fall for a change).
    """

    key: str
    label_th: str
    label_en: str
    kind: str
    definition_th: str
    definition_en: str
    column: str = ""
    higher_is_worse: bool = True
    rank_ascending: bool = False

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_th

    def definition(self, lang: str) -> str:
        return self.definition_en if lang == "en" else self.definition_th

    @property
    def source(self) -> str:
        """The column of the area measures frame that holds this metric."""
        return self.column or self.key

    @property
    def is_change(self) -> bool:
        return self.kind.startswith("change")


#: How each map metric is stored and formatted; its names, definition and direction come from
#: the measure registry (analysis/measures.py), the one owner of what a measure is called.
_KINDS: dict[str, tuple[str, str]] = {
    "poor_households": ("count", ""),
    "poor_people": ("count", ""),
    "headcount_ratio": ("share", ""),
    "mpi_M0": ("index", "M0"),
    "targeted_poor_households": ("count", ""),
    "registry_targeted_households": ("count", ""),
    **{
        f"capital_{c}": ("score", "")
        for c in ("human", "physical", "financial", "natural", "social")
    },
    **{
        f"monitored_{c}": ("count", "")
        for c in ("households", "sudden_hardship", "exited_unstable", "marginal")
    },
    "change_poor_households": ("change_count", ""),
    "change_headcount_ratio": ("change_share", ""),
}


def metric_of(measure: Measure, kind: str, column: str = "") -> Metric:
    """The map metric of a registry measure (``kind``: how it is formatted and coloured)."""
    return Metric(
        measure.key,
        measure.name("th"),
        measure.name("en"),
        kind,
        measure.definition("th"),
        measure.definition("en"),
        column=column,
        higher_is_worse=measure.lower_is_better,
        rank_ascending=measure.rank_ascending,
    )


METRICS: dict[str, Metric] = {
    key: metric_of(MEASURES[key], kind, column) for key, (kind, column) in _KINDS.items()
}

# --- numbers --------------------------------------------------------------------------------------


def format_value(value: Any, metric: Metric, lang: str = "th") -> str:
    """The value as the map shows it: ``1,234`` · ``12.3%`` · ``0.123`` · ``2.45`` · ``+1.2 จุด``.

    Example:
        >>> format_value(0.1234, METRICS["headcount_ratio"])
        '12.3%'
        >>> format_value(-1234.0, METRICS["change_poor_households"])
        '-1,234'
        >>> format_value(0.012, METRICS["change_headcount_ratio"], "en")
        '+1.2 pts'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return "–"
    v = float(value)
    if metric.kind == "count":
        return maps.format_number(v)
    if metric.kind == "share":
        return maps.format_percent(v, 1, fraction=True)
    if metric.kind == "index":
        return f"{v:.3f}"
    if metric.kind == "score":
        return f"{v:.2f}"
    sign = "+" if v > 0 else ""
    if metric.kind == "change_count":
        return sign + maps.format_number(v)
    unit = " pts" if lang == "en" else " จุด"
    return sign + f"{v * 100:,.1f}" + unit


def display_value(value: float, metric: Metric) -> float:
    """The number ``value`` (as stored) is classed and drawn on: shares and changes of shares in
    percent, everything else as stored. :func:`stored_value` is the inverse.

    Example:
        >>> display_value(0.25, METRICS["headcount_ratio"]), display_value(7.0, METRICS["poor_people"])
        (25.0, 7.0)
    """
    return value * 100 if metric.kind in ("share", "change_share") else value


def stored_value(display: float, metric: Metric) -> float:
    """The stored value of a number on :func:`display_value`'s scale."""
    return display / 100 if metric.kind in ("share", "change_share") else display


# --- words --------------------------------------------------------------------------------------------

#: Words used in tooltips and legends when the caller passes none (Thai, English).
DEFAULT_LABELS: dict[str, tuple[str, str]] = {
    "no_data": ("ไม่มีข้อมูล", "No data"),
    "suppressed": ("ปกปิด (ข้อมูลน้อย)", "Suppressed (few records)"),
    "rank": ("อันดับ {r} จาก {n} ใน{p}", "Rank {r} of {n} in {p}"),
    "hot_title": ("จุดร้อน–จุดเย็น (Gi*)", "Hot and cold spots (Gi*)"),
}


def map_label(labels: Mapping[str, str] | None, key: str, lang: str = "th") -> str:
    """The word for ``key`` (a key of :data:`DEFAULT_LABELS`): the caller's ``labels[key]``
    when given, else the default in ``lang``."""
    if labels and key in labels:
        return labels[key]
    th, en = DEFAULT_LABELS[key]
    return en if lang == "en" else th


__all__ = [
    "DEFAULT_LABELS",
    "METRICS",
    "Metric",
    "display_value",
    "format_value",
    "map_label",
    "metric_of",
    "stored_value",
]
