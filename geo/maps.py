"""Folium maps that draw with no internet: choropleths, legends and point clusters.

Every map element loads its JavaScript and CSS from the app's own static files (their URLs come
in as a :class:`geo.assets.Assets`) instead of folium's CDNs, so a map drawn through ``streamlit_folium.st_folium``
needs nothing but the Streamlit server. Pure folium: this module never imports streamlit.

What folium would load and what is left of it:

=========================  ===============================================  =====================
folium default             used for                                         here
=========================  ===============================================  =====================
leaflet.js / leaflet.css   everything                                       local copy
leaflet.markercluster      MarkerCluster / FastMarkerCluster                local copy
jquery                     ``GeoJson(embed=False)`` ($.ajax) only           dropped (we embed)
bootstrap js/css           awesome-markers and some plugins' styling        dropped
glyphicons, fontawesome,   ``folium.Icon`` (awesome markers)                dropped; ``localize``
awesome-markers (+rotate)                                                   refuses ``folium.Icon``
d3 (branca colormaps)      ``folium.Choropleth`` legends                    never used: ``legend``
=========================  ===============================================  =====================

Typical use (the page imports streamlit, this module does not)::

    m = offline_map()
    bins = classify(values, "quantiles", k=5)
    choropleth(gdf, values, bins=bins, palette=YLORRD_5,
               tooltip_fields={"จังหวัด": "name"}, value_label="ครัวเรือนยากจน").add_to(m)
    legend("ครัวเรือนยากจน", bins, YLORRD_5).add_to(m)
    fit_bounds(m, gdf)
    st_folium(localize(m, assets), returned_objects=[], use_container_width=True)

Example:
    >>> format_number(140045)
    '140,045'
    >>> format_percent(12.34)
    '12.3%'
    >>> format_percent(0.1234, fraction=True)
    '12.3%'
"""

from __future__ import annotations

import html
import json
import math
import re
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal

import branca.colormap
import folium
import folium.elements
import folium.plugins
import numpy as np
import pandas as pd
import shapely
import shapely.errors
import shapely.geometry
from branca.element import Element, MacroElement
from folium.template import Template

from geo import boundaries
from geo.assets import Assets

__all__ = [
    "BACKGROUND_COLOUR",
    "BOUNDARY_ATTRIBUTION",
    "LEAFLET_CREDIT",
    "NO_DATA_COLOUR",
    "SUPPRESSED_COLOUR",
    "THAILAND_CENTER",
    "THAI_FONT_STACK",
    "VIRIDIS_5",
    "YLORRD_5",
    "Assets",
    "Attribution",
    "HatchPattern",
    "Legend",
    "OfflineError",
    "OfflineMap",
    "OfflineMarkerCluster",
    "OfflineSetup",
    "boundary_attribution",
    "choropleth",
    "class_colours",
    "class_index",
    "classify",
    "external_links",
    "fit_bounds",
    "format_number",
    "format_percent",
    "legend",
    "legend_labels",
    "localize",
    "offline_map",
    "point_cluster",
]

# --- constants ------------------------------------------------------------------------------------

THAILAND_CENTER: tuple[float, float] = (13.0, 101.0)

#: The attribution the boundary licence (CC BY 3.0 IGO) asks for, in English; every map shows it
#: in the page's language (``boundary_attribution``; the texts are geo.boundaries').
BOUNDARY_ATTRIBUTION = boundaries.ATTRIBUTION
#: Leaflet's own credit at the start of the attribution line, in place of its English link
#: (plain text: a link out of an offline map leads nowhere).
LEAFLET_CREDIT = {"th": "แผนที่วาดด้วย Leaflet", "en": "Map drawn with Leaflet"}

#: Thai-capable fonts, first the web favourites, then what Debian's fonts-thai-tlwg installs.
THAI_FONT_STACK = "'Sarabun','Noto Sans Thai','TH Sarabun New','Loma','Garuda',sans-serif"

#: ColorBrewer YlOrRd, 5 classes (colour-blind safe, prints in grey).
YLORRD_5 = ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"]
#: viridis sampled at 5 points (colour-blind safe, perceptually uniform).
VIRIDIS_5 = ["#440154", "#3b528b", "#21918c", "#5ec962", "#fde725"]

BACKGROUND_COLOUR = "#f3f3ef"
NO_DATA_COLOUR = "#d9d9d9"
SUPPRESSED_COLOUR = "#a3a3a3"
SUPPRESSED_HATCH_COLOUR = "#525252"
OUTLINE_COLOUR = "#6b6b6b"

NATURAL_BREAKS_SEED = 2564

# --- offline JS/CSS -------------------------------------------------------------------------------

#: folium's resource names that no element of ours needs (see the module docstring).
DROPPED = frozenset(
    {
        "jquery",
        "bootstrap",
        "awesome_markers",
        "bootstrap_css",
        "glyphicons_css",
        "awesome_markers_font_css",
        "awesome_markers_css",
        "awesome_rotate_css",
    }
)


class OfflineError(ValueError):
    """A map element needs a resource from the internet that is not vendored."""


def _is_local(url: str) -> bool:
    return url.startswith("/") and not url.startswith("//")


class OfflineMap(folium.Map):
    """A ``folium.Map`` that loads only the vendored Leaflet (no jquery, bootstrap, icons)."""

    # folium's resource names; localize() gives them the URLs of the caller's Assets
    default_js = [("leaflet", "")]  # noqa: RUF012 (folium's own class attribute)
    default_css = [("leaflet_css", "")]  # noqa: RUF012


class OfflineMarkerCluster(folium.plugins.FastMarkerCluster):
    """``FastMarkerCluster`` loading the vendored Leaflet.markercluster."""

    # folium's resource names; localize() gives them the URLs of the caller's Assets
    default_js = [("markerclusterjs", "")]  # noqa: RUF012
    default_css = [("markerclustercss", ""), ("markerclusterdefaultcss", "")]  # noqa: RUF012


def _walk(element: Element) -> Iterator[Element]:
    yield element
    if isinstance(element, folium.plugins.DualMap):
        yield from _walk(element.m1)
        yield from _walk(element.m2)
    for child in list(getattr(element, "_children", {}).values()):
        yield from _walk(child)


def _localized(links: Iterable[tuple[str, str]], local: Mapping[str, str], owner: str):
    out: list[tuple[str, str]] = []
    for name, url in links:
        if name in local:
            out.append((name, local[name]))
        elif name in DROPPED:
            continue
        elif _is_local(url):
            out.append((name, url))
        else:
            raise OfflineError(
                f"{owner} loads {name!r} from {url}, which is not vendored: the map would need "
                "the internet. Use an element of geo.maps or vendor it (povmap/vendor.py)."
            )
    return out


def localize(m: Element, assets: Assets) -> Element:
    """Point every JS/CSS resource of ``m`` and its children at the vendored copies; return ``m``.

    Leaflet and markercluster are rewritten to the URLs of ``assets`` (the caller's vendored
    files, e.g. ``povmap.vendor.ASSETS``); jquery, bootstrap, glyphicons, fontawesome and
    awesome-markers are dropped.

    Raises:
        OfflineError: an element needs something that is not vendored (``folium.Icon``, a branca
            colormap, a plugin with its own CDN files).
    """
    local_js, local_css = assets.js(), assets.css()
    for element in _walk(m):
        owner = type(element).__name__
        if isinstance(element, OfflineSetup):
            element.images_url = assets.leaflet_images
        if isinstance(element, folium.Icon):
            raise OfflineError(
                "folium.Icon needs Leaflet.awesome-markers and fontawesome from a CDN; use the "
                "default marker icon, a CircleMarker or a DivIcon instead."
            )
        if isinstance(element, branca.colormap.ColorMap):
            raise OfflineError(
                f"{owner} makes streamlit_folium load d3 from a CDN; use geo.maps.legend instead."
            )
        if isinstance(element, folium.elements.JSCSSMixin):
            js = _localized(element.default_js, local_js, owner)
            css = _localized(element.default_css, local_css, owner)
            # instance attributes: never mutate folium's class-level lists
            element.default_js = js
            element.default_css = css
    return m


def external_links(m: Element) -> list[str]:
    """Every JS/CSS URL of ``m``'s elements that is not served by the app itself."""
    urls: list[str] = []
    for element in _walk(m):
        for _, url in [*getattr(element, "default_js", []), *getattr(element, "default_css", [])]:
            if not _is_local(url):
                urls.append(url)
    return urls


# --- small elements -------------------------------------------------------------------------------


def boundary_attribution(lang: str = "th") -> str:
    """The boundary licence's attribution in ``lang`` ("th" or "en")."""
    return boundaries.ATTRIBUTION if lang == "en" else boundaries.ATTRIBUTION_TH


class Attribution(MacroElement):
    """Adds ``text`` (plain text, HTML-escaped here) to the map's Leaflet attribution control.

    ``prefix`` (plain text) replaces Leaflet's English "Leaflet" link at the start of the line;
    None keeps Leaflet's own.
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>.leaflet-control-attribution { font-size: 11px; line-height: 1.35; }</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function (map, text, prefix) {
            var control = map.attributionControl || L.control.attribution().addTo(map);
            if (prefix !== null) { control.setPrefix(prefix); }
            control.addAttribution(text);
        })({{ this._parent.get_name() }}, {{ this.html|tojson }}, {{ this.prefix_html|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, text: str, prefix: str | None = None):
        super().__init__()
        self._name = "Attribution"
        self.text = text
        self.html = html.escape(text)
        self.prefix_html = None if prefix is None else html.escape(prefix)


class OfflineSetup(MacroElement):
    """Map background colour (shown where there are no tiles) and the marker icon folder.

    Leaflet finds its icons through leaflet.css, but streamlit_folium adds the stylesheets
    after running the map script, and Leaflet's fallback guess drops the ``images/`` folder
    (404 for marker-icon.png), so the folder is set explicitly.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.Icon.Default.imagePath = {{ this.images_url|tojson }};
        {{ this._parent.get_name() }}.getContainer().style.background = {{ this.colour|tojson }};
        {% endmacro %}
        """
    )

    def __init__(self, colour: str = BACKGROUND_COLOUR):
        super().__init__()
        self._name = "OfflineSetup"
        self.colour = colour
        self.images_url = ""  # localize() sets the caller's Assets.leaflet_images


def offline_map(
    center: Sequence[float] = THAILAND_CENTER,
    zoom: int = 6,
    tiles: bool = False,
    attribution: str | None = None,
    *,
    lang: str = "th",
    background: str = BACKGROUND_COLOUR,
    min_zoom: int = 4,
    max_zoom: int = 18,
    **kwargs: Any,
) -> OfflineMap:
    """A map that loads only the vendored Leaflet.

    Args:
        center: (lat, lon) of the initial view.
        zoom: initial zoom level.
        tiles: add an OpenStreetMap base layer (needs the internet; off by default, then the map
            shows ``background`` under the polygons).
        attribution: plain text always shown in the attribution control (escaped); None: the
            boundary licence's attribution in ``lang``; "": none.
        lang: the page's language ("th" or "en"): the attribution line (Leaflet's credit and
            the boundary attribution) is written in it.
        kwargs: further ``folium.Map`` options (``control_scale``, ...). Keep Leaflet's SVG
            renderer (no ``prefer_canvas=True``): the hatch of suppressed areas is an SVG
            pattern, which canvas cannot draw.
    """
    # fractional zoom: fit_bounds fills the frame instead of dropping a whole level
    kwargs.setdefault("zoom_snap", 0.25)
    kwargs.setdefault("zoom_delta", 0.5)
    m = OfflineMap(
        location=list(center),
        zoom_start=zoom,
        tiles=None,
        min_zoom=min_zoom,
        max_zoom=max_zoom,
        **kwargs,
    )
    # folium gives min/max zoom to its tile layer only; without tiles Leaflet has no maxZoom,
    # and L.markerClusterGroup throws "Map has no maxZoom specified".
    m.options.update(min_zoom=min_zoom, max_zoom=max_zoom)
    if tiles:
        folium.TileLayer("OpenStreetMap", min_zoom=min_zoom, max_zoom=max_zoom).add_to(m)
    OfflineSetup(background).add_to(m)
    if attribution is None:
        attribution = boundary_attribution(lang)
    Attribution(attribution, prefix=LEAFLET_CREDIT["en" if lang == "en" else "th"]).add_to(m)
    return m


def fit_bounds(
    m: folium.Map,
    bounds: Any,
    padding_top_left: tuple[int, int] = (10, 10),
    padding_bottom_right: tuple[int, int] = (10, 40),
    max_zoom: int | None = None,
) -> folium.Map:
    """Fit the view of ``m`` to a GeoDataFrame/GeoSeries or to ``(minx, miny, maxx, maxy)``.

    Geometries in another CRS are reprojected to WGS 84 first. The default bottom padding keeps
    the areas clear of the attribution line. Returns ``m``.
    """
    if hasattr(bounds, "total_bounds"):
        if getattr(bounds, "crs", None) is not None and not bounds.crs.equals("EPSG:4326"):
            bounds = bounds.to_crs(4326)
        bounds = bounds.total_bounds
    minx, miny, maxx, maxy = (float(v) for v in bounds)
    if not all(math.isfinite(v) for v in (minx, miny, maxx, maxy)):
        return m
    m.fit_bounds(
        [[miny, minx], [maxy, maxx]],
        padding_top_left=padding_top_left,
        padding_bottom_right=padding_bottom_right,
        max_zoom=max_zoom,
    )
    return m


# --- numbers --------------------------------------------------------------------------------------


def _missing(x: Any) -> bool:
    if x is None:
        return True
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def format_number(x: Any, decimals: int = 0, missing: str = "–") -> str:
    """Thousands separated with commas, as Thai official statistics write them: ``140,045``."""
    if _missing(x):
        return missing
    return f"{float(x):,.{decimals}f}"


def format_percent(x: Any, decimals: int = 1, missing: str = "–", *, fraction: bool = False) -> str:
    """A value in percent (12.34) as ``12.3%``; with ``fraction=True`` a share (0.1234)."""
    if _missing(x):
        return missing
    value = float(x) * 100 if fraction else float(x)
    return f"{value:,.{decimals}f}%"


def classify(
    values: Iterable[float] | pd.Series,
    method: Literal["quantiles", "natural_breaks"] = "quantiles",
    k: int = 5,
    seed: int = NATURAL_BREAKS_SEED,
) -> list[float]:
    """Upper bounds of the classes of ``values`` (NaN ignored), in increasing order.

    A value ``v`` falls in the first class whose bound is ``>= v`` (see ``class_index``); the
    last bound is the maximum. With ``k`` or fewer distinct values each value is its own class,
    so fewer than ``k`` bounds may come back (none for no values).

    ``natural_breaks`` is Jenks' method as mapclassify's k-means ``NaturalBreaks``, run with a
    fixed random seed so the same data always gives the same classes.
    """
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")
    arr = pd.to_numeric(pd.Series(list(values), dtype="float64"), errors="coerce").to_numpy()
    arr = arr[np.isfinite(arr)]
    if arr.size == 0:
        return []
    unique = np.unique(arr)
    if unique.size <= k:
        return [float(v) for v in unique]

    import mapclassify  # heavy import (numba); only when needed

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if method == "quantiles":
            bins = mapclassify.Quantiles(arr, k=k).bins
        elif method == "natural_breaks":
            state = np.random.get_state()
            try:
                np.random.seed(seed)  # sklearn's KMeans inside draws from the global RNG
                bins = mapclassify.NaturalBreaks(arr, k=k, initial=10).bins
            finally:
                np.random.set_state(state)
        else:
            raise ValueError(f"unknown classification method {method!r}")
    out = sorted({float(b) for b in bins})
    out[-1] = max(out[-1], float(unique[-1]))
    return out


def class_index(value: float, bins: Sequence[float]) -> int | None:
    """The class of ``value`` for upper bounds ``bins``; ``None`` for NaN or no bins."""
    if _missing(value) or not bins:
        return None
    i = int(np.searchsorted(np.asarray(bins, dtype=float), float(value), side="left"))
    return min(i, len(bins) - 1)


def class_colours(n_classes: int, palette: Sequence[str]) -> list[str]:
    """``n_classes`` colours from ``palette``: all of it, or evenly spread when fewer classes."""
    if n_classes <= 0:
        return []
    if n_classes > len(palette):
        raise ValueError(f"{n_classes} classes but the palette has only {len(palette)} colours")
    if n_classes == len(palette):
        return list(palette)
    if n_classes == 1:
        return [palette[len(palette) // 2]]
    idx = np.round(np.linspace(0, len(palette) - 1, n_classes)).astype(int)
    return [palette[i] for i in idx]


# --- choropleth -----------------------------------------------------------------------------------


def _round_geometries(geoms: Any, decimals: int) -> list[Any]:
    factor = 10.0**decimals
    rounded = shapely.transform(
        np.asarray(geoms, dtype=object), lambda c: np.round(c * factor) / factor
    )
    out = []
    for g in rounded:
        try:
            out.append(shapely.remove_repeated_points(g))
        except shapely.errors.GEOSException:
            out.append(g)
    return out


def _tooltip_value(x: Any) -> str:
    if _missing(x):
        return "–"
    if isinstance(x, bool | np.bool_):
        return str(bool(x))
    if isinstance(x, int | np.integer):
        return format_number(x)
    if isinstance(x, float | np.floating):
        return format_number(x, 0 if float(x).is_integer() else 2)
    return str(x)


def _tooltip_html(rows: Sequence[tuple[str, str]]) -> str:
    """Tooltip rows as HTML; labels and values are escaped, so names render as text.

    A row with an empty label shows its value alone; a row with an empty value is left out.
    """
    return "<br>".join(
        f"<b>{html.escape(label)}</b>: {html.escape(value)}" if label else html.escape(value)
        for label, value in rows
        if value != ""
    )


_HATCH_ID_RE = re.compile(r"[^0-9a-zA-Z]+")


def _hatch_id(colour: str, line: str) -> str:
    return "povmap-hatch-" + _HATCH_ID_RE.sub("", f"{colour}-{line}")


class HatchPattern(MacroElement):
    """An SVG ``<pattern>`` that suppressed areas use as fill (``url(#id) fallback-colour``)."""

    _template = Template(
        """
        {% macro html(this, kwargs) %}
        <svg aria-hidden="true" width="0" height="0" style="position:absolute;width:0;height:0">
        <defs><pattern id="{{ this.pattern_id }}" patternUnits="userSpaceOnUse" width="6" height="6"
         patternTransform="rotate(45)"><rect width="6" height="6" fill="{{ this.colour }}"/>
        <line x1="0" y1="0" x2="0" y2="6" stroke="{{ this.line }}" stroke-width="2.5"/></pattern>
        </defs></svg>
        {% endmacro %}
        """
    )

    def __init__(self, colour: str = SUPPRESSED_COLOUR, line: str = SUPPRESSED_HATCH_COLOUR):
        super().__init__()
        self._name = "HatchPattern"
        self.colour = html.escape(colour)
        self.line = html.escape(line)
        self.pattern_id = _hatch_id(colour, line)

    @property
    def fill(self) -> str:
        """The SVG paint: the pattern, falling back to the plain colour."""
        return f"url(#{self.pattern_id}) {self.colour}"


def choropleth(
    gdf: Any,
    values: pd.Series,
    *,
    bins: Sequence[float],
    palette: Sequence[str] = tuple(YLORRD_5),
    code_col: str = "code",
    tooltip_fields: Mapping[str, str] | None = None,
    value_label: str | None = None,
    value_fmt: Callable[[Any], str] = format_number,
    no_data_colour: str = NO_DATA_COLOUR,
    no_data_label: str = "ไม่มีข้อมูล",
    suppressed_codes: Iterable[str] = (),
    suppressed_colour: str = SUPPRESSED_COLOUR,
    suppressed_hatch: bool = True,
    suppressed_label: str = "ปกปิด (ข้อมูลน้อย)",
    name: str = "choropleth",
    coord_decimals: int = 4,
    highlight: bool = True,
    fill_opacity: float = 0.85,
    outline_colour: str = OUTLINE_COLOUR,
) -> folium.GeoJson:
    """A GeoJson layer of ``gdf`` coloured by ``values`` (a Series indexed by area code).

    Only ``code``, ``value`` and ``tooltip`` travel to the browser for each feature, with
    coordinates rounded to ``coord_decimals``. Areas whose value is NaN or missing are drawn
    in ``no_data_colour``; areas in ``suppressed_codes`` are hatched (or ``suppressed_colour``)
    with a dashed outline, and their value never leaves the server.

    Args:
        gdf: GeoDataFrame with the code column ``code_col`` and the ``tooltip_fields`` columns.
        values: the mapped number per code.
        bins: upper class bounds, e.g. from ``classify``.
        palette: at least ``len(bins)`` colours, light to dark.
        tooltip_fields: tooltip label -> column of ``gdf``, shown first, in order.
        value_label: when given, the tooltip ends with this label and the formatted value (or
            the no-data / suppressed label).
        value_fmt: formats values for the tooltip.
    """
    colours = class_colours(len(bins), palette)
    suppressed = {str(c) for c in suppressed_codes}
    tooltip_fields = dict(tooltip_fields or {})
    missing_cols = [c for c in [code_col, *tooltip_fields.values()] if c not in gdf.columns]
    if missing_cols:
        raise KeyError(f"columns not in the GeoDataFrame: {missing_cols}")

    if gdf.crs is not None and not gdf.crs.equals("EPSG:4326"):
        gdf = gdf.to_crs(4326)
    gdf = gdf[gdf.geometry.notna() & ~gdf.geometry.is_empty]
    value_by_code = pd.Series(values)
    value_by_code.index = value_by_code.index.map(str)
    value_by_code = value_by_code[~value_by_code.index.duplicated(keep="first")]

    base = {
        "color": outline_colour,
        "weight": 0.6,
        "opacity": 1,
        "fillOpacity": fill_opacity,
    }
    hatch = HatchPattern(suppressed_colour) if suppressed_hatch else None
    styles: dict[str, dict[str, Any]] = {}
    features: list[dict[str, Any]] = []
    geoms = _round_geometries(gdf.geometry.to_numpy(), coord_decimals)
    for geom, (_, row) in zip(geoms, gdf.iterrows(), strict=True):
        if geom is None or geom.is_empty:
            continue
        code = str(row[code_col])
        raw = value_by_code.get(code, np.nan)
        value = None if _missing(raw) else float(raw)
        if code in suppressed:
            value = None
            style = {
                **base,
                "fillColor": hatch.fill if hatch else suppressed_colour,
                "color": SUPPRESSED_HATCH_COLOUR,
                "weight": 1.2,
                "dashArray": "4 3",
            }
            shown = suppressed_label
        elif value is None:
            style = {**base, "fillColor": no_data_colour}
            shown = no_data_label
        else:
            cls = class_index(value, bins)
            style = {**base, "fillColor": colours[cls] if cls is not None else no_data_colour}
            shown = value_fmt(value)
        styles[code] = style
        rows = [(label, _tooltip_value(row[col])) for label, col in tooltip_fields.items()]
        if value_label is not None:
            rows.append((value_label, shown))
        features.append(
            {
                "type": "Feature",
                "id": code,
                "properties": {"code": code, "value": value, "tooltip": _tooltip_html(rows)},
                "geometry": shapely.geometry.mapping(geom),
            }
        )
    if len({f["id"] for f in features}) != len(features):
        raise ValueError(f"codes in {code_col!r} are not unique")
    data = json.loads(
        json.dumps({"type": "FeatureCollection", "features": features}, allow_nan=False)
    )

    fallback = {**base, "fillColor": no_data_colour}

    def style_function(feature: dict[str, Any]) -> dict[str, Any]:
        return styles.get(str(feature.get("id")), fallback)

    def highlight_function(feature: dict[str, Any]) -> dict[str, Any]:
        return {"weight": 2.5, "color": "#111111", "fillOpacity": min(1.0, fill_opacity + 0.1)}

    layer = folium.GeoJson(
        data,
        name=name,
        style_function=style_function,
        highlight_function=highlight_function if highlight else None,
        tooltip=folium.GeoJsonTooltip(
            fields=["tooltip"],
            labels=False,
            sticky=True,
            style=f"font-family: {THAI_FONT_STACK}; font-size: 13px; line-height: 1.4;",
        ),
        smooth_factor=0.5,
    )
    if hatch is not None and suppressed:
        layer.add_child(hatch)
    return layer


# --- legend ---------------------------------------------------------------------------------------


def legend_labels(
    bins: Sequence[float],
    labels_fmt: Callable[[float], str] = format_number,
    lower: float | None = None,
) -> list[str]:
    """One label per class: ``≤ b0``, ``b0 – b1``, ... (``lower – b0`` when ``lower`` given)."""
    labels = []
    for i, hi in enumerate(bins):
        if i == 0:
            labels.append(
                f"≤ {labels_fmt(hi)}"
                if lower is None
                else f"{labels_fmt(lower)} – {labels_fmt(hi)}"
            )
        else:
            labels.append(f"{labels_fmt(bins[i - 1])} – {labels_fmt(hi)}")
    return labels


_LEGEND_CSS = """
.povmap-legend {
  background: rgba(255, 255, 255, 0.92);
  padding: 6px 9px;
  border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0, 0, 0, 0.35);
  font-family: %(font)s;
  font-size: 12px;
  line-height: 1.35;
  color: #222;
  max-width: 220px;
}
.povmap-legend .povmap-legend-title { font-weight: bold; margin-bottom: 4px; }
.povmap-legend .povmap-legend-row { display: flex; align-items: center; gap: 6px; margin: 2px 0; }
.povmap-legend .povmap-swatch {
  flex: 0 0 auto; width: 18px; height: 12px; border: 1px solid #6b6b6b; box-sizing: border-box;
}
.povmap-legend .povmap-swatch-suppressed { border-style: dashed; }
""".replace("%(font)s", THAI_FONT_STACK)


class Legend(MacroElement):
    """A plain HTML/CSS legend in a Leaflet control (no d3, no CDN)."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
            var legend = L.control({position: {{ this.position|tojson }}});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "povmap-legend leaflet-control");
                div.style.fontFamily = {{ this.font|tojson }};
                div.innerHTML = {{ this.body|tojson }};
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, body: str, position: str = "bottomright"):
        super().__init__()
        self._name = "Legend"
        self.body = body
        self.position = position
        self.css = _LEGEND_CSS
        self.font = THAI_FONT_STACK


def legend(
    title: str,
    bins: Sequence[float],
    palette: Sequence[str] = tuple(YLORRD_5),
    labels_fmt: Callable[[float], str] = format_number,
    no_data_label: str | None = "ไม่มีข้อมูล",
    suppressed_label: str | None = "ปกปิด (ข้อมูลน้อย)",
    *,
    lower: float | None = None,
    no_data_colour: str = NO_DATA_COLOUR,
    suppressed_colour: str = SUPPRESSED_COLOUR,
    position: str = "bottomright",
) -> Legend:
    """The legend of a ``choropleth`` with the same ``bins`` and ``palette``.

    All text is escaped. ``no_data_label`` / ``suppressed_label`` = None leaves that row out.
    """
    colours = class_colours(len(bins), palette)
    esc = html.escape
    rows = [f'<div class="povmap-legend-title">{esc(title)}</div>']

    def row(swatch_style: str, label: str, extra_class: str = "") -> str:
        return (
            '<div class="povmap-legend-row">'
            f'<span class="povmap-swatch{extra_class}" style="{swatch_style}"></span>'
            f"<span>{esc(label)}</span></div>"
        )

    for colour, label in zip(colours, legend_labels(bins, labels_fmt, lower), strict=True):
        rows.append(row(f"background:{esc(colour)}", label))
    if no_data_label is not None:
        rows.append(row(f"background:{esc(no_data_colour)}", no_data_label))
    if suppressed_label is not None:
        hatch = (
            f"background:repeating-linear-gradient(45deg,{SUPPRESSED_HATCH_COLOUR} 0 2px,"
            f"{esc(suppressed_colour)} 2px 5px)"
        )
        rows.append(row(hatch, suppressed_label, " povmap-swatch-suppressed"))
    return Legend("".join(rows), position=position)


# --- points ---------------------------------------------------------------------------------------

_POINT_CALLBACK = """
function (row) {
    var marker = L.marker(new L.LatLng(row[0], row[1]));
    if (row[2] !== null && row[2] !== undefined) {
        var tip = document.createElement("span");
        tip.textContent = String(row[2]);
        marker.bindTooltip(tip);
    }
    if (row[3] !== null && row[3] !== undefined) {
        var pop = document.createElement("span");
        pop.textContent = String(row[3]);
        marker.bindPopup(pop);
    }
    return marker;
}
"""


def point_cluster(
    points_df: pd.DataFrame,
    lat: str = "lat",
    lon: str = "lon",
    tooltip: str | None = None,
    popup: str | None = None,
    name: str = "points",
    coord_decimals: int = 5,
    **options: Any,
) -> OfflineMarkerCluster:
    """Clustered markers (vendored Leaflet.markercluster) for the rows of ``points_df``.

    Rows without coordinates are skipped. Tooltip/popup texts are set with ``textContent`` in
    the browser, so they always render as text. ``options`` go to ``L.markerClusterGroup``.
    """
    df = points_df.dropna(subset=[lat, lon])
    lats = df[lat].astype(float).round(coord_decimals).tolist()
    lons = df[lon].astype(float).round(coord_decimals).tolist()

    def texts(col: str | None) -> list[str | None]:
        if col is None:
            return [None] * len(df)
        return [None if _missing(v) else _tooltip_value(v) for v in df[col]]

    data = [list(r) for r in zip(lats, lons, texts(tooltip), texts(popup), strict=True)]
    return OfflineMarkerCluster(data, callback=_POINT_CALLBACK, name=name, **options)
