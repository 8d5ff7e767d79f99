"""AppTests: every page runs on the small demo store, in Thai and English, without exceptions."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.measures import MEASURES
from data import store
from geo.maps import format_number, format_percent
from povmap import settings
from query import areas as area_query
from tests import roles

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def run(
    query: dict[str, str] | None = None, page: str | None = None, role: str | None = None
) -> AppTest:
    """``page`` (else the Overview) as ``role`` (default: the account the page is listed for)."""
    at = roles.sign_in(AppTest.from_file(APP, default_timeout=60), role or roles.role_for(page))
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
    con = store.connect(demo_store)
    try:
        return area_query.totals(con).set_index("round_be")
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
    con = store.connect(demo_store)
    try:
        expected = area_query.totals(con, round_be=2564, area="46").iloc[0]
    finally:
        con.close()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Poor households"] == format_number(expected.poor_households)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_why_page_runs_with_capitals_mpi_and_causes(demo_store, lang):
    from povmap.cli.stats import area_table

    at = run({"lang": lang, "round": "2564", "area": "46"}, page="pages/why.py")
    metrics = {m.label: m.value for m in at.metric}
    k = float(settings.get("POVMAP_AF_K"))
    h, m0 = MEASURES["mpi_H"].name(lang, k), MEASURES["mpi_M0"].name(lang)
    assert {h, MEASURES["mpi_A"].name(lang), m0} <= set(metrics)
    con = store.connect(demo_store)
    try:
        expected = area_table(con, "province", round_be=2564, area="46").iloc[0]
    finally:
        con.close()
    # the page's numbers are `povmap stats`'s numbers
    assert metrics[m0] == f"{expected.mpi_M0:.3f}"
    assert metrics[h] == format_percent(expected.mpi_H * 100, 1)
    assert any("Kalasin" in t.value or "กาฬสินธุ์" in t.value for t in at.title)


def test_why_page_filters_from_the_url(demo_store):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "en"
    at.query_params["type"] = ["elderly_only"]
    at.run()
    at.switch_page("pages/why.py")
    at.run()
    assert not at.exception
    assert at.multiselect[0].value == ["elderly_only"]


def test_household_profile_never_shows_an_id(demo_store):
    con = store.connect(demo_store)
    try:
        hh_id = con.execute(
            "SELECT hh_id FROM households WHERE head_id_hash IS NOT NULL"
            f" AND province_code = '{roles.HOME}' ORDER BY hh_id LIMIT 1"  # the officer's area
        ).fetchone()[0]
        id_hash = con.execute(
            "SELECT head_id_hash FROM households WHERE hh_id = ?", [hh_id]
        ).fetchone()[0]
    finally:
        con.close()
    at = roles.sign_in(AppTest.from_file(APP, default_timeout=60), "provincial")
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("pages/household.py")
    at.run()
    at.text_input[0].set_value(hh_id).run()
    assert not at.exception, [e.message for e in at.exception]
    assert any(hh_id in s.value for s in at.subheader)
    rendered = " ".join(str(e.value) for e in at.markdown) + " ".join(
        str(d.value) for d in at.dataframe
    )
    assert id_hash not in rendered
    assert len(at.dataframe[0].value) == 3  # three rounds of history
