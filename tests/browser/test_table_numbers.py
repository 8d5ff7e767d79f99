"""In headless Chromium, every table on the pages with tables draws its numbers as the cards do,
and a click on a number column's header still sorts it as numbers.

What a cell draws is read from the data grid itself (the ``displayData`` Streamlit hands the
glide data grid for each cell, the text it paints on its canvas); the rules are those of
tests/table_cells.py: 1,000 and more with a separator, at most 3 decimals, one for a percent,
one number of decimals per column, codes as text.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from analysis.measures import MEASURES
from data import store
from povmap.i18n import t
from tests.table_cells import problems

pytestmark = pytest.mark.browser

APP = Path(__file__).resolve().parents[2] / "app.py"
TIMEOUT_MS = 90_000

#: Column headers of codes, IDs, rounds, years and line numbers.
CODE_KEYS = (
    "round",
    "map_col_code",
    "sites_vil_code",
    "household",
    "action_referral_id",
    "action_baseline_round",
    "action_target_round",
    "sites_city_year",
    "data_col_line",
)

#: The cells of one stDataFrame as its grid draws them: headers, then per row (kind, text).
CELLS_JS = """(grid) => {
  const canvas = grid.querySelector('canvas');
  if (!canvas) return null;
  const key = Object.keys(canvas).find(k => k.startsWith('__reactFiber$'));
  let fiber = key && canvas[key];
  while (fiber && !(fiber.memoizedProps && fiber.memoizedProps.getCellContent
                    && fiber.memoizedProps.columns && fiber.memoizedProps.rows !== undefined)) {
    fiber = fiber.return;
  }
  if (!fiber) return null;
  const p = fiber.memoizedProps;
  const rows = [];
  for (let r = 0; r < p.rows; r++) {
    rows.push(p.columns.map((c, i) => {
      const cell = p.getCellContent([i, r]);
      const text = cell.displayData ?? (cell.data == null ? '' : String(cell.data));
      return [cell.kind, text];
    }));
  }
  return {heads: p.columns.map(c => c.title), widths: p.columns.map(c => c.width), rows};
}"""


@pytest.fixture
def app(streamlit_server, blocked_page, demo_store, tmp_path):
    db = tmp_path / "tables.duckdb"
    shutil.copyfile(demo_store, db)
    con = store.connect(db)
    try:
        village = con.execute(
            f"""SELECT village_code FROM households
                WHERE round_be = 2564 AND {store.PoorRule().sql()}
                  AND village_code IN (SELECT village_code FROM technology_adoptions)
                GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"""
        ).fetchone()[0]
    finally:
        con.close()
    env = {k: os.environ[k] for k in ("POVMAP_CACHE_DIR", "POVMAP_VAR_DIR", "POVMAP_ID_HASH_KEY")}
    return streamlit_server(APP, env={**env, "POVMAP_DB": str(db)}), blocked_page, village


def settle(page) -> None:
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=TIMEOUT_MS
    )
    page.wait_for_timeout(1500)


def grids(page) -> list[dict]:
    """Every drawn table of the page (tables in hidden tabs are not drawn: left out)."""
    out = []
    for element in page.get_by_test_id("stDataFrame").all():
        cells = element.evaluate(CELLS_JS)
        if cells is not None:
            out.append(cells)
    return out


def grid_problems(page, lang: str, where: str) -> tuple[int, list[str]]:
    codes = {t(k, lang) for k in CODE_KEYS}
    found: list[str] = []
    drawn = grids(page)
    for n, grid in enumerate(drawn):
        heads = [h.lstrip("↑↓ ") for h in grid["heads"]]
        columns = {h: [row[i][1] for row in grid["rows"]] for i, h in enumerate(heads)}
        numbers = {
            h for i, h in enumerate(heads) if any(row[i][0] == "number" for row in grid["rows"])
        }
        found += problems(
            f"{where} table {n + 1}",
            columns,
            code_columns=codes & set(heads),
            number_columns=numbers,
        )
    return len(drawn), found


def visit(page, url: str, tables: int) -> None:
    page.goto(url, wait_until="domcontentloaded")
    if tables:
        expect(page.get_by_test_id("stDataFrame").nth(tables - 1)).to_be_attached(
            timeout=TIMEOUT_MS
        )
    else:
        page.locator("h1").first.wait_for(timeout=TIMEOUT_MS)
    settle(page)


def test_tables_on_every_page_draw_numbers_as_the_cards(app, sign_in_as):
    base_url, blocked, village = app
    page = blocked.page
    page.set_viewport_size({"width": 1400, "height": 2400})
    sign_in_as(page, base_url, "provincial")  # referrals, programme, outcomes and review too
    walk = [
        ("th", "/?lang=th&round=2565", 0),
        ("th", "/why?lang=th&round=2564&area=46", 1),
        ("th", "/referrals?lang=th&round=2565&area=46", 1),
        ("en", "/programme?lang=en&round=2565&area=46", 1),
        ("en", "/outcomes?lang=en&round=2565", 0),
        ("en", "/review?lang=en&round=2564&area=46", 1),
        ("th", "/enterprises?lang=th&round=2564", 1),
        ("en", "/culture?lang=en&round=2564", 1),
        ("en", f"/village?lang=en&round=2564&village={village}", 2),
    ]
    found: list[str] = []
    drawn = 0
    for lang, path, tables in walk:
        visit(page, base_url + path, tables)
        n, bad = grid_problems(page, lang, path)
        assert n >= tables, f"{path}: {n} tables drawn"
        drawn += n
        found += bad
    assert drawn >= 8
    assert found == [], "\n".join(found[:60])
    assert blocked.external_attempts() == [] and not blocked.page_errors


def test_the_map_table_draws_separators_and_sorts_numerically(app):
    base_url, blocked, _ = app
    page = blocked.page
    page.set_viewport_size({"width": 1400, "height": 2000})
    visit(page, f"{base_url}/map?lang=en&round=2564", 0)
    toggle = page.get_by_text(t("map_table", "en"), exact=True)
    expect(toggle).to_be_visible(timeout=TIMEOUT_MS)
    settle(page)
    toggle.click()
    expect(page.get_by_test_id("stDataFrame").first).to_be_attached(timeout=TIMEOUT_MS)
    settle(page)
    n, found = grid_problems(page, "en", "map")
    assert n == 1 and found == [], "\n".join(found[:60])
    grid = grids(page)[0]
    heads = grid["heads"]
    column = heads.index(MEASURES["poor_people"].name("en"))
    texts = [row[column][1] for row in grid["rows"] if row[column][1]]
    assert any("," in x for x in texts), texts  # 1,000 and more people: a separator
    assert len({len(x) for x in texts}) > 1, "the check needs counts of different lengths"
    # a click on the header sorts the column as numbers (text order would put "987" last)
    box = page.get_by_test_id("stDataFrame").first.bounding_box()
    left = sum(grid["widths"][:column])
    page.mouse.click(box["x"] + left + grid["widths"][column] / 2, box["y"] + 17)
    settle(page)
    after = grids(page)[0]
    assert after["heads"][column].startswith(("↑", "↓")), after["heads"]
    values = [float(row[column][1].replace(",", "")) for row in after["rows"] if row[column][1]]
    assert values in (sorted(values), sorted(values, reverse=True)), values
    assert blocked.external_attempts() == [] and not blocked.page_errors
