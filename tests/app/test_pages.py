"""AppTests: every page runs on the small demo store, in Thai and English, without exceptions."""

from __future__ import annotations

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from data import store
from geo.maps import format_number

APP = "app.py"


def run(query: dict[str, str] | None = None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.fixture(scope="module")
def totals(demo_store):
    con = duckdb.connect(str(demo_store), read_only=True)
    try:
        return store.totals(con).set_index("round_be")
    finally:
        con.close()


def test_overview_in_thai_shows_kpis_matching_the_store(demo_store, totals):
    at = run()
    metrics = {m.label: m.value for m in at.metric}
    latest = totals.index.max()
    assert metrics["ครัวเรือนยากจน"] == format_number(totals.loc[latest, "poor_households"])
    assert metrics["คนจน"] == format_number(totals.loc[latest, "poor_people"])
    assert any("ข้อมูลสังเคราะห์" in w.value for w in at.warning), "synthetic data must be labelled"


def test_overview_in_english_for_a_chosen_round(demo_store, totals):
    at = run({"lang": "en", "round": "2564"})
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Poor households"] == format_number(totals.loc[2564, "poor_households"])
    assert any("Synthetic demo data" in w.value for w in at.warning)


def test_overview_for_a_province_from_the_url(demo_store):
    at = run({"lang": "en", "area": "46", "round": "2564"})
    assert "Kalasin" in at.title[0].value
    con = duckdb.connect(str(demo_store), read_only=True)
    try:
        expected = store.totals(con, round_be=2564, area="46").iloc[0]
    finally:
        con.close()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Poor households"] == format_number(expected.poor_households)
