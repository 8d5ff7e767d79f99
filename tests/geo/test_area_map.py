"""geo.area_map builds the poverty choropleth without streamlit: geometry, classes, colours, tooltips.

Known answers for the ring encoding and the classes; the real boundary cache for feature counts
and payload size; the small demo store for "the map's numbers are `povmap stats`'s numbers".
"""

from __future__ import annotations

import json
import re

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Polygon, box

from analysis.areas import area_measures, rank_within, top_bottom, with_change
from analysis.hotspots import HOTSPOT_COLOURS
from analysis.poverty import poor_households
from data import store
from data.schema import BMN_CODES
from geo import area_map as am
from geo import boundaries, maps
from povmap.vendor import ASSETS
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


# --- ring encoding ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [(0, "0"), (-1, "1"), (1, "2"), (15, "U"), (-16, "V"), (16, "W1"), (-17, "X1"), (512, "WW1")],
)
def test_integers_encode_as_zigzag_base32_known_answers(value, text):
    out: list[str] = []
    am._encode_int(value, out)
    assert "".join(out) == text
    assert am.decode_ring(text + "0", 0) == [(float(value), 0.0)]


def test_rings_decode_back_to_the_rounded_coordinates():
    ring = [(100.12344, 13.5), (100.2, 13.49996), (100.2, 13.6)]
    text = am.encode_rings([ring], 4)[0]
    assert am.decode_ring(text, 4) == [(100.1234, 13.5), (100.2, 13.5), (100.2, 13.6)]
    assert set(text) <= set(am.ALPHABET)


def test_every_province_polygon_round_trips_exactly(layers):
    payload = am.geometry_payload(layers["province"], decimals=4)
    decoded = am.decode_geometry(payload)
    frame = layers["province"].sort_values("code")
    for geom, rings in zip(frame.geometry, decoded, strict=True):
        assert rings == am.shapely_rings(geom, 4)


def test_encoded_rings_need_no_escaping_anywhere():
    alphabet = set(am.ALPHABET)
    assert len(am.ALPHABET) == 64 == len(alphabet)
    assert not alphabet & set("\\\"'<>&_ ")  # JSON, JS, HTML and streamlit_folium's hash


# --- geometry payload --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "count"),
    [("province", 77), ("district", 928), ("subdistrict_national", 7425)],
)
def test_geometry_payload_has_one_feature_per_polygon_in_code_order(layers, level, count):
    payload = am.geometry_payload(layers[level], decimals=4)
    assert len(payload["code"]) == len(payload["g"]) == len(payload["th"]) == count
    assert payload["code"] == sorted(payload["code"])
    assert all(feature for feature in payload["g"]), "every area keeps at least one polygon"
    assert len(payload["par"]) == count and max(payload["par"]) < len(payload["pn"])


def test_parents_carry_both_names(layers):
    payload = am.geometry_payload(layers["district"].query("parent_code == '46'"))
    assert payload["pn"] == [["กาฬสินธุ์", "Kalasin"]]
    national = am.geometry_payload(layers["province"])
    assert national["pn"] == [["ประเทศไทย", "Thailand"]]
    sub = am.geometry_payload(layers["subdistrict"].query("district_code == '4601'"))
    assert sub["pn"][0][1] == "Mueang Kalasin, Kalasin"


def test_national_subdistrict_payload_is_a_fraction_of_the_raw_file(layers, boundary_cache):
    payload = am.geometry_payload(layers["subdistrict_national"], decimals=4)
    # what travels: the payload inside the map script, JSON-escaped again by Streamlit
    transport = len(json.dumps(am._js(payload)))
    raw = boundaries.load_manifest(boundary_cache)["files"]["tha_adm3_subdistricts.geojson"]
    assert transport < 0.15 * raw["bytes"], (transport, raw["bytes"])
    assert transport < 1_200_000


# --- values, classes, colours ---------------------------------------------------------------------


def test_values_are_suppressed_below_min_cell_and_ranked_within_the_parent():
    stats = stats_frame(households=[10, 3, 20, 0], poor_households=[4, 2, 9, 0])
    values = am.area_values(
        ["a", "b", "c", "d"],
        stats,
        am.METRICS["poor_households"],
        parents=["p", "p", "p", "q"],
        min_cell=5,
    )
    assert values["suppressed"].tolist() == [False, True, False, False]
    assert values["shown"].fillna(-1).tolist() == [4.0, -1, 9.0, -1]
    assert values.loc["b", "value"] == 2.0, "kept on the server, never shown"
    assert np.isnan(values.loc["d", "value"]), "no surveyed household: no data"
    assert values["rank"].fillna(0).tolist() == [2.0, 0, 1.0, 0]
    assert values["of"].tolist() == [2.0, 2.0, 2.0, 0.0]


def test_capital_scores_rank_the_lowest_first():
    stats = stats_frame(households=[10, 10, 10, 10], capital_human=[2.5, 1.5, 3.0, np.nan])
    values = am.area_values(list("abcd"), stats, am.METRICS["capital_human"])
    assert values["rank"].tolist()[:3] == [2.0, 1.0, 3.0]


def test_change_is_suppressed_when_either_round_is_small():
    stats = stats_frame(
        households=[10, 10, 10, 10],
        households_prev=[10, 2, np.nan, 10],
        change_poor_households=[-3, 1, np.nan, 0],
    )
    values = am.area_values(list("abcd"), stats, am.METRICS["change_poor_households"])
    assert values["suppressed"].tolist() == [False, True, False, False]
    assert values["shown"].tolist()[0] == -3.0 and values["shown"].tolist()[3] == 0.0


def test_quantile_classes_known_answer():
    scheme = am.class_scheme(pd.Series(range(1, 11), dtype=float), am.METRICS["poor_households"])
    assert scheme.bins == pytest.approx([2.8, 4.6, 6.4, 8.2, 10.0])  # linear percentiles
    assert scheme.labels == ["1 – 2", "3 – 4", "5 – 6", "7 – 8", "9 – 10"]
    assert scheme.colours == maps.YLORRD_5


def test_natural_breaks_split_at_the_gap():
    values = pd.Series([1, 2, 3, 100, 101, 102, 500, 510, 1000, 1010, 5000], dtype=float)
    scheme = am.class_scheme(values, am.METRICS["poor_people"], method="natural_breaks", k=3)
    assert scheme.labels[0] == "1 – 102"


def test_shares_are_classed_and_labelled_in_percent():
    scheme = am.class_scheme(
        pd.Series([0.101, 0.2, 0.3, 0.4, 0.5]), am.METRICS["headcount_ratio"], k=5
    )
    assert scheme.labels == ["10.1%", "20.0%", "30.0%", "40.0%", "50.0%"]


def test_palettes_are_light_to_dark_and_reversed_for_capital_scores():
    values = pd.Series(range(1, 11), dtype=float)
    viridis = am.class_scheme(values, am.METRICS["poor_households"], palette="viridis")
    assert viridis.colours[0] == "#fde725" and viridis.colours[-1] == "#440154"
    capital = am.class_scheme(values, am.METRICS["capital_social"])
    assert capital.colours == maps.YLORRD_5[::-1], "low capital score = dark = most in need"


def test_change_uses_a_diverging_scheme_with_a_no_change_class():
    values = pd.Series([-30, -20, -10, -5, 0, 4, 8, 12], dtype=float)
    scheme = am.class_scheme(values, am.METRICS["change_poor_households"])
    zero = scheme.labels.index("0")
    assert scheme.colours[zero] == am.DIVERGING_7[3]
    assert all(c in am.DIVERGING_7[:3] for c in scheme.colours[:zero]), "decreases are blue"
    assert all(c in am.DIVERGING_7[4:] for c in scheme.colours[zero + 1 :]), "increases red"
    assert scheme.labels[-1].startswith("+")


@pytest.mark.parametrize(
    ("metric", "value", "lang", "text"),
    [
        ("poor_households", 140045.0, "th", "140,045"),
        ("headcount_ratio", 0.70512, "th", "70.5%"),
        ("mpi_M0", 0.12345, "en", "0.123"),
        ("capital_human", 2.014, "th", "2.01"),
        ("change_poor_households", 1234.0, "th", "+1,234"),
        ("change_headcount_ratio", -0.0123, "th", "-1.2 จุด"),
        ("change_headcount_ratio", 0.0123, "en", "+1.2 pts"),
    ],
)
def test_values_are_formatted_the_thai_official_way(metric, value, lang, text):
    assert am.format_value(value, am.METRICS[metric], lang) == text


def test_every_metric_of_the_issue_is_offered_with_both_languages():
    wanted = {
        "poor_households",
        "poor_people",
        "headcount_ratio",
        "mpi_M0",
        "targeted_poor_households",
        "change_poor_households",
        *(f"capital_{c}" for c in ("human", "physical", "financial", "natural", "social")),
    }
    assert wanted <= set(am.METRICS)
    for metric in am.METRICS.values():
        assert metric.label("th") != metric.label("en")
        assert metric.definition("th") and metric.definition("en")
        assert re.search("[ก-๙]", metric.label("th")), metric.key


# --- style payload, tooltips, escaping -----------------------------------------------------------------


def test_style_payload_classes_values_ranks_and_legend(squares):
    geometry = am.geometry_payload(squares)
    stats = stats_frame(households=[100, 3, 50, 0], poor_households=[1234, 2, 50, 0])
    style = am.style_payload(geometry, stats, am.METRICS["poor_households"], min_cell=5)
    assert style["cls"][1:2] == "s" and style["cls"][3] == "n"
    assert style["cls"][0] > style["cls"][2], "1,234 is in a darker class than 50"
    assert style["val"][0] == "1,234" and style["val"][1] == "" and style["val"][2] == "50"
    assert style["r"] == [1, 0, 1, 0], "ranks are within the parent (a, b in 10; c in 11)"
    kinds = [row[0] for row in style["legend"]["rows"]]
    assert kinds[-2:] == ["n", "s"], "no data and suppressed have their own legend rows"
    assert style["legend"]["rows"][-2][1] == maps.NO_DATA_COLOUR
    assert style["legend"]["title"] == "ครัวเรือนยากจน"
    english = am.style_payload(geometry, stats, am.METRICS["poor_households"], lang="en")
    assert english["legend"]["title"] == "Poor households"
    assert english["rank"] == "Rank {r} of {n} in {p}"


def test_suppressed_values_never_reach_the_browser(squares):
    geometry = am.geometry_payload(squares)
    stats = stats_frame(households=[100, 3, 50, 0], poor_people=[10, 987654, 5, 0])
    amap = am.build_area_map(
        None, stats, am.METRICS["poor_people"], geometry=geometry, assets=ASSETS
    )
    page = amap.standalone().get_root().render()
    assert "987,654" not in page and "987654" not in page


def test_hot_spot_classes_replace_the_fill_and_the_legend(squares):
    geometry = am.geometry_payload(squares)
    stats = stats_frame(households=[100, 100, 100, 100], poor_households=[1, 2, 3, 4])
    hot = pd.Series({"a": "cold_95", "b": "not_significant", "c": "hot_99", "d": "hot_99"})
    style = am.style_payload(geometry, stats, am.METRICS["poor_households"], hotspots=hot)
    present = ["hot_99", "not_significant", "cold_95"]
    assert style["hot"]["colours"] == [HOTSPOT_COLOURS[c] for c in present]
    assert style["hot"]["cls"] == "2100"
    assert style["legend"]["title"] == "จุดร้อน–จุดเย็น (Gi*)"
    assert [r[1] for r in style["legend"]["rows"][:3]] == style["hot"]["colours"]


def test_names_and_labels_travel_as_escaped_data_and_render_as_text(squares):
    geometry = am.geometry_payload(squares)
    stats = stats_frame(households=[10, 10, 10, 10], poor_households=[1, 2, 3, 4])
    amap = am.build_area_map(
        None, stats, am.METRICS["poor_households"], geometry=geometry, assets=ASSETS
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

    geometry = am.geometry_payload(layers["district"].query("parent_code == '46'"))
    stats = pd.DataFrame(
        {"households": 100.0, "poor_households": range(len(geometry["code"]))},
        index=geometry["code"],
    ).assign(poor_people=lambda f: f["poor_households"] * 4)
    scripts, styles = set(), set()
    for key in ("poor_households", "poor_people"):
        amap = am.build_area_map(None, stats, am.METRICS[key], geometry=geometry, assets=ASSETS)
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


def test_empty_or_collapsed_rings_are_dropped():
    sliver = Polygon([(100.0, 13.0), (100.00001, 13.0), (100.00001, 13.00001)])
    assert am.shapely_rings(sliver, 4) == []


# --- the map's numbers are povmap stats's numbers -----------------------------------------------------


def test_area_measures_equal_povmap_stats(demo_store):
    from povmap import rules, settings
    from povmap.cli.stats import area_table

    con = store.connect(demo_store)
    try:
        expected = area_table(con, "district", round_be=2564, area="46").set_index("code")
        frame = household_frame(con, ["*"], round_be=2564, area="46")
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
    style = am.style_payload(geometry, got, am.METRICS["poor_households"], min_cell=1)
    assert style["val"] == [maps.format_number(v) for v in expected["poor_households"]]


# --- analysis.areas helpers ---------------------------------------------------------------------------


def test_change_rank_and_top_bottom_helpers():
    now = pd.DataFrame({"poor_households": [5.0, 2.0], "households": [9.0, 9.0]}, index=["a", "b"])
    before = pd.DataFrame({"poor_households": [8.0], "households": [7.0]}, index=["a"])
    changed = with_change(now, before, ["poor_households"])
    assert changed["change_poor_households"].tolist()[0] == -3.0
    assert changed["households_prev"].tolist()[0] == 7.0
    assert with_change(now, None, ["poor_households"])["change_poor_households"].isna().all()
    ranks = rank_within(pd.Series([1.0, 1.0, 3.0]), ascending=True)
    assert ranks["rank"].tolist() == [1.0, 1.0, 3.0]
    top, bottom = top_bottom(pd.Series([3, 1, 2, None], index=list("abcd")), n=2)
    assert top.index.tolist() == ["a", "c"] and bottom.index.tolist() == ["c", "b"]
