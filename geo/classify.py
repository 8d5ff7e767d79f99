"""Classes and colours of a poverty choropleth: the palettes, the schemes, an area's class.

:func:`class_scheme` turns the shown values of a metric into classes (quantiles or natural
breaks, from :func:`geo.maps.classify`), one colour and one legend label each; changes get a
diverging blue–red scheme. :func:`area_classes` gives each area of an
:func:`geo.area_values.area_values` frame its class, or ``"s"`` (suppressed) or ``"n"`` (no
data): the browser's map and the PNG map colour areas with it alike.

Example:
    >>> import pandas as pd
    >>> from geo.metrics import METRICS
    >>> s = class_scheme(pd.Series([1.0, 2, 3, 4, 5, 6]), METRICS["poor_households"], k=3)
    >>> s.labels, s.colours
    (['1 – 2', '3 – 4', '5 – 6'], ['#ffffb2', '#fd8d3c', '#bd0026'])
    >>> values = pd.DataFrame({"shown": [1.0, None, None], "suppressed": [False, True, False]})
    >>> area_classes(values, s, METRICS["poor_households"])
    [0, 's', 'n']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo import maps
from geo.metrics import Metric, display_value, format_value, stored_value

#: Colour-blind-safe sequential palettes, light (low) to dark (high).
PALETTES: dict[str, list[str]] = {
    "ylorrd": list(maps.YLORRD_5),
    "ylgnbu": ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"],
    "viridis": list(reversed(maps.VIRIDIS_5)),
}
#: The palette of change metrics, whatever palette is chosen: ColorBrewer RdBu.
DIVERGING = "rdbu"
#: ColorBrewer RdBu 7, blue (fewer poor: better) to red (more poor: worse); middle = no change.
DIVERGING_7 = ["#2166ac", "#67a9cf", "#d1e5f0", "#f7f7f7", "#fddbc7", "#ef8a62", "#b2182b"]


def palette_used(metric: Metric, chosen: str) -> str:
    """The palette the map of ``metric`` is drawn in: ``chosen`` (a key of :data:`PALETTES`) for
    a level, :data:`DIVERGING` (blue–red) for a change. Legends and captions name this one."""
    return DIVERGING if metric.is_change else chosen


#: The classification methods of :func:`class_scheme` (see :func:`geo.maps.classify`).
METHODS = ("quantiles", "natural_breaks")


@dataclass(frozen=True)
class Scheme:
    """Classes of a choropleth: upper bounds, one colour and one legend label per class."""

    bins: list[float]
    colours: list[str]
    labels: list[str]

    def index(self, value: float) -> int | None:
        return maps.class_index(value, self.bins)


def class_scheme(
    values: pd.Series | Iterable[float],
    metric: Metric,
    *,
    method: str = "quantiles",
    palette: str = "ylorrd",
    k: int = 5,
    lang: str = "th",
) -> Scheme:
    """Classes for the shown values (as stored; shares are classed in percent).

    Sequential metrics get ``k`` classes of ``method`` (quantiles or natural breaks) coloured
    light to dark toward "more in need" (reversed for capital scores, where low is worse).
    Change metrics get a diverging scheme: up to 3 classes of decreases (blues), one class for
    no change, up to 3 of increases (reds). Each label is the range of the values in its class.
    """
    if method not in METHODS:
        raise ValueError(f"unknown classification method {method!r}: use {', '.join(METHODS)}")
    if palette not in PALETTES:
        raise ValueError(f"unknown palette {palette!r}: use {', '.join(PALETTES)}")
    raw = pd.to_numeric(pd.Series(list(values), dtype="float64"), errors="coerce").dropna()
    shown = raw.map(lambda v: display_value(v, metric))
    if palette_used(metric, palette) == DIVERGING:
        neg = maps.classify(shown[shown < 0], method, k=3)
        pos = maps.classify(shown[shown > 0], method, k=3)
        zero = [0.0] if (shown == 0).any() or (neg and pos) else []
        bins = [*neg, *zero, *pos]
        blues, reds = DIVERGING_7[:3], DIVERGING_7[4:]
        colours = [
            *maps.class_colours(len(neg), blues),
            *([DIVERGING_7[3]] if zero else []),
            *maps.class_colours(len(pos), reds),
        ]
    else:
        bins = maps.classify(shown, method, k=k)
        colours = maps.class_colours(len(bins), PALETTES[palette])
        if not metric.higher_is_worse:
            colours = colours[::-1]
    labels, keep = [], []
    cls = np.array([maps.class_index(v, bins) for v in shown]) if len(shown) else np.array([])
    for i in range(len(bins)):
        members = shown.to_numpy()[cls == i] if len(cls) else np.array([])
        if members.size == 0:
            continue
        lo, hi = float(members.min()), float(members.max())
        fmt_lo = format_value(stored_value(lo, metric), metric, lang)
        fmt_hi = format_value(stored_value(hi, metric), metric, lang)
        labels.append(fmt_lo if fmt_lo == fmt_hi else f"{fmt_lo} – {fmt_hi}")
        keep.append(i)
    return Scheme([bins[i] for i in keep], [colours[i] for i in keep], labels)


def area_classes(values: pd.DataFrame, scheme: Scheme, metric: Metric) -> list[int | str]:
    """The class of each area of ``values`` (``shown`` and ``suppressed`` columns, as from
    :func:`geo.area_values.area_values`): ``"s"`` when suppressed, ``"n"`` when it has no
    value, else the index of its class in ``scheme``."""
    out: list[int | str] = []
    for shown, suppressed in zip(values["shown"], values["suppressed"], strict=True):
        if suppressed:
            out.append("s")
        elif pd.isna(shown):
            out.append("n")
        else:
            out.append(scheme.index(display_value(shown, metric)))
    return out


__all__ = [
    "DIVERGING",
    "DIVERGING_7",
    "METHODS",
    "PALETTES",
    "Scheme",
    "area_classes",
    "class_scheme",
    "palette_used",
]
