"""Signing in with a built-in account in Chromium, in Thai and English: a wrong password, the
lockout after repeated failures, a session that survives a reload, one that ends when idle, and
signing out. The accounts are the demo's (povmap.bootstrap.DEMO_ACCOUNTS)."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import expect

from povmap.bootstrap import DEMO_ACCOUNTS

pytestmark = pytest.mark.browser

APP = Path(__file__).resolve().parents[2] / "app.py"
TIMEOUT_MS = 60_000
PASSWORDS = {name: password for name, password, *_ in DEMO_ACCOUNTS}


def start(streamlit_server, demo_store, tmp_path, **settings: str) -> tuple[str, int]:
    """The app on a copy of the demo store, and how many audit entries the copy held before
    (the demo accounts' creation)."""
    db = tmp_path / "signin.duckdb"
    shutil.copyfile(demo_store, db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        before = int(con.execute("SELECT count(*) FROM audit").fetchall()[0][0])
    finally:
        con.close()
    env = {k: os.environ[k] for k in ("POVMAP_CACHE_DIR", "POVMAP_VAR_DIR", "POVMAP_ID_HASH_KEY")}
    return streamlit_server(APP, env={**env, "POVMAP_DB": str(db), **settings}), before


def sign_in(page, base_url: str, lang: str, name: str, password: str) -> None:
    page.goto(f"{base_url}/signin?lang={lang}", wait_until="domcontentloaded")
    labels = {"th": ("ชื่อผู้ใช้", "รหัสผ่าน"), "en": ("User name", "Password")}[lang]
    page.get_by_role("textbox", name=labels[0], exact=True).fill(name)
    page.get_by_role("textbox", name=labels[1], exact=True).fill(password)
    button = {"th": "เข้าสู่ระบบ", "en": "Sign in"}[lang]
    page.get_by_role("button", name=button, exact=True).click()


def sidebar(page):
    return page.locator('[data-testid="stSidebar"]')


def audit_count(page, base_url: str, lang: str) -> str:
    """The admin page's count of audit entries (the admin's own sign-in included), as shown."""
    sign_in(page, base_url, lang, "admin", PASSWORDS["admin"])
    role = {"th": "ผู้ดูแลระบบ", "en": "Administrator"}[lang]
    expect(sidebar(page).get_by_text(role).first).to_be_visible(timeout=TIMEOUT_MS)
    page.wait_for_function("document.cookie.includes('povmap_session=')", timeout=TIMEOUT_MS)
    page.goto(f"{base_url}/admin?lang={lang}", wait_until="domcontentloaded")
    caption = page.get_by_text({"th": " รายการ", "en": " entries"}[lang]).first
    expect(caption).to_be_visible(timeout=TIMEOUT_MS)
    return caption.inner_text().strip()


def test_thai_sign_in_wrong_password_then_right_then_sign_out(
    streamlit_server, blocked_page, demo_store, tmp_path
):
    base_url, before = start(streamlit_server, demo_store, tmp_path)
    page = blocked_page.page
    # the public sees no household pages
    page.goto(f"{base_url}/?lang=th", wait_until="domcontentloaded")
    expect(sidebar(page).get_by_text("ภาพรวม", exact=True).first).to_be_visible(timeout=TIMEOUT_MS)
    expect(sidebar(page).get_by_text("ส่งต่อความช่วยเหลือ")).to_have_count(0)

    sign_in(page, base_url, "th", "provincial", "not the password at all")
    expect(page.get_by_text("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง")).to_be_visible(timeout=TIMEOUT_MS)
    blocked_page.screenshot("signin-wrong-th")

    sign_in(page, base_url, "th", "provincial", PASSWORDS["provincial"])
    account = sidebar(page).get_by_text("เจ้าหน้าที่ระดับจังหวัด")
    expect(account).to_be_visible(timeout=TIMEOUT_MS)
    expect(sidebar(page).get_by_role("button", name="ออกจากระบบ")).to_be_visible()
    blocked_page.screenshot("signin-signed-in-th")

    # a reload keeps the session (the token is in a cookie; the store keeps its hash only)
    page.reload(wait_until="domcontentloaded")
    expect(account).to_be_visible(timeout=TIMEOUT_MS)

    sidebar(page).get_by_role("button", name="ออกจากระบบ").click()
    expect(sidebar(page).get_by_text("ออกจากระบบแล้ว")).to_be_visible(timeout=TIMEOUT_MS)
    expect(account).to_have_count(0)
    page.reload(wait_until="domcontentloaded")
    expect(sidebar(page).get_by_role("link", name="เข้าสู่ระบบ").first).to_be_visible(
        timeout=TIMEOUT_MS
    )
    expect(sidebar(page).get_by_text("เจ้าหน้าที่ระดับจังหวัด")).to_have_count(0)
    # the start's retention run, failed, signed in, signed out, the admin's sign-in: one each
    assert audit_count(page, base_url, "th") == f"{before + 5} รายการ"
    blocked_page.screenshot("signin-audit-th")
    assert blocked_page.external_attempts() == []
    assert not blocked_page.page_errors


def test_english_lockout_after_repeated_wrong_passwords(
    streamlit_server, blocked_page, demo_store, tmp_path
):
    base_url, before = start(streamlit_server, demo_store, tmp_path, POVMAP_LOCKOUT_FAILURES="3")
    page = blocked_page.page
    for _ in range(2):
        sign_in(page, base_url, "en", "researcher", "wrong wrong wrong wrong")
        expect(page.get_by_text("Wrong user name or password")).to_be_visible(timeout=TIMEOUT_MS)
    sign_in(page, base_url, "en", "researcher", "wrong wrong wrong wrong")
    expect(page.get_by_text("This account is locked for a while")).to_be_visible(timeout=TIMEOUT_MS)
    # even the right password is refused while the account is locked
    sign_in(page, base_url, "en", "researcher", PASSWORDS["researcher"])
    expect(page.get_by_text("This account is locked for a while")).to_be_visible(timeout=TIMEOUT_MS)
    expect(sidebar(page).get_by_text("Researcher")).to_have_count(0)
    blocked_page.screenshot("signin-locked-en")
    assert (
        audit_count(page, base_url, "en") == f"{before + 6} entries"
    )  # the start's retention run, 4 refused, the admin's sign-in


def test_an_idle_session_ends_and_says_why(streamlit_server, blocked_page, demo_store, tmp_path):
    idle_minutes = 0.05  # three seconds
    base_url, _db = start(
        streamlit_server, demo_store, tmp_path, POVMAP_SESSION_IDLE_MINUTES=str(idle_minutes)
    )
    page = blocked_page.page
    sign_in(page, base_url, "en", "executive", PASSWORDS["executive"])
    expect(sidebar(page).get_by_text("Executive")).to_be_visible(timeout=TIMEOUT_MS)
    time.sleep(idle_minutes * 60 + 1.5)
    page.reload(wait_until="domcontentloaded")
    expect(sidebar(page).get_by_text("You were signed out after")).to_be_visible(timeout=TIMEOUT_MS)
    expect(sidebar(page).get_by_text("Executive")).to_have_count(0)
    blocked_page.screenshot("signin-idle-en")
