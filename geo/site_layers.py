"""Map layers of sites beside the poor: clustered category icons, tourism routes with numbered
stops, a category legend and the livable-city indicator choropleth. Pure folium, no streamlit.

Every icon is inline SVG inside a Leaflet ``divIcon`` (no icon font, no CDN); marker clusters use
the vendored Leaflet.markercluster; every text shown in a tooltip is set with ``textContent`` in
the browser, so names always render as text. Layers can be toggled in the layer control; points
cluster until ``cluster_until_zoom``, so the national view stays readable.

Example:
    >>> import pandas as pd
    >>> pts = pd.DataFrame({"lat": [16.4], "lon": [103.5], "category": ["temple"],
    ...                     "approximate": [False], "tooltip": ["<b>วัด</b>"]})
    >>> layer = site_cluster(pts, "cultural_site", "Cultural sites", {"temple": "#b8860b"})
    >>> layer.data[0][3]
    '<b>วัด</b>'
    >>> "<svg" in icon_html("cultural_site", "#b8860b")
    True
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import folium
import folium.map
import geopandas as gpd
import pandas as pd
from branca.element import MacroElement
from folium.template import Template

from geo import maps

#: Inline SVG paths (24 × 24 view box) drawn in white on the category colour, one per kind.
GLYPHS: dict[str, str] = {
    # a temple roof over columns
    "cultural_site": "M12 2.5 21 9H3Z M4.5 10h15v2h-15Z M6 13h2v6H6Z M11 13h2v6h-2Z M16 13h2v6h-2Z M3.5 19.5h17V22h-17Z",
    # a five-pointed star
    "cultural_product": "M12 2.2l2.9 6.3 6.9.7-5.2 4.6 1.5 6.8L12 17.1l-6.1 3.5 1.5-6.8-5.2-4.6 6.9-.7Z",
    # a shop with an awning
    "market": "M3 3h18l1.5 6H1.5Z M3.5 10.5h17V21h-17Z M10 14h4v7h-4Z",
    # a workshop with a saw-tooth roof and a chimney
    "enterprise": "M2 21V11l5 3v-3l5 3v-3l5 3V4h4v17Z",
    # a light bulb
    "innovation_community": "M12 2a7 7 0 0 1 4 12.7V17H8v-2.3A7 7 0 0 1 12 2Z M8.5 18h7v2h-7Z M10 21h4v1.5h-4Z",
    # a house (a village)
    "village": "M12 3 2 11.5h3V21h5v-6h4v6h5v-9.5h3Z",
    # a flag on a pole (a route's start)
    "tourism_route": "M5 2h2v20H5Z M7 3h12l-3 4 3 4H7Z",
}
_COLOUR_RE = re.compile(r"#[0-9a-fA-F]{6}")
DEFAULT_COLOUR = "#636363"
#: Zoom level from which markers stop clustering (6 = all of Thailand, 10 = a district).
CLUSTER_UNTIL_ZOOM = 11

_CSS = """
.povmap-site-icon { background: none; border: none; }
.povmap-site {
  width: 24px; height: 24px; border-radius: 50%; border: 2px solid #fff; box-sizing: border-box;
  box-shadow: 0 1px 3px rgba(0,0,0,.45); display: flex; align-items: center; justify-content: center;
}
.povmap-site.povmap-approx { border: 2px dashed #fff; opacity: .78; }
.povmap-site svg { width: 15px; height: 15px; display: block; }
.povmap-stop {
  width: 20px; height: 20px; border-radius: 50%; border: 2px solid #fff; color: #fff;
  font: bold 11px/16px %(font)s; text-align: center; box-sizing: border-box;
  box-shadow: 0 1px 3px rgba(0,0,0,.45);
}
.povmap-site-tip { white-space: pre-line; font-family: %(font)s; font-size: 13px; line-height: 1.4; }
.povmap-site-cluster { background: none; border: none; }
.povmap-site-cluster div {
  width: 100%; height: 100%; border-radius: 50%; border: 3px solid rgba(255,255,255,.85);
  box-sizing: border-box; color: #fff; font: bold 12px %(font)s; display: flex;
  align-items: center; justify-content: center; box-shadow: 0 1px 4px rgba(0,0,0,.4);
}
.povmap-legend .povmap-legend-icon { flex: 0 0 auto; display: inline-flex; }
.povmap-legend .povmap-legend-icon .povmap-site { width: 18px; height: 18px; border-width: 1.5px; }
.povmap-legend .povmap-legend-icon .povmap-site svg { width: 11px; height: 11px; }
.povmap-legend .povmap-legend-line { flex: 0 0 auto; width: 18px; height: 0; border-top: 4px solid; }
.povmap-legend details.povmap-legend-kind > summary { cursor: pointer; list-style: none; }
.povmap-legend details.povmap-legend-kind > summary::-webkit-details-marker { display: none; }
.povmap-legend details.povmap-legend-kind > summary::after { content: "▸"; margin-left: 2px; color: #666; }
.povmap-legend details.povmap-legend-kind[open] > summary::after { content: "▾"; }
.povmap-legend .povmap-legend-items { margin: 0 0 4px 10px; max-height: 160px; overflow-y: auto; }
.povmap-legend .povmap-legend-note { margin-top: 4px; color: #555; font-size: 11px; }
.leaflet-control-layers { font-family: %(font)s; font-size: 13px; }
"""


def _colour(value: object) -> str:
    text = str(value) if value is not None else ""
    return text if _COLOUR_RE.fullmatch(text) else DEFAULT_COLOUR


def icon_html(kind: str, colour: str, approximate: bool = False) -> str:
    """The marker of a site: its kind's glyph in white on a ``colour`` disc (dashed if approximate)."""
    glyph = GLYPHS.get(kind, GLYPHS["cultural_site"])
    cls = "povmap-site povmap-approx" if approximate else "povmap-site"
    return (
        f'<div class="{cls}" style="background:{_colour(colour)}">'
        f'<svg viewBox="0 0 24 24" aria-hidden="true"><path d="{glyph}" fill="#fff" '
        'fill-rule="evenodd"/></svg></div>'
    )


class SiteStyles(MacroElement):
    """The CSS of site icons, stop numbers, clusters and tooltips (added once per map)."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        {% endmacro %}
        """
    )

    def __init__(self):
        super().__init__()
        self._name = "SiteStyles"
        self.css = _CSS.replace("%(font)s", maps.THAI_FONT_STACK)


_SITE_CALLBACK = """
function (row) {
    var icons = %(icons)s;
    var icon = L.divIcon({html: icons[row[2]], className: "povmap-site-icon",
                          iconSize: [24, 24], iconAnchor: [12, 12], tooltipAnchor: [10, 0]});
    var marker = L.marker(new L.LatLng(row[0], row[1]), {icon: icon, keyboard: false});
    if (row[3] !== null && row[3] !== undefined && row[3] !== "") {
        var tip = document.createElement("div");
        tip.className = "povmap-site-tip";
        tip.textContent = String(row[3]);
        marker.bindTooltip(tip, {direction: "top"});
    }
    return marker;
}
"""

_CLUSTER_ICON = """
function (cluster) {
    var n = cluster.getChildCount();
    var size = n < 10 ? 30 : (n < 100 ? 36 : 44);
    var el = document.createElement("div");
    el.style.background = %(colour)s;
    el.textContent = String(n);
    return L.divIcon({html: el, className: "povmap-site-cluster", iconSize: L.point(size, size)});
}
"""


class SiteCluster(maps.OfflineMarkerCluster):
    """A toggleable marker-cluster layer of site icons (shown or hidden when the map opens)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = (function(){
                {{ this.callback }}
                var data = {{ this.data|tojson }};
                var cluster = L.markerClusterGroup({{ this.options|tojavascript }});
                cluster.options.iconCreateFunction = {{ this.icon_create_function.strip() }};
                for (var i = 0; i < data.length; i++) {
                    callback(data[i]).addTo(cluster);
                }
                return cluster;
            })();
        {% endmacro %}"""
    )


def _script_json(value: object) -> str:
    """JSON that is safe inside a <script> element."""
    return (
        json.dumps(value, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )


def site_cluster(
    points: pd.DataFrame,
    kind: str,
    name: str,
    colours: Mapping[str, str],
    *,
    show: bool = True,
    cluster_until_zoom: int = CLUSTER_UNTIL_ZOOM,
    coord_decimals: int = 5,
) -> SiteCluster:
    """A clustered layer of ``points`` (columns lat, lon, category, approximate, tooltip).

    Each point gets its kind's glyph on its category colour (dashed and paler when its place is
    approximate); the tooltip text (lines separated by newlines) is shown as text. The cluster
    bubbles take the colour of the layer's most common category.
    """
    df = points.dropna(subset=["lat", "lon"])
    icons: dict[str, str] = {}
    data = []
    for lat, lon, category, approx, tip in zip(
        df["lat"].astype(float).round(coord_decimals),
        df["lon"].astype(float).round(coord_decimals),
        df["category"].astype(str),
        df["approximate"].fillna(False).astype(bool),
        df["tooltip"],
        strict=True,
    ):
        key = f"{category}|{int(approx)}"
        if key not in icons:
            icons[key] = icon_html(kind, colours.get(category, DEFAULT_COLOUR), approx)
        data.append([float(lat), float(lon), key, None if pd.isna(tip) else str(tip)])
    common = df["category"].mode()
    bubble = _colour(colours.get(common.iloc[0]) if len(common) else None)
    layer = SiteCluster(
        data,
        callback=_SITE_CALLBACK % {"icons": _script_json(icons)},
        name=html.escape(name),
        show=show,
        icon_create_function=_CLUSTER_ICON % {"colour": json.dumps(bubble)},
        disableClusteringAtZoom=cluster_until_zoom,
        maxClusterRadius=45,
        showCoverageOnHover=False,
        spiderfyOnMaxZoom=False,
    )
    return layer


class RouteLayer(folium.map.Layer):
    """Tourism routes: a line through the ordered stops and a numbered marker at each stop."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = (function () {
                var group = L.featureGroup();
                var routes = {{ this.routes|tojson }};
                function tip(text) {
                    var el = document.createElement("div");
                    el.className = "povmap-site-tip";
                    el.textContent = text;
                    return el;
                }
                routes.forEach(function (r) {
                    L.polyline(r.points, {color: r.colour, weight: 4, opacity: 0.9})
                        .bindTooltip(tip(r.tip), {sticky: true}).addTo(group);
                    r.stops.forEach(function (s) {
                        var icon = L.divIcon({html: s.html, className: "povmap-site-icon",
                                              iconSize: [20, 20], iconAnchor: [10, 10]});
                        L.marker(s.point, {icon: icon, keyboard: false})
                            .bindTooltip(tip(s.tip), {direction: "top"}).addTo(group);
                    });
                });
                return group;
            })();
        {% endmacro %}
        """
    )

    def __init__(self, routes: list[dict], name: str, show: bool = True):
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "RouteLayer"
        self.routes = routes


def route_layer(
    routes: pd.DataFrame,
    stops: pd.DataFrame,
    name: str,
    colours: Mapping[str, str],
    *,
    show: bool = True,
    coord_decimals: int = 5,
) -> RouteLayer:
    """Routes (site_id, category, tooltip) as lines through their ``stops`` (route_id, stop_no,
    lat, lon, tooltip) in stop order, each stop a numbered disc in the route's colour."""
    out = []
    for route_id, category, tip in zip(
        routes["site_id"], routes["category"], routes["tooltip"], strict=True
    ):
        these = stops[stops["route_id"] == route_id].sort_values("stop_no")
        if len(these) < 2:
            continue
        colour = _colour(colours.get(category))
        points = [
            [round(float(a), coord_decimals), round(float(b), coord_decimals)]
            for a, b in zip(these["lat"], these["lon"], strict=True)
        ]
        out.append(
            {
                "colour": colour,
                "tip": str(tip),
                "points": points,
                "stops": [
                    {
                        "point": point,
                        "html": f'<div class="povmap-stop" style="background:{colour}">{int(n)}</div>',
                        "tip": str(stop_tip),
                    }
                    for point, n, stop_tip in zip(
                        points, these["stop_no"], these["tooltip"], strict=True
                    )
                ],
            }
        )
    return RouteLayer(out, html.escape(name), show=show)


@dataclass(frozen=True)
class LegendEntry:
    """One kind of site in the legend: its glyph, its label and its categories' colours.

    ``kind`` None draws a line (tourism routes). ``categories`` are (label, colour) pairs, listed
    in a fold-out under the kind so the legend stays small over the map.
    """

    label: str
    kind: str | None
    categories: tuple[tuple[str, str], ...] = ()


def site_legend(
    title: str,
    entries: Sequence[LegendEntry],
    note: str = "",
    position: str = "bottomleft",
) -> maps.Legend:
    """A compact legend of the site layers (all text escaped), styled like the choropleth's."""
    esc = html.escape

    def mark(kind: str | None, colour: str) -> str:
        if kind:
            return f'<span class="povmap-legend-icon">{icon_html(kind, colour)}</span>'
        return f'<span class="povmap-legend-line" style="border-color:{_colour(colour)}"></span>'

    rows = [f'<div class="povmap-legend-title">{esc(title)}</div>']
    for e in entries:
        head = f"{mark(e.kind, '#4d4d4d')}<span>{esc(e.label)}</span>"
        if not e.categories:
            rows.append(f'<div class="povmap-legend-row">{head}</div>')
            continue
        items = "".join(
            f'<div class="povmap-legend-row">{mark(e.kind, colour)}<span>{esc(label)}</span></div>'
            for label, colour in e.categories
        )
        rows.append(
            f'<details class="povmap-legend-kind"><summary class="povmap-legend-row">{head}'
            f'</summary><div class="povmap-legend-items">{items}</div></details>'
        )
    if note:
        rows.append(f'<div class="povmap-legend-note">{esc(note)}</div>')
    return maps.Legend("".join(rows), position=position)


def add_site_layers(
    m: folium.Map,
    layers: Sequence[folium.map.Layer],
    legend: maps.Legend | None = None,
    *,
    collapsed: bool = False,
    assets: maps.Assets,
) -> folium.Map:
    """Add site ``layers`` (from :func:`site_cluster` / :func:`route_layer`), their styles, a layer
    control and a legend to ``m``; returns ``m`` with every resource pointed at ``assets``."""
    SiteStyles().add_to(m)
    for layer in layers:
        layer.add_to(m)
    if layers:
        folium.LayerControl(position="topright", collapsed=collapsed).add_to(m)
    if legend is not None:
        legend.add_to(m)
    return maps.localize(m, assets)


GREENS_5 = ["#edf8e9", "#bae4b3", "#74c476", "#31a354", "#006d2c"]


def indicator_map(
    layer: gpd.GeoDataFrame,
    values: pd.Series,
    *,
    title: str,
    higher_is_better: bool | None,
    level_label: str = "",
    lang: str = "th",
    no_data_label: str = "ไม่มีข้อมูล",
    value_fmt=None,
    tiles: bool = False,
    coord_decimals: int = 4,
    assets: maps.Assets,
) -> folium.Map:
    """A choropleth of one area indicator (``values`` indexed by area code) over ``layer``.

    Darker means more: green when more is better, yellow-red when more is worse (or unknown).
    """
    fmt = value_fmt or (lambda v: maps.format_number(v, 1))
    palette = GREENS_5 if higher_is_better else maps.YLORRD_5
    first, second = ("name_en", "name_th") if lang == "en" else ("name_th", "name_en")
    m = maps.offline_map(tiles=tiles, lang=lang, keyboard=False)
    shown = values.reindex(layer["code"]).dropna()
    bins = maps.classify(shown, "quantiles", k=5)
    maps.choropleth(
        layer,
        values,
        bins=bins,
        palette=palette,
        tooltip_fields={level_label: first, "": second} if level_label else {"": first},
        value_label=title,
        value_fmt=fmt,
        no_data_label=no_data_label,
        coord_decimals=coord_decimals,
    ).add_to(m)
    maps.legend(
        title, bins, palette, labels_fmt=fmt, no_data_label=no_data_label, suppressed_label=None
    ).add_to(m)
    if len(layer):
        maps.fit_bounds(m, layer)
    return maps.localize(m, assets)
