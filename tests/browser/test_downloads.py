"""Real downloads in headless Chromium: the Enterprises table and the referral sheet (notes next
to household IDs), with formulas stored in the data, come out defused and carry their context."""

from __future__ import annotations

import csv
import io
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import expect

from data import referrals as rf
from data import sites, store

pytestmark = pytest.mark.browser

APP = Path(__file__).resolve().parents[2] / "app.py"
TIMEOUT_MS = 180_000  # a page's first run on a busy 2-core machine
HOSTILE = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def runnable(cell: str) -> bool:
    """A cell a spreadsheet would run: starts like a formula and is not a plain number."""
    if not cell.startswith(FORMULA_STARTS):
        return False
    try:
        float(cell)
    except ValueError:
        return True
    return False


@pytest.fixture
def app(streamlit_server, blocked_page, demo_store, boundary_cache, tmp_path):
    db = tmp_path / "downloads.duckdb"
    shutil.copyfile(demo_store, db)
    con = store.connect(db)
    try:
        enterprise = pd.DataFrame(
            {
                "site_id": ["EX-FORMULA"],
                "name_th": [HOSTILE[0]],
                "name_en": [HOSTILE[1]],
                "category": ["otop_producer"],
                "area_code": ["460101"],
                "product_type": ["textile"],
                "value_chain_stage": ["midstream"],
                "contact": [HOSTILE[2]],
                "registration_no": [HOSTILE[3]],
            }
        )
        checked = sites.validate_sites(
            enterprise, "x.csv", "enterprise", gazetteer=sites.Gazetteer.load(boundary_cache)
        )
        assert checked.ok, checked.problems
        sites.store_sites(
            con,
            checked,
            "enterprise",
            import_id="formula",
            file_name="x.csv",
            file_sha256=None,
            synthetic=True,
        )
        hh_id, round_be = con.execute(
            "SELECT hh_id, round_be FROM households WHERE province_code = '46' ORDER BY 1 LIMIT 1"
        ).fetchone()
        referrals = [
            rf.create_referral(
                con, hh_id=hh_id, round_be=round_be, intervention="SP-RELIEF", by="x", note=note
            )
            for note in HOSTILE
        ]
    finally:
        con.close()
    env = {k: os.environ[k] for k in ("POVMAP_CACHE_DIR", "POVMAP_VAR_DIR", "POVMAP_ID_HASH_KEY")}
    base_url = streamlit_server(APP, env={**env, "POVMAP_DB": str(db)})
    return base_url, blocked_page, referrals


def download(page, url: str, key: str) -> str:
    """Open ``url``, press the download button with ``key`` and return the file's text."""
    page.goto(url, wait_until="domcontentloaded")
    button = page.locator(f".st-key-{key} button")
    expect(button).to_be_visible(timeout=TIMEOUT_MS)
    with page.expect_download(timeout=TIMEOUT_MS) as got:
        button.click()
    data = Path(got.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel shows Thai
    return data.decode("utf-8-sig")


def check_defused(text: str) -> pd.DataFrame:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) > 1
    assert not [cell for row in rows for cell in row if runnable(cell)]
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def test_enterprises_download_is_defused(app):
    base_url, blocked, _ = app
    text = download(
        blocked.page, f"{base_url}/enterprises?lang=en&round=2565&area=46", "dl-enterprises"
    )
    frame = check_defused(text).set_index("site_id")
    row = frame.loc["EX-FORMULA"]
    assert row["name_th"] == "'" + HOSTILE[0]
    assert row["name_en"] == "'" + HOSTILE[1]
    assert row["contact"] == "'" + HOSTILE[2]
    assert row["registration_no"] == "'" + HOSTILE[3]
    assert frame["members"].str.fullmatch(r"\d*").all()  # whole numbers, not 54.0
    assert frame["synthetic"].isin(["True", "False"]).all()
    assert blocked.external_attempts() == []


def test_referral_sheet_download_is_defused(app, sign_in_as):
    base_url, blocked, referrals = app
    sign_in_as(blocked.page, base_url, "provincial", "en")  # the referrals of province 46
    text = download(
        blocked.page, f"{base_url}/referrals?lang=en&round=2565&area=46", "action_export"
    )
    frame = check_defused(text).set_index("referral_id")
    assert frame.loc[referrals, "last_note"].tolist() == ["'" + v for v in HOSTILE]
    assert frame.loc[referrals, "hh_id"].str.match(r"H\d").all()
    assert set(frame["synthetic"]) == {"True"}
    assert not frame["round_be"].str.endswith(".0").any()
    assert blocked.external_attempts() == []
