"""Tables format numbers as the cards do (povmap.views.tables), and every page and view shows its
tables through povmap.views.tables.show_table (a static check of the source)."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.measures import MEASURES
from geo.maps import format_number, format_percent
from geo.metrics import METRICS, format_value
from povmap.i18n import t
from povmap.views import tables
from tests.table_cells import printf, shown

ROOT = Path(__file__).resolve().parents[1]


def frame_th() -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("village", "th"): ["บ้านหนึ่ง", "บ้านสอง"],
            t("poor_households", "th"): [1536, 987],
            "households": [140045.0, np.nan],
            MEASURES["headcount_ratio"].name("th"): [0.318912, 0.05],
            MEASURES["mpi_H"].name("th", k=1 / 3) + " [ร้อยละของคน]": [0.2, 0.015],
            MEASURES["capital_human"].name("th"): [2.3456, 3.0],
            MEASURES["mpi_M0"].name("th"): [0.123456, 0.02],
            MEASURES["change_poor_households"].name("th"): [-1234, 56],
            MEASURES["change_headcount_ratio"].name("th"): [-0.012, 0.003],
            "area_code": [4616, 10],
            t("round", "th"): [2565, 2566],
            t("map_col_code", "th"): ["4616", "10"],
            "z": [1.23456, -2.5],
        }
    )


def test_counts_percents_scores_and_codes_get_the_cards_formats():
    frame = frame_th()
    rules = tables.column_rules(frame, "th")
    kinds = {c: r.kind for c, r in rules.items()}
    assert kinds == {
        t("village", "th"): "text",
        t("poor_households", "th"): "count",
        "households": "count",
        MEASURES["headcount_ratio"].name("th"): "percent",
        MEASURES["mpi_H"].name("th", k=1 / 3) + " [ร้อยละของคน]": "percent",
        MEASURES["capital_human"].name("th"): "score",
        MEASURES["mpi_M0"].name("th"): "index",
        MEASURES["change_poor_households"].name("th"): "change_count",
        MEASURES["change_headcount_ratio"].name("th"): "points",
        "area_code": "code",
        t("round", "th"): "code",
        t("map_col_code", "th"): "text",
        "z": "decimal",
    }
    fmt = {c: r.format for c, r in rules.items()}
    assert fmt[t("poor_households", "th")] == "%,.0f"  # "%d" would have no separator
    assert fmt[MEASURES["headcount_ratio"].name("th")] == "%,.1f%%"
    assert fmt[MEASURES["capital_human"].name("th")] == "%,.2f"
    assert fmt[MEASURES["mpi_M0"].name("th")] == "%,.3f"
    assert fmt["area_code"] is None and fmt[t("round", "th")] is None


@pytest.mark.parametrize("value", [0, 7, 987, 1536, 140045, 1234567.4, -2801])
def test_a_count_reads_as_format_number(value):
    rule = tables.measure_rule(MEASURES["poor_households"])
    assert rule.text(value) == format_number(value)
    assert printf(rule.format, value) == format_number(value)  # what the browser draws


@pytest.mark.parametrize("value", [0.0, 0.05, 0.318912, 0.99951, 1.0, 0.0004])
def test_a_share_reads_as_format_percent_of_the_card(value):
    for key in ("headcount_ratio", "mpi_H", "mpi_A"):
        rule = tables.measure_rule(MEASURES[key])
        card = format_percent(value * 100, 1)
        assert rule.text(value) == card
        assert printf(rule.format, value * rule.factor) == card


@pytest.mark.parametrize("value", [1.0, 2.3456, 3.995, 4.0])
def test_scores_index_and_changes_read_as_the_map_does(value):
    for measure, v in (
        ("capital_human", value),
        ("mpi_M0", value / 10),
        ("change_poor_households", value * -1000),
        ("change_poor_households", value * 1000),
    ):
        rule = tables.measure_rule(MEASURES[measure])
        assert printf(rule.format, v) == format_value(v, METRICS[measure])
    change = tables.measure_rule(MEASURES["change_headcount_ratio"])
    v = value / 100
    assert printf(change.format, v * change.factor) + " pts" == format_value(
        v, METRICS["change_headcount_ratio"], "en"
    )


def test_the_table_keeps_numbers_numbers_and_codes_text():
    frame = frame_th()
    rules = tables.column_rules(frame, "th")
    out = tables.display_frame(frame, rules)
    ratio = MEASURES["headcount_ratio"].name("th")
    assert pd.api.types.is_numeric_dtype(out[t("poor_households", "th")])  # sorts 987 < 1,536
    assert out[ratio].tolist() == pytest.approx([31.8912, 5.0])
    assert out["area_code"].tolist() == ["4616", "10"]  # never "4,616"
    assert out[t("round", "th")].tolist() == ["2565", "2566"]
    assert frame[ratio].tolist() == [0.318912, 0.05]  # the caller's frame is left alone
    config = tables.number_config(rules)
    cells = [shown(v, config.get(ratio)) for v in out[ratio]]
    assert cells == ["31.9%", "5.0%"]
    assert shown(out["households"][0], config["households"]) == "140,045"
    assert "area_code" not in config


def test_line_numbers_stay_whole_numbers_without_a_separator():
    for lang in ("th", "en"):
        frame = pd.DataFrame({t("data_col_line", lang): [1234, 9, 10], "line": [3, 2, 1]})
        rules = tables.column_rules(frame, lang)
        assert {r.kind for r in rules.values()} == {"line"}
        out = tables.display_frame(frame, rules)
        assert out.iloc[:, 0].tolist() == [1234, 9, 10]  # numbers: line 9 sorts before 10
        config = tables.number_config(rules)
        assert [shown(v, config[t("data_col_line", lang)]) for v in out.iloc[:, 0]] == [
            "1234",
            "9",
            "10",
        ]


def test_what_the_caller_says_comes_first():
    frame = pd.DataFrame(
        {
            "progress": [31.94, 100.0],
            "share": [0.25, 0.5],
            "line": [1200, 3],
            "km": [1.26, 10.0],
            "score": [2.0, 3.5],
        }
    )
    rules = tables.column_rules(
        frame,
        "en",
        percent={"progress"},
        fractions={"share"},
        codes={"line"},
        decimals={"km": 1},
        scores={"score"},
    )
    assert [rules[c].text(frame[c][0]) for c in frame] == ["31.9%", "25.0%", "1200", "1.3", "2.00"]
    # a registered points measure given in percent keeps its sign and stays unscaled
    heading = MEASURES["change_headcount_ratio"].name("en") + " [percentage points]"
    rule = tables.column_rules(pd.DataFrame({heading: [1.2]}), "en", percent={heading})[heading]
    assert (rule.kind, rule.factor, rule.text(1.2)) == ("points", 1.0, "+1.2")


def test_a_given_column_config_wins_and_a_number_config_gets_the_format():
    import streamlit as st

    frame = pd.DataFrame({"households_to_lift": [1500], "baseline_round": [2565], "note": ["x"]})
    rules = tables.column_rules(frame, "en")
    config = tables.number_config(
        rules,
        {
            "households_to_lift": st.column_config.NumberColumn("Households", min_value=0),
            "baseline_round": st.column_config.NumberColumn("Baseline", format="%d"),
            "note": "Note",
        },
        editor=True,
    )
    lift = config["households_to_lift"]
    assert lift["label"] == "Households" and lift["type_config"]["min_value"] == 0
    assert lift["type_config"]["format"] == "%,.0f"
    assert config["baseline_round"]["type_config"]["format"] == "%d"
    assert config["note"] == "Note"
    # in an editor a numeric code stays a number without a separator
    assert tables.number_config(rules, editor=True)["baseline_round"]["type_config"] == {
        "type": "number",
        "format": "%d",
    } | {k: None for k in ("min_value", "max_value", "step")}


def test_measure_names_are_found_in_both_languages_with_k_and_unit():
    for lang in ("th", "en"):
        for key, m in MEASURES.items():
            assert tables.measure_of(m.name(lang), lang) is m
            assert tables.measure_of(f"{m.name(lang, k=0.25)} [{m.unit_label(lang)}]", lang) is m
            assert tables.measure_of(key, lang) is m
    assert tables.measure_of("No ID (cannot match)", "en") is None
    assert not tables.is_code_name("No ID (cannot match)", "en")


# --- every table goes through show_table -------------------------------------------------------------

#: Streamlit calls that draw a table; only povmap/views/tables.py makes them.
TABLE_CALLS = {"dataframe", "table", "data_editor"}


def _sources() -> list[Path]:
    files = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]
    tables = ROOT / "povmap" / "views" / "tables.py"
    files += [p for p in sorted((ROOT / "povmap").rglob("*.py")) if p != tables]
    return files


def direct_table_calls(source: str, name: str) -> list[str]:
    """``st.dataframe(...)``, ``st.table(...)``, ``st.data_editor(...)`` and the same on a
    container (``left.dataframe(...)``, ``st.sidebar.table(...)``) in one file's source."""
    found = []
    for node in ast.walk(ast.parse(source, filename=name)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        attr = node.func.attr
        root = node.func.value
        while isinstance(root, ast.Attribute):
            root = root.value
        on_st = isinstance(root, ast.Name) and root.id == "st"
        if attr in ("dataframe", "data_editor") or (attr == "table" and on_st):
            found.append(f"{name}:{node.lineno}: .{attr}(...)")
    return found


def test_no_page_or_view_draws_a_table_but_through_show_table():
    found = [
        call
        for path in _sources()
        for call in direct_table_calls(path.read_text(), str(path.relative_to(ROOT)))
    ]
    assert found == [], "draw tables with povmap.views.tables.show_table:\n" + "\n".join(found)


def test_the_static_check_sees_direct_calls():
    source = (
        "import streamlit as st\nleft, right = st.columns(2)\n"
        "st.dataframe(x)\nleft.dataframe(x)\nst.sidebar.table(x)\nst.data_editor(x)\n"
        "table('causes')\nshow_table(x, lang)\n"
    )
    assert [c.split(": ")[1] for c in direct_table_calls(source, "probe.py")] == [
        ".dataframe(...)",
        ".dataframe(...)",
        ".table(...)",
        ".data_editor(...)",
    ]
