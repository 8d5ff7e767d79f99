"""geo.maps builds offline folium maps: checked as objects and as rendered HTML, no browser."""

from __future__ import annotations

import json
import re
from pathlib import Path

import branca.colormap
import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from geo import maps
from povmap import vendor

ROOT = Path(__file__).resolve().parents[2]

EVIL = "<script>alert('x')</script>"


@pytest.fixture
def squares() -> gpd.GeoDataFrame:
    """Three 0.5-degree squares near Bangkok, with too many decimals and a hostile name."""
    return gpd.GeoDataFrame(
        {
            "code": ["10", "11", "12"],
            "name": ["กรุงเทพมหานคร", EVIL, "นนทบุรี"],
            "secret": ["do-not-send", "do-not-send", "do-not-send"],
        },
        geometry=[
            box(100.1234567, 13.0000001, 100.5, 13.5),
            box(100.5, 13.0, 101.0, 13.5),
            box(101.0, 13.0, 101.5, 13.5),
        ],
        crs="EPSG:4326",
    )


def _features(layer: folium.GeoJson) -> dict[str, dict]:
    return {f["properties"]["code"]: f for f in layer.data["features"]}


def _styles(layer: folium.GeoJson) -> dict[str, dict]:
    return {f["id"]: layer.style_function(f) for f in layer.data["features"]}


def _script_and_link_urls(html: str) -> list[str]:
    return re.findall(r"<(?:script|link)\b[^>]*(?:src|href)=[\"']([^\"']+)", html)


def _layer(squares, values, **kw) -> folium.GeoJson:
    kw.setdefault("bins", [10.0, 20.0, 30.0])
    kw.setdefault("palette", ["#ffffb2", "#fd8d3c", "#bd0026"])
    return maps.choropleth(squares, pd.Series(values), **kw)


# --- choropleth -----------------------------------------------------------------------------------


def test_choropleth_one_feature_per_area_with_class_colours(squares):
    layer = _layer(squares, {"10": 5.0, "11": 15.0, "12": 30.0})
    assert len(layer.data["features"]) == 3
    fills = {code: s["fillColor"] for code, s in _styles(layer).items()}
    assert fills == {"10": "#ffffb2", "11": "#fd8d3c", "12": "#bd0026"}


def test_choropleth_values_above_last_bin_take_the_last_class(squares):
    layer = _layer(squares, {"10": 10.0, "11": 10.0001, "12": 999.0})
    fills = {code: s["fillColor"] for code, s in _styles(layer).items()}
    assert fills == {"10": "#ffffb2", "11": "#fd8d3c", "12": "#bd0026"}


def test_no_data_and_suppressed_are_drawn_distinctly(squares):
    layer = _layer(
        squares,
        {"10": 5.0, "11": np.nan, "12": 25.0},  # 12 has a value but is suppressed
        suppressed_codes={"12"},
        no_data_colour="#d9d9d9",
        suppressed_colour="#a3a3a3",
    )
    styles = _styles(layer)
    assert styles["11"]["fillColor"] == "#d9d9d9"
    assert "dashArray" not in styles["11"]
    assert styles["12"]["fillColor"].startswith("url(#povmap-hatch-")
    assert styles["12"]["fillColor"].endswith(" #a3a3a3")  # SVG paint fallback colour
    assert styles["12"]["dashArray"]
    assert styles["12"]["fillColor"] != styles["11"]["fillColor"]
    feats = _features(layer)
    assert feats["11"]["properties"]["value"] is None
    assert feats["12"]["properties"]["value"] is None, "a suppressed value must not travel"
    # the hatch pattern is defined once in the page
    html = _render_with(layer)
    pattern_id = styles["12"]["fillColor"][len("url(#") : styles["12"]["fillColor"].index(")")]
    assert html.count(f'<pattern id="{pattern_id}"') == 1


def test_suppressed_without_hatch_uses_the_plain_colour(squares):
    layer = _layer(squares, {"10": 1.0}, suppressed_codes={"12"}, suppressed_hatch=False)
    assert _styles(layer)["12"]["fillColor"] == maps.SUPPRESSED_COLOUR


def test_missing_code_in_values_is_no_data(squares):
    layer = _layer(squares, {"10": 5.0})
    styles = _styles(layer)
    assert styles["11"]["fillColor"] == styles["12"]["fillColor"] == maps.NO_DATA_COLOUR


def test_only_whitelisted_properties_travel(squares):
    layer = _layer(squares, {"10": 5.0, "11": 15.0, "12": 25.0}, tooltip_fields={"ชื่อ": "name"})
    for feature in layer.data["features"]:
        assert set(feature["properties"]) == {"code", "value", "tooltip"}
        assert set(feature) == {"type", "id", "properties", "geometry"}
    assert "do-not-send" not in json.dumps(layer.data)


def test_coordinates_are_rounded(squares):
    layer = _layer(squares, {"10": 5.0}, coord_decimals=4)
    coords = np.array(_features(layer)["10"]["geometry"]["coordinates"][0])
    assert set(coords[:, 0]) == {100.1235, 100.5}
    assert set(coords[:, 1]) == {13.0, 13.5}
    text = json.dumps(layer.data)
    assert "100.1234567" not in text and "13.0000001" not in text
    for number in re.findall(
        r"\d+\.\d+", json.dumps([f["geometry"] for f in layer.data["features"]])
    ):
        assert len(number.split(".")[1]) <= 4


def test_choropleth_reprojects_to_wgs84(squares):
    layer = _layer(squares.to_crs(32647), {"10": 5.0})
    lon, lat = _features(layer)["10"]["geometry"]["coordinates"][0][0]
    assert 100 < lon < 102 and 12.9 < lat < 13.6


def test_tooltip_text_is_present_and_escaped(squares):
    layer = _layer(
        squares,
        {"10": 140045.0, "11": 15.0},
        tooltip_fields={"จังหวัด": "name"},
        value_label="ครัวเรือนยากจน",
        suppressed_codes={"12"},
    )
    feats = _features(layer)
    tip10 = feats["10"]["properties"]["tooltip"]
    assert "กรุงเทพมหานคร" in tip10 and "จังหวัด" in tip10
    assert "ครัวเรือนยากจน" in tip10 and "140,045" in tip10
    tip11 = feats["11"]["properties"]["tooltip"]
    assert EVIL not in tip11
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in tip11
    assert "ปกปิด" in feats["12"]["properties"]["tooltip"]
    html = _render_with(layer)
    assert "alert('x')" not in html  # not even inside the embedded JSON
    assert "<script>alert" not in html
    # the tooltip shows the one pre-escaped field
    assert isinstance(layer._children[next(iter(layer._children))], folium.GeoJsonTooltip) or any(
        isinstance(c, folium.GeoJsonTooltip) for c in layer._children.values()
    )


def test_tooltip_rows_without_label_or_value(squares):
    squares["rank"] = ["1 / 2", "", "2 / 2"]
    layer = _layer(
        squares, {"10": 1.0}, tooltip_fields={"จังหวัด": "name", "": "code", "อันดับ": "rank"}
    )
    tips = {c: f["properties"]["tooltip"] for c, f in _features(layer).items()}
    assert tips["10"] == "<b>จังหวัด</b>: กรุงเทพมหานคร<br>10<br><b>อันดับ</b>: 1 / 2"
    assert "อันดับ" not in tips["11"]


def test_hostile_label_is_escaped(squares):
    layer = _layer(squares, {"10": 1.0}, tooltip_fields={"<i>x</i>": "name"})
    assert "<i>" not in _features(layer)["10"]["properties"]["tooltip"]


def test_duplicate_codes_are_rejected(squares):
    squares.loc[1, "code"] = "10"
    with pytest.raises(ValueError, match="not unique"):
        _layer(squares, {"10": 1.0})


def test_missing_columns_are_reported(squares):
    with pytest.raises(KeyError, match="nope"):
        _layer(squares, {"10": 1.0}, tooltip_fields={"x": "nope"})


# --- the whole map, rendered ----------------------------------------------------------------------


def _render_with(*elements) -> str:
    m = maps.offline_map()
    for element in elements:
        element.add_to(m)
    maps.localize(m, vendor.ASSETS)
    return m.get_root().render()


def _full_map(squares, tiles: bool = False) -> folium.Map:
    m = maps.offline_map(tiles=tiles)
    values = pd.Series({"10": 5.0, "11": np.nan, "12": 25.0})
    bins = [10.0, 20.0, 30.0]
    palette = ["#ffffb2", "#fd8d3c", "#bd0026"]
    maps.choropleth(
        squares,
        values,
        bins=bins,
        palette=palette,
        tooltip_fields={"จังหวัด": "name"},
        suppressed_codes={"12"},
    ).add_to(m)
    maps.legend("ครัวเรือนยากจน", bins, palette).add_to(m)
    points = pd.DataFrame(
        {"lat": [13.2, 13.3, np.nan], "lon": [100.2, 100.3, 100.4], "t": ["a", EVIL, "c"]}
    )
    maps.point_cluster(points, tooltip="t").add_to(m)
    folium.Marker([13.4, 100.4]).add_to(m)
    maps.fit_bounds(m, squares)
    return maps.localize(m, vendor.ASSETS)


def test_rendered_map_loads_nothing_from_the_internet(squares):
    html = _full_map(squares).get_root().render()
    urls = _script_and_link_urls(html)
    assert urls, "expected the vendored script/link tags"
    assert all(u.startswith("/app/static/vendor/") for u in urls), urls
    assert not re.findall(r"<(?:script|link)\b[^>]*(?:src|href)=[\"']https?://", html)
    assert not re.findall(r"https?://", html), "no URL of any kind without tiles"
    for needed in (
        vendor.LEAFLET_JS_URL,
        vendor.LEAFLET_CSS_URL,
        vendor.MARKERCLUSTER_JS_URL,
        vendor.MARKERCLUSTER_CSS_URL,
        vendor.MARKERCLUSTER_DEFAULT_CSS_URL,
    ):
        assert needed in urls
    for dropped in ("jquery", "bootstrap", "awesome", "fontawesome", "glyphicons", "d3"):
        assert dropped not in " ".join(urls)


def test_tiles_true_adds_only_the_tile_url(squares):
    html = _full_map(squares, tiles=True).get_root().render()
    assert all(u.startswith("/app/static/vendor/") for u in _script_and_link_urls(html))
    external = set(re.findall(r"https?://[^\s\"'<>\\]+", html))
    assert external, "tiles=True must add a tile layer"
    assert all(
        "tile.openstreetmap.org" in u or "openstreetmap.org/copyright" in u for u in external
    ), external


def test_streamlit_folium_collects_only_local_links(squares):
    """What st_folium's frontend would load: default_js/default_css of every element."""
    m = _full_map(squares)
    assert maps.external_links(m) == []
    links = []
    for element in maps._walk(m):
        links += [url for _, url in getattr(element, "default_js", [])]
        links += [url for _, url in getattr(element, "default_css", [])]
    assert links and all(url.startswith("/app/static/vendor/") for url in links)


def test_folium_class_lists_are_not_mutated(squares):
    before = list(folium.Map.default_js)
    plain = folium.Map(tiles=None)
    maps.localize(plain, vendor.ASSETS)
    assert maps.external_links(plain) == []
    assert folium.Map.default_js == before
    assert any(url.startswith("https://") for _, url in folium.Map.default_js)


def test_localize_refuses_cdn_only_elements():
    m = maps.offline_map()
    folium.Marker([13, 100], icon=folium.Icon(color="red")).add_to(m)
    with pytest.raises(maps.OfflineError, match="awesome-markers"):
        maps.localize(m, vendor.ASSETS)
    m = maps.offline_map()
    folium.plugins.Fullscreen().add_to(m)
    with pytest.raises(maps.OfflineError, match="not vendored"):
        maps.localize(m, vendor.ASSETS)
    m = maps.offline_map()
    branca.colormap.linear.YlOrRd_05.scale(0, 1).add_to(m)
    with pytest.raises(maps.OfflineError, match="d3"):
        maps.localize(m, vendor.ASSETS)


def test_attribution_is_escaped_and_always_added():
    m = maps.offline_map(attribution="Boundaries © RTSD <b>CC BY</b> & co")
    html = m.get_root().render()
    assert "attributionControl" in html and "addAttribution(text)" in html
    # json inside a <script>: tojson writes < > & as \\u003c \\u003e \\u0026
    assert "\\u0026lt;b\\u0026gt;CC BY\\u0026lt;/b\\u0026gt; \\u0026amp; co" in html
    assert (
        maps.offline_map(lang="en").get_root().render().count("Royal Thai Survey Department") == 1
    )


@pytest.mark.parametrize("lang", ["th", "en"])
def test_attribution_line_is_in_the_maps_language(lang):
    html = maps.offline_map(lang=lang).get_root().render()
    other = "en" if lang == "th" else "th"
    # the texts travel as JSON in the map's script
    assert json.dumps(maps.boundary_attribution(lang)) in html
    assert json.dumps(maps.boundary_attribution(other)) not in html
    # Leaflet's English "Leaflet" link is replaced by a plain-text credit in the language
    assert "setPrefix(prefix)" in html and json.dumps(maps.LEAFLET_CREDIT[lang]) in html
    assert json.dumps(maps.LEAFLET_CREDIT[other]) not in html


def test_offline_map_has_no_tiles_by_default():
    html = maps.offline_map().get_root().render()
    assert "L.tileLayer" not in html
    assert maps.BACKGROUND_COLOUR in html


def test_offline_map_sets_zoom_limits_and_icon_folder():
    """Without tiles Leaflet needs maxZoom on the map (markercluster throws otherwise) and
    the marker icon folder (its guess from leaflet.css drops images/)."""
    html = maps.localize(maps.offline_map(min_zoom=5, max_zoom=13), vendor.ASSETS)
    html = html.get_root().render()
    assert '"maxZoom": 13' in html and '"minZoom": 5' in html
    assert f'L.Icon.Default.imagePath = "{vendor.LEAFLET_IMAGES_URL}"' in html
    assert vendor.LEAFLET_IMAGES_URL.endswith("/leaflet/images/")


def test_localize_points_every_resource_at_the_assets_given(squares):
    """The URLs come from the caller: another Assets moves every script, sheet and icon folder."""
    elsewhere = maps.Assets.under("/elsewhere/v1/")
    m = _full_map(squares)
    html = maps.localize(m, elsewhere).get_root().render()
    urls = _script_and_link_urls(html)
    assert urls and all(u.startswith("/elsewhere/v1/") for u in urls), urls
    assert set(elsewhere.js().values()) | set(elsewhere.css().values()) <= set(urls)
    assert 'L.Icon.Default.imagePath = "/elsewhere/v1/leaflet/images/"' in html


def test_the_vendored_assets_name_the_files_the_vendor_ships():
    """Every URL of povmap.vendor.ASSETS (what the app passes to every map) is a vendored file."""
    folders = {package.folder for package in vendor.PACKAGES}
    for url in (*vendor.ASSETS.js().values(), *vendor.ASSETS.css().values()):
        folder, name = url.removeprefix(vendor.VENDOR_URL + "/").split("/", 1)
        package = next(p for p in vendor.PACKAGES if p.folder == folder)
        assert name in {dest for _, dest in package.files}, url
    assert folders == {"leaflet", "leaflet.markercluster"}


def test_point_cluster_skips_missing_coordinates_and_uses_text_content():
    points = pd.DataFrame({"lat": [13.123456789, np.nan], "lon": [100.5, 100.6], "t": [EVIL, "b"]})
    cluster = maps.point_cluster(points, tooltip="t")
    assert isinstance(cluster, folium.plugins.MarkerCluster)
    assert cluster.data == [[13.12346, 100.5, EVIL, None]]
    assert "textContent" in cluster.callback and "innerHTML" not in cluster.callback
    html = _render_with(cluster)
    assert "<script>alert" not in html


# --- legend ---------------------------------------------------------------------------------------


def test_legend_has_bins_thai_labels_and_thai_fonts():
    element = maps.legend(
        "ครัวเรือนยากจน <ร้อยละ>",
        [1000.0, 25000.0, 140045.0],
        ["#ffffb2", "#fd8d3c", "#bd0026"],
        no_data_label="ไม่มีข้อมูล",
        suppressed_label="ปกปิด",
    )
    body = element.body
    assert "ครัวเรือนยากจน &lt;ร้อยละ&gt;" in body
    for text in ("≤ 1,000", "1,000 – 25,000", "25,000 – 140,045", "ไม่มีข้อมูล", "ปกปิด"):
        assert text in body
    for colour in ("#ffffb2", "#fd8d3c", "#bd0026", maps.NO_DATA_COLOUR):
        assert colour in body
    assert "repeating-linear-gradient" in body  # the hatched swatch
    html = _render_with(element)
    assert "Loma" in html and "Garuda" in html and "Noto Sans Thai" in html
    assert "d3" not in _script_and_link_urls(html)
    assert "L.control(" in html


def test_legend_rows_can_be_left_out():
    body = maps.legend("t", [1.0], ["#000000"], no_data_label=None, suppressed_label=None).body
    assert body.count("povmap-legend-row") == 1


def test_legend_labels():
    assert maps.legend_labels([10.0, 20.0]) == ["≤ 10", "10 – 20"]
    assert maps.legend_labels([10.0, 20.0], lower=0) == ["0 – 10", "10 – 20"]
    pct = maps.legend_labels([10, 25], maps.format_percent)
    assert pct == ["≤ 10.0%", "10.0% – 25.0%"]


# --- classification and colours -------------------------------------------------------------------


def test_classify_quantiles():
    bins = maps.classify(range(1, 101), "quantiles", k=4)
    assert bins == [25.75, 50.5, 75.25, 100.0]


def test_classify_natural_breaks_is_deterministic_and_finds_gaps():
    values = [1, 2, 3, 101, 102, 103, 201, 202, 203, 1001, 1002, 1003, 2, 102]
    a = maps.classify(values, "natural_breaks", k=4)
    b = maps.classify(list(reversed(values)), "natural_breaks", k=4)
    assert a == b == [3.0, 103.0, 203.0, 1003.0]


def test_classify_natural_breaks_does_not_disturb_global_rng():
    np.random.seed(1)
    expected = np.random.random()
    np.random.seed(1)
    maps.classify(list(range(50)), "natural_breaks", k=3)
    assert np.random.random() == expected


def test_classify_few_unique_values_and_nan():
    assert maps.classify([3, 1, 3, np.nan, 1], "quantiles", k=5) == [1.0, 3.0]
    assert maps.classify([7, 7, 7], "natural_breaks", k=5) == [7.0]
    assert maps.classify([np.nan, None], "quantiles") == []
    assert maps.classify([], "quantiles") == []
    with pytest.raises(ValueError):
        maps.classify(range(10), "equal", k=3)  # type: ignore[arg-type]


def test_classify_values_fall_in_classes():
    values = np.random.default_rng(0).lognormal(5, 1, 200)
    bins = maps.classify(values, "quantiles", k=5)
    classes = [maps.class_index(v, bins) for v in values]
    assert set(classes) == {0, 1, 2, 3, 4}
    assert maps.class_index(float("nan"), bins) is None
    assert maps.class_index(1e12, bins) == 4


def test_class_colours_spread_over_the_palette():
    assert maps.class_colours(5, maps.YLORRD_5) == maps.YLORRD_5
    assert maps.class_colours(3, maps.YLORRD_5) == ["#ffffb2", "#fd8d3c", "#bd0026"]
    assert maps.class_colours(1, maps.YLORRD_5) == ["#fd8d3c"]
    assert maps.class_colours(0, maps.YLORRD_5) == []
    with pytest.raises(ValueError):
        maps.class_colours(6, maps.YLORRD_5)


# --- numbers --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("x", "decimals", "expected"),
    [
        (140045, 0, "140,045"),
        (140045.4, 0, "140,045"),
        (1234567.891, 2, "1,234,567.89"),
        (0, 0, "0"),
        (-2500, 0, "-2,500"),
        (np.int64(7425), 0, "7,425"),
        (float("nan"), 0, "–"),
        (None, 0, "–"),
        (pd.NA, 0, "–"),
    ],
)
def test_format_number(x, decimals, expected):
    assert maps.format_number(x, decimals) == expected


def test_format_percent_takes_percent_points_or_a_fraction():
    assert maps.format_percent(12.34) == "12.3%"
    assert maps.format_percent(100, 0) == "100%"
    assert maps.format_percent(0.1234, fraction=True) == "12.3%"
    assert maps.format_percent(1, 0, fraction=True) == "100%"
    assert maps.format_percent(np.nan) == "–"


def test_geo_maps_does_not_import_streamlit():
    source = (ROOT / "geo" / "maps.py").read_text(encoding="utf-8")
    assert not re.search(r"^\s*(import|from)\s+streamlit", source, re.MULTILINE)


def test_a_map_has_no_asset_urls_until_the_caller_gives_them():
    """geo holds no URLs of its own: before localize(m, assets) the Leaflet files are unset."""
    m = maps.offline_map()
    assert maps.external_links(m) == ["", ""]  # leaflet.js and leaflet.css
    maps.localize(m, vendor.ASSETS)
    assert maps.external_links(m) == []
