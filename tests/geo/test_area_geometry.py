"""geo.area_geometry: the areas' rings, quantised and delta-encoded for the browser.

Known answers for the integer and ring encoding; the real boundary cache for feature counts, the
exact round trip and the payload size.
"""

from __future__ import annotations

import json

import geopandas as gpd
import pytest
from shapely.geometry import Polygon

from geo import area_geometry as ag
from geo import boundaries
from geo.area_style import script_json


@pytest.fixture(scope="module")
def layers(boundary_cache) -> dict[str, gpd.GeoDataFrame]:
    return {level: boundaries.load_level(level, boundary_cache) for level in boundaries.LAYERS}


# --- ring encoding ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [(0, "0"), (-1, "1"), (1, "2"), (15, "U"), (-16, "V"), (16, "W1"), (-17, "X1"), (512, "WW1")],
)
def test_integers_encode_as_zigzag_base32_known_answers(value, text):
    out: list[str] = []
    ag._encode_int(value, out)
    assert "".join(out) == text
    assert ag.decode_ring(text + "0", 0) == [(float(value), 0.0)]


def test_rings_decode_back_to_the_rounded_coordinates():
    ring = [(100.12344, 13.5), (100.2, 13.49996), (100.2, 13.6)]
    text = ag.encode_rings([ring], 4)[0]
    assert ag.decode_ring(text, 4) == [(100.1234, 13.5), (100.2, 13.5), (100.2, 13.6)]
    assert set(text) <= set(ag.ALPHABET)


def test_every_province_polygon_round_trips_exactly(layers):
    payload = ag.geometry_payload(layers["province"], decimals=4)
    decoded = ag.decode_geometry(payload)
    frame = layers["province"].sort_values("code")
    for geom, rings in zip(frame.geometry, decoded, strict=True):
        assert rings == ag.shapely_rings(geom, 4)


def test_encoded_rings_need_no_escaping_anywhere():
    alphabet = set(ag.ALPHABET)
    assert len(ag.ALPHABET) == 64 == len(alphabet)
    assert not alphabet & set("\\\"'<>&_ ")  # JSON, JS, HTML and streamlit_folium's hash


def test_empty_or_collapsed_rings_are_dropped():
    sliver = Polygon([(100.0, 13.0), (100.00001, 13.0), (100.00001, 13.00001)])
    assert ag.shapely_rings(sliver, 4) == []


# --- geometry payload --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "count"),
    [("province", 77), ("district", 928), ("subdistrict_national", 7425)],
)
def test_geometry_payload_has_one_feature_per_polygon_in_code_order(layers, level, count):
    payload = ag.geometry_payload(layers[level], decimals=4)
    assert len(payload["code"]) == len(payload["g"]) == len(payload["th"]) == count
    assert payload["code"] == sorted(payload["code"])
    assert all(feature for feature in payload["g"]), "every area keeps at least one polygon"
    assert len(payload["par"]) == count and max(payload["par"]) < len(payload["pn"])


def test_parents_carry_both_names(layers):
    payload = ag.geometry_payload(layers["district"].query("parent_code == '46'"))
    assert payload["pn"] == [["กาฬสินธุ์", "Kalasin"]]
    national = ag.geometry_payload(layers["province"])
    assert national["pn"] == [["ประเทศไทย", "Thailand"]]
    sub = ag.geometry_payload(layers["subdistrict"].query("district_code == '4601'"))
    assert sub["pn"][0][1] == "Mueang Kalasin, Kalasin"


def test_national_subdistrict_payload_is_a_fraction_of_the_raw_file(layers, boundary_cache):
    payload = ag.geometry_payload(layers["subdistrict_national"], decimals=4)
    # what travels: the payload inside the map script, JSON-escaped again by Streamlit
    transport = len(json.dumps(script_json(payload)))
    raw = boundaries.load_manifest(boundary_cache)["files"]["tha_adm3_subdistricts.geojson"]
    assert transport < 0.15 * raw["bytes"], (transport, raw["bytes"])
    assert transport < 1_200_000
