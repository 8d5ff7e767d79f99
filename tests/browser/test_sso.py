"""Single sign-on in Chromium against a real OpenID Connect provider (npm's oidc-provider on
loopback, tests/sso): Streamlit's st.login sends the browser to the provider, its login form
signs the person in, and the app gives them the roles of the account with their e-mail. A
person the provider knows but the app does not stays the public, and is told so."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from data import store, users
from data.audit import Actor
from tests import sso

pytestmark = pytest.mark.browser

APP = Path(__file__).resolve().parents[2] / "app.py"
TIMEOUT_MS = 60_000
OFFICER = "somchai@example.go.th"


@pytest.fixture
def sso_app(streamlit_server, blocked_page, demo_store, tmp_path):
    """The app with single sign-on configured, and the provider it trusts."""
    db = tmp_path / "sso.duckdb"
    shutil.copyfile(demo_store, db)
    con = store.connect(db)
    users.add_user(
        con,
        "somchai",
        "a long password nobody types here",
        roles=["provincial"],
        areas=["46"],
        email=OFFICER,
        by=Actor("test"),
    )
    con.close()
    secrets = tmp_path / "secrets.toml"
    secrets.write_text("", encoding="utf-8")
    env = {k: os.environ[k] for k in ("POVMAP_CACHE_DIR", "POVMAP_VAR_DIR", "POVMAP_ID_HASH_KEY")}
    env.update(POVMAP_DB=str(db), STREAMLIT_SECRETS_FILES=str(secrets))
    base_url = streamlit_server(APP, env=env)
    with sso.provider(f"{base_url}/oauth2callback", tmp_path / "oidc.log") as issuer:
        # Streamlit reads the secrets when they are first asked for, after the port is known
        secrets.write_text(sso.secrets_toml(base_url, issuer), encoding="utf-8")
        yield base_url, blocked_page


def sign_on(page, base_url: str, lang: str, login: str) -> None:
    page.goto(f"{base_url}/signin?lang={lang}", wait_until="domcontentloaded")
    button = {"th": "เข้าสู่ระบบด้วยบัญชีของหน่วยงาน", "en": "Sign in with your organisation"}
    page.get_by_role("button", name=button[lang]).click()
    page.wait_for_url("**/interaction/**", timeout=TIMEOUT_MS)
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", "anything: the development form checks no password")
    page.click("button[type=submit]")
    # the provider asks for consent once per client
    page.wait_for_load_state("domcontentloaded")
    if "/interaction/" in page.url:
        page.click("button[type=submit]")


def sidebar(page):
    return page.locator('[data-testid="stSidebar"]')


def test_single_sign_on_gives_the_roles_of_the_account_with_that_email(sso_app):
    base_url, blocked = sso_app
    page = blocked.page
    sign_on(page, base_url, "th", OFFICER)
    expect(sidebar(page).get_by_text("เจ้าหน้าที่ระดับจังหวัด")).to_be_visible(timeout=TIMEOUT_MS)
    # the officer's pages are listed: referrals and the household profile
    expect(sidebar(page).get_by_text("ส่งต่อความช่วยเหลือ").first).to_be_visible()
    blocked.screenshot("sso-signed-in-th")
    # the provider ends its session too (it asks first), then sends the browser back; a click
    # that lands during a rerun (the area picker moving to the officer's province) is lost
    for attempt in range(3):
        page.wait_for_function(
            "() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=TIMEOUT_MS
        )
        sidebar(page).get_by_role("button", name="ออกจากระบบ").click(timeout=TIMEOUT_MS)
        try:
            expect(page).to_have_url(re.compile(r"/session/end"), timeout=20_000)
            break
        except AssertionError:
            if attempt == 2:
                raise
    page.get_by_role("button", name="Yes, sign me out").click(timeout=TIMEOUT_MS)
    expect(page).to_have_url(re.compile("^" + re.escape(base_url)), timeout=TIMEOUT_MS)
    expect(sidebar(page).get_by_role("link", name="เข้าสู่ระบบ").first).to_be_visible(
        timeout=TIMEOUT_MS
    )
    expect(sidebar(page).get_by_text("เจ้าหน้าที่ระดับจังหวัด")).to_have_count(0)
    # the provider's own development pages (login, consent, sign-out) import a web font; the
    # app's pages reach nothing outside this machine (checked here and in every browser test)
    assert blocked.external_attempts(allow=provider_font) == []


def provider_font(url: str) -> bool:
    return url.startswith(("https://fonts.googleapis.com/", "https://fonts.gstatic.com/"))


def test_a_person_without_an_account_stays_the_public(sso_app):
    base_url, blocked = sso_app
    page = blocked.page
    sign_on(page, base_url, "en", "stranger@example.org")
    # the provider sends the browser back to the app's home page, which opens in Thai
    expect(page.get_by_text("ไม่มีบัญชีผู้ใช้ที่ใช้อีเมลนี้ในระบบ")).to_be_visible(timeout=TIMEOUT_MS)
    expect(sidebar(page).get_by_text("เจ้าหน้าที่ระดับจังหวัด")).to_have_count(0)
    expect(sidebar(page).get_by_text("ส่งต่อความช่วยเหลือ")).to_have_count(0)  # public pages only
    blocked.screenshot("sso-no-account-th")
    # the language switch keeps the notice, in English
    page.goto(f"{base_url}/?lang=en", wait_until="domcontentloaded")
    expect(page.get_by_text("No account of this app has your e-mail address")).to_be_visible(
        timeout=TIMEOUT_MS
    )
