"""Targets: versions instead of overwrites, all-or-nothing imports, progress with known answers."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from data import referrals as rf
from data import store
from data import targets as tg
from data.importer import import_households
from tests.data.rows import households

KEY = b"k" * 32
ROW = dict(
    area_code="46",
    scope="central",
    baseline_round=2563,
    target_round=2565,
    households_to_lift=4,
    referrals_to_close=2,
)


@pytest.fixture
def con(tmp_path):
    """Kalasin: H1-H4 poor in 2563; in 2564 H1 and H2 are no longer poor, H3 and H4 still are."""
    c = store.connect(tmp_path / "t.duckdb")
    poor = households(4, **{f"row{i}": {"round_be": "2563"} for i in range(4)})
    later = households(
        4,
        row0={"bmn_15": "1", "income_per_person_year": "90000"},
        row1={"bmn_15": "1", "income_per_person_year": "95000"},
    )
    for name, frame in (("a.csv", poor), ("b.csv", later)):
        frame.to_csv(tmp_path / name, index=False)
        import_households(c, tmp_path / name, report_dir=tmp_path, id_key=KEY)
    yield c
    c.close()


def test_status_known_answers():
    s = tg.target_status([1.0, 0.45, 0.30, 0.29, 0.0, 0.5], [0.5, 0.5, 0.5, 0.5, 0.0, 0.5])
    # expected 0.5: on track from 0.9 × 0.5 = 0.45, at risk from 0.6 × 0.5 = 0.30
    assert s.tolist() == ["achieved", "on_track", "at_risk", "off_track", "on_track", "on_track"]
    none = tg.target_status([0.0], [0.5], has_target=[False])
    assert none.tolist() == ["no_target"]
    strict = tg.target_status([0.45], [0.5], on_track=1.0)
    assert strict.tolist() == ["at_risk"]


def test_editing_a_target_adds_a_version_and_keeps_the_old_one(con):
    frame = pd.DataFrame([ROW])
    assert tg.set_targets(con, frame, by="ส่วนกลาง", at=dt.datetime(2025, 1, 1)) == 1
    assert tg.set_targets(con, frame, by="ส่วนกลาง") == 0  # unchanged: nothing written
    assert tg.set_targets(con, frame.assign(households_to_lift=6), by="จังหวัด") == 1
    current = tg.current_targets(con)
    assert current[["version", "households_to_lift", "set_by"]].values.tolist() == [[2, 6, "จังหวัด"]]
    history = tg.target_history(con, "46")
    assert history["households_to_lift"].tolist() == [6, 4]
    assert tg.set_targets(con, frame.assign(scope="area", households_to_lift=9), by="x") == 1
    assert len(tg.current_targets(con)) == 2
    assert len(tg.current_targets(con, scope="area")) == 1
    with pytest.raises(ValueError, match="say who"):
        tg.set_targets(con, frame, by=" ")


def test_import_accepts_thai_headers_and_labels(con):
    text = pd.DataFrame(
        {
            "รหัสพื้นที่": ["46", "4601"],
            "ประเภทเป้าหมาย": ["เป้าหมายพื้นที่", "ส่วนกลาง"],
            "รอบฐาน": ["2563", "2563"],
            "รอบเป้าหมาย": ["2566", "2566"],
            "ครัวเรือนที่ต้องพ้นจน": ["1,200", "300"],
            "รายการส่งต่อที่ต้องปิด": ["500", "80"],
        }
    )
    result = tg.import_targets(con, text, file_name="t.csv", by="เลขานุการ")
    assert result.ok and result.written == 2
    current = tg.current_targets(con).set_index(["area_code", "scope"])
    assert current.loc[("46", "area"), "households_to_lift"] == 1200
    assert current.loc[("4601", "central"), "source"] == "import: t.csv"


def test_a_bad_targets_file_writes_nothing_and_names_every_problem(con):
    text = pd.DataFrame(
        {
            "area_code": ["46", "99", "46", "4601", "4601"],
            "scope": ["central", "central", "national", "central", "central"],
            "baseline_round": ["2563", "2563", "2563", "2566", "2563"],
            "target_round": ["2566", "2566", "2566", "2563", "2566"],
            "households_to_lift": ["100", "5", "5", "5", "-3"],
            "referrals_to_close": ["10", "5", "5", "5", "x"],
        }
    )
    result = tg.import_targets(con, text, file_name="bad.csv", by="x", lang="en")
    assert not result.ok and result.written == 0
    found = [(p.line, p.column) for p in result.problems]
    assert found == [
        (3, "area_code"),
        (4, "scope"),
        (5, "target_round"),
        (6, "households_to_lift"),
        (6, "referrals_to_close"),
    ]
    assert "DOPA" in result.problems[0].reason
    assert tg.current_targets(con).empty
    dup = text.iloc[[0, 0]]
    again = tg.import_targets(con, dup, file_name="dup.csv", by="x")
    assert [(p.line, p.reason) for p in again.problems] == [(3, "same area and scope as line 2")]
    missing = tg.import_targets(con, text.drop(columns="target_round"), file_name="m.csv", by="x")
    assert [p.column for p in missing.problems] == ["target_round"]


def test_progress_known_answer(con):
    tg.set_targets(con, pd.DataFrame([ROW, {**ROW, "area_code": "4601"}]), by="x")
    rid = rf.create_referral(
        con, hh_id="H1", round_be=2563, intervention="SP-RELIEF", by="x", at=dt.datetime(2025, 1, 1)
    )
    for i, s in enumerate(
        ["verified", "referred", "accepted", "in_progress", "assisted", "resolved"]
    ):
        rf.change_status(con, rid, s, by="x", at=dt.datetime(2025, 1, 2 + i))
    rf.create_referral(con, hh_id="H2", round_be=2564, intervention="SP-RELIEF", by="x")
    p = tg.progress(con).iloc[0]
    # baseline 2563: 4 poor; latest round 2564: H1, H2 no longer poor → 2 lifted of 4
    # expected by 2564 of a 2563 → 2565 target: (2564 − 2563) / (2565 − 2563) = 0.5
    assert (p.baseline_poor, p.lifted, p.latest_round) == (4, 2, 2564)
    assert p.expected_share == 0.5
    assert p.lift_progress == 0.5 and p.lift_status == "on_track"
    assert (p.referrals, p.referrals_closed) == (2, 1)
    assert p.close_progress == 0.5 and p.close_status == "on_track"
    district = tg.progress(con, level="district", within="46").iloc[0]
    assert (district.area_code, district.lifted) == ("4601", 2)
    assert tg.progress(con, scope="area").empty


def test_no_progress_before_the_first_later_round(con):
    tg.set_targets(
        con, pd.DataFrame([{**ROW, "baseline_round": 2564, "target_round": 2566}]), by="x"
    )
    p = tg.progress(con).iloc[0]
    assert (p.lifted, p.expected_share, p.lift_status) == (0, 0.0, "on_track")


def test_demo_targets_cover_the_20_provinces_with_a_mix_of_statuses(demo_store):
    from data.synthetic import TARGET_PROVINCES

    c = store.connect(demo_store)
    try:
        central = tg.current_targets(c, scope="central", level="province")
        assert set(central["area_code"]) == set(TARGET_PROVINCES)
        assert central["synthetic"].all()
        districts = tg.current_targets(c, scope="central", level="district")
        sums = districts.groupby(districts["area_code"].str[:2])["households_to_lift"].sum()
        assert (sums == central.set_index("area_code")["households_to_lift"]).all()
        assert len(tg.current_targets(c, scope="area")) == 20
        statuses = set(tg.progress(c)["lift_status"])
        assert len(statuses) >= 2
    finally:
        c.close()
