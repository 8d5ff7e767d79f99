"""AppTests: every page with tables, on the demo store, shows its numbers as the cards do.

Each table's cells are rendered from what Streamlit sends the browser (the values and the column
config, see tests/table_cells.py): a count of 1,000 or more has a thousands separator, no number
has more than 3 decimals, a percent has one, a column keeps one number of decimals, a registered
percent measure shows a percent sign, and codes (area codes, rounds, IDs, line numbers) are text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis.measures import MEASURES
from data import store
from povmap.i18n import t
from tests import roles
from tests.table_cells import problems, shown

APP = str(Path(__file__).resolve().parents[2] / "app.py")

#: Column labels of codes, IDs, rounds, years and line numbers: never formatted as numbers.
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


def run(page: str, query: dict[str, str], actions=(), role: str | None = None) -> AppTest:
    """``page`` as ``role`` (default: the demo account the page is listed for)."""
    at = roles.sign_in(AppTest.from_file(APP, default_timeout=120), role or roles.role_for(page))
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page)
    at.run()
    for act in actions:
        act(at)
    assert not at.exception, [e.message for e in at.exception]
    return at


def table_problems(at: AppTest, lang: str) -> tuple[int, list[str]]:
    """(tables seen, the cells that break the rules) of every table on the page."""
    codes = {t(k, lang) for k in CODE_KEYS}
    percent_names = [  # a name, up to its Alkire-Foster k
        (m.name_en if lang == "en" else m.name_th).split("{k}")[0]
        for m in MEASURES.values()
        if m.unit in ("percent", "share")
    ]
    found: list[str] = []
    frames = list(at.dataframe)
    for n, element in enumerate(frames):
        frame: pd.DataFrame = element.value
        config = json.loads(element.proto.columns or "{}")
        name = f"table {n + 1} ({', '.join(map(str, frame.columns[:3]))} ...)"
        numbers = {
            str(c)
            for c in frame.columns
            if pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
        }
        columns = {str(c): [shown(v, config.get(str(c))) for v in frame[c]] for c in frame.columns}
        # an editor labels raw columns in its config: the header is the label
        codes_here = {c for c in columns if _label(config.get(c), c) in codes}
        found += problems(name, columns, code_columns=codes_here, number_columns=numbers)
        for c in numbers:
            if any(_label(config.get(c), c).startswith(p) for p in percent_names):
                found += [
                    f"{name} / {c!r}: {x!r} is a percent measure without a % sign"
                    for x in columns[str(c)]
                    if x and not x.endswith("%")
                ]
    return len(frames), found


def _label(config: dict | None, column: str) -> str:
    return (config or {}).get("label") or column


@pytest.fixture(scope="module")
def village(demo_store) -> str:
    con = store.connect(demo_store)
    try:
        return con.execute(
            f"""SELECT village_code FROM households
                WHERE round_be = 2564 AND {store.PoorRule().sql()}
                  AND village_code IN (SELECT village_code FROM technology_adoptions)
                GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"""
        ).fetchone()[0]
    finally:
        con.close()


def _map_table(at: AppTest) -> None:
    at.toggle(key="mp_table").set_value(True).run()


def _map_hot_spots_and_table(at: AppTest) -> None:
    at.toggle(key="mp_hot").set_value(True).run()
    at.toggle(key="mp_table").set_value(True).run()


#: (page, query, actions, tables at least): the pages with tables, both languages.
PAGES = [
    ("pages/overview.py", {"lang": "th", "round": "2565"}, (), 0),
    ("pages/map.py", {"lang": "en", "round": "2564"}, (_map_table,), 1),
    ("pages/map.py", {"lang": "th", "round": "2564", "area": "46"}, (_map_hot_spots_and_table,), 1),
    ("pages/why.py", {"lang": "th", "round": "2564", "area": "46"}, (), 1),
    ("pages/referrals.py", {"lang": "th", "round": "2565", "area": "46"}, (), 2),
    ("pages/programme.py", {"lang": "en", "round": "2565", "area": "46"}, (), 1),
    ("pages/outcomes.py", {"lang": "en", "round": "2565"}, (), 0),
    ("pages/review.py", {"lang": "en", "round": "2564", "area": "46"}, (), 1),
    ("pages/enterprises.py", {"lang": "th", "round": "2564"}, (), 1),
    ("pages/culture.py", {"lang": "en", "round": "2564"}, (), 1),
    ("pages/household.py", {"lang": "th", "round": "2564", "area": "46"}, (), 1),
    ("pages/innovation.py", {"lang": "en", "round": "2564", "area": "46"}, (), 1),
    ("pages/data.py", {"lang": "th", "round": "2564"}, (), 1),
]


@pytest.mark.parametrize(
    ("page", "query", "actions", "at_least"),
    PAGES,
    ids=[f"{p.split('/')[1][:-3]}-{q['lang']}-{q.get('area', 'th')}" for p, q, _, _ in PAGES],
)
def test_every_table_formats_numbers_as_the_cards(demo_store, page, query, actions, at_least):
    at = run(page, query, actions)
    seen, found = table_problems(at, query["lang"])
    assert seen >= at_least, f"{page} drew {seen} tables"
    assert found == [], "\n".join(found[:40])


@pytest.mark.parametrize("lang", ["en", "th"])
def test_the_village_page_tables(demo_store, village, lang):
    at = run("pages/village.py", {"lang": lang, "round": "2564", "village": village})
    seen, found = table_problems(at, lang)
    assert seen >= 2
    assert found == [], "\n".join(found[:40])
