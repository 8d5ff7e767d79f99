"""povmap/briefs.py: a view state becomes the briefing of it, with the numbers `povmap stats`
prints and the pages show (the same door functions), and the researcher's downloads."""

from __future__ import annotations

import io

import geopandas as gpd
import pandas as pd
import pytest

from analysis.measures import MEASURES
from briefing.brief import ChartPart, MapPart, TablePart, deck_of
from briefing.downloads import data_dictionary, geo_download, geo_table
from data import store
from data import targets as tg
from data.store import SECRET_COLUMNS, PoorRule
from geo.codes import area_table as official_areas
from geo.map_areas import MapView
from geo.maps import format_number
from povmap import briefs
from povmap.cli.stats import area_table
from povmap.i18n import t
from query import areas
from query.access import Access
from tests.test_layers import ROOT, imported

ROUND = 2564
KALASIN = "46"


@pytest.fixture(scope="module")
def con(demo_store):
    c = store.connect(demo_store)
    yield c
    c.close()


@pytest.fixture(scope="module")
def ctx(con, boundary_cache):
    return briefs.context(con)


def stats(con, level, **kw) -> pd.DataFrame:
    return area_table(con, level, **kw).set_index("code")


def names(lang="th") -> dict[str, str]:
    frame = official_areas()
    return dict(zip(frame["code"], frame["name_en" if lang == "en" else "name_th"], strict=True))


def charts(brief) -> list[ChartPart]:
    return [p for p in brief.parts if isinstance(p, ChartPart)]


# --- the view state -------------------------------------------------------------------------------


def test_a_url_query_reads_back_the_same():
    query = {
        "page": "pages/map.py",
        "lang": ["en"],
        "round": "2565",
        "area": "46",
        "map_level": "subdistrict",
        "metric": "mpi_M0",
        "palette": "viridis",
        "type": ["elderly", "nonsense"],
    }
    state = briefs.read_state(query)
    assert (state.page, state.lang, state.round_be, state.area) == ("map", "en", 2565, "46")
    assert (state.level, state.metric, state.palette) == ("subdistrict", "mpi_M0", "viridis")
    assert briefs.read_state(briefs.state_query(state)) == state
    assert hash(state.key()) == hash(briefs.read_state(briefs.state_query(state)).key())


def test_invalid_values_fall_back_to_the_page_defaults():
    state = briefs.read_state(
        {"page": "", "lang": "fr", "area": "x'; DROP", "metric": "?", "from": "-1"}
    )
    assert state == briefs.ViewState()
    # a page without a briefing is no Overview in disguise: it is left out of a storyline
    assert not briefs.briefable({"page": "village", "village": "46010101"})
    assert briefs.briefable({"page": "pages/why.py"}) and briefs.briefable({})
    # a level the area cannot show is the level below the area, as on the map
    assert briefs.read_state({"page": "map", "area": "4601", "map_level": "province"}).level == (
        "subdistrict"
    )


def test_the_map_pages_zoom_and_centre_travel_with_its_state(con, ctx):
    query = {"page": "map", "area": KALASIN, "round": str(ROUND)}
    zoomed = {**query, "zoom": "10", "lat": "16.55", "lon": "103.6"}
    state = briefs.read_state(zoomed)
    assert state.view == MapView(10, 16.55, 103.6)
    assert briefs.read_state(briefs.state_query(state)) == state
    assert state.key() != briefs.read_state(query).key()  # a file of another view
    # out of range or incomplete: the whole area; another page has no zoom of its own
    assert briefs.read_state({**zoomed, "zoom": "40"}).view is None
    assert briefs.read_state({**zoomed, "lat": ""}).view is None
    assert briefs.read_state({**zoomed, "page": "overview"}).view is None
    (part,) = briefs.brief_of(con, zoomed, ctx=ctx).maps()
    assert part.view == MapView(10, 16.55, 103.6)
    (whole,) = briefs.brief_of(con, query, ctx=ctx).maps()
    assert whole.view is None


@pytest.mark.parametrize(
    ("page", "table", "chart"),
    [
        ("why", "mpi_title", "causes_title"),
        ("outcomes", "brief_key_numbers", "action_exits_by_area"),
        ("programme", "brief_key_numbers", "action_households_lifted"),
    ],
)
def test_a_slide_shows_the_pages_numbers_and_main_chart(con, ctx, page, table, chart):
    brief = briefs.brief_of(con, {"page": page, "round": str(ROUND), "area": KALASIN}, ctx=ctx)
    numbers, main = briefs.slide_parts(brief)
    assert numbers.title == t(table, "th") and len(numbers.frame) >= 4
    assert main.title == t(chart, "th") and main.chart.categories
    assert numbers in brief.parts and main in brief.parts  # the deck's and PDF's own parts


def test_a_page_without_a_slide_chart_shows_its_map(con, ctx):
    for page in ("overview", "map"):
        brief = briefs.brief_of(con, {"page": page, "round": str(ROUND)}, ctx=ctx)
        assert briefs.slide_parts(brief) == (None, None)


def test_briefs_imports_no_streamlit():
    path = ROOT / "povmap" / "briefs.py"
    assert not [m for m in imported("povmap.briefs", path) if m.split(".")[0] == "streamlit"]


# --- the numbers equal povmap stats ---------------------------------------------------------------


def test_overview_numbers_are_povmap_stats(con, ctx):
    brief = briefs.brief_of(
        con, {"page": "overview", "round": str(ROUND), "area": KALASIN}, ctx=ctx
    )
    assert (brief.area, brief.round_be, brief.synthetic) == ("กาฬสินธุ์", ROUND, True)
    assert brief.title == t("overview_title", "th")
    assert str(ROUND) in brief.vintage and brief.source == t("brief_source_synthetic", "th")
    districts = stats(con, "district", round_be=ROUND, area=KALASIN)
    reportable = districts[districts["households"] >= ctx.min_cell]["poor_households"]
    top, bottom, trend = charts(brief)
    n = len(top.chart.categories)
    (values,) = top.chart.series.values()
    assert values == sorted(reportable, reverse=True)[:n]
    code_of = {v: k for k, v in names().items() if k.startswith(KALASIN) and len(k) == 4}
    for name, value in zip(top.chart.categories, values, strict=True):
        assert districts.loc[code_of[name], "poor_households"] == value
    (low,) = bottom.chart.series.values()
    assert sorted(low) == sorted(reportable)[:n]
    # the trend: the province's poor households in every round
    province = stats(con, "province", area=KALASIN).sort_values("round_be")
    assert trend.chart.categories == [str(r) for r in province["round_be"]]
    assert next(iter(trend.chart.series.values())) == [
        float(v) for v in province["poor_households"]
    ]
    cards = next(p for p in brief.parts if isinstance(p, TablePart)).frame
    poor = cards.set_index(cards.columns[0]).loc[MEASURES["poor_households"].name("th")]
    now = province.set_index("round_be").loc[ROUND]
    assert poor.iloc[0] == format_number(now["poor_households"])


def test_map_numbers_are_povmap_stats(con, ctx):
    state = {"page": "map", "round": str(ROUND), "area": KALASIN, "metric": "headcount_ratio"}
    brief = briefs.brief_of(con, state, ctx=ctx)
    (shown,) = [p for p in brief.parts if isinstance(p, MapPart)]
    districts = stats(con, "district", round_be=ROUND, area=KALASIN)
    assert set(shown.areas["code"]) == set(districts.index)
    got = shown.stats.loc[districts.index, shown.column]
    assert got.to_numpy() == pytest.approx(districts["headcount_ratio"].to_numpy(), abs=1e-12)
    (ranked,) = charts(brief)
    (values,) = ranked.chart.series.values()
    reportable = districts[districts["households"] >= ctx.min_cell]["headcount_ratio"]
    assert values == pytest.approx(sorted(reportable, reverse=True)[: len(values)], abs=1e-12)
    assert shown.title.startswith("แผนที่") and "รายอำเภอ" in shown.title


def test_why_levels_add_up_to_the_areas_households(con, ctx):
    brief = briefs.brief_of(con, {"page": "why", "round": str(ROUND), "area": KALASIN}, ctx=ctx)
    levels = next(p for p in charts(brief) if p.title == t("levels_title", "th"))
    province = stats(con, "province", round_be=ROUND, area=KALASIN)
    assert sum(next(iter(levels.chart.series.values()))) == province.loc[KALASIN, "households"]
    causes = next(p for p in charts(brief) if p.title == t("causes_title", "th"))
    area_shares = causes.chart.series["กาฬสินธุ์"]
    assert sum(v for v in area_shares if v is not None) == pytest.approx(1.0, abs=1e-9)


def test_outcomes_exit_rates_are_exits_over_poor(con, ctx):
    state = {"page": "outcomes", "round": "2565", "area": KALASIN, "from": str(ROUND)}
    brief = briefs.brief_of(con, state, ctx=ctx)
    assert brief.round_be == 2565
    by_area = next(p for p in charts(brief) if p.title == t("action_exits_by_area", "th"))
    (values,) = by_area.chart.series.values()
    assert values == sorted(values, reverse=True)
    ctx_state = briefs.with_round(briefs.read_state(state), ctx)
    tables = briefs._outcome_tables(con, ROUND, 2565, ctx_state, ctx)
    code_of = {v: k for k, v in names().items() if k.startswith(KALASIN) and len(k) == 4}
    for name, value in zip(by_area.chart.categories, values, strict=True):
        row = tables["by_area"].loc[code_of[name]]
        assert value == pytest.approx(row["exited"] / row["poor_before"], abs=1e-12)


def test_programme_progress_is_the_targets(con, ctx):
    brief = briefs.brief_of(con, {"page": "programme", "round": "2565"}, ctx=ctx)
    lifted = next(p for p in charts(brief) if p.title == t("action_households_lifted", "th"))
    prog = tg.progress(con, scope="central", level="province", rule=ctx.rule())
    want = prog.sort_values("lift_progress", ascending=False, na_position="last")
    (values,) = lifted.chart.series.values()
    assert values == pytest.approx([float(v) for v in want["lift_progress"]], abs=1e-12)


def test_an_english_deck_of_a_storyline(con, ctx):
    states = [
        {"page": "map", "round": str(ROUND), "lang": "en"},
        {"page": "why", "round": str(ROUND), "area": KALASIN, "lang": "en"},
    ]
    views = briefs.briefs_of(con, states)
    from pptx import Presentation

    prs = Presentation(io.BytesIO(deck_of(views, lang="en")))
    titles = [s.shapes[0].text_frame.text for s in prs.slides]
    assert len(titles) == sum(len(v.parts) for v in views)
    assert t("capitals_title", "en") in titles and views[0].title == "Poverty map"


# --- the researcher's downloads -------------------------------------------------------------------


def test_the_map_table_downloads_with_its_boundaries(con, ctx):
    state = {"page": "map", "round": str(ROUND), "area": KALASIN}
    table = briefs.area_table_of(con, state, ctx=ctx)
    districts = stats(con, "district", round_be=ROUND, area=KALASIN)
    frame = table.frame.set_index("code")
    shown = ~frame["suppressed"]
    assert set(frame.index) == set(districts.index)
    assert (
        frame.loc[shown, "poor_households"] == districts.loc[frame.index[shown], "poor_households"]
    ).all()
    assert table.meta.round_be == ROUND and table.meta.metric == "poor_households"
    back = gpd.read_file(
        io.BytesIO(geo_download(geo_table(table.frame, table.areas, table.meta), "gpkg"))
    )
    assert len(back) == len(districts) and back.geometry.notna().all()


@pytest.mark.parametrize(
    "state",
    [
        {"page": "why", "area": KALASIN},
        {"page": "outcomes", "round": "2565", "area": KALASIN},
        {"page": "programme"},
    ],
)
def test_every_page_has_an_area_table(con, ctx, state):
    table = briefs.area_table_of(con, state, ctx=ctx)
    assert table is not None and len(table.frame) and "code" in table.frame
    geo = geo_table(table.frame, table.areas, table.meta)
    assert geo.geometry.notna().mean() > 0.9  # codes join their boundaries


def test_household_rows_leave_without_secrets(con):
    rows = briefs.household_rows(con, "4601", ROUND, access=Access.full())
    district = stats(con, "district", round_be=ROUND, area="4601")
    assert len(rows) == district.loc["4601", "households"]
    assert not set(SECRET_COLUMNS) & set(rows.columns)
    dictionary = data_dictionary(rows.columns)
    assert list(dictionary["column"]) == list(rows.columns)
    assert (dictionary["label_th"] != "").all() and (dictionary["label_en"] != "").all()
    for area in (None, KALASIN):
        with pytest.raises(ValueError):
            briefs.household_rows(con, area, ROUND, access=Access.full())


def test_the_public_sees_the_numbers_the_door_shows_it(con):
    """For a role whose area numbers are suppressed, the briefing hides exactly the areas the
    door hides (small ones and those that would give them away), in charts and in the map."""
    public = Access.public(min_cell=5)
    brief = briefs.brief_of(
        con, {"page": "overview", "round": str(ROUND), "area": KALASIN}, access=public
    )
    seen = areas.area_stats(
        con, "district", round_be=ROUND, area=KALASIN, rule=PoorRule(), access=public
    ).set_index("code")
    hidden = set(seen.index[seen["suppressed"].astype(bool)])
    assert hidden  # the demo has small districts in Kalasin
    top, bottom, _ = charts(brief)
    code_of = {v: k for k, v in names().items() if k.startswith(KALASIN) and len(k) == 4}
    listed = {code_of[c] for c in [*top.chart.categories, *bottom.chart.categories]}
    assert not listed & hidden
    (shown,) = [p for p in brief.parts if isinstance(p, MapPart)]
    assert shown.stats.loc[sorted(hidden), "poor_households"].isna().all()
    table = briefs.area_table_of(
        con, {"page": "map", "round": str(ROUND), "area": KALASIN}, access=public
    )
    frame = table.frame.set_index("code")
    assert frame.loc[sorted(hidden), "poor_households"].isna().all()
    assert t("brief_suppression_complementary", "th") in table.suppression


def test_a_storyline_leaves_out_views_without_a_briefing(con):
    states = [{"page": "village", "village": "46010101"}, {"page": "map", "round": str(ROUND)}]
    (only,) = briefs.briefs_of(con, states)
    assert only.page == "map"
    with pytest.raises(ValueError, match="no briefing"):
        briefs.brief_of(con, states[0])
