"""The referrals, programme and outcomes pages in headless Chromium with no internet: Thai text
renders, charts draw, nothing outside localhost is requested. Screenshots go to var/screenshots/."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

APP = Path(__file__).resolve().parents[2] / "app.py"
TIMEOUT_MS = 90_000


@pytest.fixture
def app(streamlit_server, blocked_page, demo_store, tmp_path):
    db = tmp_path / "action.duckdb"
    shutil.copyfile(demo_store, db)
    env = {k: os.environ[k] for k in ("POVMAP_CACHE_DIR", "POVMAP_VAR_DIR", "POVMAP_ID_HASH_KEY")}
    return streamlit_server(APP, env={**env, "POVMAP_DB": str(db)}), blocked_page


def settle(page) -> None:
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=TIMEOUT_MS
    )
    page.wait_for_timeout(1500)


def test_referrals_page_in_thai(app, sign_in_as):
    base_url, blocked = app
    page = blocked.page
    page.set_viewport_size({"width": 1400, "height": 2000})
    sign_in_as(page, base_url, "provincial")  # the referrals of the officer's province
    page.goto(f"{base_url}/referrals?lang=th&round=2565&area=46", wait_until="domcontentloaded")
    expect(page.get_by_role("heading", name="ส่งต่อความช่วยเหลือ · กาฬสินธุ์")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    expect(page.get_by_text("ข้อมูลสังเคราะห์").first).to_be_visible()
    # the funnel is drawn by plotly in the browser, with Thai status names
    expect(page.locator("svg text", has_text="สอบทานแล้ว").first).to_be_attached(timeout=TIMEOUT_MS)
    expect(page.get_by_text("งานค้างรายหน่วยงาน")).to_be_visible()
    settle(page)
    blocked.screenshot("app-referrals-th")
    assert blocked.external_attempts() == [], "the app must not reach outside localhost"
    assert not blocked.page_errors


def test_programme_page_in_thai_for_a_committee(app, sign_in_as):
    base_url, blocked = app
    page = blocked.page
    page.set_viewport_size({"width": 1400, "height": 1600})
    sign_in_as(page, base_url, "executive")  # the whole country's progress
    page.goto(f"{base_url}/programme?lang=th&round=2565", wait_until="domcontentloaded")
    expect(page.get_by_role("heading", name="ความก้าวหน้าตามเป้าหมาย · ประเทศไทย")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    expect(page.get_by_text("ครัวเรือนพ้นจน").first).to_be_visible()
    expect(page.locator("svg text", has_text="กาฬสินธุ์").first).to_be_attached(timeout=TIMEOUT_MS)
    expect(page.locator("svg text", has_text="ตามเป้า").first).to_be_attached()
    settle(page)
    blocked.screenshot("app-programme-th")
    assert blocked.external_attempts() == []
    assert not blocked.page_errors


def test_outcomes_page_draws_the_sankey_offline(app, sign_in_as):
    base_url, blocked = app
    page = blocked.page
    sign_in_as(page, base_url, "executive", "en")  # the programme pages
    page.set_viewport_size({"width": 1400, "height": 1800})
    page.goto(f"{base_url}/outcomes?lang=en&round=2565", wait_until="domcontentloaded")
    expect(page.get_by_role("heading", name="Outcomes across rounds · Thailand")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    expect(page.locator("svg text", has_text="Struggling · 2564").first).to_be_attached(
        timeout=TIMEOUT_MS
    )
    expect(page.get_by_text("Association, not effect").first).to_be_visible()
    settle(page)
    blocked.screenshot("app-outcomes-en")
    assert blocked.external_attempts() == []
    assert not blocked.page_errors


def test_bulk_update_by_file_reports_rejected_rows_and_applies_a_good_file(
    app, demo_store, tmp_path, sign_in_as
):
    from data import store

    con = store.connect(demo_store)
    try:
        rid = con.execute(
            "SELECT referral_id FROM referral_current WHERE status = 'identified' "
            "AND province_code = '46' ORDER BY referral_id LIMIT 1"
        ).fetchall()[0][0]
    finally:
        con.close()
    bad = tmp_path / "bad.csv"
    bad.write_text(f"referral_id,new_status,new_note\n{rid},ช่วยเหลือแล้ว,ข้ามขั้น\n", encoding="utf-8")
    good = tmp_path / "good.csv"
    good.write_text(f"referral_id,new_status,new_note\n{rid},สอบทานแล้ว,ลงพื้นที่\n", encoding="utf-8")
    base_url, blocked = app
    page = blocked.page
    page.set_viewport_size({"width": 1400, "height": 1800})
    sign_in_as(page, base_url, "provincial")  # the changes are recorded as the signed-in account
    page.goto(f"{base_url}/referrals?lang=th&round=2565&area=46", wait_until="domcontentloaded")
    expect(page.get_by_role("tab", name="ปรับสถานะจากไฟล์")).to_be_visible(timeout=TIMEOUT_MS)
    settle(page)
    page.get_by_role("tab", name="ปรับสถานะจากไฟล์").click()
    page.locator("input[type=file]").set_input_files(str(bad))
    # the upload must reach the server before the button is pressed
    expect(page.get_by_text("bad.csv")).to_be_visible(timeout=TIMEOUT_MS)
    settle(page)
    page.get_by_role("button", name="ตรวจและบันทึก").click()
    expect(page.get_by_text("ไม่ได้บันทึกรายการใดเลย")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_role("button", name="ดาวน์โหลดรายงานแถวที่ไม่ผ่าน")).to_be_visible()
    settle(page)
    blocked.screenshot("app-referrals-bulk-rejected-th")
    page.get_by_role("tab", name="ปรับสถานะจากไฟล์").click()
    page.locator("input[type=file]").set_input_files(str(good))
    expect(page.get_by_text("good.csv")).to_be_visible(timeout=TIMEOUT_MS)
    settle(page)
    page.get_by_role("button", name="ตรวจและบันทึก").click()
    expect(page.get_by_text("บันทึกการเปลี่ยนสถานะ 1 รายการ")).to_be_visible(timeout=TIMEOUT_MS)
    assert blocked.external_attempts() == []
    assert not blocked.page_errors
