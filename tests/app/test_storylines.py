"""AppTests of saved views and storylines: the sidebar saves the page's URL state, the Storylines
page builds and orders a storyline, and ?present= shows its slides without a sidebar."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from data import saved_views, store
from povmap.i18n import present
from query import saved_views as read
from tests import roles

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def run(query: dict[str, str], page: str = "", role: str | None = None) -> AppTest:
    """``page`` as ``role`` (default: the demo account the page is listed for)."""
    at = roles.sign_in(AppTest.from_file(APP, default_timeout=120), role or roles.role_for(page))
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.fixture
def con(demo_store):
    con = store.connect(demo_store)
    yield con
    con.close()


def _html(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def test_every_label_has_thai_and_english():
    for key, (th, en) in present.LABELS.items():
        assert th and en, key
        if key != "story_slide":  # "{n}. {title}": the number and the title only
            assert any("\u0e00" <= c <= "\u0e7f" for c in th), f"{key}: no Thai"


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_sidebar_saves_the_pages_url_state(demo_store, con, lang):
    query = {"lang": lang, "round": "2564", "area": "46", "metric": "headcount_ratio", "zoom": "9"}
    at = run(query)
    copy = "คัดลอกลิงก์" if lang == "th" else "Copy link"
    assert copy in _html(at) and "navigator.clipboard" in _html(at)
    title = "กาฬสินธุ์ · อัตรา" if lang == "th" else "Kalasin headcount"
    at.sidebar.text_input(key="share_title").input(title)
    at.sidebar.text_area(key="share_note").input("สำหรับที่ประชุม")
    save = "บันทึกมุมมองนี้" if lang == "th" else "Save this view"
    next(b for b in at.sidebar.button if b.label == save).click()
    at.run()
    assert not at.exception
    saved = read.views(con)[0]
    assert (saved.title, saved.note, saved.page) == (title, "สำหรับที่ประชุม", "overview")
    assert saved.query() == {k: [v] for k, v in query.items()}
    done = "บันทึกเป็นมุมมองหมายเลข" if lang == "th" else "Saved as view number"
    assert [s.value for s in at.success] == [
        f"{done} {saved.view_id}" + (" แล้ว" if lang == "th" else "")
    ]


def test_a_view_without_a_title_is_refused_with_a_message(demo_store, con):
    before = len(read.views(con))
    at = run({"lang": "th", "round": "2564"})
    next(b for b in at.sidebar.button if b.label == "บันทึกมุมมองนี้").click()
    at.run()
    assert [e.value for e in at.error] == ["ต้องตั้งชื่อมุมมอง"]
    assert len(read.views(con)) == before


def test_the_storylines_page_builds_and_orders_a_storyline(demo_store, con):
    first = saved_views.save_view(con, "overview", {"round": "2564"}, "หน้าแรก")
    second = saved_views.save_view(con, "map", {"area": "46", "round": "2564"}, "หน้าสอง")
    at = run({"lang": "th"}, "pages/storylines.py")
    assert at.title[0].value == "ลำดับเรื่องนำเสนอ"
    at.text_input(key="story_new_title").input("ที่ประชุมพรุ่งนี้")
    next(b for b in at.button if b.label == "สร้างลำดับเรื่อง").click()
    at.run()
    assert not at.exception
    story = int(read.storylines(con)["storyline_id"].iloc[0])
    assert at.query_params["story"] == str(story)
    at.button(key=f"saved-add-{first}").click().run()
    at.button(key=f"saved-add-{second}").click().run()
    assert [v.view_id for v in read.storyline(con, story).views] == [first, second]
    at.button(key="slide-up-2").click().run()
    assert [v.view_id for v in read.storyline(con, story).views] == [second, first]
    shown = [
        m.value for m in at.markdown if m.value.startswith("**1. ") or m.value.startswith("**2. ")
    ]
    assert shown == ["**1. หน้าสอง**", "**2. หน้าแรก**"]
    # the storyline's briefing files (built only when a prepare button is pressed)
    assert "PowerPoint" in at.button(key=f"story-{story}-pptx-prepare").label
    at.button(key="slide-remove-1").click().run()
    assert [v.view_id for v in read.storyline(con, story).views] == [first]
    links = [p.proto for p in at.get("page_link")]
    present_link = next(p for p in links if p.label == "นำเสนอแบบเต็มจอ")
    assert f"present={story}" in present_link.query_string


def test_present_shows_one_slide_without_a_sidebar_and_moves_on(demo_store, con):
    a = saved_views.save_view(con, "overview", {"round": "2564"}, "สไลด์ <b>หนึ่ง</b>", "บันทึก")
    b = saved_views.save_view(con, "map", {"area": "46", "metric": "poor_people"}, "สไลด์สอง")
    story = saved_views.create_storyline(con, "เรื่อง", view_ids=[a, b])
    at = run({"present": str(story), "lang": "th"})
    body = _html(at)
    assert "สไลด์ &lt;b&gt;หนึ่ง&lt;/b&gt;" in body, "titles are text, not markup"
    assert "ข้อมูลสังเคราะห์" in body and "data:image/png;base64," in body
    assert not at.sidebar.children, "no sidebar in the presentation"
    assert [b.label for b in at.button] == ["ก่อนหน้า", "ถัดไป"]
    assert at.button(key="present_prev").disabled
    at.button(key="present_next").click().run()
    assert at.query_params["slide"] == "2"
    body = _html(at)
    assert "สไลด์สอง" in body and "คนจน รายอำเภอ" in body
    assert at.button(key="present_next").disabled


def test_present_says_so_when_the_storyline_is_missing(demo_store):
    at = run({"present": "99999", "lang": "en"})
    assert "There is no storyline number 99999" in _html(at)
    at = run({"present": "x<y", "lang": "th"})
    assert "ไม่พบลำดับเรื่องหมายเลข x&lt;y" in _html(at)


@pytest.mark.parametrize(("role", "shown"), [("public", False), ("executive", True)])
def test_a_slide_of_a_page_the_user_may_not_open_is_not_shown(demo_store, con, role, shown):
    view = saved_views.save_view(
        con, "programme", {"lang": ["en"], "area": ["46"]}, "Targets of Kalasin"
    )
    story = saved_views.create_storyline(con, "Committee", view_ids=[view])
    try:
        at = run({"present": str(story), "lang": "en"}, role=role)
    finally:  # the demo store is shared by the session's other tests (browser ones copy it)
        saved_views.delete_storyline(con, story)
        saved_views.delete_view(con, view)
    html = _html(at)
    assert ("which needs a sign-in" in html) is not shown
    assert ("Targets of Kalasin" in html) is shown
