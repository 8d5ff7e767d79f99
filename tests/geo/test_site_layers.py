"""Site map layers: offline (no CDN, no folium.Icon), escaped text, toggleable, ordered routes."""

from __future__ import annotations

import json
import re

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from geo import maps, site_layers
from povmap.vendor import ASSETS

EVIL = "<img src=x onerror=alert(1)>`${alert(2)}`</script>"


@pytest.fixture
def points() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "lat": [16.43, 16.50, 16.60],
            "lon": [103.50, 103.60, 103.70],
            "category": ["temple", "museum", "temple"],
            "approximate": [False, True, False],
            "tooltip": ["วัดศรี\nกาฬสินธุ์", EVIL, None],
        }
    )


def render(m) -> str:
    return m.get_root().render()


def scripts(html_text: str) -> str:
    return "\n".join(re.findall(r"<script[^>]*>(.*?)</script>", html_text, flags=re.S))


def test_site_clusters_draw_offline_with_inline_svg_icons(points):
    m = maps.offline_map()
    layer = site_layers.site_cluster(points, "cultural_site", "แหล่งวัฒนธรรม", {"temple": "#b8860b"})
    site_layers.add_site_layers(m, [layer], assets=ASSETS)
    out = render(m)
    assert maps.external_links(m) == []
    assert "cdn" not in out.lower() and "awesome" not in out.lower()
    assert "/app/static/vendor/leaflet.markercluster/" in out
    assert "disableClusteringAtZoom" in out
    assert "<svg viewBox" not in scripts(out).split("var icons = ")[0]  # icons live in the JSON
    icons = json.loads(re.search(r"var icons = (\{.*?\});", out).group(1))
    assert set(icons) == {"temple|0", "museum|1"}
    assert "#b8860b" in icons["temple|0"] and "povmap-approx" in icons["museum|1"]
    assert site_layers.DEFAULT_COLOUR in icons["museum|1"]  # no colour given: the default


def test_tooltips_are_set_as_text_so_names_never_run(points):
    m = maps.offline_map()
    site_layers.add_site_layers(
        m,
        [site_layers.site_cluster(points, "market", EVIL, {"temple": "#123456"})],
        assets=ASSETS,
    )
    out = render(m)
    assert "textContent" in out
    # the hostile name travels only as JSON data (with <, > escaped), never as markup
    assert "<img src=x" not in out
    assert "onerror=alert(1)" in out.replace("\\u003c", "<").replace("\\u003e", ">")
    # the layer control shows names as HTML: the name is escaped (then JSON-encoded)
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in out


def test_a_hidden_layer_is_in_the_control_but_not_on_the_map(points):
    m = maps.offline_map()
    shown = site_layers.site_cluster(points, "market", "shown", {})
    hidden = site_layers.site_cluster(points, "market", "hidden", {}, show=False)
    site_layers.add_site_layers(m, [shown, hidden], assets=ASSETS)
    out = render(m)
    assert f"{shown.get_name()}.addTo(" in out
    assert f"{hidden.get_name()}.addTo(" not in out
    assert '"hidden"' in out and "L.control.layers" in out


def test_routes_run_through_their_stops_in_order_with_numbers():
    routes = pd.DataFrame(
        {"site_id": ["R1", "R2"], "category": ["food_route", "bad"], "tooltip": ["ทางอาหาร", EVIL]}
    )
    stops = pd.DataFrame(
        {
            "route_id": ["R1", "R1", "R1", "R2"],
            "stop_no": [3, 1, 2, 1],
            "lat": [16.3, 16.1, 16.2, 15.0],
            "lon": [103.3, 103.1, 103.2, 100.0],
            "tooltip": ["c", "a", "b", "only"],
        }
    )
    layer = site_layers.route_layer(
        routes, stops, "เส้นทาง", {"food_route": "#e08214", "bad": "red;}"}
    )
    assert len(layer.routes) == 1  # a route with one stop is not a line
    route = layer.routes[0]
    assert route["points"] == [[16.1, 103.1], [16.2, 103.2], [16.3, 103.3]]
    assert [s["tip"] for s in route["stops"]] == ["a", "b", "c"]
    assert [re.search(r">(\d+)<", s["html"]).group(1) for s in route["stops"]] == ["1", "2", "3"]
    assert route["colour"] == "#e08214"
    m = maps.offline_map()
    site_layers.add_site_layers(m, [layer], assets=ASSETS)
    assert maps.external_links(m) == []
    assert "L.polyline" in render(m)


def test_colours_that_are_not_hex_fall_back_to_the_default():
    assert site_layers.icon_html("market", "red;background:url(x)").count("url(") == 0
    assert site_layers.DEFAULT_COLOUR in site_layers.icon_html("market", "javascript:x")


def test_the_legend_escapes_labels_and_folds_categories():
    legend = site_layers.site_legend(
        "สถานที่",
        [
            site_layers.LegendEntry(EVIL, "market", ((EVIL, "#123456"),)),
            site_layers.LegendEntry("ทาง", None),
        ],
        note="เส้นประ",
    )
    assert "<img" not in legend.body
    assert legend.body.count("&lt;img") == 2
    assert "<details" in legend.body and "povmap-legend-line" in legend.body


def test_indicator_map_colours_by_direction():
    layer = gpd.GeoDataFrame(
        {"code": ["10", "11", "12"], "name_th": ["ก", "ข", "ค"], "name_en": ["a", "b", "c"]},
        geometry=[box(100, 13, 100.5, 13.5), box(100.5, 13, 101, 13.5), box(101, 13, 101.5, 13.5)],
        crs="EPSG:4326",
    )
    values = pd.Series({"10": 1.0, "11": 5.0})
    good = render(
        site_layers.indicator_map(
            layer, values, title="น้ำประปา", higher_is_better=True, assets=ASSETS
        )
    )
    bad = render(
        site_layers.indicator_map(
            layer, values, title="PM2.5", higher_is_better=False, assets=ASSETS
        )
    )
    assert site_layers.GREENS_5[-1] in good and maps.YLORRD_5[-1] not in good
    assert maps.YLORRD_5[-1] in bad
    assert maps.NO_DATA_COLOUR in good  # area 12 has no value
