"""The poverty choropleth of one level inside one parent area in the browser (folium, no streamlit).

A map is two parts, so that changing the metric repaints it instead of rebuilding it:

* the **geometry** (:func:`geo.area_geometry.geometry_payload`, drawn by :class:`AreaLayer`):
  codes, both names, parent names and the rings, delta-encoded as short ASCII strings at
  ``coord_decimals``; the same for every metric;
* the **style** (:func:`geo.area_style.style_payload`, applied by :class:`AreaStyle`): one class
  letter, a formatted value and a rank per area, the legend and the hot-spot classes. It lives
  in a ``folium.FeatureGroup`` that ``st_folium(feature_group_to_add=...)`` swaps in the browser
  without touching the polygons.

:func:`build_area_map` puts both on an offline map with the village and household point layers
(:func:`point_layers`). What a map shows is :mod:`geo.metrics` (metrics, formatting, words),
:mod:`geo.area_values` (values, suppression, ranks) and :mod:`geo.classify` (classes, colours).

Everything shown to the user is set with ``textContent`` in the browser (names, values, legend),
so no name or label can inject markup.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
from branca.element import MacroElement
from folium.template import Template

from geo import maps
from geo.area_geometry import ALPHABET, geometry_payload
from geo.area_style import script_json, style_payload
from geo.metrics import Metric

# --- browser side ---------------------------------------------------------------------------------

_AREA_CSS = (
    """
.povmap-legend { background: rgba(255,255,255,0.94); padding: 6px 9px; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0,0,0,0.35); font-family: @FONT; font-size: 12px;
  line-height: 1.35; color: #222; max-width: 240px; }
.povmap-legend-title { font-weight: bold; margin-bottom: 4px; }
.povmap-legend-row { display: flex; align-items: center; gap: 6px; margin: 2px 0; }
.povmap-swatch { flex: 0 0 auto; width: 18px; height: 12px; border: 1px solid #6b6b6b;
  box-sizing: border-box; }
.povmap-swatch-s { border-style: dashed; background: repeating-linear-gradient(45deg,
  @HATCH 0 2px, @SUPP 2px 5px); }
.povmap-tip { font-family: @FONT; font-size: 13px; line-height: 1.4; }
.povmap-tip-name { font-weight: bold; }
.povmap-tip-dim { color: #555; }
.povmap-home { background: #762a83; border: 2px solid #fff; border-radius: 50%;
  box-shadow: 0 0 2px rgba(0,0,0,0.6); }
.povmap-home-cluster { background-color: rgba(118, 42, 131, 0.35); }
.povmap-home-cluster div { background-color: rgba(118, 42, 131, 0.8); color: #fff; }
""".replace("@FONT", maps.THAI_FONT_STACK)
    .replace("@HATCH", maps.SUPPRESSED_HATCH_COLOUR)
    .replace("@SUPP", maps.SUPPRESSED_COLOUR)
)

_AREA_JS = """
(function (map, P, hatchFill) {
  var t0 = Date.now(), timing = {start: t0};
  var A = %(alphabet)s, V = {};
  for (var a = 0; a < A.length; a++) V[A.charAt(a)] = a;
  var scale = Math.pow(10, P.d), x = 0, y = 0;
  function ring(s) {
    var out = [], i = 0, n = s.length;
    while (i < n) {
      var pair = [0, 0];
      for (var k = 0; k < 2; k++) {
        var z = 0, shift = 1, c;
        do { c = V[s.charAt(i++)]; z += (c & 31) * shift; shift *= 32; } while (c >= 32);
        pair[k] = (z %% 2) ? -(z + 1) / 2 : z / 2;
      }
      x += pair[0]; y += pair[1];
      out.push([x / scale, y / scale]);
    }
    out.push(out[0]);
    return out;
  }
  var features = [];
  for (var f = 0; f < P.code.length; f++) {
    var polys = [];
    for (var p = 0; p < P.g[f].length; p++) {
      var rings = [];
      for (var r = 0; r < P.g[f][p].length; r++) rings.push(ring(P.g[f][p][r]));
      polys.push(rings);
    }
    features.push({type: "Feature", id: P.code[f], properties: {code: P.code[f], i: f},
                   geometry: {type: "MultiPolygon", coordinates: polys}});
  }
  var S = null, layers = [], NODATA = %(nodata)s, OUTLINE = %(outline)s;
  function styleFor(i) {
    var st = {color: OUTLINE, weight: S ? S.w : 0.7, opacity: 1, fillOpacity: 0.85,
              dashArray: null, fillColor: NODATA};
    if (!S) return st;
    var c = S.cls.charAt(i);
    if (c === "s") {
      st.fillColor = hatchFill; st.color = %(hatch)s; st.weight = 1.2; st.dashArray = "4 3";
    } else if (S.hot) {
      var h = S.hot.cls.charAt(i);
      st.fillColor = h === "-" ? NODATA : S.hot.colours[+h];
    } else if (c !== "n") {
      st.fillColor = S.colours[+c];
    }
    if (i === S.sel) { st.weight = 3; st.color = "#111111"; }
    return st;
  }
  function tip(i) {
    var box = document.createElement("div");
    function line(text, cls) {
      if (!text) return;
      var d = document.createElement("div");
      if (cls) d.className = cls;
      d.textContent = text;
      box.appendChild(d);
    }
    var en = S && S.lang === "en";
    line(en ? P.en[i] : P.th[i], "povmap-tip-name");
    line(en ? P.th[i] : P.en[i], "povmap-tip-dim");
    var parent = P.pn[P.par[i]], pname = en ? parent[1] : parent[0];
    if (P.where) line(pname, "povmap-tip-dim");
    if (!S) return box;
    var c = S.cls.charAt(i);
    line(S.label + ": " + (c === "s" ? S.supp : (c === "n" ? S.nodata : S.val[i])));
    if (S.r[i] > 0) {
      line(S.rank.replace("{r}", S.r[i]).replace("{n}", S.n[P.par[i]]).replace("{p}", pname));
    }
    if (S.hot) {
      var h = S.hot.cls.charAt(i);
      if (h !== "-") line(S.hot.label + ": " + S.hot.labels[+h]);
    }
    return box;
  }
  timing.decodeMs = Date.now() - t0;
  // the areas join the map with their first style (one SVG pass): see api.apply
  var layer = L.geoJSON({type: "FeatureCollection", features: features}, {
    style: function (feature) { return styleFor(feature.properties.i); },
    smoothFactor: 0.5,
    onEachFeature: function (feature, lyr) { layers[feature.properties.i] = lyr; }
  });
  layer.bindTooltip(function (lyr) { return tip(lyr.feature.properties.i); },
                    {sticky: true, className: "povmap-tip"});
  layer.on("mouseover", function (e) { e.layer.setStyle({weight: 2.5, color: "#111111"}); });
  layer.on("mouseout", function (e) { e.layer.setStyle(styleFor(e.layer.feature.properties.i)); });
  timing.buildMs = Date.now() - t0 - timing.decodeMs;
  var legend = L.control({position: "bottomright"}), legendDiv = null;
  legend.onAdd = function () {
    legendDiv = L.DomUtil.create("div", "povmap-legend leaflet-control");
    L.DomEvent.disableClickPropagation(legendDiv);
    return legendDiv;
  };
  legend.addTo(map);
  function drawLegend() {
    while (legendDiv.firstChild) legendDiv.removeChild(legendDiv.firstChild);
    var title = document.createElement("div");
    title.className = "povmap-legend-title";
    title.textContent = S.legend.title;
    legendDiv.appendChild(title);
    S.legend.rows.forEach(function (row) {
      var div = document.createElement("div"), sw = document.createElement("span");
      var text = document.createElement("span");
      div.className = "povmap-legend-row";
      sw.className = "povmap-swatch" + (row[0] === "s" ? " povmap-swatch-s" : "");
      if (row[0] !== "s") sw.style.background = row[1];
      text.textContent = row[2];
      div.appendChild(sw); div.appendChild(text);
      legendDiv.appendChild(div);
    });
  }
  var api = {
    layer: layer,
    version: null,
    timing: timing,
    apply: function (style) {
      var t1 = Date.now();
      S = style;
      for (var i = 0; i < layers.length; i++) if (layers[i]) layers[i].setStyle(styleFor(i));
      if (!map.hasLayer(layer)) {
        layer.addTo(map);
        timing.drawMs = Date.now() - t1;
      } else {
        timing.styleMs = Date.now() - t1;
      }
      drawLegend();
      api.version = S.v;
      map.getContainer().setAttribute("data-povmap-style", S.v);
    }
  };
  window.povmapAreas = api;
  if (window.povmapPendingStyle) { api.apply(window.povmapPendingStyle); }
})(%(map)s, %(payload)s, %(hatch_fill)s);
"""


class AreaLayer(MacroElement):
    """The areas of a :func:`geo.area_geometry.geometry_payload`, drawn once; :class:`AreaStyle`
    colours them."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        {{ this.script(this._parent.get_name()) }}
        {% endmacro %}
        """
    )

    def __init__(self, geometry: Mapping[str, Any], *, where: bool = False):
        super().__init__()
        self._name = "AreaLayer"
        self.css = _AREA_CSS
        self.hatch = maps.HatchPattern()
        sent = {k: v for k, v in geometry.items() if k != "bounds"}
        sent["where"] = bool(where)
        self.payload = script_json(sent)
        self.add_child(self.hatch)

    def script(self, map_name: str) -> str:
        return _AREA_JS % {
            "alphabet": json.dumps(ALPHABET),
            "nodata": json.dumps(maps.NO_DATA_COLOUR),
            "outline": json.dumps(maps.OUTLINE_COLOUR),
            "hatch": json.dumps(maps.SUPPRESSED_HATCH_COLOUR),
            "hatch_fill": json.dumps(self.hatch.fill),
            "map": map_name,
            "payload": self.payload,
        }


class AreaStyle(MacroElement):
    """Applies a :func:`geo.area_style.style_payload` to the map's :class:`AreaLayer` (now, or
    once it exists)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (S) {
          if (window.povmapAreas) { window.povmapAreas.apply(S); }
          else { window.povmapPendingStyle = S; }
        })({{ this.payload }});
        {% endmacro %}
        """
    )

    def __init__(self, style: Mapping[str, Any]):
        super().__init__()
        self._name = "AreaStyle"
        self.payload = script_json(style)


class _FitBounds(MacroElement):
    """Open the map on ``(minx, miny, maxx, maxy)`` at once (no zoom animation on load), with the
    bottom clear of the attribution line."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.fitBounds({{ this.bounds|tojson }},
            {paddingTopLeft: [10, 10], paddingBottomRight: [10, 40], animate: false});
        {% endmacro %}
        """
    )

    def __init__(self, bounds: Sequence[float]):
        super().__init__()
        self._name = "FitBounds"
        minx, miny, maxx, maxy = (float(v) for v in bounds)
        self.bounds = [[miny, minx], [maxy, maxx]]


@dataclass
class AreaMap:
    """A built map: the folium map (geometry, points, legend slot) and the style feature group.

    Pass ``styles`` to ``st_folium(..., feature_group_to_add=styles)``; call :meth:`standalone`
    to render the whole map as one HTML page instead.
    """

    map: folium.Map
    styles: folium.FeatureGroup
    geometry: dict[str, Any] = field(repr=False)
    style: dict[str, Any] = field(repr=False)

    def standalone(self) -> folium.Map:
        self.styles.add_to(self.map)
        return self.map


_POINT_JS = """
function (row) {
    var marker = L.marker(new L.LatLng(row[0], row[1]), row[3] ? {icon: L.divIcon({
        className: "povmap-home", iconSize: [12, 12]})} : {});
    var tip = document.createElement("span");
    tip.textContent = String(row[2]);
    marker.bindTooltip(tip);
    return marker;
}
"""

_HOME_CLUSTER_JS = """
function (cluster) {
    var div = document.createElement("div"), span = document.createElement("span");
    span.textContent = String(cluster.getChildCount());
    div.appendChild(span);
    return L.divIcon({html: div.outerHTML, className: "marker-cluster povmap-home-cluster",
                      iconSize: new L.Point(36, 36)});
}
"""

#: FastMarkerCluster always adds itself to the map; this copy leaves that to folium's Layer, which
#: honours ``show=False`` (the overlay starts switched off in the layer control).
_CLUSTER_TEMPLATE = Template(
    """
    {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function(){
            {{ this.callback }}
            var data = {{ this.data|tojson }};
            var cluster = L.markerClusterGroup({{ this.options|tojavascript }});
            {%- if this.icon_create_function is not none %}
            cluster.options.iconCreateFunction = {{ this.icon_create_function.strip() }};
            {%- endif %}
            for (var i = 0; i < data.length; i++) { callback(data[i]).addTo(cluster); }
            return cluster;
        })();
    {% endmacro %}
    """
)


def _cluster(frame: pd.DataFrame, name: str, show: bool, home: bool) -> maps.OfflineMarkerCluster:
    df = frame.dropna(subset=["lat", "lon"])
    data = [
        [round(float(la), 5), round(float(lo), 5), str(tip), home]
        for la, lo, tip in zip(df["lat"], df["lon"], df["tooltip"], strict=True)
    ]
    layer = maps.OfflineMarkerCluster(
        data,
        callback=_POINT_JS.strip(),
        name=name,
        show=show,
        options={"showCoverageOnHover": False, "maxClusterRadius": 50},
        icon_create_function=_HOME_CLUSTER_JS if home else None,
    )
    layer._template = _CLUSTER_TEMPLATE
    return layer


def point_layers(
    villages: pd.DataFrame | None = None,
    households: pd.DataFrame | None = None,
    *,
    village_name: str = "หมู่บ้าน",
    household_name: str = "ครัวเรือน",
    show_villages: bool = True,
    show_households: bool = False,
) -> list[folium.Element]:
    """Clustered village pins and household dots (each frame: ``lat``, ``lon``, ``tooltip``), as
    overlays the map's layer control switches on and off. Tooltips are set as text."""
    layers: list[folium.Element] = []
    for frame, name, show, home in (
        (villages, village_name, show_villages, False),
        (households, household_name, show_households, True),
    ):
        if frame is not None and not frame.empty:
            layers.append(_cluster(frame, name, show, home))
    return layers


def build_area_map(
    layer: gpd.GeoDataFrame | None,
    stats: pd.DataFrame,
    metric: Metric,
    *,
    lang: str = "th",
    method: str = "quantiles",
    palette: str = "ylorrd",
    min_cell: int = 5,
    tiles: bool = False,
    labels: Mapping[str, str] | None = None,
    coord_decimals: int = 4,
    geometry: Mapping[str, Any] | None = None,
    hotspots: pd.Series | None = None,
    hot_labels: Mapping[str, str] | None = None,
    selected: str | None = None,
    points: Sequence[folium.Element] = (),
    where: bool = False,
    outline_weight: float = 0.7,
    style: Mapping[str, Any] | None = None,
    assets: maps.Assets,
) -> AreaMap:
    """A choropleth of ``metric`` over ``layer`` (already restricted to the parent area).

    ``geometry`` (a cached :func:`geo.area_geometry.geometry_payload`) replaces ``layer``,
    ``style`` (a cached :func:`geo.area_style.style_payload`) the style arguments. Areas with
    fewer than ``min_cell`` surveyed households are suppressed; areas without records show as
    "no data".
    Tooltips carry both names, the value and the rank within the parent; ``where`` adds the
    parent's name (for maps that span several parents). ``assets``: where the browser loads
    Leaflet from (see :func:`geo.maps.localize`).
    """
    if geometry is None:
        if layer is None:
            raise ValueError("give a layer or its geometry payload")
        geometry = geometry_payload(layer, decimals=coord_decimals)
    if style is None:
        style = style_payload(
            geometry,
            stats,
            metric,
            lang=lang,
            method=method,
            palette=palette,
            min_cell=min_cell,
            labels=labels,
            hotspots=hotspots,
            hot_labels=hot_labels,
            selected=selected,
            outline_weight=outline_weight,
        )
    # keyboard=False: focusing the map on mousedown scrolls the page when the map is partly off
    # screen, and the mouseup then misses the area that was pressed (no drill-down on click)
    # the attribution line speaks the map's language: the style's (it carries the labels)
    map_lang = str(style.get("lang", lang))
    m = maps.offline_map(tiles=tiles, lang=map_lang, prefer_canvas=False, keyboard=False)
    AreaLayer(geometry, where=where).add_to(m)
    for element in points:
        element.add_to(m)
    if len(geometry["code"]):
        _FitBounds(geometry["bounds"]).add_to(m)
    styles = folium.FeatureGroup(name="povmap-style", control=False)
    AreaStyle(style).add_to(styles)
    maps.localize(m, assets)
    maps.localize(styles, assets)
    return AreaMap(m, styles, dict(geometry), dict(style))


__all__ = ["AreaLayer", "AreaMap", "AreaStyle", "build_area_map", "point_layers"]
