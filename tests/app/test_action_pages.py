"""AppTests of the referrals, outcomes and programme pages on the small demo store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis import outcomes as oc
from data import referrals as rf
from data import store
from data import targets as tg
from geo.maps import format_number, format_percent
from povmap import rules
from tests import roles

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def open_page(page: str, query: dict[str, str] | None = None, role: str | None = None) -> AppTest:
    """``page`` as ``role`` (default: the demo account the page is listed for)."""
    at = roles.sign_in(AppTest.from_file(APP, default_timeout=120), role or roles.role_for(page))
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def markdown(at: AppTest) -> str:
    return " ".join(str(m.value) for m in at.markdown)


@pytest.fixture
def con(demo_store):
    c = store.connect(demo_store)
    yield c
    c.close()


@pytest.mark.parametrize("lang", ["th", "en"])
def test_referrals_page_headline_matches_the_store(con, lang):
    at = open_page("pages/referrals.py", {"lang": lang, "area": "46"})
    s = rf.summary(con, rf.Filters(area="46"), as_of=dt.date.today())
    m = metrics(at)
    overdue = "เกินกำหนด" if lang == "th" else "Overdue"
    total = "รายการทั้งหมด" if lang == "th" else "All referrals"
    assert m[overdue] == format_number(s["overdue"])
    assert m[total] == format_number(s["total"])
    banner = "ข้อมูลสังเคราะห์" if lang == "th" else "Synthetic demo data"
    assert any(banner in w.value for w in at.warning)
    assert len(at.tabs) == 4
    queue = at.dataframe[1].value
    assert len(queue) == min(s["total"], 500)
    assert set(queue.iloc[:, 0].str[:2]) == {"RF"}


def test_referrals_filters_come_from_the_url(con):
    at = open_page(
        "pages/referrals.py",
        {"lang": "en", "agency": "pmj", "status": "identified", "overdue": "1"},
    )
    # the provincial officer's referrals: the area picker starts in the officer's province
    assert at.session_state["view"].area == roles.HOME
    filters = rf.Filters(area=roles.HOME, agencies=("pmj",), statuses=("identified",))
    s = rf.summary(con, filters)
    assert metrics(at)["All referrals"] == format_number(s["total"])
    assert at.multiselect[0].value == ["pmj"]
    assert at.toggle[0].value is True
    queue = at.dataframe[1].value
    assert (queue["Status"] == "Identified").all()
    assert len(queue) == min(s["overdue"], 500)


def test_create_a_referral_and_change_its_status_from_the_page(con):
    hh_id, round_be = con.execute(
        f"SELECT hh_id, round_be FROM households WHERE round_be = 2565 AND {store.PoorRule().sql()} "
        f"AND province_code = '{roles.HOME}' ORDER BY hh_id LIMIT 1"  # the officer's province
    ).fetchall()[0]
    at = open_page("pages/referrals.py", {"lang": "en", "round": str(round_be), "hh": hh_id})
    assert "Recommended interventions" in markdown(at)
    # the signed-in account records the change: no name is typed any more
    assert not [w for w in at.sidebar.text_input if w.key == "action_user"]
    assert any("Changes are recorded as" in c.value for c in at.sidebar.caption)
    before = con.execute("SELECT count(*) FROM referrals WHERE hh_id = ?", [hh_id]).fetchall()[0][0]
    at.button(key="FormSubmitter:action_create-Create referral").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("created" in s.value for s in at.success)
    rows = con.execute(
        "SELECT referral_id, created_by, deficits FROM referrals WHERE hh_id = ? ORDER BY referral_id",
        [hh_id],
    ).fetchall()
    assert len(rows) == before + 1
    rid, by, deficits = rows[-1]
    assert by == "provincial" and deficits
    at.text_input(key="action_ref").set_value(rid).run()
    assert at.radio[-1].options[0] in ("Verified", "Self-resolved")
    at.button(key="FormSubmitter:action_change-Save status").click().run()
    assert not at.exception
    assert rf.get_referral(con, rid)["status"] == "verified"
    assert rf.history(con, rid)["changed_by"].tolist() == ["provincial", "provincial"]


def test_outcomes_page_numbers_are_the_transition_counts(con):
    at = open_page("pages/outcomes.py", {"lang": "en", "round": "2565", "area": "46"})
    frame = con.execute(
        f"SELECT hh_id, round_be, ({store.PoorRule().sql()}) AS poor FROM households "
        "WHERE province_code = '46' AND round_be IN (2564, 2565)"
    ).df()
    t = oc.transitions(frame, 2564, 2565).iloc[0]
    m = metrics(at)
    assert m["Exited poverty"] == format_number(t.exited)
    assert m["Entered poverty"] == format_number(t.entered)
    assert m["Exit rate"] == format_percent(t.exit_rate, 1, fraction=True)
    assert m["Poor households, 2564"] == format_number(t.poor_before)
    assert any("Association, not effect" in w.value for w in at.warning)


def test_outcomes_page_in_thai_for_the_first_round_explains_it_needs_two(con):
    at = open_page("pages/outcomes.py", {"lang": "th", "round": "2563"})
    assert any("รอบก่อนหน้า" in i.value for i in at.info)
    at = open_page("pages/outcomes.py", {"lang": "th", "round": "2565", "from": "2563"})
    assert at.selectbox(key="outcomes_from").value == 2563


@pytest.mark.parametrize("lang", ["th", "en"])
def test_programme_page_shows_progress_against_central_targets(con, lang):
    # the whole country's progress: an executive (programme pages, no assigned areas)
    at = open_page("pages/programme.py", {"lang": lang}, role="executive")
    prog = tg.progress(con, rule=rules.poor_rule())
    text = markdown(at)
    assert format_number(int(prog["lifted"].sum())) in text
    assert format_number(int(prog["households_to_lift"].sum())) in text
    assert len(at.dataframe[0].value) == 20
    assert ("เป้าหมายส่วนกลาง" if lang == "th" else "Central target") in at.radio[-1].options


def test_programme_page_for_a_province_shows_its_districts(con):
    at = open_page("pages/programme.py", {"lang": "en", "area": "46", "scope": "central"})
    districts = tg.progress(con, level="district", within="46")
    assert len(at.dataframe[0].value) == len(districts)
    assert "Kalasin" in at.title[0].value


def test_every_action_label_has_thai_and_english_with_the_same_placeholders():
    import string

    from povmap.i18n.action import LABELS

    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    for key, (th, en) in LABELS.items():
        assert th.strip() and en.strip(), key
        assert fields(th) == fields(en), key
