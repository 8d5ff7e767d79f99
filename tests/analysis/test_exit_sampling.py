"""Exit verification: sample sizes, allocation, the seeded stratified sample, Wilson and exact
intervals against published values, and the three rates' verdicts (known answers)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import exit_sampling as xs

# Newcombe (1998), "Two-sided confidence intervals for the single proportion: comparison of
# seven methods", Statistics in Medicine 17: 857-872, Table I: method 3 (Wilson score) and
# method 5 (exact, Clopper-Pearson), 95 %, to 4 decimals.
NEWCOMBE = {
    (81, 263): ((0.2553, 0.3662), (0.2527, 0.3676)),
    (15, 148): ((0.0624, 0.1605), (0.0578, 0.1617)),
    (0, 20): ((0.0, 0.1611), (0.0, 0.1684)),
    (1, 29): ((0.0061, 0.1718), (0.0009, 0.1776)),
}


@pytest.mark.parametrize("case", sorted(NEWCOMBE))
def test_intervals_match_newcombes_table(case):
    wilson, exact = NEWCOMBE[case]
    assert xs.wilson_interval(*case) == pytest.approx(wilson, abs=5e-5)
    assert xs.exact_interval(*case) == pytest.approx(exact, abs=5e-5)


def test_intervals_match_scipy():
    stats = pytest.importorskip("scipy.stats")
    for count, n in [(0, 50), (5, 100), (1, 200), (190, 200), (50, 50), (3, 7), (0, 1)]:
        for confidence in (0.90, 0.95, 0.99):
            ci = stats.binomtest(count, n).proportion_ci(confidence, method="wilson")
            assert xs.wilson_interval(count, n, confidence) == pytest.approx(
                (ci.low, ci.high), abs=1e-9
            )
            ci = stats.binomtest(count, n).proportion_ci(confidence, method="exact")
            assert xs.exact_interval(count, n, confidence) == pytest.approx(
                (ci.low, ci.high), abs=1e-9
            )


def test_hand_computed_intervals():
    # Wilson 0/50: z²/(n + z²) = 3.841459 / 53.841459
    assert xs.wilson_interval(0, 50)[1] == pytest.approx(3.841459 / 53.841459, abs=1e-6)
    # exact 0/n: the upper bound is 1 - 0.025^(1/n)
    assert xs.exact_interval(0, 50)[1] == pytest.approx(1 - 0.025 ** (1 / 50), abs=1e-12)
    assert xs.exact_interval(50, 50) == pytest.approx((0.025 ** (1 / 50), 1.0), abs=1e-12)
    assert xs.wilson_interval(5, 100) == pytest.approx((0.02154, 0.11175), abs=1e-5)
    assert xs.exact_interval(5, 100) == pytest.approx((0.01643, 0.11284), abs=1e-5)
    assert xs.interval(0, 0) == (0.0, 1.0)
    with pytest.raises(ValueError):
        xs.wilson_interval(3, 2)
    with pytest.raises(ValueError, match="unknown interval method"):
        xs.interval(1, 2, method="wald")


def test_sample_sizes_follow_cochran_and_the_finite_population_correction():
    assert xs.sample_size(0.05) == 385  # 1.96² × 0.25 / 0.05² = 384.15, rounded up
    # Krejcie & Morgan (1970) table (they round to the nearest; here always up)
    assert xs.sample_size(0.05, population=100) == 80
    assert xs.sample_size(0.05, population=1000) == 278
    assert xs.sample_size(0.05, population=500) == 218  # 217.5: the table prints 217
    assert xs.sample_size(0.05, population=30) == 28
    assert xs.sample_size(0.05, population=0) == 0
    assert xs.sample_size(0.03, 0.99) == 1844  # 2.575829² × 0.25 / 0.0009 = 1843.03
    assert xs.sample_size(0.02, expected=0.02) == 189  # 3.841459 × 0.0196 / 0.0004 = 188.23
    assert xs.zero_failure_size(0.02) == 183  # ln 0.025 / ln 0.98 = 182.6
    # at that size no wrong exit passes with the exact interval; one fewer does not
    assert xs.verdict(0, 183, 0.02, "max") == "pass"
    assert xs.verdict(0, 182, 0.02, "max") == "inconclusive"
    for bad in (dict(margin=0), dict(margin=0.05, expected=1), dict(margin=0.05, confidence=1)):
        with pytest.raises(ValueError):
            xs.sample_size(**bad)


def test_allocation_is_proportional_with_a_minimum_and_caps():
    assert xs.allocate({"a": 500, "b": 300, "c": 200}, 100) == {"a": 50, "b": 30, "c": 20}
    # 100 × (1/3 each): largest remainders tie, broken by name
    assert xs.allocate({"a": 10, "b": 10, "c": 10}, 10) == {"a": 4, "b": 3, "c": 3}
    assert xs.allocate({"a": 970, "b": 20, "c": 10}, 100, minimum=5) == {"a": 90, "b": 5, "c": 5}
    # a stratum smaller than the minimum gives all it has
    assert xs.allocate({"a": 990, "b": 3, "c": 7}, 100, minimum=5) == {"a": 92, "b": 3, "c": 5}
    # the minimum wins over n
    assert xs.allocate({"a": 50, "b": 50, "c": 50}, 6, minimum=5) == {"a": 5, "b": 5, "c": 5}
    # more than everyone: everyone
    assert xs.allocate({"a": 5, "b": 2}, 100) == {"a": 5, "b": 2}
    for sizes, n in [({"a": 37, "b": 101, "c": 3, "d": 59}, 77), ({"x": 1, "y": 999}, 500)]:
        got = xs.allocate(sizes, n, minimum=2)
        assert sum(got.values()) == n
        assert all(min(2, sizes[k]) <= v <= sizes[k] for k, v in got.items())


def frame(sizes):
    rows = [(f"{v}-{i:03d}", v) for v, size in sizes.items() for i in range(size)]
    return pd.DataFrame(rows, columns=["hh_id", "village_code"])


def test_the_sample_is_reproducible_and_stratified():
    f = frame({"46010101": 60, "46010102": 30, "46010103": 10})
    a = xs.stratified_sample(f, 20, stratum_col="village_code", seed=2565)
    assert a.groupby("stratum").size().to_dict() == {"46010101": 12, "46010102": 6, "46010103": 2}
    assert not a["hh_id"].duplicated().any() and set(a["hh_id"]) <= set(f["hh_id"])
    assert (a["hh_id"].str[:8] == a["stratum"]).all()
    shuffled = f.sample(frac=1.0, random_state=1)
    pd.testing.assert_frame_equal(
        a, xs.stratified_sample(shuffled, 20, stratum_col="village_code", seed=2565)
    )
    other = xs.stratified_sample(f, 20, stratum_col="village_code", seed=2566)
    assert set(other["hh_id"]) != set(a["hh_id"])
    # a stratum's draw does not depend on the other strata
    alone = xs.stratified_sample(
        f[f["village_code"] == "46010102"], 6, stratum_col="village_code", seed=2565
    )
    assert alone["hh_id"].tolist() == a.loc[a["stratum"] == "46010102", "hh_id"].tolist()
    assert a["draw_no"].tolist()[:3] == [1, 2, 3]
    everyone = xs.stratified_sample(f, 1000, stratum_col="village_code", seed=1)
    assert len(everyone) == 100
    empty = xs.stratified_sample(f.iloc[:0], 10, stratum_col="village_code", seed=1)
    assert empty.empty and list(empty.columns) == ["hh_id", "stratum", "draw_no"]


def test_the_same_seed_draws_the_same_households_as_before():
    """A pinned draw: a sample stored and re-drawn later must not change with a library update
    unnoticed (numpy's default generator, PCG64, is stable across versions)."""
    f = frame({"46010101": 8, "46010102": 4})
    got = xs.stratified_sample(f, 4, stratum_col="village_code", seed=42)
    assert got["hh_id"].tolist() == [
        "46010101-007",
        "46010101-005",
        "46010101-004",
        "46010102-003",
    ]
    assert got["stratum"].tolist() == ["46010101"] * 3 + ["46010102"]


def test_verdicts_read_the_interval():
    # wrong exits: 0 of 100 cannot show <= 2 % (upper 3.6 %); 0 of 200 can (upper 1.8 %)
    assert xs.verdict(0, 100, 0.02, "max") == "inconclusive"
    assert xs.verdict(0, 200, 0.02, "max") == "pass"
    assert xs.verdict(2, 100, 0.02, "max") == "inconclusive"  # 2 % is not above 2 %
    assert xs.verdict(3, 100, 0.02, "max") == "fail"
    # satisfaction: 95 of 100 (lower 88.7 %) is inconclusive; 98 of 100 (lower 93.0 %) passes
    assert xs.verdict(95, 100, 0.90, "min") == "inconclusive"
    assert xs.verdict(98, 100, 0.90, "min") == "pass"
    assert xs.verdict(85, 100, 0.90, "min") == "fail"
    assert xs.verdict(0, 0, 0.90, "min") == "no_data"
    # Wilson is a little narrower away from 0: 1 of 300 passes with both
    assert xs.verdict(1, 300, 0.02, "max", method="wilson") == "pass"
    assert xs.verdict(1, 300, 0.02, "max", method="exact") == "pass"


def test_three_rates_of_an_area():
    t = xs.three_rates(
        {"wrong_exit": (1, 400), "missed_poor": (6, 200), "satisfaction": (240, 250)},
        xs.ExitThresholds(),
    )
    assert t.index.tolist() == ["wrong_exit", "missed_poor", "satisfaction"]
    assert t["value"].tolist() == pytest.approx([0.0025, 0.03, 0.96])
    assert t["verdict"].tolist() == ["pass", "fail", "pass"]
    assert t.loc["wrong_exit", ["low", "high"]].tolist() == pytest.approx(
        xs.exact_interval(1, 400), abs=1e-12
    )
    assert t["threshold"].tolist() == [0.02, 0.02, 0.90]
    assert xs.overall(t["verdict"]) == "fail"
    missing = xs.three_rates({"wrong_exit": (0, 200)})
    assert missing["verdict"].tolist() == ["pass", "no_data", "no_data"]
    assert pd.isna(missing.loc["satisfaction", "value"])
    assert xs.overall(missing["verdict"]) == "inconclusive"
    assert xs.overall(["no_data"] * 3) == "no_data"
    with pytest.raises(ValueError):
        xs.ExitThresholds(wrong_exit_max=0)
    with pytest.raises(ValueError):
        xs.ExitThresholds(method="wald")
