"""PNG pictures of a view: the choropleth (:mod:`geo.static_map`) and bar charts, with Thai
titles, legend, attribution and the synthetic label, drawn on the server in the installed Thai
font at projector (1920×1080), print (A4 at 300 dpi), slide or page size (:data:`SIZES`).

The numbers come in as tables already read through the door (``query.areas``); the words come
from the measure registry (:mod:`analysis.measures`) and :mod:`briefing.labels`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter

from analysis.measures import Measure
from briefing.deck import Chart
from briefing.fonts import thai_fonts
from briefing.labels import label
from geo import static_map
from geo.map_areas import MapView
from geo.maps import boundary_attribution
from geo.metrics import METRICS, Metric, format_value, metric_of

#: How a measure's values are formatted (geo.metrics' kinds) when the map has no metric for it.
KIND_OF_UNIT = {
    "households": "count",
    "people": "count",
    "percent": "share",
    "share": "share",
    "points": "change_share",
    "index": "index",
    "score": "score",
}
BAR_COLOUR = "#f03b20"
#: The sizes of :data:`geo.static_map.SIZES` and ``page``: a picture in an A4 PDF section, laid
#: out as on a slide (8.4 × 4.6 in) at 225 dpi (printed 153 mm wide: about 315 dpi on paper),
#: a little over half a slide picture's pixels, so a briefing of many views is made faster.
SIZES: dict[str, static_map.Size] = {
    **static_map.SIZES,
    "page": static_map.Size(1890, 1035, 225, text=1.5),
}
#: Sizes whose pictures go on a page that carries their title, subtitle and synthetic label.
BARE = frozenset({"slide", "page"})


def metric_for(measure: Measure) -> Metric:
    """The map metric of ``measure`` (the app's map's own where it has one)."""
    return METRICS.get(measure.key) or metric_of(measure, KIND_OF_UNIT.get(measure.unit, "count"))


def subtitle(area: str, round_be: int, lang: str = "th") -> str:
    """``area · survey round``, the second line of every picture and slide."""
    return f"{area} · {label('round', lang, round=round_be)}"


def map_png(
    areas: gpd.GeoDataFrame,
    stats: pd.DataFrame,
    measure: Measure,
    *,
    title: str,
    area: str,
    round_be: int,
    synthetic: bool,
    lang: str = "th",
    size: str = "projector",
    method: str = "quantiles",
    palette: str = "ylorrd",
    min_cell: int = 5,
    column: str | None = None,
    labels: Mapping[str, str] | None = None,
    view: MapView | None = None,
) -> bytes:
    """The choropleth of ``measure`` over ``areas`` (:func:`geo.boundaries.load_level`) from
    ``stats`` (``query.areas.area_measures``: ``code``, ``households`` and the measure's
    column, or ``column``), classed and suppressed as the app's map; the whole area, or the part
    the page's map showed at ``view`` (its zoom and centre). At ``size="slide"`` or ``"page"``
    the title, subtitle and synthetic label are left to the slide or PDF section."""
    metric = metric_for(measure)
    if column is not None:
        metric = metric_of(measure, metric.kind, column)
    on_slide = size in BARE
    fig = static_map.map_figure(
        areas,
        stats,
        metric,
        thai_fonts().files,
        title="" if on_slide else title,
        subtitle="" if on_slide else subtitle(area, round_be, lang),
        attribution=boundary_attribution(lang),
        synthetic_label=label("synthetic", lang) if synthetic and not on_slide else "",
        labels=labels,
        lang=lang,
        method=method,
        palette=palette,
        min_cell=min_cell,
        size=SIZES[size],
        view=view,
    )
    fit_title(fig)
    return static_map.png_bytes(fig)


def fit_title(fig, margin: float = 0.03) -> None:
    """Shrink the figure's title (its first text, at the top left) until it fits the page's
    width: a long measure name in a map's title must not run off the picture."""
    if not fig.texts:
        return
    title = fig.texts[0]
    renderer = fig.canvas.get_renderer()
    room = fig.bbox.width * (1 - 2 * margin)
    for _ in range(12):
        if title.get_window_extent(renderer).width <= room:
            return
        title.set_fontsize(title.get_fontsize() * 0.92)


def bar_png(
    categories: Sequence[str],
    values: Sequence[float | None],
    measure: Measure,
    *,
    title: str,
    area: str,
    round_be: int,
    synthetic: bool,
    source: str = "",
    lang: str = "th",
    size: str = "projector",
    k: float | None = None,
) -> bytes:
    """A horizontal bar chart of ``values`` per category (first at the top), each bar labelled
    with its value as the map formats it, the measure's name on the value axis."""
    fonts = thai_fonts().files
    fig, ax = static_map.frame(
        fonts,
        title=title,
        subtitle=subtitle(area, round_be, lang),
        attribution=label("source", lang, source=source) if source else "",
        synthetic_label=label("synthetic", lang) if synthetic else "",
        size=SIZES[size],
        width=0.9,
    )
    s = SIZES[size]
    metric = metric_for(measure)
    numbers = np.array([np.nan if v is None else float(v) for v in values], dtype=float)
    y = np.arange(len(categories))
    ax.barh(y, np.nan_to_num(numbers), color=BAR_COLOUR, height=0.65)
    ax.set_yticks(y, list(categories))
    ax.invert_yaxis()
    for tick in ax.get_yticklabels():
        tick.set_fontproperties(fonts.prop(16 * s.scale))
    for tick in ax.get_xticklabels():
        tick.set_fontproperties(fonts.prop(14 * s.scale))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: format_value(v, metric, lang)))
    ax.set_xlabel(
        static_map.wrap(measure.name(lang, k=k), 80), fontproperties=fonts.prop(16 * s.scale)
    )
    for i, v in enumerate(numbers):
        if np.isfinite(v):
            ax.text(
                v,
                i,
                " " + format_value(v, metric, lang),
                va="center",
                fontproperties=fonts.prop(14 * s.scale),
            )
    ax.spines[["top", "right"]].set_visible(False)
    ax.margins(x=0.12)
    _room_for_labels(ax)
    return static_map.png_bytes(fig)


def _room_for_labels(ax) -> None:
    """Move the axes' left edge right of its longest category label, and its bottom edge above
    the value axis' title."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    fig_w, fig_h = fig.bbox.width, fig.bbox.height
    label_w = max((t.get_window_extent(renderer).width for t in ax.get_yticklabels()), default=0)
    below = ax.get_tightbbox(renderer).y0
    x0, y0, w, h = ax.get_position().bounds
    left = x0 + label_w / fig_w + 0.01
    lift = max(0.0, (ax.bbox.y0 - below) / fig_h - 0.0)
    ax.set_position((left, y0 + lift, x0 + w - left, h - lift))


#: Where a value axis starts, by unit (scores run from 1 to 4; counts and shares from 0).
SCALE_FROM = {"score": 1}
#: Series colours of a chart with several series (the first is the area, as on the pages).
SERIES_COLOURS = ("#d95f02", "#1b9e77", "#7570b3", "#e7298a", "#66a61e", "#e6ab02")


def chart_png(
    chart: Chart,
    measure: Measure,
    *,
    title: str,
    area: str,
    round_be: int,
    synthetic: bool,
    source: str = "",
    lang: str = "th",
    size: str = "projector",
    k: float | None = None,
) -> bytes:
    """A picture of a native chart (:class:`briefing.deck.Chart`): horizontal bars (``bar``,
    the first category at the top), columns (``column``) or lines (``line``), one colour per
    series with a legend when there are several, each value labelled as the map formats it
    when there is one series. At ``size="slide"`` or ``"page"`` the title, subtitle and
    synthetic label are left to the page the picture goes on (a slide, a PDF section)."""
    fonts = thai_fonts().files
    bare = size in BARE
    fig, ax = static_map.frame(
        fonts,
        title="" if bare else title,
        subtitle="" if bare else subtitle(area, round_be, lang),
        attribution=label("source", lang, source=source) if source and not bare else "",
        synthetic_label=label("synthetic", lang) if synthetic and not bare else "",
        size=SIZES[size],
        width=0.9,
    )
    s = SIZES[size]
    metric = metric_for(measure)
    names = list(chart.series)
    one = len(names) == 1
    values = {
        n: np.array([np.nan if v is None else float(v) for v in chart.series[n]], dtype=float)
        for n in names
    }
    position = np.arange(len(chart.categories))
    width = 0.8 / max(len(names), 1)
    text_size = 14 * s.scale
    fmt = FuncFormatter(lambda v, _p: format_value(v, metric, lang))
    for i, name in enumerate(names):
        colour = BAR_COLOUR if one else SERIES_COLOURS[i % len(SERIES_COLOURS)]
        numbers = values[name]
        offset = (i - (len(names) - 1) / 2) * width
        if chart.kind == "line":
            ax.plot(position, numbers, marker="o", color=colour, label=name, linewidth=2 * s.scale)
        elif chart.kind == "column":
            ax.bar(position + offset, np.nan_to_num(numbers), width * 0.9, color=colour, label=name)
        else:
            ax.barh(
                position + offset, np.nan_to_num(numbers), width * 0.9, color=colour, label=name
            )
        if not one:
            continue
        for x, v in zip(position, numbers, strict=True):
            if not np.isfinite(v):
                continue
            text = format_value(v, metric, lang)
            prop = fonts.prop(text_size)
            # outside the bar's end: right of a positive bar, left of a negative one
            if chart.kind == "bar":
                ax.text(
                    v,
                    x,
                    f" {text} ",
                    va="center",
                    ha="left" if v >= 0 else "right",
                    fontproperties=prop,
                )
            else:
                ax.text(
                    x, v, text, ha="center", va="bottom" if v >= 0 else "top", fontproperties=prop
                )
    labels = [static_map.wrap(str(c), 28) for c in chart.categories]
    if chart.kind == "bar":
        ax.set_yticks(position, labels)
        ax.invert_yaxis()
        ax.xaxis.set_major_formatter(fmt)
        ax.margins(x=0.12)
        value_axis = ax.set_xlabel
    else:
        ax.set_xticks(position, labels)
        ax.yaxis.set_major_formatter(fmt)
        ax.margins(y=0.12)
        value_axis = ax.set_ylabel
    for tick in [*ax.get_yticklabels(), *ax.get_xticklabels()]:
        tick.set_fontproperties(fonts.prop(text_size))
    value_axis(
        static_map.wrap(measure.name(lang, k=k), 80), fontproperties=fonts.prop(16 * s.scale)
    )
    if chart.kind == "column":
        ax.set_ylim(bottom=SCALE_FROM.get(measure.unit, 0))
    ax.spines[["top", "right"]].set_visible(False)
    if not one:
        ax.legend(prop=fonts.prop(text_size), frameon=False, loc="best")
    if chart.kind == "bar":
        _room_for_labels(ax)
    else:
        _room_below(ax)
    fit_title(fig)
    return static_map.png_bytes(fig)


def _room_below(ax) -> None:
    """Lift the axes' bottom edge above its category labels and its left edge right of the
    value axis' title."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    fig_w, fig_h = fig.bbox.width, fig.bbox.height
    tight = ax.get_tightbbox(renderer)
    x0, y0, w, h = ax.get_position().bounds
    lift = max(0.0, (ax.bbox.y0 - tight.y0) / fig_h)
    shift = max(0.0, (ax.bbox.x0 - tight.x0) / fig_w)
    ax.set_position((x0 + shift, y0 + lift, w - shift, h - lift))
