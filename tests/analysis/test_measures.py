"""The measure registry: one name per measure in each language, a definition, a unit and a
direction for every measure the app shows, and ranks that say which way is better."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.measures import MEASURES, STATS_COLUMNS, UNITS, for_rule, stats_columns_help
from geo.area_values import area_values
from geo.metrics import METRICS

K = 0.2


@pytest.mark.parametrize("lang", ["th", "en"])
def test_every_measure_has_its_own_name_in_each_language(lang):
    names = [m.name(lang, K) for m in MEASURES.values()]
    assert len(set(names)) == len(names), [n for n in names if names.count(n) > 1]
    for m in MEASURES.values():
        assert m.name("th", K) != m.name("en", K), m.key
    assert all(re.search("[ก-๙]", m.name("th")) for m in MEASURES.values())


def test_the_tpmap_headcount_and_alkire_foster_h_are_two_names_not_one_word():
    tpmap, h = MEASURES["headcount_ratio"], MEASURES["mpi_H"]
    for lang in ("th", "en"):
        assert tpmap.name(lang) != h.name(lang, K)
        assert "TPMAP" in tpmap.name(lang) and "17" in tpmap.name(lang)
        assert "H" in h.name(lang, K) and "Alkire–Foster" in h.name(lang, K)
        assert "k = 0.2" in h.name(lang, K)
    # the bare word of the issue names neither measure
    assert "สัดส่วนคนจน" not in {m.name("th", K) for m in MEASURES.values()}
    assert not h.name("th", K).startswith("สัดส่วนคนจน")


def test_every_measure_has_a_definition_a_unit_and_a_direction():
    for m in MEASURES.values():
        assert m.definition("th", K) and m.definition("en", K), m.key
        assert m.definition("th", K) != m.definition("en", K), m.key
        assert m.unit in UNITS, m.key
        assert m.better in ("lower", "higher"), m.key
        assert m.direction("th") and m.direction("en")
        assert m.rank_note("th").startswith("อันดับ 1 = ")
        assert m.rank_note("en").startswith("rank 1 = ")


def test_change_ranks_put_the_largest_fall_first_and_say_it_is_best():
    for key in ("change_poor_households", "change_headcount_ratio", "change_mpi_H"):
        m = MEASURES[key]
        assert m.change and m.lower_is_better and m.rank_ascending
        assert m.rank_note("th") == "อันดับ 1 = ลดลงมากที่สุด (ดีที่สุด)"
        assert m.rank_note("en") == "rank 1 = largest fall (best)"
    # levels: rank 1 is the area most in need, and the note says that is the worst
    assert "worst" in MEASURES["poor_households"].rank_note("en")
    assert not MEASURES["poor_households"].rank_ascending
    assert MEASURES["capital_human"].rank_ascending, "the lowest capital score ranks first"
    assert "แย่ที่สุด" in MEASURES["capital_human"].rank_note("th")


def test_every_map_metric_and_stats_column_is_a_registry_measure_with_its_name():
    for key, metric in METRICS.items():
        m = MEASURES[key]
        assert (metric.label("th"), metric.label("en")) == (m.name("th"), m.name("en"))
        assert metric.definition("en") == m.definition("en")
        assert metric.rank_ascending == m.rank_ascending
        assert metric.higher_is_worse == m.lower_is_better
    assert set(STATS_COLUMNS.values()) <= set(MEASURES)
    text = stats_columns_help("en")
    for column, key in STATS_COLUMNS.items():
        assert f"{column}: {MEASURES[key].name('en')}" in text


def test_under_the_alkire_foster_rule_the_headcount_column_is_named_h():
    assert for_rule("headcount_ratio", "af") is MEASURES["mpi_H"]
    assert for_rule("change_headcount_ratio", "af") is MEASURES["change_mpi_H"]
    assert for_rule("headcount_ratio", "tpmap") is MEASURES["headcount_ratio"]
    assert for_rule("poor_households", "af") is MEASURES["poor_households"]


def test_the_map_ranks_the_largest_fall_in_poor_households_first():
    stats = pd.DataFrame(
        {
            "code": list("abcd"),
            "households": [20.0, 20, 20, 20],
            "households_prev": [20.0, 20, 20, 20],
            "change_poor_households": [-9.0, 4, 0, -2],
        }
    )
    values = area_values(list("abcd"), stats, METRICS["change_poor_households"])
    assert values["rank"].tolist() == [1.0, 4.0, 3.0, 2.0]
    # a level still ranks the most in need first
    stats["poor_households"] = [3.0, 9, 1, 5]
    levels = area_values(list("abcd"), stats, METRICS["poor_households"])
    assert levels["rank"].tolist() == [3.0, 1.0, 4.0, 2.0]
