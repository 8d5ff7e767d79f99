"""geo.classify: classes, colours and legend labels of the choropleth, and each area's class."""

from __future__ import annotations

import pandas as pd
import pytest

from geo import maps
from geo.classify import DIVERGING, DIVERGING_7, area_classes, class_scheme, palette_used
from geo.metrics import METRICS


def test_quantile_classes_known_answer():
    scheme = class_scheme(pd.Series(range(1, 11), dtype=float), METRICS["poor_households"])
    assert scheme.bins == pytest.approx([2.8, 4.6, 6.4, 8.2, 10.0])  # linear percentiles
    assert scheme.labels == ["1 – 2", "3 – 4", "5 – 6", "7 – 8", "9 – 10"]
    assert scheme.colours == maps.YLORRD_5


def test_natural_breaks_split_at_the_gap():
    values = pd.Series([1, 2, 3, 100, 101, 102, 500, 510, 1000, 1010, 5000], dtype=float)
    scheme = class_scheme(values, METRICS["poor_people"], method="natural_breaks", k=3)
    assert scheme.labels[0] == "1 – 102"


def test_shares_are_classed_and_labelled_in_percent():
    scheme = class_scheme(pd.Series([0.101, 0.2, 0.3, 0.4, 0.5]), METRICS["headcount_ratio"], k=5)
    assert scheme.labels == ["10.1%", "20.0%", "30.0%", "40.0%", "50.0%"]


def test_palettes_are_light_to_dark_and_reversed_for_capital_scores():
    values = pd.Series(range(1, 11), dtype=float)
    viridis = class_scheme(values, METRICS["poor_households"], palette="viridis")
    assert viridis.colours[0] == "#fde725" and viridis.colours[-1] == "#440154"
    capital = class_scheme(values, METRICS["capital_social"])
    assert capital.colours == maps.YLORRD_5[::-1], "low capital score = dark = most in need"


def test_change_uses_a_diverging_scheme_with_a_no_change_class():
    values = pd.Series([-30, -20, -10, -5, 0, 4, 8, 12], dtype=float)
    scheme = class_scheme(values, METRICS["change_poor_households"])
    zero = scheme.labels.index("0")
    assert scheme.colours[zero] == DIVERGING_7[3]
    assert all(c in DIVERGING_7[:3] for c in scheme.colours[:zero]), "decreases are blue"
    assert all(c in DIVERGING_7[4:] for c in scheme.colours[zero + 1 :]), "increases red"
    assert scheme.labels[-1].startswith("+")


def test_a_change_is_drawn_in_the_diverging_palette_whatever_is_chosen():
    assert palette_used(METRICS["change_poor_households"], "viridis") == DIVERGING
    assert palette_used(METRICS["poor_households"], "viridis") == "viridis"


def test_area_classes_known_answer():
    """Suppressed before no data, then the class of the value (shares classed in percent)."""
    metric = METRICS["headcount_ratio"]
    scheme = class_scheme(pd.Series([0.1, 0.2, 0.3]), metric, k=3)
    values = pd.DataFrame(
        {
            "shown": [0.3, float("nan"), float("nan"), 0.1, 0.2],
            "suppressed": [False, True, False, False, False],
        }
    )
    assert area_classes(values, scheme, metric) == [2, "s", "n", 0, 1]


def test_unknown_method_or_palette_is_refused():
    with pytest.raises(ValueError, match="classification method"):
        class_scheme([1.0], METRICS["poor_households"], method="equal")
    with pytest.raises(ValueError, match="palette"):
        class_scheme([1.0], METRICS["poor_households"], palette="jet")
