"""Grievances in the store: coded types, the due date in working days, the approval chain
village → district → province with its levels, decisions applied through an import, refusals
in Thai and English, and the append-only history."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pandas as pd
import pytest

from data import grievances as gv
from data import store
from tests.data.monitoring_rows import VILLAGE_A, VILLAGE_B, make_store

MONDAY = dt.datetime(2025, 3, 3, 10, 0)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("grievances")
    return make_store(tmp / "template.duckdb", tmp)


@pytest.fixture
def db(template, tmp_path):
    path = tmp_path / "g.duckdb"
    path.write_bytes(template.read_bytes())
    return path


@pytest.fixture
def con(db):
    c = store.connect(db)
    yield c
    c.close()


def new(con, **kw):
    args = dict(
        grievance_type="wrongly_included",
        by="ศูนย์ดำรงธรรม",
        description="ครัวเรือนนี้มีรายได้สูง",
        hh_id="H6",
        at=MONDAY,
    )
    args.update(kw)
    return gv.file_grievance(con, **args)


def events(con, gid):
    return con.execute(
        "SELECT seq, level, from_state, to_state, outcome, action, import_id FROM grievance_events "
        "WHERE grievance_id = ? ORDER BY seq",
        [gid],
    ).df()


def current(con, gid):
    return con.execute("SELECT * FROM grievance_current WHERE grievance_id = ?", [gid]).df().iloc[0]


def step(con, gid, to, day, **kw):
    return gv.advance(con, gid, to, by="เจ้าหน้าที่", at=MONDAY + dt.timedelta(days=day), **kw)


EDGES = {
    ("received", "village_reviewed"),
    ("received", "withdrawn"),
    ("village_reviewed", "district_reviewed"),
    ("village_reviewed", "returned"),
    ("village_reviewed", "withdrawn"),
    ("district_reviewed", "decided"),
    ("district_reviewed", "returned"),
    ("district_reviewed", "withdrawn"),
    ("returned", "village_reviewed"),
    ("returned", "withdrawn"),
    ("decided", "applied"),
}


@pytest.mark.parametrize("pair", list(itertools.product(gv.STATES, repeat=2)))
def test_only_the_listed_transitions_are_allowed(pair):
    if pair in EDGES:
        gv.check_transition(*pair)
    else:
        with pytest.raises(gv.GrievanceTransitionError):
            gv.check_transition(*pair)


def test_every_type_has_a_listahanan_code_and_a_suggested_action():
    assert set(gv.LISTAHANAN) == set(gv.TYPES) == set(gv.SUGGESTED_ACTION)
    assert set(gv.SUGGESTED_ACTION.values()) <= set(gv.ACTIONS)
    assert gv.LISTAHANAN["excluded_interviewed"] == "EX01"


def test_a_grievance_takes_its_area_from_the_household_and_is_due_in_working_days(con):
    before = store.data_version(con, ["grievances"])
    gid = new(con, at=dt.datetime(2025, 3, 7, 15, 0))  # a Friday
    assert re.fullmatch(r"GV\d{7}", gid)
    assert store.data_version(con, ["grievances"]) == before + 1
    assert store.data_version(con, ["monitoring"]) == before
    row = current(con, gid)
    assert (row["hh_id"], row["round_be"], row["village_code"]) == ("H6", 2565, VILLAGE_B)
    assert row["district_code"] == "4601" and row["state"] == "received"
    assert row["due"].date() == dt.date(2025, 3, 28)  # 15 working days: three weeks
    assert not row["has_contact"] and "contact" not in row.index
    holiday = new(
        con, at=dt.datetime(2025, 3, 7, 15, 0), due_days=1, holidays={dt.date(2025, 3, 10)}
    )
    assert current(con, holiday)["due"].date() == dt.date(2025, 3, 11)
    never = new(
        con,
        grievance_type="never_interviewed",
        hh_id=None,
        village_code=VILLAGE_A,
        contact="+66 81 234 5678",
        description="บ้านเลขที่ 12 ไม่เคยมีใครมาสัมภาษณ์",
    )
    row = current(con, never)
    assert pd.isna(row["hh_id"]) and row["village_code"] == VILLAGE_A and row["has_contact"]
    assert (
        con.execute("SELECT contact FROM grievances WHERE grievance_id = ?", [never]).fetchone()[0]
        == "+66812345678"
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(grievance_type="EX01"), "unknown grievance type 'EX01'"),
        (dict(description="  "), "describe the grievance"),
        (dict(by=""), "say who"),
        (dict(hh_id="H9"), "no household H9"),
        (dict(hh_id="H1", round_be=2570), "no household H1 in round 2570"),
        (dict(hh_id=None), "give a household or a village"),
        (dict(hh_id=None, village_code="460101"), "8-digit DOPA village code"),
        (dict(hh_id=None, village_code="46010177"), "no village 46010177 is known"),
        (dict(contact="call me"), "a contact is a phone number"),
    ],
)
def test_bad_grievances_are_refused_in_both_languages(con, kwargs, message):
    with pytest.raises(gv.GrievanceError, match=message) as err:
        new(con, **kwargs)
    assert re.search(r"[\u0e00-\u0e7f]", err.value.text("th"))
    assert con.execute("SELECT count(*) FROM grievances").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM grievance_events").fetchone()[0] == 0


def test_the_chain_up_to_the_province_and_the_import_that_applies_it(con):
    gid = new(con, description="มีรถยนต์ 2 คัน เลข 1101700203450")
    assert "1101700203450" not in current(con, gid)["description"]
    step(con, gid, "village_reviewed", 1, outcome="upheld", note="ประชาคมหมู่บ้านยืนยัน")
    step(con, gid, "district_reviewed", 2, outcome="upheld")
    step(con, gid, "decided", 3, outcome="upheld", action="remove_from_list")
    import_id = con.execute("SELECT max(import_id) FROM imports").fetchone()[0]
    step(con, gid, "applied", 4, import_id=import_id)
    e = events(con, gid)
    assert e["to_state"].tolist() == [
        "received",
        "village_reviewed",
        "district_reviewed",
        "decided",
        "applied",
    ]
    assert e["level"].tolist()[1:4] == ["village", "district", "province"]
    assert pd.isna(e["level"].iloc[0]) and pd.isna(e["level"].iloc[4])
    assert e["outcome"].tolist()[1:4] == ["upheld"] * 3
    row = current(con, gid)
    assert (row["state"], row["outcome"], row["action"], row["import_id"]) == (
        "applied",
        "upheld",
        "remove_from_list",
        import_id,
    )
    with pytest.raises(gv.GrievanceTransitionError, match="is final"):
        step(con, gid, "withdrawn", 5)


def test_a_review_can_be_returned_by_the_district_and_by_the_province(con):
    gid = new(con, grievance_type="excluded_interviewed", hh_id="H3")
    step(con, gid, "village_reviewed", 1, outcome="rejected")
    step(con, gid, "returned", 2, note="ให้ตรวจสอบรายได้ใหม่")
    step(con, gid, "village_reviewed", 3, outcome="upheld")
    step(con, gid, "district_reviewed", 4, outcome="upheld")
    step(con, gid, "returned", 5)
    e = events(con, gid)
    assert e["level"].tolist()[1:] == ["village", "district", "village", "district", "province"]
    assert current(con, gid)["state"] == "returned"
    step(con, gid, "withdrawn", 6)
    assert current(con, gid)["state"] == "withdrawn"


def test_decisions_need_their_findings_and_only_an_upheld_action_is_applied(con):
    gid = new(con)
    with pytest.raises(gv.GrievanceError, match="upheld or rejected") as err:
        step(con, gid, "village_reviewed", 1)
    assert "รับฟังหรือไม่รับฟัง" in err.value.text("th")
    with pytest.raises(gv.GrievanceError, match="unknown outcome 'yes'"):
        step(con, gid, "village_reviewed", 1, outcome="yes")
    step(con, gid, "village_reviewed", 1, outcome="upheld")
    step(con, gid, "district_reviewed", 2, outcome="upheld")
    with pytest.raises(gv.GrievanceError, match="names what is done to the list"):
        step(con, gid, "decided", 3, outcome="upheld")
    with pytest.raises(gv.GrievanceError, match="unknown action 'delete'"):
        step(con, gid, "decided", 3, outcome="upheld", action="delete")
    step(con, gid, "decided", 3, outcome="rejected", action="remove_from_list")
    assert current(con, gid)["action"] == "none"  # a rejected grievance changes nothing
    with pytest.raises(gv.GrievanceError, match="only an upheld decision"):
        step(con, gid, "applied", 4, import_id="x")

    other = new(con)
    step(con, other, "village_reviewed", 1, outcome="upheld")
    step(con, other, "district_reviewed", 2, outcome="upheld")
    step(con, other, "decided", 3, outcome="upheld", action="correct_record")
    with pytest.raises(gv.GrievanceError, match="give the import"):
        step(con, other, "applied", 4)
    with pytest.raises(gv.GrievanceError, match="no import nope"):
        step(con, other, "applied", 4, import_id="nope")
    with pytest.raises(gv.GrievanceError, match="earlier than its last change"):
        step(con, other, "applied", 0, import_id="nope")
    with pytest.raises(gv.GrievanceError, match="unknown state 'closed'"):
        step(con, other, "closed", 5)
    with pytest.raises(gv.GrievanceError, match="no grievance GV9999999"):
        step(con, "GV9999999", "withdrawn", 5)
    assert len(events(con, other)) == 4


def test_a_refused_step_names_the_next_states_in_thai(con):
    gid = new(con)
    with pytest.raises(gv.GrievanceTransitionError) as err:
        step(con, gid, "decided", 1, outcome="upheld", action="none")
    assert err.value.text("th") == (
        "เปลี่ยนสถานะจาก 'รับเรื่องแล้ว' เป็น 'จังหวัดวินิจฉัยแล้ว' ไม่ได้: "
        "สถานะถัดไปที่ทำได้คือ 'หมู่บ้านพิจารณาแล้ว', 'ถอนเรื่อง'"
    )
    assert len(events(con, gid)) == 1


def test_history_survives_closing_and_reopening_the_store(db):
    c = store.connect(db)
    gid = new(c)
    step(c, gid, "village_reviewed", 1, outcome="upheld")
    before = events(c, gid)
    c.close()
    c = store.connect(db)
    try:
        pd.testing.assert_frame_equal(events(c, gid), before)
        step(c, gid, "district_reviewed", 2, outcome="rejected")
        assert events(c, gid)["seq"].tolist() == [1, 2, 3]
        assert new(c) != gid
    finally:
        c.close()
