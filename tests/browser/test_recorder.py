"""Who a change is recorded as: the signed-in account, in headless Chromium against the app on
its own copy of the demo store. There is no "recorded by" box to type a name into any more (it
was kept in a cookie until sign-in replaced it): the sidebar of the pages that write says whose
name the history will carry, in every tab of the browser that signed in, and in no other."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

TIMEOUT_MS = 90_000
RECORDED_AS = "การเปลี่ยนแปลงจะบันทึกในชื่อ บัญชีสาธิต: เจ้าหน้าที่ระดับจังหวัด"


def sidebar(page):
    return page.locator('[data-testid="stSidebar"]')


def test_changes_are_recorded_as_the_signed_in_account_in_every_tab(
    demo_app, blocked_page, chromium_browser, sign_in_as
):
    base_url, _db = demo_app()
    page = blocked_page.page
    sign_in_as(page, base_url, "provincial")
    url = f"{base_url}/referrals?lang=th&area=46"
    page.goto(url, wait_until="domcontentloaded")
    expect(sidebar(page).get_by_text(RECORDED_AS)).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_role("textbox", name="ชื่อผู้บันทึก")).to_have_count(0)
    assert "povmap_recorder" not in {c["name"] for c in blocked_page.context.cookies()}
    # a reload and another tab of the same browser are the same account
    page.reload(wait_until="domcontentloaded")
    expect(sidebar(page).get_by_text(RECORDED_AS)).to_be_visible(timeout=TIMEOUT_MS)
    other = blocked_page.context.new_page()
    other.goto(f"{base_url}/programme?lang=th", wait_until="domcontentloaded")
    expect(sidebar(other).get_by_text(RECORDED_AS)).to_be_visible(timeout=TIMEOUT_MS)
    # another browser (a new context: no cookies) is nobody: not listed the referrals page
    stranger = chromium_browser.new_context(locale="th-TH")
    try:
        fresh = stranger.new_page()
        fresh.goto(f"{base_url}/?lang=th", wait_until="domcontentloaded")
        expect(sidebar(fresh).get_by_role("link", name="เข้าสู่ระบบ").first).to_be_visible(
            timeout=TIMEOUT_MS
        )
        expect(sidebar(fresh).get_by_text("ส่งต่อความช่วยเหลือ")).to_have_count(0)
        expect(sidebar(fresh).get_by_text(RECORDED_AS)).to_have_count(0)
    finally:
        stranger.close()
    assert blocked_page.external_attempts() == []
    assert not blocked_page.page_errors
