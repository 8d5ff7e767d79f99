"""AppTests of numbers that read wrong: one name per measure, coverage beside every headline and
ranking, and ranks that say which direction is better."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.measures import MEASURES
from data import store
from geo.maps import format_percent
from povmap import settings
from query.coverage import coverage
from tests import roles

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def run(query: dict[str, str], page: str | None = None, role: str | None = None) -> AppTest:
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


def texts(at: AppTest) -> list[str]:
    return (
        [c.value for c in at.caption]
        + [m.value for m in at.markdown]
        + [m.label for m in at.metric]
        + [s.value for s in at.subheader]
    )


@pytest.fixture(scope="module")
def con(demo_store):
    c = store.connect(demo_store)
    yield c
    c.close()


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("th", "สำรวจ 20 จาก 77 จังหวัด ในรอบ พ.ศ. 2565"),
        ("en", "20 of 77 provinces surveyed in 2565 BE"),
    ],
)
def test_overview_for_thailand_says_its_totals_cover_20_of_77_provinces(demo_store, lang, line):
    at = run({"lang": lang, "round": "2565"})
    shown = texts(at)
    partial = "not all of Thailand" if lang == "en" else "ไม่ใช่ทั้งประเทศไทย"
    assert any(line in s and partial in s for s in shown), f"no coverage beside the cards: {shown}"
    # each card is named by the registry, and its definition is on the page, not behind a "?"
    labels = {m.label for m in at.metric}
    assert MEASURES["headcount_ratio"].name(lang) in labels
    assert MEASURES["targeted_poor_households"].name(lang) in labels
    assert all(not m.help for m in at.metric)
    for key in ("poor_households", "headcount_ratio", "targeted_poor_households", "households"):
        assert MEASURES[key].definition(lang) in shown, key


@pytest.mark.parametrize("lang", ["th", "en"])
def test_why_page_names_h_as_alkire_foster_not_as_the_headcount_ratio(demo_store, con, lang):
    at = run({"lang": lang, "round": "2565", "area": "46"}, page="pages/why.py")
    k = float(settings.get("POVMAP_AF_K"))
    shown = texts(at)
    assert not any("H = สัดส่วนคนจน" in s or "H = share of people who are poor" in s for s in shown)
    h_name = MEASURES["mpi_H"].name(lang, k)
    metrics = {m.label: m.value for m in at.metric}
    assert h_name in metrics, list(metrics)
    assert MEASURES["mpi_H"].definition(lang, k) in shown
    # the word "สัดส่วนคนจน" only ever appears as the TPMAP measure's full name
    tpmap = MEASURES["headcount_ratio"].name("th")
    for s in shown:
        assert "สัดส่วนคนจน" not in s.replace(tpmap, ""), s
    # and H is told apart from the TPMAP headcount, with both numbers
    assert any(MEASURES["headcount_ratio"].name(lang) in s and "k = " in s for s in shown)
    from povmap.cli.stats import area_table

    expected = area_table(con, "province", round_be=2565, area="46").iloc[0]
    assert metrics[h_name] == format_percent(expected.mpi_H * 100, 1), "povmap stats's H"
    # the page says what it adds up
    captions = [c.value for c in at.caption]
    assert any("18 " in s and ("อำเภอ" in s or "districts" in s) for s in captions), captions


def _bars(at: AppTest) -> list[list[str]]:
    return [
        list(json.loads(c.proto.spec)["data"][0]["y"])
        for c in at.get("plotly_chart")
        if json.loads(c.proto.spec)["data"][0].get("type") == "bar"
    ]


@pytest.mark.parametrize(("area", "level"), [(None, "province"), ("46", "district")])
def test_overview_rankings_list_only_areas_with_data_and_say_what_they_cover(
    demo_store, con, area, level
):
    query = {"lang": "en", "round": "2565"} | ({"area": area} if area else {})
    at = run(query)
    cov = coverage(
        con, level, round_be=2565, within=area, min_cell=int(settings.get("POVMAP_MIN_CELL"))
    )
    from povmap.views import ui

    names = ui.areas().set_index("code")["name_en"]
    with_data = {names[c] for c in cov.reportable}
    top, bottom = _bars(at)[:2]
    assert set(top) <= with_data and set(bottom) <= with_data
    assert not set(top) & set(bottom), "no area is both among the most and the fewest poor"
    official = ui.areas()
    official = official[(official["level"] == level) & official["code"].str.startswith(area or "")]
    never = {names[c] for c in set(official["code"]) - set(cov.surveyed)}
    assert not never & (set(top) | set(bottom)), "an unsurveyed area in a ranking"
    captions = " ".join(c.value for c in at.caption)
    assert f"only the {len(cov.reportable)} of {cov.areas} {level}s with data in 2565" in captions
    assert any("Bottom" in m.value and "surveyed" in m.value for m in at.markdown)


@pytest.mark.parametrize(
    ("lang", "best"),
    [("th", "อันดับ 1 = ลดลงมากที่สุด (ดีที่สุด)"), ("en", "rank 1 = largest fall (best)")],
)
def test_change_metric_ranks_the_largest_fall_first_and_calls_it_best(demo_store, lang, best):
    at = run(
        {"lang": lang, "round": "2565", "area": "46", "metric": "change_poor_households"},
        page="pages/map.py",
    )
    at.toggle(key="mp_table").set_value(True).run()
    assert not at.exception, [e.message for e in at.exception]
    table = at.dataframe[0].value
    change = table[MEASURES["change_poor_households"].name(lang)]
    rank_col = next(c for c in table.columns if best in c)
    ranked = table[rank_col].dropna()
    largest_fall = change.loc[ranked.index].idxmin()
    assert change[largest_fall] < 0
    assert ranked[largest_fall] == 1
    assert ranked.max() > 1, "the largest rise is ranked last"
    assert best in " ".join(c.value for c in at.caption)
    # the map's tooltip ("Rank 1 of 18 in Kalasin") carries the same direction
    from povmap.views import map_view

    metric = map_view.metric_for("change_poor_households", "tpmap", 0.2)
    assert best in map_view._labels(lang, metric)["rank"]
