"""AppTests of the Why page: its cards are query.why's numbers, with any researcher filter."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from analysis.measures import MEASURES
from data import store
from data.schema import bmn_indicators
from geo.maps import format_number, format_percent
from povmap import rules, settings
from query.why import why_numbers

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def test_why_page_with_the_welfare_card_filter_shows_the_filtered_numbers(demo_store):
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in {"lang": "en", "round": "2564", "area": "46"}.items():
        at.query_params[key] = value
    at.query_params["type"] = ["welfare_card"]
    at.run()
    at.switch_page("pages/why.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    k = float(settings.get("POVMAP_AF_K"))
    con = store.connect(demo_store)
    try:
        nums = why_numbers(
            con,
            2564,
            "46",
            rule=rules.poor_rule(),
            model=rules.household_model(),
            weights=dict(rules.af_weights()),
            k=k,
            indicators=[(r["code"], r["dimension"]) for r in bmn_indicators()],
            types=["welfare_card"],
        )
        unfiltered = con.execute(
            "SELECT count(*) FROM households WHERE round_be = 2564 AND province_code = '46'"
        ).fetchone()[0]
    finally:
        con.close()
    assert 0 < nums.households < unfiltered
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[MEASURES["mpi_H"].name("en", k)] == format_percent(nums.overall["H"] * 100, 1)
    assert metrics[MEASURES["mpi_poor_people"].name("en", k)] == format_number(
        nums.overall["poor_population"]
    )
