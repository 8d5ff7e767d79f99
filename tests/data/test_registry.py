"""Cross-checking sources: the welfare registry import, matching by hashed ID, TPMAP's targeted
poor, registry mismatches and duplicates, on small hand-made data with known answers."""

from __future__ import annotations

import pandas as pd
import pytest

from data import store
from data.duplicates import duplicates, household_twice, person_in_two_households
from data.importer import ImportFailed, import_households, import_registry
from data.registry import (
    cross_match,
    in_registry_sql,
    registry_mismatches,
    snapshot_for,
    targeted_poor,
)
from data.validate import national_id_checksum_ok
from tests.data.rows import households

KEY = b"k" * 32


def nid(n: int) -> str:
    """A checksum-valid synthetic national ID."""
    body = f"3{n:011d}"
    total = sum(int(d) * (13 - i) for i, d in enumerate(body))
    out = body + str((11 - total % 11) % 10)
    assert national_id_checksum_ok(out)
    return out


@pytest.fixture
def con(tmp_path):
    c = store.connect(tmp_path / "r.duckdb")
    yield c
    c.close()


def load_households(con, tmp_path, frame: pd.DataFrame, name="hh.csv"):
    path = tmp_path / name
    frame.to_csv(path, index=False)
    return import_households(con, path, report_dir=tmp_path / "reports", id_key=KEY)


def load_registry(con, tmp_path, rows: list[dict], snapshot=2564, name="reg.csv", **kw):
    path = tmp_path / name
    pd.DataFrame(rows).to_csv(path, index=False)
    return import_registry(
        con, path, snapshot_be=snapshot, report_dir=tmp_path / "reports", id_key=KEY, **kw
    )


# Six households of round 2564: H1-H3 in subdistrict 460101, H4-H6 in 460102.
#   H1 poor, card, registered          -> in both, targeted poor
#   H2 poor, card, NOT registered      -> survey only, card_missing
#   H3 poor, no ID                     -> no_id
#   H4 not poor, no card, registered   -> in both, card_status differs (registry says holder)
#   H5 poor, registered, registry puts the person in 460101  -> address mismatch
#   H6 poor, no ID
# Registry only: R1 in 460101, R2 and R3 in 460102.
SECOND = {
    "subdistrict_code": "460102",
    "village_code": "46010201",
    "village_no": "1",
    "lat": "16.449",
    "lon": "103.57",
}
NOT_POOR = {
    **{f"bmn_{i:02d}": "1" for i in range(2, 18)},
    "income_per_person_year": "90,000",
    "main_cause": "",
}


def survey() -> pd.DataFrame:
    return households(
        6,
        row0={"head_national_id": nid(1)},
        row1={"head_national_id": nid(2)},
        row2={"head_national_id": ""},
        row3={**SECOND, **NOT_POOR, "head_national_id": nid(4), "welfare_card": "false"},
        row4={**SECOND, "head_national_id": nid(5)},
        row5={**SECOND, "head_national_id": "", "members": "3", "members_60_plus": "0"},
    )


def registry_rows() -> list[dict]:
    def at(id_, sub, card="ได้รับบัตร"):
        return {
            "เลขประจำตัวประชาชน": id_,
            "รหัสจังหวัด": sub[:2],
            "รหัสอำเภอ": sub[:4],
            "รหัสตำบล": sub,
            "สถานะบัตร": card,
        }

    return [
        at(nid(1), "460101"),
        at(nid(4), "460102"),
        at(nid(5), "460101"),
        at(nid(101), "460101"),
        at(nid(102), "460102", "ยกเลิก"),
        at(nid(103), "460102"),
    ]


@pytest.fixture
def matched(con, tmp_path):
    load_households(con, tmp_path, survey())
    result = load_registry(con, tmp_path, registry_rows())
    assert (result.rows, result.counts.new) == (6, 6)
    return con


def test_cross_match_counts_per_subdistrict(matched):
    table = cross_match(matched, "subdistrict", round_be=2564).set_index("code")
    expected = {
        #          households with_id in_both survey_only no_id registry_only registry_total
        "460101": (3, 2, 1, 1, 1, 1, 3),
        "460102": (3, 2, 2, 0, 1, 2, 3),
    }
    columns = [
        "households",
        "with_id",
        "in_both",
        "survey_only",
        "no_id",
        "registry_only",
        "registry_total",
    ]
    for code, values in expected.items():
        assert tuple(int(v) for v in table.loc[code, columns]) == values, code
    province = cross_match(matched, "province", round_be=2564, area="46").iloc[0]
    assert (province.in_both, province.registry_only, province.no_id) == (3, 3, 2)


def test_targeted_poor_is_poor_and_registered(matched):
    frame = targeted_poor(matched, "subdistrict", round_be=2564).set_index("code")
    assert frame.loc["460101", "poor_households"] == 3
    assert frame.loc["460101", "targeted_poor_households"] == 1  # H1
    assert frame.loc["460102", "poor_households"] == 2  # H5, H6 (H4 is not poor)
    assert frame.loc["460102", "targeted_poor_households"] == 1  # H5
    assert frame.loc["460102", "targeted_poor_people"] == 4
    assert frame.loc["460101", "targeted_share"] == pytest.approx(1 / 3)
    # the SQL expression for map metrics gives the same households
    sql = f"SELECT hh_id FROM households h WHERE {in_registry_sql('h', 2564)} ORDER BY 1"
    assert [r[0] for r in matched.execute(sql).fetchall()] == ["H1", "H4", "H5"]


def test_registry_mismatches(matched):
    frame = registry_mismatches(matched, round_be=2564)
    assert dict(zip(frame.hh_id, frame.reason, strict=True)) == {
        "H2": "card_missing",
        "H4": "card_status",
        "H5": "address",
    }
    assert "id_hash" not in frame.columns and "head_id_hash" not in frame.columns
    assert registry_mismatches(matched, round_be=2564, area="460101").hh_id.tolist() == ["H2"]


def test_snapshot_used_for_each_round(matched, tmp_path):
    load_registry(matched, tmp_path, registry_rows()[:2], snapshot=2566, name="later.csv")
    assert snapshot_for(matched, 2564) == 2564
    assert snapshot_for(matched, 2565) == 2564
    assert snapshot_for(matched, 2567) == 2566
    assert snapshot_for(matched, 2560) == 2564  # nothing earlier: the earliest


def test_registry_reimport_is_idempotent_and_corrections_keep_history(matched, tmp_path):
    again = load_registry(matched, tmp_path, registry_rows(), name="again.csv")
    assert (again.counts.new, again.counts.replaced, again.counts.unchanged) == (0, 0, 6)
    rows = registry_rows()
    rows[2]["รหัสตำบล"] = "460102"  # H5's address corrected
    fixed = load_registry(matched, tmp_path, rows, name="fixed.csv", chunksize=2)
    assert (fixed.counts.replaced, fixed.counts.unchanged) == (1, 5)
    assert matched.execute("SELECT count(*) FROM registry_history").fetchall() == [(1,)]
    assert "H5" not in registry_mismatches(matched, round_be=2564).hh_id.tolist()


def test_registry_rejects_bad_ids_and_duplicates_and_never_keeps_raw_ids(con, tmp_path):
    rows = registry_rows()
    rows[1]["เลขประจำตัวประชาชน"] = nid(4)[:-1] + str((int(nid(4)[-1]) + 1) % 10)
    rows.append(dict(rows[0]))  # the same person twice
    with pytest.raises(ImportFailed) as info:
        load_registry(con, tmp_path, rows)
    lines = sorted(p.line for p in info.value.problems)
    assert lines == [3, 8]
    text = str(info.value) + info.value.report.read_text(encoding="utf-8-sig")
    assert nid(1) not in text and nid(4)[:-1] not in text
    result = load_registry(con, tmp_path, rows, mode="accept_valid", name="ok.csv")
    assert (result.rows, result.rejected_rows) == (5, 2)
    stored = con.execute("SELECT * FROM registry").df().to_csv()
    assert nid(1) not in stored
    with pytest.raises(ValueError, match="Buddhist-era"):
        load_registry(con, tmp_path, rows, snapshot=2021)


def test_registry_by_area_names_and_missing_columns(con, tmp_path):
    rows = [{"national id": nid(7), "ตำบล": "ต.กาฬสินธุ์ อ.เมืองกาฬสินธุ์ จ.กาฬสินธุ์", "card holder": "yes"}]
    result = load_registry(con, tmp_path, rows)
    assert con.execute(
        "SELECT province_code, district_code, subdistrict_code, card_holder FROM registry"
    ).fetchall() == [("46", "4601", "460101", True)]
    assert result.rows == 1
    with pytest.raises(ImportFailed, match="is missing"):
        load_registry(con, tmp_path, [{"national id": nid(8)}], name="no-address.csv")


# --- duplicates -------------------------------------------------------------------------------------


def test_duplicates_person_in_two_households_and_household_twice(con, tmp_path):
    frame = households(
        5,
        row0={"head_national_id": nid(1)},
        row1={"head_national_id": nid(1)},  # same head, same village: recorded twice
        row2={**SECOND, "head_national_id": nid(3)},
        row3={"head_national_id": nid(9)},
        row4={**SECOND, "head_national_id": ""},
    )
    frame.loc[3, "hh_id"] = "H4"
    load_households(con, tmp_path, frame)
    # H4 also heads nothing else, but its head is a member of H3's household elsewhere
    con.execute(
        """INSERT INTO members (hh_id, round_be, person_no, age, sex, disability, education,
           occupation, id_hash, import_id)
           SELECT 'H3', 2564, 1, 40, 'F', false, 'primary', 'farmer', head_id_hash, 'x'
           FROM households WHERE hh_id = 'H4'"""
    )
    twice = household_twice(con, round_be=2564)
    # H1 and H2 share a head; H2 and... content is identical apart from IDs for H1/H2/H4 too
    assert set(twice.hh_id) >= {"H1", "H2"}
    groups = twice.groupby("group").hh_id.apply(set).tolist()
    assert {"H1", "H2"} <= next(g for g in groups if "H1" in g)
    person = person_in_two_households(con, round_be=2564)
    assert sorted(zip(person.hh_id, person.role, strict=True)) == [("H3", "member"), ("H4", "head")]
    assert person.records.tolist() == [2, 2]
    both = duplicates(con, round_be=2564)
    assert set(both.kind) == {"person_in_two_households", "household_twice"}
    assert both.group.is_unique is False and both.group.min() == 1
    assert "id_hash" not in both.columns


def test_identical_answers_under_two_ids_is_a_household_twice(con, tmp_path):
    frame = households(
        3,
        row0={"head_national_id": ""},
        row1={"head_national_id": ""},
        row2={"head_national_id": "", "members": "5"},
    )
    load_households(con, tmp_path, frame)
    twice = household_twice(con, round_be=2564)
    assert twice.hh_id.tolist() == ["H1", "H2"] and twice.records.tolist() == [2, 2]
    assert household_twice(con, round_be=2564, area="460102").empty
    assert person_in_two_households(con, round_be=2564).empty


# --- the synthetic demo -------------------------------------------------------------------------------


def test_demo_registry_duplicates_and_gps_outliers_give_the_review_page_content(
    demo_store, boundary_cache
):
    from data.verification import review_queue
    from geo import boundaries

    c = store.connect(demo_store)
    try:
        match = cross_match(c, "province", round_be=2565)
        queue = review_queue(
            c,
            boundaries.load_level("subdistrict", boundary_cache),
            boundaries.load_lookup(boundary_cache),
            round_be=2565,
        )
        synthetic = c.execute(
            "SELECT bool_and(synthetic) FROM imports WHERE kind = 'registry'"
        ).fetchall()
        statuses = c.execute("SELECT count(*) FROM verification_events").fetchall()[0][0]
    finally:
        c.close()
    assert synthetic == [(True,)]
    # most card-holding heads are registered; some registry entries are not surveyed
    assert match["in_both"].sum() > 0.25 * match["with_id"].sum()
    assert match["registry_only"].sum() > 0 and match["survey_only"].sum() > 0
    reasons = {r for rs in queue["reasons"] for r in rs}
    assert {"gps_outside", "household_twice", "person_in_two_households"} <= reasons
    assert {"registry_card_missing", "registry_address"} & reasons
    assert statuses >= 3
