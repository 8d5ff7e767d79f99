"""A write is seen by the next run of every page in the same server: on the page that wrote it, in
a new session (a reload), and on the other pages that show it. Writes go through the same
functions the pages and ``povmap import`` use; each test has its own copy of the demo store."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from data import referrals as rf
from data import sites, store
from data import targets as tg
from data.importer import import_households
from tests import roles
from tests.data.rows import households

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def open_page(page: str, query: dict[str, str], role: str | None = None) -> AppTest:
    """A new session on ``page`` (what a reload of the page's URL gives), signed in as ``role``
    (default: the demo account the page is listed for)."""
    at = roles.sign_in(AppTest.from_file(APP, default_timeout=120), role or roles.role_for(page))
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def number(text: str) -> int:
    return int(str(text).replace(",", ""))


def metric(at: AppTest, label: str) -> int:
    return number({m.label: m.value for m in at.metric}[label])


@pytest.fixture
def own_store(demo_store, tmp_path, monkeypatch):
    """A copy of the demo store that the app of this test uses (POVMAP_DB points at it)."""
    with store.connect(demo_store) as con:
        con.execute("CHECKPOINT")
    db = tmp_path / "own.duckdb"
    shutil.copyfile(demo_store, db)
    monkeypatch.setenv("POVMAP_DB", str(db))
    con = store.connect(db)
    yield con
    con.close()


def poor_household(con, province: str = "46", round_be: int = 2565) -> str:
    return con.execute(
        f"SELECT hh_id FROM households WHERE round_be = ? AND province_code = ? "
        f"AND {store.PoorRule().sql()} ORDER BY hh_id LIMIT 1",
        [round_be, province],
    ).fetchall()[0][0]


def test_a_referral_created_on_the_referrals_page_is_counted_there_and_after_a_reload(own_store):
    query = {"lang": "en", "area": "46", "round": "2565", "hh": poor_household(own_store)}
    at = open_page("pages/referrals.py", query)
    total, open_ = metric(at, "All referrals"), metric(at, "Open")
    at.button(key="FormSubmitter:action_create-Create referral").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("created" in s.value for s in at.success)
    assert (metric(at, "All referrals"), metric(at, "Open")) == (total + 1, open_ + 1)
    again = open_page("pages/referrals.py", query)
    assert (metric(again, "All referrals"), metric(again, "Open")) == (total + 1, open_ + 1)


def programme_row(at: AppTest, name: str) -> dict:
    table = at.dataframe[0].value
    return table.set_index("Area").loc[name].to_dict()


def test_programme_sees_a_target_upload_and_a_referral_closed_elsewhere(own_store):
    # the provinces' progress: an executive (an officer's page starts in the officer's province)
    at = open_page("pages/programme.py", {"lang": "en", "round": "2565"}, role="executive")
    before = programme_row(at, "Kalasin")
    current = tg.current_targets(own_store, scope="central", level="province")
    row = current[current["area_code"] == "46"][list(tg.TARGET_FIELDS)].astype(str)
    row["households_to_lift"] = str(int(before["Households to lift out"]) + 111)
    result = tg.import_targets(own_store, row, file_name="targets.csv", by="Test secretariat")
    assert result.ok and result.written == 1
    open_one = rf.queue(own_store, rf.Filters(area="46", statuses=("assisted",)), limit=1)
    rf.change_status(own_store, open_one["referral_id"].iloc[0], "resolved", by="Test officer")
    again = open_page("pages/programme.py", {"lang": "en", "round": "2565"}, role="executive")
    for page in (at.run(), again):
        after = programme_row(page, "Kalasin")
        assert after["Households to lift out"] == before["Households to lift out"] + 111
        assert after["Referrals closed"] == before["Referrals closed"] + 1


def test_overview_and_map_see_a_household_import(own_store, tmp_path):
    query = {"lang": "en", "area": "46", "round": "2564"}
    overview = open_page("pages/overview.py", query)
    poor_before = number(overview.metric[0].value)
    map_page = open_page("pages/map.py", query)
    map_page.toggle(key="mp_table").set_value(True).run()
    table_before = map_page.dataframe[0].value["Poor households"].sum()
    path = tmp_path / "new-households.csv"
    rows = households(3)
    rows["hh_id"] = ["WRITE-TEST-1", "WRITE-TEST-2", "WRITE-TEST-3"]
    rows.to_csv(path, index=False)
    imported = import_households(own_store, path, report_dir=tmp_path / "r", id_key=b"t" * 32)
    assert imported.counts.new == 3
    for page in (overview.run(), open_page("pages/overview.py", query)):
        assert number(page.metric[0].value) == poor_before + 3
    map_page.run()
    assert map_page.dataframe[0].value["Poor households"].sum() == table_before + 3


ENTERPRISES = (
    "site_id,name_th,name_en,category,product_type,value_chain_stage,lat,lon,area_code\n"
    "WT-E1,กลุ่มทอผ้าทดสอบ,Test weavers,community_enterprise,textile,midstream,,,460101\n"
)
CULTURE = "site_id,name_th,name_en,category,area_code\nWT-C1,วัดทดสอบ,Test temple,temple,460101\n"


def test_enterprises_and_culture_see_a_site_import(own_store, tmp_path, boundary_cache):
    query = {"lang": "en", "area": "46"}
    enterprises = open_page("pages/enterprises.py", query)
    count = metric(enterprises, "Enterprises")
    culture = open_page("pages/culture.py", query)
    assert "WT-C1" not in culture.dataframe[0].value.index
    for kind, text in (("enterprise", ENTERPRISES), ("cultural_site", CULTURE)):
        path = tmp_path / f"{kind}.csv"
        path.write_text(text, encoding="utf-8")
        sites.import_sites(
            own_store, path, kind, report_dir=tmp_path / "r", cache_dir=boundary_cache
        )
    for page in (enterprises.run(), open_page("pages/enterprises.py", query)):
        assert metric(page, "Enterprises") == count + 1
    for page in (culture.run(), open_page("pages/culture.py", query)):
        assert "WT-C1" in page.dataframe[0].value.index


# --- the referral form ------------------------------------------------------------------------------


def test_changes_are_recorded_as_the_signed_in_account_on_every_page(own_store):
    # the account that signed in records the changes (no name is typed): the sidebar of every
    # page that writes says so, after going to another page and back too
    at = open_page("pages/referrals.py", {"lang": "th", "area": "46"})
    recorded = "การเปลี่ยนแปลงจะบันทึกในชื่อ บัญชีสาธิต: เจ้าหน้าที่ระดับจังหวัด"
    assert recorded in [c.value for c in at.sidebar.caption]
    at.switch_page("pages/overview.py").run()
    at.switch_page("pages/programme.py").run()
    assert recorded in [c.value for c in at.sidebar.caption]
    at.switch_page("pages/referrals.py").run()
    assert recorded in [c.value for c in at.sidebar.caption]
    assert not [w for w in at.sidebar.text_input if w.key == "action_user"]


def test_the_due_date_is_picked_in_the_buddhist_era_in_thai(own_store):
    hh_id = poor_household(own_store)
    at = open_page("pages/referrals.py", {"lang": "th", "area": "46", "round": "2565", "hh": hh_id})
    today = dt.date.today()
    year = at.selectbox(key="action_due_year")
    assert year.options[0] == str(today.year + 543)
    assert str(today.year) not in year.options
    assert at.selectbox(key="action_due_month").options[0] == "มกราคม"
    at.selectbox(key="action_due_day").set_value(15)
    at.selectbox(key="action_due_month").set_value(3)
    at.selectbox(key="action_due_year").set_value(today.year + 1)
    at.button(key="FormSubmitter:action_create-สร้างการส่งต่อ").click().run()
    assert not at.exception, [e.message for e in at.exception]
    rid = own_store.execute(
        "SELECT max(referral_id) FROM referrals WHERE hh_id = ?", [hh_id]
    ).fetchall()[0][0]
    due = rf.get_referral(own_store, rid)["target_date"]
    assert due.date() == dt.date(today.year + 1, 3, 15)
    # the household's referrals list the due date in the Buddhist era too
    listed = at.dataframe[-1].value
    assert f"{today.year + 544}-03-15" in set(listed["วันครบกำหนด"])


def test_a_day_that_does_not_exist_is_refused_in_thai(own_store):
    hh_id = poor_household(own_store)
    at = open_page("pages/referrals.py", {"lang": "th", "area": "46", "round": "2565", "hh": hh_id})
    before = own_store.execute("SELECT count(*) FROM referrals").fetchall()[0][0]
    at.selectbox(key="action_due_day").set_value(31)
    at.selectbox(key="action_due_month").set_value(4)
    at.button(key="FormSubmitter:action_create-สร้างการส่งต่อ").click().run()
    assert any("ไม่มีวันที่ 31 เมษายน" in e.value for e in at.error)
    assert own_store.execute("SELECT count(*) FROM referrals").fetchall()[0][0] == before


def test_close_shortcut_records_every_remaining_step_in_the_history(own_store):
    hh_id = poor_household(own_store)
    rid = rf.create_referral(
        own_store, hh_id=hh_id, round_be=2565, intervention="SP-RELIEF", by="ผู้ชี้เป้า"
    )
    programme = open_page("pages/programme.py", {"lang": "en", "round": "2565"}, role="executive")
    closed = programme_row(programme, "Kalasin")["Referrals closed"]
    at = open_page("pages/referrals.py", {"lang": "en", "area": "46", "ref": rid})
    assert any("records the 6 remaining steps" in c.value for c in at.caption)
    at.text_area[-1].set_value("paid out")
    at.button(key="FormSubmitter:action_change-Close as resolved").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert any(f"{rid} closed: 6 steps" in s.value for s in at.success)
    history = rf.history(own_store, rid)
    assert history["to_status"].tolist() == list(rf.PIPELINE)
    assert history["from_status"].tolist()[1:] == list(rf.PIPELINE[:-1])
    assert history["changed_by"].tolist()[1:] == ["provincial"] * 6  # the signed-in account
    assert history["note"].tolist()[-1] == "paid out"
    assert history["batch_id"].iloc[1:].nunique() == 1, "one action, one batch"
    assert any("is final" in i.value for i in at.info)
    programme.run()
    assert programme_row(programme, "Kalasin")["Referrals closed"] == closed + 1
