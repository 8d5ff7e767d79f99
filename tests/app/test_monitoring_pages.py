"""AppTests of the "keep them out" pages on the small demo store: each page in Thai and English
(the case pages for the demo's provincial officer of Kalasin, the self-report form for anyone),
an alert's state changed through the transition table, a self-report landing as an alert in its
village's queue without showing back what was sent, the self-report limit, a grievance's step,
a village's notice and the household profile's alert history."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from data import grievances as gv
from data import store, users
from geo.maps import format_number
from povmap import monitoring_settings as ms
from query import monitoring_read as mr
from query.access import Access

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGES = (
    "pages/monitoring.py",
    "pages/exit_check.py",
    "pages/grievances.py",
    "pages/self_report.py",
)
#: The demo's provincial officer of Kalasin (povmap/bootstrap.py DEMO_ACCOUNTS): cases in 46.
OFFICER, PASSWORD = "provincial", "provincial-demo-password"
THAI = re.compile(r"[\u0e00-\u0e7f]")
CONTACT = "0812345678"
TEXT = "บ้านถูกไฟไหม้ทั้งหลัง ลูกสาวป่วย"


@pytest.fixture
def db(demo_store, tmp_path, monkeypatch):
    """A copy of the demo store the app reads and writes (the session's store stays as built)."""
    path = tmp_path / "keep-out.duckdb"
    shutil.copyfile(demo_store, path)
    monkeypatch.setenv("POVMAP_DB", str(path))
    return path


@pytest.fixture
def officer(db) -> str:
    """The session token of the demo's provincial officer, signed in on the copy."""
    con = store.connect(db)
    try:
        session = users.sign_in(con, OFFICER, PASSWORD)
    finally:
        con.close()
    assert isinstance(session, users.Session), session
    return session.token


def open_page(page: str, query: dict[str, str], token: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    if token:
        at.session_state["signin_token"] = token  # as the sign-in cookie would give it
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    kinds = ("markdown", "caption", "info", "success", "error", "warning", "title", "subheader")
    parts = [str(e.value) for kind in kinds for e in at.get(kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    parts += [str(tab.label) for tab in at.tabs]
    parts += [str(w.label) for kind in ("selectbox", "multiselect", "text_input", "text_area",
                                        "radio", "toggle", "number_input") for w in at.get(kind)]  # fmt: skip
    return " ".join(parts)


def english_words(text: str) -> list[str]:
    """Latin words of three letters or more, after the IDs and codes the app shows and the
    programme's name (TPMAP, in the shared sidebar's rule)."""
    text = re.sub(r"\b(?:AL|GV|XS|RF|H)\d[\d-]*\b|\bTPMAP\b", " ", text)
    return re.findall(r"[A-Za-z]{3,}", text)


def recorded_as(at: AppTest, name: str) -> str:
    """Who the page records changes as: the signed-in account, or (where the sidebar still asks
    for a "recorded by" name) ``name`` typed there."""
    typed = [w for w in at.sidebar.text_input if w.key == "action_user"]
    if typed:
        typed[0].set_value(name).run()
        return name
    return OFFICER


def send(at: AppTest, label: str) -> AppTest:
    """Press the self-report form's send button (``label``; the form is a new one after each
    report, and AppTest's rerun after it draws the page in the default language)."""
    [button] = [b for b in at.button if (b.key or "").startswith("FormSubmitter:self_report_")]
    assert button.label in (label, "ส่งเรื่อง")
    button.click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def kalasin_village(path: Path) -> str:
    con = store.connect(path, read_only=True)
    try:
        return con.execute(
            "SELECT min(village_code) FROM households WHERE province_code = '46'"
        ).fetchone()[0]
    finally:
        con.close()


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_each_page_runs_in_both_languages(officer, page, lang):
    at = open_page(page, {"lang": lang, "area": "46"}, officer)
    shown = texts(at)
    assert at.title
    banner = "ข้อมูลสังเคราะห์" if lang == "th" else "Synthetic demo data"
    assert banner in shown
    if lang == "th":
        assert THAI.search(at.title[0].value)
        assert not english_words(shown), english_words(shown)[:10]  # no English in the Thai UI
    else:
        assert not THAI.search(at.title[0].value.split("·")[0])


def test_case_pages_are_not_listed_for_the_public(demo_store):
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/monitoring.py")
    at.switch_page("pages/self_report.py")  # the public form is listed for everyone
    at.run()
    assert not at.exception


def test_the_monitoring_page_counts_match_the_store(db, officer):
    con = store.connect(db, read_only=True)
    try:
        day, holidays = dt.date.today(), ms.holidays()
        totals = mr.alert_totals(con, "46", as_of=day, holidays=holidays)
        first = mr.alert_queue(
            con, "46", as_of=day, holidays=holidays, page_size=50, access=Access.full()
        )
    finally:
        con.close()
    at = open_page("pages/monitoring.py", {"lang": "en", "area": "46"}, officer)
    m = {x.label: x.value for x in at.metric}
    assert m["Open alerts"] == format_number(int(totals["alerts"]))
    assert m["Overdue"] == format_number(int(totals["overdue"]))
    assert m["Sudden hardship"] == format_number(int(totals["sudden_hardship"]))
    queue = at.dataframe[0].value
    assert queue["Alert ID"].tolist() == first.rows["alert_id"].tolist()
    late = queue["Timeliness"].str.endswith("working days late")
    assert late.tolist() == first.rows["overdue"].tolist()
    areas = at.dataframe[-1].value  # the by-area table: one row per district with an alert
    assert {"Area", "Monitored households", "Sudden hardship"} <= set(areas.columns)
    con = store.connect(db)
    try:
        counts = mr.category_counts(con, "district", "46", holidays=ms.holidays())
    finally:
        con.close()
    assert areas["Monitored households"].astype(int).tolist() == counts["households"].tolist()
    assert int(areas["Monitored households"].astype(int).sum()) >= int(totals["households"])


def test_a_state_change_follows_the_transition_table_and_names_who(db, officer):
    con = store.connect(db)
    alert_id = mr.alert_queue(
        con, "46", states=["alerted"], page_size=1, access=Access.full()
    ).rows["alert_id"][0]
    con.close()
    query = {"lang": "en", "area": "46", "alert": alert_id}
    at = open_page("pages/monitoring.py", query, officer)
    who = recorded_as(at, "อสม. ทดสอบ")
    assert f"**{alert_id}**" in texts(at)
    choices = [s for s in at.selectbox if s.label == "Next state"]
    assert choices and choices[0].options == ["Visited"]  # alerted → visited only
    at.button(key="FormSubmitter:mon_change-Save").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert any(alert_id in s.value and "Visited" in s.value for s in at.success)
    con = store.connect(db)
    try:
        history = mr.alert_history(con, alert_id, access=Access.full())
        assert history["to_state"].tolist() == ["alerted", "visited"]
        assert history["changed_by"].iloc[-1] == who
    finally:
        con.close()


def test_a_self_report_lands_as_an_alert_and_is_not_shown_back(db):
    village = kalasin_village(db)
    con = store.connect(db)
    before = mr.alert_queue(con, village, channels=["self_report"], access=Access.full()).total
    con.close()
    at = open_page("pages/self_report.py", {"lang": "th", "village": village})
    assert at.selectbox(key="self_village").value == village
    at.text_area[0].set_value(TEXT)
    at.text_input[0].set_value(CONTACT)
    send(at, "ส่งเรื่อง")
    done = [s.value for s in at.success]
    assert done and "เลขที่ AL" in done[0]
    widgets = [str(w.value) for kind in ("text_area", "text_input") for w in at.get(kind)]
    shown = texts(at) + " ".join(widgets)
    assert CONTACT not in shown and TEXT not in shown  # nothing sent is shown back
    con = store.connect(db)
    try:
        assert (
            mr.alert_queue(con, village, channels=["self_report"], access=Access.full()).total
            == before + 1
        )
        new = mr.alert_detail(con, re.search(r"AL\d{7}", done[0]).group(), access=Access.full())
        assert new["village_code"] == village and new["category"] == "sudden_hardship"
        assert new["channel"] == "self_report" and new["description"] == TEXT
        assert new["has_contact"] and "contact" not in new.index
    finally:
        con.close()


def test_the_self_report_limit_refuses_the_fourth_report_of_a_session(db):
    village = kalasin_village(db)
    at = open_page("pages/self_report.py", {"lang": "en", "village": village})
    for n in range(4):
        at.text_area[0].set_value(f"No work since the flood {n}")
        send(at, "Send")
    assert not at.success and at.error
    limited = ("no more than 3 reports in 60 minutes", "ส่งได้ไม่เกิน 3 ครั้งใน 60 นาที")
    assert any(text in at.error[0].value for text in limited), at.error[0].value
    con = store.connect(db)
    try:
        n = con.execute(
            "SELECT count(*) FROM alerts WHERE description LIKE 'No work since the flood%'"
        ).fetchone()[0]
        assert n == 3
    finally:
        con.close()


def test_a_bad_self_report_is_refused_in_thai(db):
    at = open_page("pages/self_report.py", {"lang": "th", "village": kalasin_village(db)})
    at.text_input[0].set_value("1101700203450")  # a national ID is not a contact
    at.text_area[0].set_value("ป่วยหนัก")
    send(at, "ส่งเรื่อง")
    assert at.error and "หมายเลขโทรศัพท์" in at.error[0].value
    assert "1101700203450" not in texts(at)
    at.text_input[0].set_value("")
    at.text_area[0].set_value("   ")
    send(at, "ส่งเรื่อง")  # no text: nothing written
    assert at.error and "เล่าความเดือดร้อน" in at.error[0].value


def test_a_grievance_takes_its_next_step_and_keeps_its_history(db, officer):
    con = store.connect(db)
    gid = mr.grievance_queue(con, "46", states=["received"], access=Access.full()).rows[
        "grievance_id"
    ][0]
    con.close()
    query = {"lang": "en", "area": "46", "grievance": gid}
    at = open_page("pages/grievances.py", query, officer)
    who = recorded_as(at, "Village committee")
    assert at.selectbox(key=f"grv_step_{gid}").options == ["Reviewed by the village", "Withdrawn"]
    at.radio(key=f"grv_outcome_{gid}").set_value("upheld").run()
    at.button(key=f"grv_save_{gid}").click().run()
    assert not at.exception, [e.message for e in at.exception]
    con = store.connect(db)
    try:
        steps = mr.grievance_history(con, gid, access=Access.full())
        assert steps["to_state"].tolist() == ["received", "village_reviewed"]
        assert steps["level"].iloc[-1] == "village" and steps["outcome"].iloc[-1] == "upheld"
        assert steps["changed_by"].iloc[-1] == who
        state = mr.grievance_detail(con, gid, access=Access.full())["state"]
        assert gv.allowed_next(state) == ("district_reviewed", "returned", "withdrawn")
    finally:
        con.close()


def test_the_village_notice_lists_proposed_households_and_masks_the_rest(officer):
    query = {"lang": "th", "area": "4601", "round": "2565"}
    at = open_page("pages/grievances.py", query, officer)
    notices = [h for h in at.get("html") if "povmap-notice" in str(h.proto)]
    assert notices
    body = str(notices[0].proto)
    assert "ยื่นคัดค้าน" in body and "data:image/png;base64" in body
    assert "ไม่แสดงเลขประจำตัวประชาชน" in body
    assert "income" not in body.lower() and "hc_chronic" not in body


def test_the_household_profile_shows_its_alert_history(db, officer):
    con = store.connect(db, read_only=True)
    try:
        hh_id = con.execute(
            "SELECT hh_id FROM alert_current WHERE hh_id IS NOT NULL AND province_code = '46' "
            "AND events > 2 ORDER BY alert_id LIMIT 1"
        ).fetchone()[0]
        events = len(mr.household_alert_history(con, hh_id, access=Access.full()))
    finally:
        con.close()
    at = open_page("pages/household.py", {"lang": "en", "area": "46"}, officer)
    at.text_input(key="hh_search").set_value(hh_id).run()
    assert not at.exception, [e.message for e in at.exception]
    assert "**Alert history**" in " ".join(m.value for m in at.markdown)
    tables = [d.value for d in at.dataframe if "Alert ID" in d.value.columns]
    assert tables and len(tables[0]) == events


def test_a_sample_is_drawn_with_its_seed_and_a_check_recorded(db, officer):
    at = open_page("pages/exit_check.py", {"lang": "en", "area": "4601", "round": "2565"}, officer)
    at.number_input(key="exit_seed").set_value(99)
    at.number_input(key="exit_margin").set_value(0.1)
    at.button(key="exit_draw").click().run()
    assert not at.exception, [e.message for e in at.exception]
    done = [s.value for s in at.success if "drawn" in s.value]
    assert done, [s.value for s in at.success]
    sample_id = re.search(r"XS\d{7}", done[0]).group()
    con = store.connect(db)
    try:
        row = con.execute(
            "SELECT seed, margin, area_code FROM exit_samples WHERE sample_id = ?", [sample_id]
        ).fetchone()
        assert row == (99, 0.1, "4601")
        from data import exit_samples as xs
        from povmap import rules

        again = xs.draw_exit_sample(
            con, area="4601", round_be=2565, rule=rules.poor_rule(), by="x", margin=0.1, seed=99
        )
        drawn = [
            set(mr.sample_households(con, i, page_size=10_000, access=Access.full()).rows["hh_id"])
            for i in (sample_id, again)
        ]
        assert drawn[0] == drawn[1]  # the same seed draws the same households
    finally:
        con.close()
    at.selectbox(key="exit_pick").set_value(sample_id).run()
    hh_id = at.selectbox(key="exit_hh").value
    # the rerun after a write draws AppTest's page in the default language: find by key
    save = next(b for b in at.button if (b.key or "").startswith("FormSubmitter:exit_check-"))
    save.click().run()
    assert not at.exception, [e.message for e in at.exception]
    con = store.connect(db)
    try:
        check = con.execute(
            "SELECT reached, found_poor, satisfied FROM exit_check_current "
            "WHERE sample_id = ? AND hh_id = ?",
            [sample_id, hh_id],
        ).fetchone()
        assert check == (True, False, True)
        assert (
            mr.sample_rates(con, sample_id).loc["wrong_exit", "n"]
            + mr.sample_rates(con, sample_id).loc["missed_poor", "n"]
            == 1
        )
    finally:
        con.close()


def test_the_village_notice_downloads_as_a_thai_pdf(officer, monkeypatch):
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    files: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self, path_or_data, mimetype, kind, filename=None):
        if filename and isinstance(path_or_data, bytes):
            files[filename] = path_or_data
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    query = {"lang": "th", "area": "4601", "round": "2565"}
    at = open_page("pages/grievances.py", query, officer)
    village = at.selectbox(key="grv_notice_village").value
    build = next(b for b in at.button if (b.key or "").endswith("_build"))
    build.click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    labels = [d.proto.label for d in at.get("download_button")]
    assert "ดาวน์โหลดประกาศสำหรับพิมพ์" in labels
    pdf = files[f"notice-{village}-2565.pdf"]
    assert pdf.startswith(b"%PDF-")
    assert f"notice-{village}-2565.csv" in files  # the list as CSV through data.export
