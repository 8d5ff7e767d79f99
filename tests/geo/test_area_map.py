"""geo.area_map and geo.area_style build the poverty choropleth without streamlit: the style each
area gets, the map page, escaping, and the map script that does not change with the metric.

The small demo store for "the map's numbers are `povmap stats`'s numbers".
"""

from __future__ import annotations

import re

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from analysis.areas import area_measures
from analysis.hotspots import HOTSPOT_COLOURS
from analysis.poverty import poor_households
from data import store
from data.schema import BMN_CODES
from geo import area_map as am
from geo import boundaries, maps
from geo.area_geometry import geometry_payload
from geo.area_style import script_json, style_payload
from geo.metrics import METRICS
from povmap.vendor import ASSETS
from query.access import Access
from query.households import household_frame

EVIL = "<script>alert('x')</script>\"&"


@pytest.fixture(scope="module")
def layers(boundary_cache) -> dict[str, gpd.GeoDataFrame]:
    return {level: boundaries.load_level(level, boundary_cache) for level in boundaries.LAYERS}


@pytest.fixture
def squares() -> gpd.GeoDataFrame:
    """Four 1-degree squares in a row with a hostile name; code 'd' has no parent."""
    return gpd.GeoDataFrame(
        {
            "code": ["a", "b", "c", "d"],
            "name_th": ["ก", EVIL, "ค", "ง"],
            "name_en": ["A", "B", "C", "D"],
            "parent_code": ["10", "10", "11", None],
        },
        geometry=[box(100 + i, 13, 101 + i, 14) for i in range(4)],
        crs="EPSG:4326",
    )


def stats_frame(**columns) -> pd.DataFrame:
    frame = pd.DataFrame(columns, index=pd.Index(["a", "b", "c", "d"], name="code"))
    return frame.astype(float)


# --- style payload ---------------------------------------------------------------------------------


def test_style_payload_classes_values_ranks_and_legend(squares):
    geometry = geometry_payload(squares)
    stats = stats_frame(households=[100, 3, 50, 0], poor_households=[1234, 2, 50, 0])
    style = style_payload(geometry, stats, METRICS["poor_households"], min_cell=5)
    assert style["cls"][1:2] == "s" and style["cls"][3] == "n"
    assert style["cls"][0] > style["cls"][2], "1,234 is in a darker class than 50"
    assert style["val"][0] == "1,234" and style["val"][1] == "" and style["val"][2] == "50"
    assert style["r"] == [1, 0, 1, 0], "ranks are within the parent (a, b in 10; c in 11)"
    kinds = [row[0] for row in style["legend"]["rows"]]
    assert kinds[-2:] == ["n", "s"], "no data and suppressed have their own legend rows"
    assert style["legend"]["rows"][-2][1] == maps.NO_DATA_COLOUR
    assert style["legend"]["title"] == "ครัวเรือนยากจน"
    english = style_payload(geometry, stats, METRICS["poor_households"], lang="en")
    assert english["legend"]["title"] == "Poor households"
    assert english["rank"] == "Rank {r} of {n} in {p}"


def test_hot_spot_classes_replace_the_fill_and_the_legend(squares):
    geometry = geometry_payload(squares)
    stats = stats_frame(households=[100, 100, 100, 100], poor_households=[1, 2, 3, 4])
    hot = pd.Series({"a": "cold_95", "b": "not_significant", "c": "hot_99", "d": "hot_99"})
    style = style_payload(geometry, stats, METRICS["poor_households"], hotspots=hot)
    present = ["hot_99", "not_significant", "cold_95"]
    assert style["hot"]["colours"] == [HOTSPOT_COLOURS[c] for c in present]
    assert style["hot"]["cls"] == "2100"
    assert style["legend"]["title"] == "จุดร้อน–จุดเย็น (Gi*)"
    assert [r[1] for r in style["legend"]["rows"][:3]] == style["hot"]["colours"]


def test_script_json_cannot_close_the_script():
    text = script_json({"n": "</script><b>&\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert text == '{"n":"\\u003c/script\\u003e\\u003cb\\u003e\\u0026\\u2028"}'


# --- the map in the browser ------------------------------------------------------------------------


def test_suppressed_values_never_reach_the_browser(squares):
    geometry = geometry_payload(squares)
    stats = stats_frame(households=[100, 3, 50, 0], poor_people=[10, 987654, 5, 0])
    amap = am.build_area_map(None, stats, METRICS["poor_people"], geometry=geometry, assets=ASSETS)
    page = amap.standalone().get_root().render()
    assert "987,654" not in page and "987654" not in page


def test_names_and_labels_travel_as_escaped_data_and_render_as_text(squares):
    geometry = geometry_payload(squares)
    stats = stats_frame(households=[10, 10, 10, 10], poor_households=[1, 2, 3, 4])
    amap = am.build_area_map(
        None, stats, METRICS["poor_households"], geometry=geometry, assets=ASSETS
    )
    page = amap.standalone().get_root().render()
    assert "<script>alert" not in page
    assert "\\u003cscript\\u003ealert" in page, "the hostile name is data, escaped for <script>"
    # the browser builds tooltips and the legend with textContent, never innerHTML
    assert "innerHTML" not in am._AREA_JS and "textContent" in am._AREA_JS
    assert maps.external_links(amap.map) == [] and maps.external_links(amap.styles) == []
    scripts = re.findall(r"<(?:script|link)\b[^>]*(?:src|href)=[\"']([^\"']+)", page)
    assert scripts and all(u.startswith("/app/static/") for u in scripts), scripts


def test_the_map_script_does_not_change_with_the_metric(layers):
    """What lets the browser restyle instead of rebuild: only the style part differs."""
    from streamlit_folium import _get_map_string, generate_js_hash

    geometry = geometry_payload(layers["district"].query("parent_code == '46'"))
    stats = pd.DataFrame(
        {"households": 100.0, "poor_households": range(len(geometry["code"]))},
        index=geometry["code"],
    ).assign(poor_people=lambda f: f["poor_households"] * 4)
    scripts, styles = set(), set()
    for key in ("poor_households", "poor_people"):
        amap = am.build_area_map(None, stats, METRICS[key], geometry=geometry, assets=ASSETS)
        amap.map.get_root().render()
        scripts.add(generate_js_hash(_get_map_string(amap.map), "k"))
        styles.add(amap.style["v"])
    assert len(scripts) == 1 and len(styles) == 2


def test_point_layers_cluster_villages_and_start_households_switched_off():
    villages = pd.DataFrame({"lat": [16.4, 16.5], "lon": [103.5, 103.6], "tooltip": ["หมู่ 1", EVIL]})
    homes = pd.DataFrame({"lat": [16.41], "lon": [103.51], "tooltip": ["HH-1 · ยากจน"]})
    layers_ = am.point_layers(villages, homes)
    assert [layer.show for layer in layers_] == [True, False]
    m = maps.offline_map()
    for layer in layers_:
        layer.add_to(m)
    page = maps.localize(m, ASSETS).get_root().render()
    assert "<script>alert" not in page and "markerClusterGroup" in page
    assert maps.external_links(m) == []


# --- the map's numbers are povmap stats's numbers -----------------------------------------------------


def test_area_measures_equal_povmap_stats(demo_store):
    from povmap import rules, settings
    from povmap.cli.stats import area_table

    con = store.connect(demo_store)
    try:
        expected = area_table(con, "district", round_be=2564, area="46").set_index("code")
        frame = household_frame(con, ["*"], round_be=2564, area="46", access=Access.full())
    finally:
        con.close()
    rule = rules.poor_rule()
    frame["poor"] = poor_households(frame, rule.name, rules.af_weights(), rule.k)
    got = area_measures(
        frame,
        "district_code",
        indicator_codes=list(BMN_CODES),
        weights=rules.af_weights(),
        k=float(settings.get("POVMAP_AF_K")),
    )
    got = got.reindex(expected.index)
    for col in ("households", "people", "poor_households", "poor_people"):
        assert got[col].astype(int).tolist() == expected[col].astype(int).tolist(), col
    assert np.allclose(got["headcount_ratio"], expected["headcount_ratio"], rtol=0, atol=1e-12)
    assert np.allclose(got["M0"], expected["mpi_M0"], rtol=0, atol=1e-12)
    # and what the tooltip shows is the formatted stats value
    geometry = {"code": list(expected.index), "par": [0] * len(expected), "pn": [["", ""]]}
    style = style_payload(geometry, got, METRICS["poor_households"], min_cell=1)
    assert style["val"] == [maps.format_number(v) for v in expected["poor_households"]]
