"""The poverty choropleth as a PNG, drawn on the server by matplotlib (no browser, no network).

The classes, colours, suppression and legend labels are the app's map's own
(:func:`geo.area_values.area_values`, :func:`geo.classify.class_scheme` and
:func:`geo.classify.area_classes`, :func:`geo.metrics.map_label`, the no-data and suppressed
colours of :mod:`geo.maps`), so a slide shows what the page shows. Thai text is shaped by
matplotlib (3.11 lays out complex scripts) in the font files passed in (``fonts``): this module
finds no font itself and fetches nothing.

A figure has a fixed frame (:func:`frame`): title and subtitle at the top, the drawing in the
middle, the synthetic label (when given) and the attribution line at the bottom, at one of
:data:`SIZES` (a projector's 1920×1080, or A4 landscape at 300 dpi). ``briefing/`` draws its
charts in the same frame.

A map shows its whole area, or, given the zoom and centre a link holds
(:class:`geo.map_areas.MapView`), the part of it the page's map showed there
(:func:`view_extent`: as much from north to south as the page's map, as wide as the picture).

Example:
    >>> SIZES["projector"].pixels, SIZES["print"].pixels
    ((1920, 1080), (3508, 2480))
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Patch, Rectangle

from geo import maps
from geo.area_values import area_values
from geo.classify import area_classes, class_scheme
from geo.map_areas import PAGE_MAP_HEIGHT_PX, MapView
from geo.metrics import Metric, map_label

__all__ = [
    "SIZES",
    "Fonts",
    "Size",
    "frame",
    "map_figure",
    "png_bytes",
    "render_map",
    "view_extent",
    "wrap",
]


@dataclass(frozen=True)
class Size:
    """An output size in pixels at ``dpi`` dots per inch."""

    width_px: int
    height_px: int
    dpi: int
    #: type sizes relative to the projector's for the same page width (larger on a small picture)
    text: float = 1.0

    @property
    def pixels(self) -> tuple[int, int]:
        return self.width_px, self.height_px

    @property
    def inches(self) -> tuple[float, float]:
        return self.width_px / self.dpi, self.height_px / self.dpi

    @property
    def scale(self) -> float:
        """Type sizes are given in points for the projector size; larger pages scale them."""
        return self.inches[0] / 19.2 * self.text


#: projector: 1920×1080 pixels (16:9); print: A4 landscape (297 × 210 mm) at 300 dpi; slide: the
#: picture of a map on a 16:9 slide beside its definition (8.4 × 4.6 in at 300 dpi).
SIZES: dict[str, Size] = {
    "projector": Size(1920, 1080, 100),
    "print": Size(3508, 2480, 300),
    "slide": Size(2520, 1380, 300, text=1.5),
}


@dataclass(frozen=True)
class Fonts:
    """The font files text is drawn in: one for regular text, one for bold (titles)."""

    regular: Path
    bold: Path | None = None

    def prop(self, size_pt: float, *, bold: bool = False) -> FontProperties:
        path = self.bold if bold and self.bold else self.regular
        weight = "bold" if bold and not self.bold else "normal"
        return FontProperties(fname=str(path), size=size_pt, weight=weight)


def _size(size: str | Size) -> Size:
    if isinstance(size, Size):
        return size
    if size not in SIZES:
        raise ValueError(f"unknown size {size!r}: use {', '.join(SIZES)}")
    return SIZES[size]


def frame(
    fonts: Fonts,
    *,
    title: str,
    subtitle: str = "",
    attribution: str = "",
    synthetic_label: str = "",
    size: str | Size = "projector",
    width: float = 0.94,
) -> tuple[Figure, Axes]:
    """A figure with its title, subtitle, synthetic label and attribution drawn, and the axes
    the drawing goes in (between them, ``width`` of the figure's width from the left margin).
    Texts left empty take no room. No pyplot: figures are independent of each other."""
    s = _size(size)
    fig = Figure(figsize=s.inches, dpi=s.dpi, facecolor="white")
    FigureCanvasAgg(fig)
    pt = s.scale
    _, height_in = s.inches
    line = 1 / 72 / height_in  # one point as a fraction of the figure's height
    top = 1 - 0.03
    if title:
        fig.text(0.03, top, title, fontproperties=fonts.prop(34 * pt, bold=True), va="top")
        top -= 54 * pt * line
    if subtitle:
        fig.text(0.03, top, subtitle, fontproperties=fonts.prop(20 * pt), va="top", color="#333")
        top -= 34 * pt * line
    bottom = 0.025
    if attribution:
        # about half an em per character: wrap to the page's width, at spaces only
        chars = int(s.inches[0] * 0.94 * 72 / (11 * pt * 0.5))
        attribution = wrap(attribution, chars)
        fig.text(
            0.03,
            bottom,
            attribution,
            fontproperties=fonts.prop(11 * pt),
            va="bottom",
            color="#555",
        )
        bottom += 16 * pt * line * (attribution.count("\n") + 1) + 6 * pt * line
    if synthetic_label:
        fig.text(
            0.03,
            bottom,
            synthetic_label,
            fontproperties=fonts.prop(16 * pt, bold=True),
            va="bottom",
            color="#b2182b",
        )
        bottom += 26 * pt * line
    ax = fig.add_axes((0.03, bottom + 0.01, width, top - bottom - 0.03))
    return fig, ax


def wrap(text: str, width: int) -> str:
    """``text`` in lines of about ``width`` characters, broken at spaces only (Thai words run
    together inside a phrase: a break inside one would split a word)."""
    return textwrap.fill(text, width, break_long_words=False, break_on_hyphens=False)


def png_bytes(fig: Figure) -> bytes:
    """The figure as PNG bytes at its own size and dpi."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=fig.dpi, facecolor=fig.get_facecolor())
    return buffer.getvalue()


def map_figure(
    areas: gpd.GeoDataFrame,
    stats: pd.DataFrame,
    metric: Metric,
    fonts: Fonts,
    *,
    title: str,
    subtitle: str = "",
    attribution: str = "",
    synthetic_label: str = "",
    labels: Mapping[str, str] | None = None,
    lang: str = "th",
    method: str = "quantiles",
    palette: str = "ylorrd",
    min_cell: int = 5,
    size: str | Size = "projector",
    view: MapView | None = None,
) -> Figure:
    """The choropleth of ``areas`` (``code`` and ``geometry``, e.g.
    :func:`geo.boundaries.load_level`) coloured by ``metric`` from ``stats`` (a ``code`` column
    or index, the metric's column and ``households``), as the app's map classes and suppresses
    it, with a legend titled by the metric's label. ``labels`` may give the legend's ``no_data``
    and ``suppressed`` rows (defaults: :data:`geo.metrics.DEFAULT_LABELS`). ``view``: the zoom
    and centre to show (:func:`view_extent`, framed by a thin line), else the whole area; the
    classes and legend are the whole area's either way, as on the page."""
    fig, ax = frame(
        fonts,
        title=title,
        subtitle=subtitle,
        attribution=attribution,
        synthetic_label=synthetic_label,
        size=size,
        width=0.5,
    )
    codes = [str(c) for c in areas["code"]]
    values = area_values(codes, stats, metric, min_cell=min_cell)
    scheme = class_scheme(
        values["shown"].dropna(), metric, method=method, palette=palette, lang=lang
    )
    special = {"s": maps.SUPPRESSED_COLOUR, "n": maps.NO_DATA_COLOUR}
    classes = area_classes(values, scheme, metric)
    colours = [special[c] if c in special else scheme.colours[c] for c in classes]
    hatches = ["///" if c == "s" else "" for c in classes]
    s = _size(size)
    drawn = areas.assign(_colour=colours, _hatch=hatches)
    line = 0.6 * s.scale
    plain = drawn[drawn["_hatch"] == ""]
    if len(plain):
        plain.plot(ax=ax, color=plain["_colour"], edgecolor=maps.OUTLINE_COLOUR, linewidth=line)
    hatched = drawn[drawn["_hatch"] != ""]
    if len(hatched):
        hatched.plot(
            ax=ax,
            facecolor=maps.SUPPRESSED_COLOUR,
            edgecolor=maps.SUPPRESSED_HATCH_COLOUR,
            hatch="///",
            linewidth=line,
        )
    ax.set_axis_off()
    ax.set_anchor("C")
    if view is not None:
        _show_view(ax, view, line)

    handles = [
        Patch(facecolor=c, edgecolor=maps.OUTLINE_COLOUR, label=lab)
        for c, lab in zip(scheme.colours, scheme.labels, strict=True)
    ]
    handles.append(
        Patch(
            facecolor=maps.NO_DATA_COLOUR,
            edgecolor=maps.OUTLINE_COLOUR,
            label=map_label(labels, "no_data", lang),
        )
    )
    if values["suppressed"].any():
        handles.append(
            Patch(
                facecolor=maps.SUPPRESSED_COLOUR,
                edgecolor=maps.SUPPRESSED_HATCH_COLOUR,
                hatch="///",
                label=map_label(labels, "suppressed", lang),
            )
        )
    fig.legend(
        handles=handles,
        loc="center left",
        bbox_to_anchor=(0.56, 0.5),
        prop=fonts.prop(18 * s.scale),
        title=wrap(metric.label(lang), 36),
        title_fontproperties=fonts.prop(18 * s.scale, bold=True),
        frameon=False,
        handlelength=2.2,
        handleheight=1.2,
    )
    return fig


def view_extent(
    view: MapView, width_px: float, height_px: float = PAGE_MAP_HEIGHT_PX
) -> tuple[float, float, float, float]:
    """(west, south, east, north) in degrees that a Leaflet map ``width_px`` × ``height_px`` CSS
    pixels large shows at ``view`` (Web Mercator: the world is 256 × 2**zoom pixels wide).

    A 256-pixel square at zoom 3 is an eighth of the world: 45 degrees of longitude, and from
    the equator to atan(sinh(pi / 8)) = 21.943 degrees north and south:

    >>> [round(v, 3) for v in view_extent(MapView(3, 0.0, 100.0), 256, 256)]
    [77.5, -21.943, 122.5, 21.943]
    >>> [round(v, 3) for v in view_extent(MapView(9, 16.4, 103.5), 1000)]
    [102.127, 15.582, 104.873, 17.215]
    """
    world = 256 * 2**view.zoom
    half_lon = width_px / world * 180
    centre = math.asinh(math.tan(math.radians(view.lat)))  # Mercator's y, in radians
    half_y = height_px / world * math.pi

    def lat(y: float) -> float:
        return math.degrees(math.atan(math.sinh(y)))

    return (
        view.lon - half_lon,
        lat(centre - half_y),
        view.lon + half_lon,
        lat(centre + half_y),
    )


def _show_view(ax: Axes, view: MapView, line: float) -> None:
    """Limit the axes to the part of the map ``view`` shows: as much from north to south as the
    page's map (:func:`view_extent`), as wide as the axes' box; framed by a thin line (the areas
    cut at the edge go on beyond the picture)."""
    fig = ax.figure
    box = ax.get_position()
    fig_w, fig_h = fig.get_size_inches()
    _, south, _, north = view_extent(view, 1)
    # a degree of longitude is drawn cos(latitude) times as long as one of latitude: the box
    # keeps its size with as many degrees of longitude as fill it
    aspect = 1 / math.cos(math.radians(view.lat))
    half_lon = aspect * (box.width * fig_w) * (north - south) / (box.height * fig_h) / 2
    ax.set_aspect(aspect, adjustable="box")
    ax.set_xlim(view.lon - half_lon, view.lon + half_lon)
    ax.set_ylim(south, north)
    ax.add_patch(
        Rectangle(
            (0, 0),
            1,
            1,
            transform=ax.transAxes,
            fill=False,
            edgecolor=maps.OUTLINE_COLOUR,
            linewidth=line,
            clip_on=False,
        )
    )


def render_map(
    areas: gpd.GeoDataFrame,
    stats: pd.DataFrame,
    metric: Metric,
    fonts: Fonts,
    **kwargs: object,
) -> bytes:
    """:func:`map_figure` as PNG bytes."""
    return png_bytes(map_figure(areas, stats, metric, fonts, **kwargs))  # type: ignore[arg-type]
