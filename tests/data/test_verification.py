"""Verification: GPS flags with known distances, the append-only status history, the in-memory
queue (the reference of query.review_read, tested in tests/query/test_review_read.py)."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from data import store, verification
from data.importer import import_households
from query import review_read
from query.access import Access
from tests.data.rows import households

KEY = b"k" * 32
# two 0.1° squares side by side near 13°N, 100°E
SQUARES = gpd.GeoDataFrame(
    {"code": ["100101", "100102"]},
    geometry=[box(100.0, 13.0, 100.1, 13.1), box(100.1, 13.0, 100.2, 13.1)],
    crs="EPSG:4326",
)
METRES_PER_DEGREE_LAT = 110_650  # at 13°N (meridian arc), within 0.1 %


def points(rows: list[tuple[str, str, float | None, float | None]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["hh_id", "subdistrict_code", "lat", "lon"])


def test_gps_check_known_distances_and_tolerance():
    north = 13.1 + 1000 / METRES_PER_DEGREE_LAT  # 1,000 m north of the top edge
    near = 13.1 + 200 / METRES_PER_DEGREE_LAT  # 200 m out: within the 500 m tolerance
    checked = verification.gps_check(
        points(
            [
                ("inside", "100101", 13.05, 100.05),
                ("edge", "100101", 13.1, 100.05),
                ("near", "100101", near, 100.05),
                ("north", "100101", north, 100.05),
                ("neighbour", "100101", 13.05, 100.15),
                ("no gps", "100101", None, None),
                ("unknown code", "999999", 13.05, 100.05),
            ]
        ),
        SQUARES,
    ).set_index("hh_id")
    assert "no gps" not in checked.index
    assert checked.loc["inside", ["inside", "flagged"]].tolist() == [True, False]
    assert checked.loc["edge", "inside"] and checked.loc["edge", "distance_m"] == 0
    assert checked.loc["near", "distance_m"] == pytest.approx(200, rel=0.01)
    assert not checked.loc["near", "flagged"]
    assert checked.loc["north", "distance_m"] == pytest.approx(1000, rel=0.01)
    assert checked.loc["north", "flagged"] and checked.loc["north", "found_code"] == ""
    # 0.05° of longitude east of the shared edge, at 13.05°N
    assert checked.loc["neighbour", "distance_m"] == pytest.approx(5_420, rel=0.01)
    assert checked.loc["neighbour", "found_code"] == "100102"
    assert checked.loc["unknown code", "flagged"]
    assert np.isnan(checked.loc["unknown code", "distance_m"])
    strict = verification.gps_check(
        points([("near", "100101", near, 100.05)]), SQUARES, tolerance_m=100
    )
    assert strict["flagged"].tolist() == [True]
    with pytest.raises(ValueError):
        verification.gps_check(points([]), SQUARES, tolerance_m=-1)


def test_gps_check_maps_new_codes_to_the_polygon_that_holds_them():
    lookup = pd.DataFrame({"subdistrict_code": ["100199"], "polygon_code": ["100102"]})
    checked = verification.gps_check(points([("moved", "100199", 13.05, 100.15)]), SQUARES, lookup)
    assert checked[["polygon_code", "inside", "flagged"]].values.tolist() == [
        ["100102", True, False]
    ]


def test_gps_check_on_the_real_fine_subdistrict_layer(boundary_cache):
    from geo import boundaries

    layer = boundaries.load_level("subdistrict", boundary_cache)
    lookup = boundaries.load_lookup(boundary_cache)
    polygons = layer.set_index("code").geometry
    inside = polygons["460101"].representative_point()
    elsewhere = polygons["460103"].representative_point()
    checked = verification.gps_check(
        points(
            [
                ("home", "460101", inside.y, inside.x),
                ("away", "460101", elsewhere.y, elsewhere.x),
                ("new code", "100910", *polygons["100905"].representative_point().coords[0][::-1]),
            ]
        ),
        layer,
        lookup,
    ).set_index("hh_id")
    assert not checked.loc["home", "flagged"]
    assert checked.loc["away", "flagged"] and checked.loc["away", "found_code"] == "460103"
    assert 1_000 < checked.loc["away", "distance_m"] < 10_000
    assert not checked.loc["new code", "flagged"]  # 100910 is drawn by polygon 100905


# --- status ---------------------------------------------------------------------------------------


@pytest.fixture
def con(tmp_path):
    c = store.connect(tmp_path / "v.duckdb")
    path = tmp_path / "hh.csv"
    households(3, row2={"lat": "16.2", "lon": "103.9"}).to_csv(path, index=False)
    import_households(c, path, report_dir=tmp_path, id_key=KEY)
    yield c
    c.close()


def test_status_history_is_append_only(con):
    assert review_read.status_counts(con, round_be=2564, access=Access.full()) == {
        "unverified": 3,
        "verified": 0,
        "disputed": 0,
    }
    t0 = dt.datetime(2024, 1, 1)
    first = verification.set_status(
        con, "H1", 2564, "disputed", note="บ้านไม่ตรงพิกัด <b>x</b>", reviewer="สมศรี", now=t0
    )
    second = verification.set_status(
        con, "H1", 2564, "verified", note="ตรวจแล้ว", now=t0 + dt.timedelta(days=1)
    )
    assert second > first
    history = verification.status_history(con, "H1", 2564)
    assert history["status"].tolist() == ["disputed", "verified"]
    assert history["note"].tolist() == ["บ้านไม่ตรงพิกัด <b>x</b>", "ตรวจแล้ว"]
    current = verification.current_status(con, round_be=2564)
    assert current[["hh_id", "status"]].values.tolist() == [["H1", "verified"]]
    assert review_read.status_counts(con, round_be=2564, access=Access.full())["verified"] == 1
    assert (
        review_read.status_counts(con, round_be=2564, area="460101", access=Access.full())[
            "unverified"
        ]
        == 2
    )
    assert con.execute("SELECT count(*) FROM verification_events").fetchall() == [(2,)]


def test_status_is_checked_and_notes_never_keep_a_national_id(con):
    with pytest.raises(ValueError, match="status must be one of"):
        verification.set_status(con, "H1", 2564, "approved")
    with pytest.raises(ValueError, match="no household"):
        verification.set_status(con, "H9", 2564, "verified")
    verification.set_status(con, "H2", 2564, "disputed", note="หัวหน้า 1-1017-00203-45-0 ย้ายออก")
    note = verification.status_history(con, "H2", 2564)["note"].iloc[0]
    assert "1017" not in note and "hidden" in note


def test_review_queue_lists_each_flagged_household_once_with_its_status(con, boundary_cache):
    from geo import boundaries

    layer = boundaries.load_level("subdistrict", boundary_cache)
    lookup = boundaries.load_lookup(boundary_cache)
    verification.set_status(con, "H3", 2564, "disputed", note="พิกัดผิด")
    queue = verification.review_queue(con, layer, lookup, round_be=2564)
    # every household has the same head ID (rows.py): all three are one household recorded 3x
    assert queue["hh_id"].tolist() == ["H1", "H2", "H3"]
    h3 = queue.set_index("hh_id").loc["H3"]
    assert h3["reasons"] == ("gps_outside", "household_twice")
    assert h3["distance_m"] > 10_000 and h3["status"] == "disputed" and h3["note"] == "พิกัดผิด"
    assert queue.set_index("hh_id").loc["H1", "reasons"] == ("household_twice",)
    assert verification.review_queue(con, layer, lookup, round_be=2564, area="4602").empty
