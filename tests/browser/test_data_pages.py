"""The data and review pages in headless Chromium, offline: an upload with HTML and formulas in
it is previewed, checked and stored, and renders as text; the review map draws offline."""

from __future__ import annotations

import csv
import os
import shutil
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from data import store, verification
from tests import processes
from tests.data.rows import GOOD

pytestmark = pytest.mark.browser

APP = Path(__file__).resolve().parents[2] / "app.py"
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
TIMEOUT_MS = 60_000
HTML_HEADER = "ชื่อหัวหน้า <b id='injected-b'>bold</b>"
HTML_VALUE = "<img id='injected-img' src=x onerror=alert(1)>"
REVIEWER_PASSWORD = "a reviewer's long passphrase"


@pytest.fixture
def app(streamlit_server, blocked_page, demo_store, tmp_path):
    db = tmp_path / "browser.duckdb"
    shutil.copyfile(demo_store, db)
    env = {k: os.environ[k] for k in ("POVMAP_CACHE_DIR", "POVMAP_ID_HASH_KEY")}
    env |= {"POVMAP_DB": str(db), "POVMAP_VAR_DIR": str(tmp_path / "var")}
    dialogs: list[str] = []
    blocked_page.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    return streamlit_server(APP, env=env), blocked_page, db, dialogs


def field_file(path: Path) -> Path:
    """A Thai Windows (cp874) file with a title row, Thai headers and hostile cells."""
    rows = []
    for i in range(12):
        rows.append(
            {
                "รหัสครัวเรือน": f"B{i:03d}",
                "ปีสำรวจ": "2022",
                **{k: v for k, v in GOOD.items() if k not in ("hh_id", "round_be")},
                HTML_HEADER: '=HYPERLINK("http://evil.example","x")',
            }
        )
    rows[3]["subdistrict_code"] = HTML_VALUE
    rows[7]["members"] = '=HYPERLINK("http://evil.example")'
    with path.open("w", encoding="cp874", errors="replace", newline="") as fh:
        fh.write("แบบสำรวจ จปฐ. ปี 2565\r\n")
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_upload_check_and_store_in_thai_renders_hostile_text_as_text(app, tmp_path, sign_in_as):
    base_url, blocked, _db, dialogs = app
    page = blocked.page
    page.set_viewport_size({"width": 1400, "height": 2200})
    sign_in_as(page, base_url, "admin")  # imports are an administrator's
    page.goto(f"{base_url}/data?lang=th&round=2565", wait_until="domcontentloaded")
    expect(page.get_by_role("heading", name="นำเข้าข้อมูล")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text("ข้อมูลส่วนบุคคล").first).to_be_visible()
    page.locator('input[type="file"]').first.set_input_files(str(field_file(tmp_path / "f.csv")))
    expect(page.get_by_text("การจับคู่คอลัมน์และตัวอย่างข้อมูล")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text("TIS-620").first).to_be_visible()
    # the hostile header is shown literally in the unknown-columns warning
    expect(page.get_by_text("<b id='injected-b'>bold</b>", exact=False).first).to_be_visible()
    page.get_by_role("button", name="ตรวจทั้งไฟล์").click()
    expect(page.get_by_text("ไม่ได้บันทึกข้อมูลใด ๆ").first).to_be_visible(timeout=TIMEOUT_MS)
    page.get_by_test_id("stCheckbox").first.click()
    page.get_by_role("button", name="ตรวจทั้งไฟล์").click()
    store_button = page.get_by_role("button", name="บันทึก 10 แถว")
    expect(store_button).to_be_visible(timeout=TIMEOUT_MS)
    blocked.screenshot("data-check-th", full_page=True)
    store_button.click()
    expect(page.get_by_text("บันทึกแล้ว 10 แถว").first).to_be_visible(timeout=TIMEOUT_MS)
    page.wait_for_timeout(500)
    blocked.screenshot("data-stored-th", full_page=True)
    assert page.locator("#injected-b").count() == 0
    assert page.locator("#injected-img").count() == 0
    assert dialogs == [] and not blocked.page_errors
    assert blocked.external_attempts() == []
    # the import history (read back from the store by the server, which holds the lock) lists it
    history = page.get_by_test_id("stDataFrame").last
    expect(history).to_contain_text("f.csv")


def test_a_file_of_several_chunks_is_checked_by_workers_under_the_server(
    streamlit_server, blocked_page, demo_store, tmp_path, tmp_path_factory, sign_in_as
):
    """Chunks of 4 rows: the Data page's import starts worker processes inside the Streamlit
    server (whose __main__ is a page script) and stores the same 10 rows; once the check and
    the import are done, no process the server started is left (it used to keep a forkserver
    and a resource tracker for good)."""
    db = tmp_path / "chunked.duckdb"
    shutil.copyfile(demo_store, db)
    env = {k: os.environ[k] for k in ("POVMAP_CACHE_DIR", "POVMAP_ID_HASH_KEY")}
    env |= {
        "POVMAP_DB": str(db),
        "POVMAP_VAR_DIR": str(tmp_path / "var"),
        "POVMAP_IMPORT_CHUNK_ROWS": "4",
        "POVMAP_IMPORT_WORKERS": "2",
        "POVMAP_TEST_SERVER": uuid.uuid4().hex,
    }
    base_url = streamlit_server(APP, env=env)

    def left_by_the_server() -> list[processes.Proc]:
        marked = processes.marked("POVMAP_TEST_SERVER", env["POVMAP_TEST_SERVER"])
        return [p for p in marked if "povmap.serve" not in p.cmdline]

    page = blocked_page.page
    page.set_viewport_size({"width": 1400, "height": 2200})
    sign_in_as(page, base_url, "admin")  # imports are an administrator's
    page.goto(f"{base_url}/data?lang=th&round=2565", wait_until="domcontentloaded")
    expect(page.get_by_role("heading", name="นำเข้าข้อมูล")).to_be_visible(timeout=TIMEOUT_MS)
    page.locator('input[type="file"]').first.set_input_files(str(field_file(tmp_path / "f.csv")))
    expect(page.get_by_text("การจับคู่คอลัมน์และตัวอย่างข้อมูล")).to_be_visible(timeout=TIMEOUT_MS)
    page.get_by_test_id("stCheckbox").first.click()
    page.get_by_role("button", name="ตรวจทั้งไฟล์").click()
    store_button = page.get_by_role("button", name="บันทึก 10 แถว")
    expect(store_button).to_be_visible(timeout=TIMEOUT_MS)
    assert left_by_the_server() == []  # the check ran its workers, and they are gone
    store_button.click()
    expect(page.get_by_text("บันทึกแล้ว 10 แถว").first).to_be_visible(timeout=TIMEOUT_MS)
    assert left_by_the_server() == []
    assert not blocked_page.page_errors and blocked_page.external_attempts() == []
    # no worker fell over (a worker re-running the page script would print a traceback)
    port = base_url.rsplit(":", 1)[1]
    log = (tmp_path_factory.getbasetemp() / f"streamlit-{port}.log").read_text()
    assert "Traceback" not in log and "BrokenProcessPool" not in log


def test_review_page_draws_the_gps_check_offline(app, boundary_cache, sign_in_as):
    from data import audit, users
    from geo import boundaries

    base_url, blocked, db, dialogs = app
    con = store.connect(db)
    try:
        queue = verification.review_queue(
            con,
            boundaries.load_level("subdistrict", boundary_cache),
            boundaries.load_lookup(boundary_cache),
            round_be=2565,
        )
    finally:
        con.close()
    gps = queue[queue["reasons"].map(lambda r: "gps_outside" in r)]
    assert len(gps), "the demo has GPS outliers"
    hh = gps.iloc[0]
    area = hh["subdistrict_code"][:2]
    # the review queue is an officer's: one assigned to the household's province (the store is
    # written before the app first opens it)
    con = store.connect(db)
    try:
        users.add_user(
            con, "reviewer", REVIEWER_PASSWORD, roles=("provincial",), areas=(area,),
            by=audit.Actor("test"),
        )  # fmt: skip
    finally:
        con.close()
    page = blocked.page
    page.set_viewport_size({"width": 1400, "height": 1700})
    sign_in_as(page, base_url, "reviewer", "en", password=REVIEWER_PASSWORD)
    page.goto(
        f"{base_url}/review?lang=en&round=2565&area={area}&hh={hh['hh_id']}",
        wait_until="domcontentloaded",
    )
    expect(page.get_by_role("heading", name="Review and verify households")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    frame = page.frame_locator(MAP_IFRAME)
    expect(frame.locator("path.leaflet-interactive").first).to_be_attached(timeout=TIMEOUT_MS)
    expect(frame.locator(".leaflet-control-attribution")).to_contain_text(
        "Royal Thai Survey Department"
    )
    page.wait_for_timeout(1000)
    blocked.screenshot("review-gps-en", full_page=True)
    assert blocked.external_attempts() == []
    assert not blocked.page_errors and dialogs == []
