"""The export panel on the pages (AppTest): its buttons in Thai and English, nothing built until
asked, and the files it offers: a PPTX of the page's view that python-pptx opens with Thai titles
and chart series equal to `povmap stats`, a PDF, PNGs, the area table in every format and the
household records without secret columns.

The bytes are read back from Streamlit's in-memory media store (a spy records what the app
hands it; nothing is replaced)."""

from __future__ import annotations

import io
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from PIL import Image
from pptx import Presentation
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from briefing.labels import label
from data import audit, store, users
from data.store import SECRET_COLUMNS
from geo.codes import area_table as official_areas
from povmap.cli.stats import area_table
from povmap.i18n import t
from povmap.views import briefing_view as bv

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGES = ("overview", "map", "why", "outcomes", "programme")
ROUND = "2564"


@pytest.fixture
def served(monkeypatch):
    """file name -> bytes of every file the app gave Streamlit to serve."""
    files: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self, path_or_data, mimetype, kind, filename=None):
        if filename and isinstance(path_or_data, bytes):
            files[filename] = path_or_data
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    return files


#: Pages only a user holding "programme" or household records is shown (app.py).
SIGNED_IN_PAGES = ("outcomes", "programme", "household")
OFFICER = "briefing-officer"
PASSWORD = "a long enough passphrase 46"


@pytest.fixture(scope="module")
def officer_store(demo_store, tmp_path_factory):
    """A copy of the demo store with a provincial officer of Kalasin (programme pages and
    household records in 46)."""
    db = tmp_path_factory.mktemp("briefing-store") / "store.duckdb"
    db.write_bytes(demo_store.read_bytes())
    con = store.connect(db)
    try:
        users.add_user(
            con, OFFICER, PASSWORD, roles=("provincial",), areas=("46",), by=audit.Actor("test")
        )
    finally:
        con.close()
    return db


@pytest.fixture
def signed_in(officer_store, monkeypatch):
    """The session token of the officer, signed in on the store the app reads."""
    monkeypatch.setenv("POVMAP_DB", str(officer_store))
    con = store.connect(officer_store)
    try:
        session = users.sign_in(con, OFFICER, PASSWORD)
    finally:
        con.close()
    assert isinstance(session, users.Session), session
    return session.token


def run(
    page: str, lang: str = "th", area: str = "46", token: str | None = None, **query: str
) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    if token:
        at.session_state["signin_token"] = token  # as the sign-in cookie would give it
    for key, value in {"lang": lang, "round": ROUND, "area": area, **query}.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def click(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def downloads(at: AppTest) -> list[str]:
    return [d.proto.label for d in at.get("download_button")]


def stats(demo_store, level: str, **kw) -> pd.DataFrame:
    con = store.connect(demo_store)
    try:
        return area_table(con, level, **kw).set_index("code")
    finally:
        con.close()


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_the_panel_offers_every_file_in_the_pages_language(demo_store, page, lang, request):
    token = request.getfixturevalue("signed_in") if page in SIGNED_IN_PAGES else None
    at = run(page, lang, token=token)
    labels = {b.key: b.label for b in at.button if b.key and b.key.startswith("brief")}
    for fmt, word in bv.FORMATS.items():
        assert labels[f"brief-{fmt}-prepare"] == t("brief_prepare", lang, what=t(word, lang))
    assert labels["brief-table-prepare"] == t("brief_prepare_tables", lang)
    assert t("brief_panel", lang) in [e.label for e in at.expander]
    # nothing is built before it is asked for
    offered = {t("brief_download", lang, what=t(word, lang)) for word in bv.FORMATS.values()}
    assert not offered & set(downloads(at))
    assert t("brief_xlsx", lang) not in downloads(at)


def test_a_pptx_of_the_overview_has_thai_titles_and_povmap_stats(demo_store, served):
    at = click(run("overview"), "brief-pptx-prepare")
    assert t("brief_download", "th", what=t("brief_pptx", "th")) in downloads(at)
    (name,) = [n for n in served if n.endswith(".pptx")]
    prs = Presentation(io.BytesIO(served[name]))
    titles = [s.shapes[0].text_frame.text for s in prs.slides]
    for title in titles:
        assert any("\u0e00" <= c <= "\u0e7f" for c in title), title  # Thai
    top = next(s for s, title in zip(prs.slides, titles, strict=True) if "มากที่สุด" in title)
    chart = next(s for s in top.shapes if s.has_chart).chart
    (series,) = chart.series
    districts = stats(demo_store, "district", round_be=int(ROUND), area="46")
    names = official_areas().set_index("code")["name_th"]
    by_name = {names[c]: v for c, v in districts["poor_households"].items()}
    n_top = len(series.values)
    assert list(chart.plots[0].categories) and n_top > 0
    for category, value in zip(chart.plots[0].categories, series.values, strict=True):
        assert by_name[category] == value
    reportable = districts[districts["households"] >= 5]["poor_households"]
    assert list(series.values) == sorted(reportable, reverse=True)[:n_top]
    # every run carries the Thai complex-script font
    assert "a:cs" in top.shapes._spTree.xml


def test_prepared_files_stay_after_a_rerun_and_a_new_view_asks_again(demo_store, served):
    at = click(run("map"), "brief-png_projector-prepare")
    label = t("brief_download", "th", what=t("brief_png_projector", "th"))
    assert label in downloads(at)
    (name,) = [n for n in served if n.endswith("projector.png")]
    with Image.open(io.BytesIO(served[name])) as im:
        assert im.size == (1920, 1080)
    at.run()
    assert label in downloads(at)  # served again from the cache, not asked for again
    at.selectbox(key="mp_level").set_value("subdistrict").run()  # another view of the map
    assert not at.exception, [e.message for e in at.exception]
    assert label not in downloads(at)  # another view: its own prepare button
    assert at.button(key="brief-png_projector-prepare")


def test_the_pdf_of_the_why_page(demo_store, served):
    at = click(run("why", "en"), "brief-pdf-prepare")
    assert t("brief_download", "en", what=t("brief_pdf", "en")) in downloads(at)
    (name,) = [n for n in served if n.endswith(".pdf")]
    assert served[name][:5] == b"%PDF-"


def test_the_area_table_downloads_in_every_format(demo_store, served):
    at = click(run("map"), "brief-table-prepare")
    for word in ("download_csv", "brief_xlsx", "brief_geojson", "brief_gpkg", "brief_geoparquet"):
        assert t(word, "th") in downloads(at)
    districts = stats(demo_store, "district", round_be=int(ROUND), area="46")
    (gpkg,) = [n for n in served if n.endswith(".gpkg")]
    back = gpd.read_file(io.BytesIO(served[gpkg])).set_index("code")
    assert set(back.index) == set(districts.index)
    shown = ~back["suppressed"].astype(bool)
    assert (
        back.loc[shown, "poor_households"] == districts.loc[back.index[shown], "poor_households"]
    ).all()
    (xlsx,) = [n for n in served if n.endswith(".xlsx")]
    sheets = pd.read_excel(io.BytesIO(served[xlsx]), sheet_name=None)
    assert list(sheets) == ["data", "metadata"]
    meta = sheets["metadata"].set_index(sheets["metadata"].columns[0]).iloc[:, 0]
    assert str(meta[label("meta_round", "th")]) == ROUND


def test_household_records_download_without_secrets(demo_store, served, signed_in, officer_store):
    at = run("household", area="4601", token=signed_in)
    at = click(at, "hh-dl-prepare")
    assert t("brief_households_csv", "th") in downloads(at)
    (csv,) = [n for n in served if n.startswith("households-") and n.endswith("4601-2564.csv")]
    frame = pd.read_csv(io.BytesIO(served[csv]), dtype=str)
    assert not set(SECRET_COLUMNS) & set(frame.columns)
    assert (
        len(frame)
        == stats(demo_store, "district", round_be=int(ROUND), area="4601").loc["4601", "households"]
    )
    (parquet,) = [n for n in served if n.endswith(".parquet")]
    assert len(pd.read_parquet(io.BytesIO(served[parquet]))) == len(frame)
    (dictionary,) = [n for n in served if n.endswith("dictionary.csv")]
    described = pd.read_csv(io.BytesIO(served[dictionary]), dtype=str)
    assert set(frame.columns) - {"synthetic"} <= set(described["column"])

    def entries() -> list[tuple]:
        con = store.connect(officer_store)
        try:
            return con.execute(
                "SELECT who, row_count, scope FROM audit WHERE action = 'file_downloaded' "
                "AND object = ? ORDER BY seq",
                [csv],
            ).fetchall()
        finally:
            con.close()

    assert entries() == []  # prepared, not yet taken
    # taking the file leaves one entry in the audit trail: who took how many rows of which area
    (button,) = [b for b in at.download_button if b.label == t("brief_households_csv", "th")]
    button.click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert entries() == [(OFFICER, len(frame), f"4601;{ROUND}")]
    # once offered, household rows are not kept: the next run asks again
    assert t("brief_households_csv", "th") not in downloads(at)


def test_household_records_outside_the_officers_area_are_refused(demo_store, signed_in):
    at = click(run("household", area="5001", token=signed_in), "hh-dl-prepare")
    assert not [d for d in downloads(at) if d == t("brief_households_csv", "th")]
    assert at.warning and "5001" in at.warning[-1].value


def test_a_province_asks_for_a_smaller_area_before_household_records(demo_store, signed_in):
    at = run("household", area="46", token=signed_in)
    assert t("brief_households_area", "th") in [c.value for c in at.caption]
    assert not [b for b in at.button if b.key == "hh-dl-prepare"]
