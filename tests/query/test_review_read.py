"""The review page's reads (query.review_read) over flags stored once per round and data version
(data.verification.ensure_flags): known answers on a hand-made store, and equal to the in-memory
references (verification.review_queue, duplicates.duplicates) on the demo."""

from __future__ import annotations

import shutil

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from data import store, verification
from data.duplicates import duplicates as reference_duplicates
from data.importer import import_households, import_registry
from query import review_read
from query.access import Access
from tests.data.rows import households
from tests.data.test_registry import nid

KEY = b"k" * 32
R = 2564
METRES_PER_DEGREE_LAT = 110_700  # at 16.4°N (meridian arc), within 0.1 %
# two 0.1° squares side by side (fake polygons with the households' real subdistrict codes)
SQUARES = gpd.GeoDataFrame(
    {"code": ["460101", "460102"]},
    geometry=[box(103.5, 16.4, 103.6, 16.5), box(103.6, 16.4, 103.7, 16.5)],
    crs="EPSG:4326",
)
EAST = {"subdistrict_code": "460102", "village_code": "46010201", "village_no": "1"}
NO_CARD = {"welfare_card": "false"}


def at(lat: float, lon: float) -> dict[str, str]:
    return {"lat": str(lat), "lon": str(lon)}


def survey() -> pd.DataFrame:
    """Eight households of round 2564 (answers differ by income unless said otherwise):

    H1 460101 inside; registered; its member is H6's head     -> person in two households
    H2 460101 1,000 m north; card but not registered          -> GPS, registry card missing
    H3 460101 but the point is in 460102, 5.3 km out; no ID   -> GPS (found in 460102)
    H4, H5 460102 inside, the same head in the same village   -> household twice
    H6 460102 inside                                          -> person in two households
    H7 460102 200 m south: within 500 m                       -> GPS only at 100 m
    H8 460103: no polygon for its code                        -> GPS (no distance)
    """
    frame = households(
        8,
        row0={"head_national_id": nid(1), **at(16.45, 103.55)},
        row1={"head_national_id": nid(2), **at(16.5 + 1000 / METRES_PER_DEGREE_LAT, 103.55)},
        row2={"head_national_id": "", **NO_CARD, **at(16.45, 103.65)},
        row3={"head_national_id": nid(4), **EAST, **NO_CARD, **at(16.45, 103.65)},
        row4={"head_national_id": nid(4), **EAST, **NO_CARD, **at(16.46, 103.66)},
        row5={"head_national_id": nid(6), **EAST, **NO_CARD, **at(16.47, 103.67)},
        row6={
            "head_national_id": nid(7),
            **EAST,
            **NO_CARD,
            **at(16.4 - 200 / METRES_PER_DEGREE_LAT, 103.65),
        },
        row7={
            "head_national_id": nid(8),
            "subdistrict_code": "460103",
            "village_code": "46010301",
            "village_no": "1",
            **NO_CARD,
            **at(16.45, 103.55),
        },
    )
    frame["income_per_person_year"] = [str(20_000 + 1_000 * i) for i in range(len(frame))]
    return frame


def load(con, tmp_path, frame: pd.DataFrame, name: str = "hh.csv") -> None:
    path = tmp_path / name
    frame.to_csv(path, index=False)
    import_households(con, path, report_dir=tmp_path / "reports", id_key=KEY)


@pytest.fixture
def con(tmp_path):
    c = store.connect(tmp_path / "review.duckdb")
    load(c, tmp_path, survey())
    registry = pd.DataFrame(
        [
            {
                "เลขประจำตัวประชาชน": nid(1),
                "รหัสจังหวัด": "46",
                "รหัสอำเภอ": "4601",
                "รหัสตำบล": "460101",
                "สถานะบัตร": "ได้รับบัตร",
            }
        ]
    )
    registry.to_csv(tmp_path / "reg.csv", index=False)
    import_registry(
        c, tmp_path / "reg.csv", snapshot_be=R, report_dir=tmp_path / "reports", id_key=KEY
    )
    c.execute(  # H6's head is also a member of H1's household
        """INSERT INTO members (hh_id, round_be, person_no, age, sex, disability, education,
           occupation, id_hash, import_id)
           SELECT 'H1', 2564, 2, 40, 'F', false, 'primary', 'farmer', head_id_hash, 'x'
           FROM households WHERE hh_id = 'H6'"""
    )
    yield c
    c.close()


@pytest.fixture
def key(con) -> str:
    return review_read.ensure_flags(con, SQUARES, None, round_be=R)


def reasons(page) -> dict[str, tuple[str, ...]]:
    return dict(zip(page.rows["hh_id"], page.rows["reasons"], strict=True))


def test_the_queue_lists_each_flagged_household_once_with_known_reasons(con, key):
    page = review_read.queue(con, key, round_be=R, area=None, tolerance_m=500, access=Access.full())
    assert reasons(page) == {
        "H1": ("person_in_two_households",),
        "H2": ("gps_outside", "registry_card_missing"),
        "H3": ("gps_outside",),
        "H4": ("household_twice",),
        "H5": ("household_twice",),
        "H6": ("person_in_two_households",),
        "H8": ("gps_outside",),
    }
    assert page.total == 7 and page.pages == 1
    rows = page.rows.set_index("hh_id")
    assert rows.loc["H2", "distance_m"] == pytest.approx(1_000, rel=0.01)
    assert rows.loc["H3", "distance_m"] == pytest.approx(5_340, rel=0.01)
    assert rows.loc["H3", "found_code"] == "460102" and rows.loc["H2", "found_code"] == ""
    assert np.isnan(rows.loc["H8", "distance_m"]) and np.isnan(rows.loc["H1", "distance_m"])
    # groups over the whole round: the person first (H1's group), then the household
    assert rows["duplicate_group"].dropna().to_dict() == {"H1": 1, "H4": 2, "H5": 2, "H6": 1}
    assert set(rows["status"]) == {"unverified"} and set(rows["note"]) == {""}
    assert rows.loc["H4", "village_code"] == "46010201"
    assert "head_id_hash" not in page.rows.columns and "id_hash" not in page.rows.columns


def test_the_tolerance_is_applied_when_read(con, key):
    near = review_read.queue(con, key, round_be=R, area=None, tolerance_m=100, access=Access.full())
    assert reasons(near)["H7"] == ("gps_outside",)
    assert near.rows.set_index("hh_id").loc["H7", "distance_m"] == pytest.approx(200, rel=0.01)
    far = review_read.queue(
        con, key, round_be=R, area=None, tolerance_m=2_000, access=Access.full()
    )
    assert "H2" in reasons(far) and reasons(far)["H2"] == ("registry_card_missing",)
    assert reasons(far)["H8"] == ("gps_outside",)  # no polygon: flagged at any tolerance
    with pytest.raises(ValueError):
        review_read.queue(con, key, round_be=R, area=None, tolerance_m=-1, access=Access.full())


def test_counts_come_from_sql(con, key):
    assert review_read.flag_counts(
        con, key, round_be=R, area=None, tolerance_m=500, access=Access.full()
    ) == {
        "flagged": 7,
        "gps_outside": 3,
        "duplicates": 4,
        "registry": 1,
    }
    assert review_read.flag_counts(
        con, key, round_be=R, area="460102", tolerance_m=100, access=Access.full()
    ) == {
        "flagged": 4,  # H4, H5, H6, H7
        "gps_outside": 1,
        "duplicates": 3,
        "registry": 0,
    }
    assert review_read.flag_counts(
        con, key, round_be=2565, area=None, tolerance_m=500, access=Access.full()
    ) == {
        "flagged": 0,
        "gps_outside": 0,
        "duplicates": 0,
        "registry": 0,
    }


def test_areas_filters_statuses_and_pages(con, key):
    sub = review_read.queue(
        con, key, round_be=R, area="460101", tolerance_m=500, access=Access.full()
    )
    assert list(sub.rows["hh_id"]) == ["H1", "H2", "H3"]
    assert sub.rows["duplicate_group"].tolist()[0] == 1
    verification.set_status(con, "H3", R, "disputed", note="พิกัดผิด")
    verification.set_status(con, "H4", R, "disputed")
    verification.set_status(con, "H4", R, "verified", note="ตรวจแล้ว")
    disputed = review_read.queue(
        con,
        key,
        round_be=R,
        area=None,
        tolerance_m=500,
        statuses=["disputed"],
        access=Access.full(),
    )
    assert list(disputed.rows["hh_id"]) == ["H3"]
    assert disputed.rows["note"].tolist() == ["พิกัดผิด"]
    twice = review_read.queue(
        con,
        key,
        round_be=R,
        area=None,
        tolerance_m=500,
        kinds=["household_twice"],
        access=Access.full(),
    )
    assert list(twice.rows["hh_id"]) == ["H4", "H5"]
    both = review_read.queue(
        con,
        key,
        round_be=R,
        area=None,
        tolerance_m=500,
        kinds=["household_twice", "registry_card_missing"],
        statuses=["unverified"],
        access=Access.full(),
    )
    assert list(both.rows["hh_id"]) == ["H2", "H5"]
    pages = [
        review_read.queue(
            con,
            key,
            round_be=R,
            area=None,
            tolerance_m=500,
            page=p,
            page_size=3,
            access=Access.full(),
        )
        for p in range(4)
    ]
    assert [list(p.rows["hh_id"]) for p in pages] == [
        ["H1", "H2", "H3"],
        ["H4", "H5", "H6"],
        ["H8"],
        [],
    ]
    assert [(p.total, p.pages, p.first, p.last) for p in pages[:3]] == [
        (7, 3, 1, 3),
        (7, 3, 4, 6),
        (7, 3, 7, 7),
    ]
    row = review_read.queue_row(
        con, key, "H4", round_be=R, area=None, tolerance_m=500, access=Access.full()
    )
    assert row["status"] == "verified" and row["reasons"] == ("household_twice",)
    assert (
        review_read.queue_row(
            con, key, "H7", round_be=R, area=None, tolerance_m=500, access=Access.full()
        )
        is None
    )
    assert (
        review_read.queue_row(
            con,
            key,
            "H4",
            round_be=R,
            area=None,
            tolerance_m=500,
            statuses=["disputed"],
            access=Access.full(),
        )
        is None
    )
    with pytest.raises(ValueError, match="unknown"):
        review_read.queue(
            con, key, round_be=R, area=None, tolerance_m=500, kinds=["nope"], access=Access.full()
        )


def test_status_counts_and_history(con):
    assert review_read.status_counts(con, round_be=R, access=Access.full()) == {
        "unverified": 8,
        "verified": 0,
        "disputed": 0,
    }
    verification.set_status(con, "H4", R, "disputed")
    verification.set_status(con, "H4", R, "verified", reviewer="สมศรี")
    verification.set_status(con, "H1", R, "disputed")
    assert review_read.status_counts(con, round_be=R, access=Access.full()) == {
        "unverified": 6,
        "verified": 1,
        "disputed": 1,
    }
    assert review_read.status_counts(con, round_be=R, area="460102", access=Access.full()) == {
        "unverified": 3,
        "verified": 1,
        "disputed": 0,
    }
    assert review_read.status_history(con, "H4", R)["status"].tolist() == ["disputed", "verified"]


def test_duplicates_of_an_area_list_partners_elsewhere(con, key):
    whole = review_read.duplicates(con, key, round_be=R, area=None, access=Access.full())
    assert whole.rows[["kind", "group", "hh_id", "role", "records"]].values.tolist() == [
        ["person_in_two_households", 1, "H1", "member", 2],
        ["person_in_two_households", 1, "H6", "head", 2],
        ["household_twice", 2, "H4", "head", 2],
        ["household_twice", 2, "H5", "head", 2],
    ]
    village = review_read.duplicates(con, key, round_be=R, area="46010103", access=Access.full())
    assert village.rows[["group", "hh_id"]].values.tolist() == [[1, "H1"], [1, "H6"]]
    east = review_read.duplicates(
        con, key, round_be=R, area="460102", page=1, page_size=3, access=Access.full()
    )
    assert east.rows[["group", "hh_id"]].values.tolist() == [[2, "H5"]] and east.total == 4
    assert (
        review_read.duplicates(con, key, round_be=R, area="460103", access=Access.full()).total == 0
    )
    for area in (None, "460101", "460102", "46010103"):
        got = review_read.duplicates(con, key, round_be=R, area=area, access=Access.full()).rows
        expected = reference_duplicates(con, round_be=R, area=area)
        assert got[expected.columns].astype(str).equals(expected.astype(str)), area


def test_flags_are_computed_once_per_data_version(con, key, tmp_path):
    made = "SELECT key, version, built_at FROM summary_keys WHERE starts_with(key, 'review_flags')"
    first = con.execute(made).fetchall()
    assert [r[0] for r in first] == [key]
    rows = "SELECT count(*) FROM review_flags"
    stored = con.execute(rows).fetchall()
    verification.set_status(con, "H1", R, "verified")  # an edit: not computed again
    assert review_read.ensure_flags(con, SQUARES, None, round_be=R) == key
    assert con.execute(made).fetchall() == first and con.execute(rows).fetchall() == stored
    other = SQUARES.assign(geometry=SQUARES.geometry.translate(0.001, 0))
    assert review_read.ensure_flags(con, other, None, round_be=R) != key  # other boundaries
    moved = (
        survey()
        .iloc[[0]]
        .assign(hh_id="H9", head_national_id=nid(9), income_per_person_year="99000", **NO_CARD)
    )
    moved = moved.assign(**at(16.45, 103.65))
    load(con, tmp_path, moved, "more.csv")  # an import: a new data version
    assert review_read.ensure_flags(con, SQUARES, None, round_be=R) == key
    again = dict((k, v) for k, v, _ in con.execute(made).fetchall())
    assert again[key] > first[0][1]
    page = review_read.queue(con, key, round_be=R, area=None, tolerance_m=500, access=Access.full())
    assert reasons(page)["H9"] == ("gps_outside",)
    assert page.rows.set_index("hh_id").loc["H1", "status"] == "verified"
    assert page.total == 8  # the rows of the key were replaced, not added to


def test_a_read_only_store_without_flags_gives_none(con, tmp_path):
    path = tmp_path / "review.duckdb"
    con.close()
    read_only = store.connect(path, read_only=True)
    try:
        assert review_read.ensure_flags(read_only, SQUARES, None, round_be=R) is None
    finally:
        read_only.close()


def test_village_points_outside_their_subdistrict(con):
    con.execute(
        """INSERT INTO villages VALUES
           ('46010101', '460101', 1, 'บ้าน<b>ทดสอบ</b>', 'Ban Test', 16.45, 103.55, true),
           ('46010102', '460101', 2, 'บ้านไกล', 'Ban Far', 16.45, 103.65, true),
           ('46010201', '460102', 1, 'บ้านตะวันออก', 'Ban East', 16.45, 103.65, true)"""
    )
    flagged = review_read.village_flags(con, SQUARES, None)
    assert flagged["village_code"].tolist() == ["46010102"]
    assert flagged["found_code"].tolist() == ["460102"]
    assert review_read.village_flags(con, SQUARES, None, area="460102").empty
    assert review_read.village_points(con, area="4601")["village_code"].tolist() == [
        "46010101",
        "46010102",
        "46010201",
    ]


def test_registry_snapshot(con):
    assert review_read.registry_snapshot(con, R) == R


# --- equal to the in-memory references on the demo ---------------------------------------------


@pytest.fixture(scope="module")
def demo(demo_store, boundary_cache, tmp_path_factory):
    from geo import boundaries

    db = tmp_path_factory.mktemp("review") / "demo.duckdb"
    shutil.copyfile(demo_store, db)
    c = store.connect(db)
    layer = boundaries.load_level("subdistrict", boundary_cache)
    lookup = boundaries.load_lookup(boundary_cache)
    first = c.execute(
        "SELECT hh_id FROM households WHERE round_be = 2565 ORDER BY hh_id LIMIT 3"
    ).fetchall()
    for (hh_id,), status in zip(first, ("verified", "disputed", "verified"), strict=True):
        verification.set_status(c, hh_id, 2565, status, note=f"{status} <b>x</b>")
    key = review_read.ensure_flags(c, layer, lookup, round_be=2565)
    yield c, layer, lookup, key
    c.close()


QUEUE_COMPARED = [
    "hh_id",
    "round_be",
    "village_code",
    "subdistrict_code",
    "reasons",
    "distance_m",
    "found_code",
    "duplicate_group",
    "status",
    "note",
]


@pytest.mark.parametrize(("area", "tolerance"), [(None, 500.0), ("46", 500.0), ("46", 50.0)])
def test_the_queue_equals_the_in_memory_reference_on_the_demo(demo, area, tolerance):
    con, layer, lookup, key = demo
    expected = verification.review_queue(
        con, layer, lookup, round_be=2565, area=area, tolerance_m=tolerance
    )
    got, page = [], 0
    while True:
        part = review_read.queue(
            con,
            key,
            round_be=2565,
            area=area,
            tolerance_m=tolerance,
            page=page,
            page_size=2_000,
            access=Access.full(),
        )
        got.append(part.rows)
        page += 1
        if part.last >= part.total:
            break
    got = pd.concat(got, ignore_index=True)
    assert len(expected) > 0 and part.total == len(expected)
    for column in QUEUE_COMPARED:
        a, b = expected[column], got[column]
        if column in ("distance_m", "duplicate_group"):
            np.testing.assert_allclose(a.astype(float), b.astype(float), rtol=1e-9, err_msg=column)
        else:
            assert a.tolist() == b.tolist(), column
    has = expected["reasons"].map(set)
    assert review_read.flag_counts(
        con, key, round_be=2565, area=area, tolerance_m=tolerance, access=Access.full()
    ) == {
        "flagged": len(expected),
        "gps_outside": int(has.map(lambda r: "gps_outside" in r).sum()),
        "duplicates": int(has.map(lambda r: bool(r & set(verification.DUPLICATE_KINDS))).sum()),
        "registry": int(has.map(lambda r: bool(r & set(verification.REGISTRY_KINDS))).sum()),
    }


@pytest.mark.parametrize("area", [None, "46", "4601"])
def test_duplicates_equal_the_reference_on_the_demo(demo, area):
    con, _layer, _lookup, key = demo
    expected = reference_duplicates(con, round_be=2565, area=area)
    got = review_read.duplicates(
        con, key, round_be=2565, area=area, page_size=10_000, access=Access.full()
    ).rows
    assert got[expected.columns].astype(str).equals(expected.astype(str))
