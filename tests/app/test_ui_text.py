"""What users read: no developer file names or commands in any label, captions that name the
palette a map is really drawn in, and charts whose value labels are not cut or crossed."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from geo import classify as gc
from geo.metrics import METRICS
from povmap.i18n import LABELS, t
from tests import roles
from tests.ui_text import DEVELOPER_TEXT

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def run(query: dict[str, str], page: str = "", role: str | None = None) -> AppTest:
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


def figures(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def values(array) -> list[float]:
    """A plotly array from the chart's JSON (plain list, or binary-encoded {dtype, bdata})."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


# --- labels -------------------------------------------------------------------------------------------


def test_no_label_names_a_developer_file_or_command():
    found = {
        (key, lang): text
        for key, pair in LABELS.items()
        for lang, text in zip(("th", "en"), pair, strict=True)
        if DEVELOPER_TEXT.search(text)
    }
    assert not found, found


def test_the_developer_text_pattern_catches_what_it_is_for():
    for text in (
        "ดู docs/data-format.md",
        "ตรงกับคำสั่ง `povmap stats`",
        "แก้ไขได้ใน data/tables/interventions.csv",
        "synthetic demo (data/synthetic_sites.py)",
        "รัน `make run`",
    ):
        assert DEVELOPER_TEXT.search(text), text
    for text in ("ไฟล์ (CSV, Excel .xlsx หรือ Parquet)", "3 / 5 · ตามเป้า", "prasertcbs/thailand_gis"):
        assert not DEVELOPER_TEXT.search(text), text


def test_demo_sites_name_no_source_file():
    from data import synthetic_sites

    assert not DEVELOPER_TEXT.search(synthetic_sites.SOURCE)


# --- the palette a caption names ------------------------------------------------------------------


def test_change_metrics_are_drawn_in_the_palette_captions_name():
    change = METRICS["change_poor_households"]
    level = METRICS["poor_households"]
    assert gc.palette_used(change, "ylorrd") == gc.DIVERGING
    assert gc.palette_used(level, "viridis") == "viridis"
    scheme = gc.class_scheme(pd.Series([-30.0, -10, -2, 0, 4, 12, 40]), change, palette="ylorrd")
    assert set(scheme.colours) <= set(gc.DIVERGING_7), "a change is drawn blue–red"
    assert not set(scheme.colours) & set(gc.PALETTES["ylorrd"])


@pytest.mark.parametrize("lang", ["th", "en"])
def test_map_of_a_change_names_blue_red_not_the_chosen_palette(demo_store, lang):
    at = run(
        {"lang": lang, "round": "2564", "metric": "change_poor_households", "palette": "viridis"},
        page="pages/map.py",
    )
    blue_red, chosen = t("map_palette_rdbu", lang), t("map_palette_viridis", lang)

    def palette_captions() -> list[str]:
        marker = t("map_palette", lang).lower() + ":"
        return [c.value for c in at.caption if marker in c.value.lower()]

    assert palette_captions() and all(blue_red in c for c in palette_captions())
    assert not any(chosen in c or "RdBu" in c for c in palette_captions())
    boxes = [b for b in at.selectbox if b.label == t("map_palette", lang)]
    assert len(boxes) == 1 and boxes[0].disabled, "the chosen palette does not apply to a change"
    assert boxes[0].options == [blue_red]
    # back on a level metric: the chosen palette again, in the box and in the caption
    at.selectbox(key="mp_metric").set_value("poor_households").run()
    assert not at.exception, [e.message for e in at.exception]
    box = at.selectbox(key="mp_palette")
    assert not box.disabled and box.value == "viridis"
    assert palette_captions() and all(chosen in c for c in palette_captions())


# --- chart layouts --------------------------------------------------------------------------------------


def test_overview_trend_leaves_room_above_its_top_value_label(demo_store):
    at = run({"lang": "th", "round": "2564"})
    trends = [f for f in figures(at) if any("lines" in str(d.get("mode", "")) for d in f["data"])]
    assert len(trends) == 1
    fig = trends[0]
    line = fig["data"][0]
    top = max(values(line["y"]))
    assert line["textposition"] == "top center" and line.get("text") is not None
    y_range = fig["layout"]["yaxis"].get("range")
    assert y_range is not None, "an autoscaled axis ends at the top point and cuts its label"
    assert y_range[0] <= 0 and y_range[1] >= 1.15 * top, (y_range, top)
    assert line.get("cliponaxis") is False, "a label may spill into the margin, never be cut"


def test_programme_target_lines_cross_no_value_label(demo_store):
    at = run({"lang": "th", "round": "2564"}, page="pages/programme.py")
    charts = [f for f in figures(at) if any(d.get("type") == "bar" for d in f["data"])]
    assert len(charts) == 2, "households lifted and referrals closed"
    for fig in charts:
        layout = fig["layout"]
        bars = next(d for d in fig["data"] if d.get("type") == "bar")
        names = list(bars["y"])
        lines = [s for s in layout.get("shapes", []) if s.get("type") == "line"]
        assert len(lines) == 2, "expected-by-now and target lines"
        x_end = layout["xaxis"]["range"][1]
        for line in lines:
            assert line["xref"] == "x" and 0 <= line["x0"] == line["x1"] <= x_end
        # no text on the bars: text placed after a bar's end runs across a line further right
        assert not bars.get("text") and bars.get("textposition") in (None, "none")
        labels = [a for a in layout.get("annotations", []) if a.get("yref") == "y"]
        assert sorted(a["y"] for a in labels) == sorted(names), "one label per bar"
        for label in labels:
            # right of the plot area, where the lines (inside the axis range) never reach
            assert label["xref"] == "paper" and label["x"] >= 1 and label["xanchor"] == "left"
            assert " / " in label["text"]
        assert layout["margin"]["r"] >= 100, "room for the labels"
