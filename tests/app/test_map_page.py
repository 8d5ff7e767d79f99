"""AppTests of the map page and the overview: state from the URL, numbers equal `povmap stats`."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis.hotspots import EXPLANATION
from analysis.measures import MEASURES
from data import store
from geo.area_values import polygon_stats
from geo.maps import format_number, format_percent
from geo.metrics import METRICS
from povmap.cli.stats import area_table
from query.access import Access
from tests import roles

APP = str(Path(__file__).resolve().parents[2] / "app.py")
#: the measures as an executive reads them: every area, nothing suppressed (povmap stats's)
EXECUTIVE = Access(user="executive", roles=("executive",))


def run(query: dict[str, str], page: str = "pages/map.py", role: str | None = None) -> AppTest:
    """``page`` as ``role`` (default: the demo account the page is listed for)."""
    at = roles.sign_in(AppTest.from_file(APP, default_timeout=120), role or roles.role_for(page))
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def stats(demo_store, level: str, **kw) -> pd.DataFrame:
    con = store.connect(demo_store)
    try:
        return area_table(con, level, **kw)
    finally:
        con.close()


def values(array) -> list[float]:
    """A plotly array from the chart's JSON (plain list, or binary-encoded {dtype, bdata})."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


def texts(at: AppTest) -> str:
    return " ".join(
        [c.value for c in at.caption]
        + [m.value for m in at.markdown]
        + [w.value for w in at.info]
        + [w.value for w in at.warning]
    )


@pytest.mark.parametrize("lang", ["th", "en"])
def test_map_page_runs_with_definition_vintage_and_synthetic_flag(demo_store, lang):
    at = run({"lang": lang, "round": "2564"})
    title = at.title[0].value
    assert title.startswith("แผนที่ความยากจน" if lang == "th" else "Poverty map")
    assert at.selectbox(key="mp_level").value == "province"
    assert at.selectbox(key="mp_metric").value == "poor_households"
    shown = texts(at)
    assert METRICS["poor_households"].definition(lang) in shown
    assert ("ข้อมูลรอบ พ.ศ. 2564" if lang == "th" else "round 2564 BE") in shown
    assert ("ข้อมูลสังเคราะห์" if lang == "th" else "Synthetic data") in shown
    assert "Royal Thai Survey Department" in shown or "กรมแผนที่ทหาร" in shown
    # every metric of the issue is offered; the level keys do not clash with the filters' `level`
    assert set(at.selectbox(key="mp_metric").options) == {m.label(lang) for m in METRICS.values()}
    assert "map_level" not in at.query_params, "a default stays out of the URL"
    assert "level" not in at.query_params


def test_a_shared_url_restores_the_view(demo_store):
    at = run(
        {
            "lang": "en",
            "round": "2564",
            "area": "46",
            "map_level": "district",
            "metric": "headcount_ratio",
            "method": "natural_breaks",
            "palette": "viridis",
            "hotspots": "1",
        }
    )
    assert at.selectbox(key="mp_level").value == "district"
    assert at.selectbox(key="mp_metric").value == "headcount_ratio"
    assert at.selectbox(key="mp_method").value == "natural_breaks"
    assert at.selectbox(key="mp_palette").value == "viridis"
    assert at.toggle(key="mp_hot").value is True
    assert "Kalasin" in at.title[0].value
    assert EXPLANATION[1] in texts(at), "the one-sentence explanation of the hot-spot layer"


def test_invalid_url_values_fall_back_to_defaults(demo_store):
    at = run({"lang": "en", "area": "46", "map_level": "province", "metric": "nonsense"})
    assert at.selectbox(key="mp_level").value == "district", "a province has no province level"
    assert at.selectbox(key="mp_level").options == ["Districts", "Subdistricts"]
    assert at.selectbox(key="mp_metric").value == "poor_households"


def test_changing_metric_and_level_updates_the_url(demo_store):
    at = run({"lang": "en", "round": "2564"})
    at.selectbox(key="mp_metric").set_value("change_poor_households").run()
    assert not at.exception
    assert at.query_params["metric"] == "change_poor_households"
    assert "against round 2563 BE" in texts(at)
    at.selectbox(key="mp_level").set_value("district").run()
    at.toggle(key="mp_hot").set_value(True).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.query_params["map_level"] == "district"
    assert at.query_params["hotspots"] == "1"
    assert "permutations" in texts(at) or at.warning, "the hot-spot sentence or why there is none"


def test_table_blanks_suppressed_areas_and_shows_every_metric(demo_store):
    at = run({"lang": "en", "round": "2564", "area": "4601"})
    at.toggle(key="mp_table").set_value(True).run()
    assert not at.exception, [e.message for e in at.exception]
    table = at.dataframe[0].value
    named = {c.split(" [")[0] for c in table.columns}  # percent columns carry their unit
    assert {METRICS[k].label("en") for k in METRICS} <= named
    households = table["Surveyed households"]
    assert (households.dropna() >= 5).all(), "areas under POVMAP_MIN_CELL are blank"


def test_map_measures_equal_povmap_stats(demo_store):
    from povmap.views import map_view, ui

    expected = stats(demo_store, "district", round_be=2564, area="46").set_index("code")
    got = map_view.round_measures("district", "46", 2564, "tpmap", 0.2, EXECUTIVE).reindex(
        expected.index
    )
    for col in ("households", "people", "poor_households", "poor_people"):
        assert got[col].astype(int).tolist() == expected[col].astype(int).tolist(), col
    assert np.allclose(got["headcount_ratio"], expected["headcount_ratio"], atol=1e-12)
    assert np.allclose(got["M0"], expected["mpi_M0"], atol=1e-12)
    # subdistricts are keyed by boundary polygon: the same sums as povmap stats re-keyed
    sub = stats(demo_store, "subdistrict", round_be=2564, area="46", with_mpi=False)
    lookup = pd.DataFrame(
        list(ui.polygon_lookup().items()), columns=["subdistrict_code", "polygon_code"]
    )
    keyed = polygon_stats(sub, lookup).set_index("code")
    mine = map_view.round_measures("subdistrict", "46", 2564, "tpmap", 0.2, EXECUTIVE).reindex(
        keyed.index
    )
    assert mine["poor_households"].astype(int).tolist() == keyed["poor_households"].tolist()
    # change since the previous round
    both = map_view.measures("district", "46", 2564, "tpmap", 0.2, EXECUTIVE).reindex(
        expected.index
    )
    before = stats(demo_store, "district", round_be=2563, area="46").set_index("code")
    assert (
        both["change_poor_households"] == expected["poor_households"] - before["poor_households"]
    ).all()


def test_registry_targeted_metric_equals_the_registry_cross_match(demo_store):
    """The map's "targeted poor matched with the registry" is registry.targeted_poor per area."""
    from data import registry
    from povmap import rules
    from povmap.views import map_view

    con = store.connect(demo_store)
    try:
        expected = registry.targeted_poor(
            con, "district", round_be=2564, area="46", rule=rules.poor_rule("tpmap", 0.2)
        ).set_index("code")
    finally:
        con.close()
    got = map_view.round_measures("district", "46", 2564, "tpmap", 0.2, EXECUTIVE).reindex(
        expected.index
    )
    matched = got["registry_targeted_households"].astype(int)
    assert matched.tolist() == expected["targeted_poor_households"].astype(int).tolist()
    assert 0 < matched.sum() < got["poor_households"].sum()
    assert (matched <= got["poor_households"]).all()
    # povmap stats prints the same numbers
    printed = stats(demo_store, "district", round_be=2564, area="46").set_index("code")
    assert printed["registry_targeted_households"].reindex(expected.index).tolist() == [
        float(v) for v in matched
    ]


def test_overview_numbers_equal_povmap_stats(demo_store):
    at = run({"lang": "en", "round": "2564", "area": "46"}, page="")
    province = stats(demo_store, "province", round_be=2564, area="46").iloc[0]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Poor households"] == format_number(province.poor_households)
    assert metrics["Poor people"] == format_number(province.poor_people)
    headcount = MEASURES["headcount_ratio"].name("en")
    assert metrics[headcount] == format_percent(province.headcount_ratio * 100, 1)
    assert metrics["Surveyed households"] == format_number(province.households)
    districts = stats(demo_store, "district", round_be=2564, area="46", with_mpi=False)
    shown = districts[districts["households"] >= 5].set_index("code")["poor_households"]
    charts = [json.loads(c.proto.spec)["data"][0] for c in at.get("plotly_chart")]
    top, bottom = charts[0], charts[1]
    n = min(10, len(shown) // 2)  # fewer than 20 ranked areas are split, never listed twice
    assert sorted(values(top["x"]), reverse=True) == sorted(shown, reverse=True)[:n]
    assert sorted(values(bottom["x"])) == sorted(shown)[:n]
    assert list(top["text"])[-1] == format_number(max(shown)), "largest on top, Thai format"


def test_overview_for_thailand_adds_up_the_provinces(demo_store):
    at = run({"lang": "th", "round": "2564"}, page="")
    provinces = stats(demo_store, "province", round_be=2564, with_mpi=False)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["ครัวเรือนยากจน"] == format_number(provinces["poor_households"].sum())
    assert metrics["คนจน"] == format_number(provinces["poor_people"].sum())
    ratio = provinces["poor_people"].sum() / provinces["people"].sum()
    assert metrics[MEASURES["headcount_ratio"].name("th")] == format_percent(ratio * 100, 1)
    # the caption says where the same numbers can be had, in user words (no command names)
    assert any("ตัวเลขชุดเดียวกับตาราง" in c.value for c in at.caption)
