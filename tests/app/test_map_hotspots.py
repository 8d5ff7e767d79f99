"""The map's hot-spot panel and table say which inference their z and p come from, with the
permutations, seed and correction that the computation used (the settings, not constants)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from libpysal.weights import W
from streamlit.testing.v1 import AppTest

from analysis.hotspots import HOTSPOT_LABELS, SIGNIFICANCE_LEVELS, local_gi_star
from povmap import settings
from povmap.views import map_view

APP = str(Path(__file__).resolve().parents[2] / "app.py")

# A 2 x 3 lattice (rook neighbours), ids 0..5 row-major.
TOY_W = {0: [1, 3], 1: [0, 2, 4], 2: [1, 5], 3: [0, 4], 4: [1, 3, 5], 5: [2, 4]}
TOY_X = np.array([8.0, 6, 1, 7, 3, 2])


def toy(**kwargs) -> pd.DataFrame:
    """A :func:`map_view.hotspot_classes`-shaped frame of the toy."""
    gi = local_gi_star(TOY_X, W(TOY_W), **kwargs)
    out = gi[["hotspot", "z", "p", "p_adjusted"]].astype({"hotspot": str})
    out.attrs = dict(gi.attrs)
    return out


def test_summary_names_the_permutations_and_seed_the_computation_used():
    text = map_view.hotspot_summary(toy(inference="permutation", permutations=77, seed=5), "en")
    assert "permutation inference, 77 conditional permutations, seed 5" in text
    assert "z = (G − mean of the permuted G) / their SD" in text
    assert "999" not in text
    assert "correction for multiple tests: none" in text
    assert "and p ≤ 0.10/0.05/0.01" in text
    th = map_view.hotspot_summary(toy(inference="permutation", permutations=77, seed=5), "th")
    assert "สุ่มสลับแบบมีเงื่อนไข 77 ครั้ง" in th and "seed 5" in th and "999" not in th


def test_summary_says_analytical_and_the_correction():
    text = map_view.hotspot_summary(toy(correction="fdr"), "en")
    assert "z = the Gi* z-score, p = its two-sided normal p-value" in text
    assert "(analytical inference, no permutations)" in text
    assert "false discovery rate (FDR, Benjamini–Hochberg) over 6 areas" in text
    assert "the adjusted p ≤ 0.10/0.05/0.01" in text
    assert "Bonferroni over 6 areas" in map_view.hotspot_summary(toy(correction="bonferroni"), "en")
    th = map_view.hotspot_summary(toy(correction="bonferroni"), "th")
    assert "การอนุมานเชิงวิเคราะห์" in th and "Bonferroni เมื่อทดสอบ 6 พื้นที่" in th
    plain, fdr = toy()["hotspot"], toy(correction="fdr")["hotspot"]
    assert plain.str.startswith("hot").sum() == 1 and fdr.str.startswith("hot").sum() == 0
    assert text.startswith("0 hot spots · 0 cold spots")  # counted after the correction
    assert map_view.hotspot_summary(toy(), "en").startswith("1 hot spots · 1 cold spots")


def test_unreachable_classes_are_said():
    few = toy(inference="permutation", correction="bonferroni", permutations=19)
    assert few.attrs["p_floor"] > max(SIGNIFICANCE_LEVELS.values())  # 6 * 2 / 20 = 0.6
    assert "smallest possible p is 0.6" in map_view.hotspot_unreachable(few, "en")
    assert map_view.hotspot_unreachable(toy(), "en") == ""
    assert map_view.hotspot_unreachable(toy(inference="permutation", permutations=99), "en") == ""


def texts(at: AppTest) -> str:
    return " ".join(
        [c.value for c in at.caption]
        + [m.value for m in at.markdown]
        + [w.value for w in at.info]
        + [w.value for w in at.warning]
    )


def run_kalasin() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    query = {"lang": "en", "round": "2564", "area": "46", "map_level": "district"}
    for key, value in {**query, "metric": "headcount_ratio", "hotspots": "1"}.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/map.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_panel_and_table_follow_the_settings(demo_store, monkeypatch):
    monkeypatch.setenv("POVMAP_HOTSPOT_INFERENCE", "permutation")
    monkeypatch.setenv("POVMAP_HOTSPOT_PERMUTATIONS", "99")
    monkeypatch.setenv("POVMAP_HOTSPOT_SEED", "7")
    monkeypatch.setenv("POVMAP_HOTSPOT_CORRECTION", "fdr")
    at = run_kalasin()
    shown = texts(at)
    assert "permutation inference, 99 conditional permutations, seed 7" in shown
    assert "999" not in shown
    assert re.search(r"false discovery rate \(FDR, Benjamini–Hochberg\) over \d+ areas", shown)

    at.toggle(key="mp_table").set_value(True).run()
    assert not at.exception, [e.message for e in at.exception]
    table = at.dataframe[0].value
    assert {"Hot/cold spot", "Gi* z", "Gi* p", "Adjusted p (FDR)"} <= set(table.columns)
    # the class shown follows from the z and the adjusted p shown beside it
    label = {en: c for c, (_, en) in HOTSPOT_LABELS.items()}
    for cls, z, p in table[["Hot/cold spot", "Gi* z", "Adjusted p (FDR)"]].itertuples(index=False):
        if pd.isna(p):
            assert cls in ("", HOTSPOT_LABELS["not_significant"][1])
            continue
        expected = "not_significant"
        for level in sorted(SIGNIFICANCE_LEVELS):
            if p <= SIGNIFICANCE_LEVELS[level] and z != 0:
                expected = f"{'hot' if z > 0 else 'cold'}_{level}"
        assert label[cls] == expected, (cls, z, p)
    # permutation p-values are multiples of 1 / (99 + 1): the setting was used
    raw = table["Gi* p"].dropna().to_numpy()
    np.testing.assert_allclose(raw * 100, np.round(raw * 100), atol=1e-9)


def test_panel_says_analytical_by_default(demo_store, monkeypatch):
    for name in ("INFERENCE", "CORRECTION", "PERMUTATIONS", "SEED"):
        monkeypatch.delenv(f"POVMAP_HOTSPOT_{name}", raising=False)
    assert settings.get("POVMAP_HOTSPOT_INFERENCE") == "analytical"
    at = run_kalasin()
    shown = texts(at)
    assert "(analytical inference, no permutations)" in shown
    assert "correction for multiple tests: none" in shown


@pytest.mark.parametrize("name", ["POVMAP_HOTSPOT_INFERENCE", "POVMAP_HOTSPOT_CORRECTION"])
def test_settings_offer_exactly_the_analysis_options(name, monkeypatch):
    from analysis.hotspots import CORRECTIONS, INFERENCES

    options = INFERENCES if name.endswith("INFERENCE") else CORRECTIONS
    assert settings.get(name) == options[0]
    for option in options:
        monkeypatch.setenv(name, option.upper())
        assert settings.get(name) == option
    monkeypatch.setenv(name, "other")
    with pytest.raises(ValueError, match="expected one of"):
        settings.get(name)
