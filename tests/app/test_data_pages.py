"""AppTests of the data (import) and review pages on the small demo store.

Storing an upload is tested in the browser (its server has its own copy of the store); here the
page previews and checks files (a dry run writes nothing) and records review statuses.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from data import store, verification
from query.households import household_count
from tests import roles
from tests.data.rows import households

APP = str(Path(__file__).resolve().parents[2] / "app.py")
HTML_HEADER = "ชื่อหัวหน้า <b>bold</b>"
HTML_VALUE = "<img src=x onerror=alert(1)>"


def open_page(
    page: str, lang: str = "th", query: dict[str, str] | None = None, role: str | None = None
) -> AppTest:
    """``page`` as ``role`` (default: the demo account the page is listed for)."""
    at = roles.sign_in(AppTest.from_file(APP, default_timeout=90), role or roles.role_for(page))
    at.query_params["lang"] = lang
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    parts = [
        e.value
        for kind in ("markdown", "caption", "info", "warning", "error", "success")
        for e in getattr(at, kind)
    ]
    return "\n".join(str(p) for p in parts)


def no_raw_html(at: AppTest) -> None:
    """User text never goes into an element that may render HTML."""
    for element in at.markdown:
        if getattr(element.proto, "allow_html", False):
            assert "<b>bold" not in element.value and "onerror" not in element.value


def upload_file() -> bytes:
    frame = households(6, row2={"members": "many"}, row4={"subdistrict_code": HTML_VALUE})
    frame[HTML_HEADER] = '=HYPERLINK("http://evil.example","x")'
    return frame.to_csv(index=False).encode("cp874", errors="replace")


@pytest.mark.parametrize("lang", ["th", "en"])
def test_data_page_without_a_file_shows_the_pdpa_notice_and_history(demo_store, lang):
    at = open_page("pages/data.py", lang)
    assert at.title[0].value == ("นำเข้าข้อมูล" if lang == "th" else "Import data")
    assert any(("ข้อมูลสังเคราะห์" if lang == "th" else "Synthetic") in w.value for w in at.warning)
    assert any(("ข้อมูลส่วนบุคคล" if lang == "th" else "personal data") in i.value for i in at.info)
    history = at.dataframe[0].value
    assert "synthetic-demo" in history.iloc[:, 2].tolist()


def test_upload_preview_and_check_show_problems_as_text_and_write_nothing(demo_store):
    con = store.connect(demo_store)
    before = household_count(con)
    con.close()
    at = open_page("pages/data.py", "en")
    at.file_uploader[0].set_value(("hh.csv", upload_file(), "text/csv"))
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert "cp874" in texts(at)
    mapping = at.dataframe[0].value
    assert "hh_id" in mapping.iloc[:, 1].tolist()
    # the unknown column is named, with markdown and HTML escaped so it shows as typed
    assert any("ชื่อหัวหน้า \\<b>bold\\</b>" in w.value for w in at.warning)
    at.button(key="data_check_button").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert "Nothing was stored" in texts(at)
    problems = next(
        d.value for d in at.dataframe if "Reason" in d.value.columns and "Line" in d.value.columns
    )
    assert sorted(problems["Line"].tolist()) == [4, 6]
    assert HTML_VALUE in problems["Value"].tolist()
    no_raw_html(at)
    # with "valid rows only" the page offers to store the 4 good rows
    at.toggle(key="data_accept").set_value(True).run()
    at.button(key="data_check_button").click().run()
    assert any(b.label == "Store 4 rows" for b in at.button)
    con = store.connect(demo_store)
    assert household_count(con) == before
    con.close()


def test_unreadable_upload_is_one_clear_message(demo_store):
    at = open_page("pages/data.py", "th")
    at.file_uploader[0].set_value(("empty.csv", b"", "text/csv"))
    at.run()
    assert not at.exception
    assert any("empty" in c.value for c in at.code)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_review_page_lists_flags_and_records_a_status_with_history(demo_store, lang):
    at = open_page("pages/review.py", lang, {"round": "2565", "area": "46"})
    assert at.title[0].value.startswith("สอบทาน" if lang == "th" else "Review")
    flagged = int(at.metric[0].value.replace(",", ""))
    assert flagged > 0
    picked = at.selectbox(key="review_hh").value
    assert at.query_params["hh"] == [picked] or at.query_params["hh"] == picked
    note = f"{lang}: ตรวจแล้ว <b>bold</b> 1-1017-00203-45-0"
    at.text_area[0].set_value(note)
    at.radio[-1].set_value("disputed")
    submit = next(b for b in at.button if b.label in ("บันทึกผลการสอบทาน", "Record the review"))
    submit.click().run()
    assert not at.exception, [e.message for e in at.exception]
    con = store.connect(demo_store)
    try:
        history = verification.status_history(con, picked, 2565)
    finally:
        con.close()
    assert history["status"].iloc[-1] == "disputed"
    assert "<b>bold</b>" in history["note"].iloc[-1] and "1017" not in history["note"].iloc[-1]
    when = "เมื่อ" if lang == "th" else "When"
    shown = next(d.value for d in at.dataframe if when in d.value.columns)
    assert any("<b>bold</b>" in str(v) for v in shown.iloc[:, 2])
    no_raw_html(at)


def test_review_link_opens_the_same_household(demo_store):
    first = open_page("pages/review.py", "en", {"round": "2565", "area": "46"})
    options = first.selectbox(key="review_hh").options
    wanted = options[min(2, len(options) - 1)]
    at = open_page("pages/review.py", "en", {"round": "2565", "area": "46", "hh": wanted})
    assert at.selectbox(key="review_hh").value == wanted
