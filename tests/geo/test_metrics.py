"""geo.metrics: the mapped metrics in Thai and English, their values written the Thai official way."""

from __future__ import annotations

import re

import pytest

from geo.metrics import (
    DEFAULT_LABELS,
    METRICS,
    display_value,
    format_value,
    map_label,
    stored_value,
)


@pytest.mark.parametrize(
    ("metric", "value", "lang", "text"),
    [
        ("poor_households", 140045.0, "th", "140,045"),
        ("headcount_ratio", 0.70512, "th", "70.5%"),
        ("mpi_M0", 0.12345, "en", "0.123"),
        ("capital_human", 2.014, "th", "2.01"),
        ("change_poor_households", 1234.0, "th", "+1,234"),
        ("change_headcount_ratio", -0.0123, "th", "-1.2 จุด"),
        ("change_headcount_ratio", 0.0123, "en", "+1.2 pts"),
    ],
)
def test_values_are_formatted_the_thai_official_way(metric, value, lang, text):
    assert format_value(value, METRICS[metric], lang) == text


def test_every_metric_of_the_issue_is_offered_with_both_languages():
    wanted = {
        "poor_households",
        "poor_people",
        "headcount_ratio",
        "mpi_M0",
        "targeted_poor_households",
        "change_poor_households",
        *(f"capital_{c}" for c in ("human", "physical", "financial", "natural", "social")),
    }
    assert wanted <= set(METRICS)
    for metric in METRICS.values():
        assert metric.label("th") != metric.label("en")
        assert metric.definition("th") and metric.definition("en")
        assert re.search("[ก-๙]", metric.label("th")), metric.key


@pytest.mark.parametrize(
    ("metric", "stored", "shown"),
    [
        ("headcount_ratio", 0.25, 25.0),
        ("change_headcount_ratio", -0.012, -1.2),
        ("mpi_M0", 0.1, 0.1),
    ],
)
def test_shares_are_classed_in_percent_and_back(metric, stored, shown):
    assert display_value(stored, METRICS[metric]) == pytest.approx(shown)
    assert stored_value(shown, METRICS[metric]) == pytest.approx(stored)


def test_map_words_default_per_language_and_the_callers_win():
    assert map_label(None, "suppressed", "th") == DEFAULT_LABELS["suppressed"][0]
    assert map_label({}, "no_data", "en") == "No data"
    assert map_label({"no_data": "ว่าง"}, "no_data", "en") == "ว่าง"
