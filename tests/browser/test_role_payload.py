"""What reaches the browser, not just the screen: headless Chromium signs in (the sign-in form)
as a researcher and as the provincial officer of Kalasin (46), visits the household-level pages,
and every websocket frame the server sends (the page's elements, tables' Arrow data, the map's
arguments) and every file it serves (downloads, pictures) is searched: no household ID outside
the role's scope (none at all for the researcher), no column the role may not receive, and no ID
hash for anyone."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import expect

from povmap.i18n import t

pytestmark = pytest.mark.browser

TIMEOUT_MS = 90_000
HOME = "46"
DISTRICT = "4601"
HH_ID = re.compile(rb"H\d{8}-\d{4}")  # no boundary: Arrow packs a column's strings together
#: column names a researcher never receives (identifying and sensitive, PDPA section 26)
HIDDEN_FROM_RESEARCHERS = (
    b"hh_id",
    b"head_id_hash",
    b"members_disabled",
    b"hc_chronic_ill",
    b"main_cause",
    b"bmn_17",
    b"with_disabled",
    b"status_note",
)


class Sent:
    """Every websocket frame the server sent the page and every media file it served (pictures,
    downloads: fetched again by :meth:`collect` while the session still holds them)."""

    def __init__(self, page) -> None:
        self.page = page
        self.frames: list[bytes] = []
        self.files: list[bytes] = []
        self.pending: list[str] = []
        page.on("websocket", self._socket)
        page.on("response", self._response)

    def _socket(self, ws) -> None:
        ws.on("framereceived", self._frame)

    def _frame(self, payload) -> None:
        self.frames.append(payload if isinstance(payload, bytes) else payload.encode())

    def _response(self, response) -> None:
        if "/media/" in response.url:
            self.pending.append(response.url)

    def collect(self) -> None:
        """The media files the page was served since the last call, read through the page's
        own context (its cookies)."""
        for url in dict.fromkeys(self.pending):
            got = self.page.context.request.get(url)
            if got.ok:
                self.files.append(got.body())
        self.pending.clear()

    def everything(self) -> bytes:
        self.collect()
        return b"\n".join([*self.frames, *self.files])


def facts(db) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    try:
        home = {r[0] for r in con.execute(
            "SELECT hh_id FROM households WHERE province_code = ?", [HOME]
        ).fetchall()}  # fmt: skip
        hashes = {r[0] for r in con.execute(
            "SELECT head_id_hash FROM households WHERE head_id_hash IS NOT NULL"
        ).fetchall()}  # fmt: skip
    finally:
        con.close()
    assert hashes, "the demo stores ID hashes to look for"
    return {"home": {h.encode() for h in home}, "hashes": {h.encode() for h in hashes}}


def settle(page) -> None:
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=TIMEOUT_MS
    )
    page.wait_for_timeout(1500)


def visit(page, sent: Sent, url: str, heading: str) -> None:
    sent.collect()  # the files of the page before, while its session holds them
    page.goto(url, wait_until="domcontentloaded")
    expect(page.get_by_role("heading", name=heading).first).to_be_visible(timeout=TIMEOUT_MS)
    settle(page)


def test_a_researcher_is_sent_no_household_id_no_hidden_column_no_hash(
    demo_app, blocked_page, sign_in_as
):
    base_url, db = demo_app()
    known = facts(db)
    page = blocked_page.page
    page.set_viewport_size({"width": 1400, "height": 1800})
    sent = Sent(page)
    sign_in_as(page, base_url, "researcher", "en")
    where = f"lang=en&round=2564&area={DISTRICT}"
    visit(page, sent, f"{base_url}/household?{where}", t("page_household", "en"))
    expect(page.get_by_text(t("access_deidentified", "en"))).to_be_visible()
    # the de-identified records, downloaded
    page.get_by_text(t("brief_households", "en")).click()
    page.get_by_role("button", name=t("brief_prepare_households", "en")).click()
    button = page.get_by_role("button", name=t("brief_households_csv", "en"))
    expect(button).to_be_visible(timeout=TIMEOUT_MS)
    with page.expect_download() as taken:
        button.click()
    csv = Path(taken.value.path()).read_bytes()
    settle(page)
    # the map of the district's subdistricts (village pins; no household points for this role)
    visit(page, sent, f"{base_url}/map?{where}&map_level=subdistrict", t("map_title", "en") + " · ")
    blocked_page.screenshot("role-payload-researcher")
    everything = sent.everything() + b"\n" + csv
    assert len(sent.frames) > 10 and len(csv) > 100
    assert HH_ID.findall(everything) == [], "a household ID reached the researcher's browser"
    leaked = [name for name in HIDDEN_FROM_RESEARCHERS if name in everything]
    assert leaked == [], f"column names the researcher may not receive: {leaked}"
    assert not [h for h in known["hashes"] if h in everything], "an ID hash reached the browser"
    assert blocked_page.external_attempts() == []


def test_the_provincial_officer_is_sent_households_of_the_province_only(
    demo_app, blocked_page, sign_in_as
):
    base_url, db = demo_app()
    known = facts(db)
    page = blocked_page.page
    page.set_viewport_size({"width": 1400, "height": 1800})
    sent = Sent(page)
    sign_in_as(page, base_url, "provincial", "en")
    where = f"lang=en&round=2564&area={DISTRICT}"
    visit(page, sent, f"{base_url}/household?{where}", t("page_household", "en"))
    visit(page, sent, f"{base_url}/referrals?lang=en&round=2564", t("action_referrals_title", "en"))
    visit(page, sent, f"{base_url}/review?{where}", t("review_title", "en"))
    # the district's subdistricts with the households' GPS points (named records)
    visit(page, sent, f"{base_url}/map?{where}&map_level=subdistrict", t("map_title", "en") + " · ")
    blocked_page.screenshot("role-payload-provincial")
    everything = sent.everything()
    ids = set(HH_ID.findall(everything))
    assert ids, "the officer's households were sent"
    outside = ids - known["home"]
    assert not outside, f"households outside {HOME} reached the browser: {sorted(outside)[:5]}"
    assert not [h for h in known["hashes"] if h in everything], "an ID hash reached the browser"
    assert b"head_id_hash" not in everything and b"record_hash" not in everything
    assert blocked_page.external_attempts() == []
