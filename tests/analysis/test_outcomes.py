"""Transitions between rounds on a small hand-made panel whose counts are worked out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import outcomes as oc

# poor flag per round (None = not surveyed that round) and district
PANEL = {
    #      2563   2564   2565   district
    "a": (True, False, False, "4601"),
    "b": (True, True, False, "4601"),
    "c": (False, True, True, "4601"),
    "d": (False, False, False, "4602"),
    "e": (True, None, True, "4602"),
    "f": (None, True, False, "4602"),
    "g": (True, False, True, "4602"),
}
LEVEL = {
    "a": ("struggling", "getting_by", "getting_by"),
    "b": ("struggling", "difficult", "getting_by"),
    "c": ("getting_by", "difficult", "difficult"),
    "d": ("living_well", "living_well", "living_well"),
    "e": ("difficult", None, "difficult"),
    "f": (None, "struggling", "getting_by"),
    "g": ("difficult", "getting_by", "struggling"),
}


@pytest.fixture
def panel() -> pd.DataFrame:
    rows = []
    for hh, (*flags, district) in PANEL.items():
        for r, (flag, level) in zip(
            (2563, 2564, 2565), zip(flags, LEVEL[hh], strict=True), strict=True
        ):
            if flag is not None:
                rows.append((hh, r, flag, district, district[:2], level))
    return pd.DataFrame(
        rows, columns=["hh_id", "round_be", "poor", "district_code", "province_code", "level"]
    )


def test_transition_counts_between_two_rounds(panel):
    t = oc.transitions(panel, 2563, 2564).iloc[0]
    # a, g exited; b stayed; c entered; d never; e poor but not surveyed again; f new
    assert (t.exited, t.stayed, t.entered, t.never, t.poor_not_resurveyed) == (2, 1, 1, 1, 1)
    assert (t.poor_before, t.poor_after) == (4, 3)  # a b e g → b c f
    assert t.exit_rate == pytest.approx(2 / 3)
    assert t.entry_rate == pytest.approx(1 / 2)
    assert t.net_change == -1


def test_transition_counts_per_area(panel):
    t = oc.transitions(panel, 2563, 2564, area_col="district_code")
    assert t.loc["4601", ["exited", "stayed", "entered", "never"]].tolist() == [1, 1, 1, 0]
    assert t.loc["4601", "exit_rate"] == pytest.approx(0.5)
    # 4602: g exited, d never, e not surveyed again; f is new in 2564 and counts in its area there
    assert t.loc[
        "4602", ["exited", "stayed", "entered", "never", "poor_not_resurveyed"]
    ].tolist() == [
        1,
        0,
        0,
        1,
        1,
    ]
    assert t.loc["4602", ["poor_before", "poor_after"]].tolist() == [2, 1]
    assert t.loc["4602", "exit_rate"] == 1.0
    assert t["exited"].sum() == oc.transitions(panel, 2563, 2564).iloc[0].exited


def test_households_can_be_compared_across_non_adjacent_rounds(panel):
    t = oc.transitions(panel, 2563, 2565).iloc[0]
    # a exited, b exited, c entered, d never, e stayed, g stayed
    assert (t.exited, t.stayed, t.entered, t.never) == (2, 2, 1, 1)


def test_each_household_gets_one_transition(panel):
    hh = oc.household_transitions(panel, 2563, 2564).set_index("hh_id")["transition"]
    assert hh.to_dict() == {
        "a": "exited",
        "b": "stayed",
        "c": "entered",
        "d": "never",
        "e": "not_resurveyed",
        "f": "new_in_survey",
        "g": "exited",
    }


def test_duplicate_household_rows_are_refused(panel):
    with pytest.raises(ValueError, match="one row per household"):
        oc.transitions(pd.concat([panel, panel.iloc[[0]]]), 2563, 2564)


def test_exits_since_previous_round_per_area(panel):
    out = oc.exits_since_previous(panel, "district_code").set_index(["code", "round_be"])
    assert out.loc[("4601", 2564), ["previous_round", "poor_previous", "exited"]].tolist() == [
        2563,
        2,
        1,
    ]
    # 2564 → 2565: b exited (4601), c stayed; f exited (4602); e is new in 2565 after a gap
    assert out.loc[("4601", 2565), "exited"] == 1
    assert out.loc[("4601", 2565), "exit_rate"] == pytest.approx(0.5)
    assert out.loc[("4602", 2565), "exited"] == 1
    assert out.loc[("4602", 2565), "exit_rate"] == 1.0
    one = oc.exits_since_previous(panel, "province_code", round_be=2565)
    assert one[["code", "round_be", "exited", "poor_previous"]].values.tolist() == [
        ["46", 2565, 2, 3]
    ]
    assert oc.exits_since_previous(panel[panel["round_be"] == 2563], "district_code").empty


def test_level_flows_count_every_household_once(panel):
    flows = oc.level_flows(
        panel, 2563, 2564, levels=["struggling", "difficult", "getting_by", "living_well"]
    )
    assert flows.loc["struggling", "getting_by"] == 1  # a
    assert flows.loc["struggling", "difficult"] == 1  # b
    assert flows.loc["difficult", oc.NOT_SURVEYED] == 1  # e
    assert flows.loc[oc.NOT_SURVEYED, "struggling"] == 1  # f
    assert flows.to_numpy().sum() == 7
    links = oc.sankey_links(flows, {}, from_round=2563, to_round=2564)
    assert sum(links["value"]) == 7
    assert len(links["label"]) == 2 * len(flows)


def test_exit_rate_by_intervention_received_is_a_plain_comparison(panel):
    received = pd.DataFrame(
        {
            "hh_id": ["a", "b", "b", "c", "e"],
            "round_be": [2563, 2563, 2563, 2564, 2563],
            "type": ["health", "health", "education", "finance", "housing"],
        }
    )
    out = oc.outcomes_by_intervention(panel, received, 2563, 2564)
    # base: poor in 2563 and surveyed in 2564 = a (exited), b (stayed), g (exited); e not resurveyed
    assert out.loc["health", ["households", "exited"]].tolist() == [2, 1]
    assert out.loc["education", ["households", "exited"]].tolist() == [1, 0]
    assert "finance" not in out.index  # help based on 2564 data does not count for 2563 → 2564
    assert "housing" not in out.index  # e was not surveyed again
    assert out.loc["any", ["households", "exited"]].tolist() == [2, 1]
    assert out.loc["none", ["households", "exited"]].tolist() == [1, 1]
    assert out.loc["health", "difference_pts"] == pytest.approx(-50.0)
    assert np.isclose(out.loc["none", "difference_pts"], 0.0)


def test_the_intervention_chart_shows_none_first_types_by_exit_rate_and_any_last():
    table = pd.DataFrame(
        {"households": [30, 2, 40, 90, 200], "exit_rate": [0.5, 0.9, 0.2, 0.3, 0.1]},
        index=pd.Index(["cash", "tiny", "training", "any", "none"], name="type"),
    )
    rows = oc.intervention_chart_rows(table, min_cell=5)
    assert rows.index.tolist() == ["none", "training", "cash", "any"]  # "tiny" is under min_cell


def test_only_poor_households_not_surveyed_again_count_as_poor_not_resurveyed():
    panel = pd.DataFrame(
        {
            "hh_id": ["p", "q", "q", "r", "s"],
            "round_be": [2564, 2564, 2565, 2564, 2565],
            "poor": [True, True, False, False, True],
            "d": ["4601", "4601", "4601", "4602", "4602"],
        }
    )
    # p poor, not surveyed again; r not poor, not surveyed again; s new in 2565
    whole = oc.transitions(panel, 2564, 2565).iloc[0]
    assert (whole.poor_not_resurveyed, whole.exited, whole.poor_before) == (1, 1, 2)
    per = oc.transitions(panel, 2564, 2565, area_col="d")["poor_not_resurveyed"]
    assert per.to_dict() == {"4601": 1, "4602": 0}
    assert oc.exits_since_previous(panel, "d")["poor_not_resurveyed"].tolist() == [1, 0]


def test_level_flows_without_levels_list_not_surveyed_once(panel):
    flows = oc.level_flows(panel, 2563, 2564)
    order = ["difficult", "getting_by", "living_well", "struggling", oc.NOT_SURVEYED]
    assert flows.index.tolist() == order and flows.columns.tolist() == order
    assert flows.loc[oc.NOT_SURVEYED, "struggling"] == 1  # f
    assert flows.loc["difficult", oc.NOT_SURVEYED] == 1  # e
    assert flows.to_numpy().sum() == 7
