"""Text the app did not write (names from files and the store, IDs typed or in the URL, file
names) shows on the pages as typed: never as bold, a link or HTML. The pages put it into
markdown through ``povmap.views.chrome.md_escape``; here the page's markdown is rendered with a
CommonMark renderer (markdown-it, which rich installs) and its text compared with the original."""

from __future__ import annotations

import csv
import html
import re
import shutil
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from data import sites, store
from povmap import uploads
from povmap.views.chrome import md_escape
from tests import roles

APP = str(Path(__file__).resolve().parents[2] / "app.py")

#: What a name may hold that markdown, HTML or Streamlit would otherwise act on.
MARKUP = "**x** [a](http://e) <b>b</b> :red[c] :smile: :material/map: $d$"

RENDER = MarkdownIt("commonmark").enable(["strikethrough", "table"])


def rendered_text(source: str) -> tuple[str, set[str]]:
    """The text a reader sees in ``source`` and the HTML tags it is drawn with."""
    out = RENDER.render(source)
    tags = set(re.findall(r"<([a-z][a-z0-9]*)", out))
    text = html.unescape(re.sub(r"<[^>]+>", "", out)).replace("\u2060", "")
    return text, tags


def assert_literal(source: str, text: str) -> None:
    """``text`` is in ``source`` as typed: as its own characters, drawn with no markup."""
    shown, tags = rendered_text(source)
    assert text in shown, (source, shown)
    assert tags <= {"p", "h1", "h2", "h3", "h4", "h5", "h6"}, (source, tags)
    # Streamlit's own syntax (markdown-it does not know it): no colour, emoji, icon or math
    for raw in (":red[", ":smile:", ":material/"):
        assert raw not in source, (raw, source)
    assert not re.search(r"(?<!\\)\$", source), source


# --- the owner -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        MARKUP,
        "![x](http://example.com/a.png) me@example.com www.example.com",
        "# heading\n- item\n+ item\n1. item\n2) item\n> quote\n---\n===\n    code",
        "`code` ~~gone~~ _it_ a|b|c\n|-|-|\n&amp; &#60; \\*",
        "<div>block</div> <http://example.com> [ref]: http://example.com",
        "NO-SUCH · Kalasin (46) · 12:30 · อ.เมือง · 100% · C++ · a_b",
    ],
)
def test_escaped_user_text_renders_as_itself(text):
    escaped = md_escape(text)
    for line in text.split("\n"):
        assert_literal(escaped, line.strip())
    _, tags = rendered_text(escaped)
    assert tags <= {"p"}, tags


def test_plain_text_is_left_as_typed():
    for text in ("NO-SUCH", "Kalasin (46)", "12:30", "Mueang Kalasin", "กาฬสินธุ์", "H4601-0001"):
        assert md_escape(text) == text
    assert md_escape(None) == ""


# --- on the pages --------------------------------------------------------------------------------------


def run(page: str, query: dict[str, str], role: str | None = None) -> AppTest:
    """``page`` as ``role`` (default: the demo account the page is listed for)."""
    at = roles.sign_in(AppTest.from_file(APP, default_timeout=90), role or roles.role_for(page))
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.fixture(scope="module")
def marked_store(demo_store, boundary_cache, tmp_path_factory):
    """A copy of the demo store with an enterprise and a village whose names hold markup (written
    the way imports write them); the app of this module's tests reads it."""
    with store.connect(demo_store) as con:
        con.execute("CHECKPOINT")
    folder = tmp_path_factory.mktemp("markdown")
    db = folder / "marked.duckdb"
    shutil.copyfile(demo_store, db)
    con = store.connect(db)
    path = folder / "enterprise.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(
            [
                [
                    *("site_id", "name_th", "name_en", "description_en", "category"),
                    *("product_type", "value_chain_stage", "area_code"),
                ],
                [
                    *("MD-E1", "กลุ่ม " + MARKUP, "Group " + MARKUP, "About " + MARKUP),
                    *("community_enterprise", "textile", "midstream", "460101"),
                ],
            ]
        )
    sites.import_sites(con, path, "enterprise", report_dir=folder / "r", cache_dir=boundary_cache)
    village = con.execute(
        "SELECT * FROM villages WHERE village_code IN "
        "(SELECT village_code FROM households WHERE round_be = 2564 AND province_code = '46') "
        "ORDER BY village_code LIMIT 1"
    ).df()
    store.store_villages(con, village.assign(name_th="บ้าน " + MARKUP, name_en="Ban " + MARKUP))
    con.close()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("POVMAP_DB", str(db))
        yield {"village": village["village_code"].iloc[0]}


def test_an_enterprise_name_and_description_show_as_typed(marked_store):
    at = run("pages/enterprises.py", {"lang": "en", "area": "46", "enterprise": "MD-E1"})
    heading = next(m.value for m in at.markdown if "Group" in m.value)
    assert heading.startswith("### ")
    assert_literal(heading, "Group " + MARKUP)
    about = next(m.value for m in at.markdown if "About" in m.value)
    assert_literal(about, "About " + MARKUP)
    other = next(c.value for c in at.caption if "กลุ่ม" in c.value)
    assert_literal(other, "กลุ่ม " + MARKUP)


@pytest.mark.parametrize(("lang", "name"), [("en", "Ban "), ("th", "บ้าน ")])
def test_a_village_name_shows_as_typed(marked_store, lang, name):
    at = run(
        "pages/village.py", {"lang": lang, "round": "2564", "village": marked_store["village"]}
    )
    assert_literal(at.subheader[0].value, name + MARKUP)


def test_a_typed_household_id_shows_as_typed(marked_store):
    at = run("pages/household.py", {"lang": "en"})
    at.text_input(key="hh_search").set_value(MARKUP).run()
    assert not at.exception, [e.message for e in at.exception]
    assert_literal(at.warning[-1].value, MARKUP)


def test_a_product_id_from_the_url_shows_as_typed(marked_store):
    at = run("pages/product.py", {"lang": "en", "product": MARKUP})
    assert_literal(at.warning[-1].value, MARKUP)


def test_an_uploaded_file_name_shows_as_typed(marked_store):
    at = run("pages/innovation.py", {"lang": "en", "area": "46", "section": "city"})
    name = "__green__ *x* [a](b) <b>.csv"  # kept on disk as "__green__ x ab b.csv"
    text = "province,value\nKalasin,12.5\nKhon Kaen,30\n"
    at.file_uploader(key="city_file0").set_value((name, text.encode(), "text/csv")).run()
    assert not at.exception, [e.message for e in at.exception]
    read = next(c.value for c in at.caption if "green" in c.value)
    assert_literal(read, uploads.safe_name(name))
