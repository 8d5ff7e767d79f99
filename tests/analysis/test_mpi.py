"""Tests for analysis.mpi: Alkire–Foster against the published worked example (docs/methods.md, "Alkire–Foster") plus property tests."""

from __future__ import annotations

import doctest
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from analysis import mpi
from analysis.mpi import (
    AFResult,
    af_by_area,
    alkire_foster,
    decompose,
    deprivation_matrix,
    indicator_weights,
    normalised_gaps,
)

REPO = Path(__file__).resolve().parents[2]
BMN_CSV = REPO / "data" / "tables" / "bmn_indicators.csv"
TOL = 1e-9

# ------------------------------------------------- the published worked example (Alkire et al. 2015)

X = np.array(
    [
        [13.1, 14, 4, 1],  # a
        [15.2, 7, 5, 0],  # b
        [12.5, 10, 1, 0],  # c
        [20.0, 11, 3, 1],  # d
    ]
)
Z = np.array([13, 12, 3, 1])
W = np.full(4, 0.25)
G0 = np.array([[0, 0, 0, 0], [0, 1, 0, 1], [1, 1, 1, 1], [0, 1, 0, 0]])
GAPS = np.array(
    [
        [0, 0, 0, 0],
        [0, 5 / 12, 0, 1],
        [0.5 / 13, 2 / 12, 2 / 3, 1],
        [0, 1 / 12, 0, 0],
    ]
)
# Per-person sums of gaps (alpha = 1) and squared gaps (alpha = 2), by hand.
G1_B, G1_C, G1_D = 5 / 12 + 1, 0.5 / 13 + 2 / 12 + 2 / 3 + 1, 1 / 12
G2_B = (5 / 12) ** 2 + 1
G2_C = (0.5 / 13) ** 2 + (2 / 12) ** 2 + (2 / 3) ** 2 + 1
G2_D = (1 / 12) ** 2
UNCENSORED = [1 / 4, 3 / 4, 1 / 4, 2 / 4]

# k -> exact expected values; "table" holds the published rounded 4-decimal M1, M2, A.
EXPECTED = {
    0.25: {
        "q": 3,
        "H": 3 / 4,
        "A": (0.5 + 1 + 0.25) / 3,
        "M0": 7 / 16,
        "M1": 0.25 * (G1_B + G1_C + G1_D) / 4,
        "M2": 0.25 * (G2_B + G2_C + G2_D) / 4,
        "censored": [1 / 4, 3 / 4, 1 / 4, 2 / 4],
        "phi": [1 / 7, 3 / 7, 1 / 7, 2 / 7],
        "poor": [False, True, True, True],
        "table": {"A": 0.5833, "M1": 0.2107, "M2": 0.1659},
    },
    0.5: {
        "q": 2,
        "H": 1 / 2,
        "A": 3 / 4,
        "M0": 6 / 16,
        "M1": (0.25 * (5 / 12 + 1) + 0.25 * (0.5 / 13 + 2 / 12 + 2 / 3 + 1)) / 4,
        "M2": 0.25 * (G2_B + G2_C) / 4,
        "censored": [1 / 4, 2 / 4, 1 / 4, 2 / 4],
        "phi": [1 / 6, 2 / 6, 1 / 6, 2 / 6],
        "poor": [False, True, True, False],
        "table": {"A": 0.75, "M1": 0.2055, "M2": 0.1655},
    },
    0.75: {
        "q": 1,
        "H": 1 / 4,
        "A": 1.0,
        "M0": 1 / 4,
        "M1": 0.25 * G1_C / 4,
        "M2": 0.25 * G2_C / 4,
        "censored": [1 / 4] * 4,
        "phi": [1 / 4] * 4,
        "poor": [False, False, True, False],
        "table": {"A": 1.0, "M1": 0.1170, "M2": 0.0921},
    },
}
EXPECTED[1.0] = EXPECTED[0.75]


def test_deprivation_matrix_of_worked_example():
    np.testing.assert_array_equal(deprivation_matrix(X, Z), G0)


def test_normalised_gaps_of_worked_example():
    np.testing.assert_allclose(normalised_gaps(X, Z), GAPS, rtol=0, atol=1e-15)
    # The published rounded gaps for b and c.
    g = normalised_gaps(X, Z)
    assert g[1, 1] == pytest.approx(0.4167, abs=5e-5)
    assert g[2, 0] == pytest.approx(0.0385, abs=5e-5)
    assert g[2, 2] == pytest.approx(0.6667, abs=5e-5)


@pytest.mark.parametrize("k", sorted(EXPECTED))
def test_worked_example_known_answers(k):
    exp = EXPECTED[k]
    r = alkire_foster(deprivation_matrix(X, Z), W, k, gaps=normalised_gaps(X, Z))
    assert r.k == k
    assert r.n == 4
    assert r.q == exp["q"]
    for name in ("H", "A", "M0", "M1", "M2"):
        assert getattr(r, name) == pytest.approx(exp[name], abs=TOL), name
    np.testing.assert_allclose(r.censored_headcounts, exp["censored"], rtol=0, atol=TOL)
    np.testing.assert_allclose(r.uncensored_headcounts, UNCENSORED, rtol=0, atol=TOL)
    np.testing.assert_allclose(r.contributions, exp["phi"], rtol=0, atol=TOL)
    np.testing.assert_allclose(r.scores, [0, 0.5, 1, 0.25], rtol=0, atol=TOL)
    assert r.poor.tolist() == exp["poor"]
    # The rounded values printed in the published table agree with the exact ones.
    for name, rounded in exp["table"].items():
        assert getattr(r, name) == pytest.approx(rounded, abs=5e-5)


def test_worked_example_table_m0_and_percentages():
    r = alkire_foster(G0, W, 0.25)
    m0 = r.M0
    assert m0 == pytest.approx(0.4375, abs=TOL)
    np.testing.assert_allclose(np.round(100 * r.contributions, 1), [14.3, 42.9, 14.3, 28.6])
    # The published text quotes M1 at k = 2/4 as "≈ 3.29/16"
    m1 = alkire_foster(G0, W, 0.5, gaps=GAPS).M1
    assert m1 == pytest.approx(3.29 / 16, abs=5e-4)


def test_uncensored_differs_from_censored_for_schooling_at_k_half():
    r = alkire_foster(G0, W, 0.5)
    assert r.uncensored_headcounts[1] == pytest.approx(0.75)
    assert r.censored_headcounts[1] == pytest.approx(0.5)


def test_m1_equals_m0_when_all_gaps_are_one():
    for k in EXPECTED:
        r = alkire_foster(G0, W, k, gaps=G0)
        m0, m1, m2 = r.M0, r.M1, r.M2
        assert m1 == pytest.approx(m0, abs=1e-15)
        assert m2 == pytest.approx(m0, abs=1e-15)


def test_gaps_only_count_where_deprived():
    r = alkire_foster(G0, W, 0.5, gaps=np.ones_like(GAPS))
    m0, m1 = r.M0, r.M1
    assert m1 == pytest.approx(m0)


def test_m1_m2_none_without_gaps():
    r = alkire_foster(G0, W, 0.5)
    assert r.M1 is None and r.M2 is None


def test_subgroup_decomposition_worked_example():
    t = decompose(G0, W, 0.5, ["ab", "ab", "cd", "cd"])
    assert list(t.index) == ["ab", "cd"]
    assert t.loc["ab", "M0"] == pytest.approx(0.25, abs=TOL)
    assert t.loc["cd", "M0"] == pytest.approx(0.5, abs=TOL)
    assert t.loc["ab", "H"] == pytest.approx(0.5) and t.loc["cd", "H"] == pytest.approx(0.5)
    assert t.loc["ab", "A"] == pytest.approx(0.5) and t.loc["cd", "A"] == pytest.approx(1.0)
    np.testing.assert_allclose(t["population"], [2, 2])
    np.testing.assert_allclose(t["population_share"], [0.5, 0.5])
    np.testing.assert_allclose(t["contribution"], [1 / 3, 2 / 3], atol=TOL)
    overall = (t["population_share"] * t["M0"]).sum()
    assert overall == pytest.approx(0.375, abs=TOL)
    assert overall == pytest.approx(alkire_foster(G0, W, 0.5).M0, abs=TOL)


def test_decompose_with_unequal_group_populations():
    # ab: b poor (3 people, c = .5) of 4 people; cd: c poor (2 people, c = 1) of 8 people
    t = decompose(G0, W, 0.5, ["ab", "ab", "cd", "cd"], population=[1, 3, 2, 6])
    np.testing.assert_allclose(t["population"], [4, 8])
    np.testing.assert_allclose(t["poor_population"], [3, 2])
    np.testing.assert_allclose(t["population_share"], [1 / 3, 2 / 3])
    np.testing.assert_allclose(t["H"], [3 / 4, 2 / 8])
    np.testing.assert_allclose(t["A"], [0.5, 1.0])
    np.testing.assert_allclose(t["M0"], [1.5 / 4, 2 / 8])
    np.testing.assert_allclose(t["contribution"], [3 / 7, 4 / 7])
    overall = alkire_foster(G0, W, 0.5, population=[1, 3, 2, 6]).M0
    assert overall == pytest.approx(3.5 / 12)
    assert (t["population_share"] * t["M0"]).sum() == pytest.approx(overall)


def test_decompose_sorts_labels_and_keeps_series_name():
    groups = pd.Series(["z", "a", "z", "a"], name="province")
    t = decompose(G0, W, 0.5, groups)
    assert list(t.index) == ["a", "z"]
    assert t.index.name == "province"
    # a = rows b, d (c = .5 poor, .25 not) ; z = rows a, c
    assert t.loc["a", "M0"] == pytest.approx(0.25)
    assert t.loc["z", "M0"] == pytest.approx(0.5)


# ----------------------------------------------------------------------------- household weighting


def test_household_sizes_change_headcount():
    g0 = [[1, 1], [0, 0]]  # household 1 poor, household 2 not
    w = [0.5, 0.5]
    unweighted = alkire_foster(g0, w, 0.5)
    assert (unweighted.n, unweighted.q, unweighted.H) == (2.0, 1.0, 0.5)
    small_poor = alkire_foster(g0, w, 0.5, population=[1, 4])
    assert (small_poor.n, small_poor.q) == (5.0, 1.0)
    np.testing.assert_allclose([small_poor.H, small_poor.A, small_poor.M0], [0.2, 1.0, 0.2])
    np.testing.assert_allclose(small_poor.censored_headcounts, [0.2, 0.2])
    big_poor = alkire_foster(g0, w, 0.5, population=[4, 1])
    np.testing.assert_allclose([big_poor.H, big_poor.M0], [0.8, 0.8])


def test_household_weighting_equals_expanding_members():
    pop = np.array([3, 1, 2, 5])
    weighted = alkire_foster(G0, W, 0.5, population=pop, gaps=GAPS)
    expanded = alkire_foster(np.repeat(G0, pop, axis=0), W, 0.5, gaps=np.repeat(GAPS, pop, axis=0))
    for name in ("n", "q", "H", "A", "M0", "M1", "M2"):
        assert getattr(weighted, name) == pytest.approx(getattr(expanded, name), abs=1e-12)
    np.testing.assert_allclose(weighted.contributions, expanded.contributions, atol=1e-12)
    # people b (1) and c (2) are poor out of 11
    assert weighted.q == 3.0
    assert weighted.n == 11.0


# ----------------------------------------------------------------------------- NaN and tolerance


def test_nan_achievement_is_not_deprived():
    x = np.array([[np.nan, 0.0], [1.0, np.nan]])
    np.testing.assert_array_equal(deprivation_matrix(x, [2.0, 2.0]), [[0, 1], [1, 0]])
    np.testing.assert_array_equal(normalised_gaps(x, [2.0, 2.0]), [[0, 1], [0.5, 0]])


def test_nan_deprivation_counts_as_not_deprived_without_reweighting():
    with_nan = alkire_foster([[1, np.nan], [1, 1]], [0.5, 0.5], 1.0)
    assert with_nan.poor.tolist() == [False, True]
    np.testing.assert_allclose(with_nan.scores, [0.5, 1.0])
    as_zero = alkire_foster([[1, 0], [1, 1]], [0.5, 0.5], 1.0)
    assert with_nan.M0 == as_zero.M0


def test_bool_deprivations_accepted():
    m0 = alkire_foster(G0.astype(bool), W, 0.5).M0
    assert m0 == pytest.approx(0.375)


@pytest.mark.parametrize(("n_deprived", "k"), [(8, 0.8), (9, 0.9), (10, 1.0)])
def test_identification_is_robust_to_float_error(n_deprived, k):
    w = np.full(10, 0.1)
    g0 = np.zeros((1, 10))
    g0[0, :n_deprived] = 1
    assert (g0 @ w)[0] < k  # plain float comparison would miss this person
    r = alkire_foster(g0, w, k)
    assert r.poor.tolist() == [True]
    assert r.H == 1.0


def test_intersection_with_sixths():
    r = alkire_foster(np.ones((2, 6)), np.full(6, 1 / 6), 1.0)
    assert r.q == 2.0


def test_zero_weight_deprivations_never_make_poor():
    r = alkire_foster([[1, 0]], [0.0, 1.0], 1e-300)
    assert r.poor.tolist() == [False]
    assert r.H == 0.0 and r.A == 0.0 and r.M0 == 0.0
    np.testing.assert_array_equal(r.contributions, [0.0, 0.0])


def test_result_is_immutable():
    r = alkire_foster(G0, W, 0.5)
    assert isinstance(r, AFResult)
    with pytest.raises(AttributeError):
        r.M0 = 1.0  # type: ignore[misc]
    with pytest.raises(ValueError):
        r.scores[0] = 1.0


# ----------------------------------------------------------------------------- validation


@pytest.mark.parametrize("k", [0.0, -0.1, 1.0000001, 1.5, float("nan"), "x"])
def test_k_outside_unit_interval_rejected(k):
    with pytest.raises(ValueError, match="k must be"):
        alkire_foster(G0, W, k)
    with pytest.raises(ValueError, match="k must be"):
        decompose(G0, W, k, [0, 0, 1, 1])


@pytest.mark.parametrize(
    ("weights", "match"),
    [
        ([0.25, 0.25, 0.25, 0.2], "sum to 1"),
        ([0.5, 0.5, 0.5, -0.5], "non-negative"),
        ([0.5, 0.5], "length 4"),
        ([0.25, 0.25, 0.25, np.nan], "finite"),
    ],
)
def test_bad_indicator_weights_rejected(weights, match):
    with pytest.raises(ValueError, match=match):
        alkire_foster(G0, weights, 0.5)


def test_other_bad_inputs_rejected():
    with pytest.raises(ValueError, match="0, 1"):
        alkire_foster([[2, 0]], [0.5, 0.5], 0.5)
    with pytest.raises(ValueError, match="2-D"):
        alkire_foster([1, 0], [0.5, 0.5], 0.5)
    with pytest.raises(ValueError, match="non-negative"):
        alkire_foster(G0, W, 0.5, population=[1, -1, 1, 1])
    with pytest.raises(ValueError, match="finite"):
        alkire_foster(G0, W, 0.5, population=[1, np.nan, 1, 1])
    with pytest.raises(ValueError, match="length 4"):
        alkire_foster(G0, W, 0.5, population=[1, 1])
    with pytest.raises(ValueError, match="zero"):
        alkire_foster(G0, W, 0.5, population=[0, 0, 0, 0])
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        alkire_foster(G0, W, 0.5, gaps=2 * G0)
    with pytest.raises(ValueError, match="shape"):
        alkire_foster(G0, W, 0.5, gaps=GAPS[:2])
    with pytest.raises(ValueError, match="missing"):
        decompose(G0, W, 0.5, ["a", None, "b", "b"])
    with pytest.raises(ValueError, match="length 4"):
        decompose(G0, W, 0.5, ["a", "b"])
    with pytest.raises(ValueError, match="positive"):
        normalised_gaps(X, [13, 0, 3, 1])
    with pytest.raises(ValueError, match="non-negative"):
        normalised_gaps([[-1.0]], [1.0])
    with pytest.raises(ValueError, match="length"):
        deprivation_matrix(X, [1, 2])


# ----------------------------------------------------------------------------- indicator weights


def _bmn() -> pd.DataFrame:
    return pd.read_csv(BMN_CSV)


def test_indicator_weights_on_bmn_csv():
    ind = _bmn()
    w = indicator_weights(ind, dict.fromkeys(mpi.TPMAP_DIMENSIONS, 0.2))
    assert len(w) == 17
    assert list(w.index) == ind["code"].tolist()
    assert w.sum() == pytest.approx(1.0, abs=1e-12)
    dims = ind.set_index("code")["dimension"]
    np.testing.assert_allclose(w[dims == "health"], 0.05)
    np.testing.assert_allclose(w[dims == "living"], 0.05)
    np.testing.assert_allclose(w[dims == "education"], 0.05)
    np.testing.assert_allclose(w[dims == "income"], 1 / 15)
    np.testing.assert_allclose(w[dims == "access"], 0.1)
    assert w["bmn_01"] == pytest.approx(0.05)
    assert w["bmn_15"] == pytest.approx(1 / 15)
    assert w["bmn_17"] == pytest.approx(0.1)
    # the weights feed alkire_foster directly
    r = alkire_foster(np.ones((1, 17)), w.to_numpy(), 1.0)
    assert r.q == 1.0


def test_indicator_weights_unequal_dimensions():
    w = indicator_weights(
        _bmn(), {"health": 0.4, "living": 0.1, "education": 0.1, "income": 0.3, "access": 0.1}
    )
    assert w["bmn_02"] == pytest.approx(0.1)
    assert w["bmn_14"] == pytest.approx(0.1)
    assert w["bmn_16"] == pytest.approx(0.05)
    assert w.sum() == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("dimension_weights", "match"),
    [
        (
            {"health": 0.2, "living": 0.2, "education": 0.2, "income": 0.2, "access": 0.3},
            "sum to 1",
        ),
        (
            {"health": 0.6, "living": 0.2, "education": 0.2, "income": 0.2, "access": -0.2},
            "non-negative",
        ),
        ({"health": 0.25, "living": 0.25, "education": 0.25, "income": 0.25}, "access"),
        (
            {
                "health": 0.2,
                "living": 0.2,
                "education": 0.2,
                "income": 0.2,
                "access": 0.1,
                "other": 0.1,
            },
            "other",
        ),
        (
            {"health": 0.2, "living": 0.2, "education": 0.2, "income": 0.2, "access": np.nan},
            "finite",
        ),
    ],
)
def test_indicator_weights_errors(dimension_weights, match):
    with pytest.raises(ValueError, match=match):
        indicator_weights(_bmn(), dimension_weights)


def test_indicator_weights_zero_weight_extra_dimension_ok_and_bad_frames():
    dw = dict.fromkeys(mpi.TPMAP_DIMENSIONS, 0.2) | {"other": 0.0}
    assert indicator_weights(_bmn(), dw).sum() == pytest.approx(1.0)
    with pytest.raises(ValueError, match="column"):
        indicator_weights(_bmn().drop(columns="dimension"), dw)
    dup = pd.DataFrame({"code": ["a", "a"], "dimension": ["health", "health"]})
    with pytest.raises(ValueError, match="repeat"):
        indicator_weights(dup, {"health": 1.0})


# ----------------------------------------------------------------------------- af_by_area

HH = pd.DataFrame(
    {
        "tambon": ["t2", "t1", "t1", "t2", "t1", "t3", "t2", "t3"],
        "size": [3, 1, 4, 2, 5, 2, 1, 6],
        "i1": [0, 1, 0, 1, 1, 0, 0, 1],
        "i2": [0, np.nan, 0, 1, np.nan, 0, 1, 1],
        "i3": [1, 0, np.nan, 0, 1, 0, 0, 1],
        "i4": [np.nan, 0, 1, 0, np.nan, 0, 0, 1],
    }
)
HH_CODES = ["i1", "i2", "i3", "i4"]
HH_W = pd.Series({"i1": 0.4, "i2": 0.2, "i3": 0.2, "i4": 0.2})


@pytest.mark.parametrize("k", [0.2, 0.4, 0.6, 1.0])
def test_af_by_area_matches_alkire_foster_per_area(k):
    out = af_by_area(HH, HH_CODES, HH_W, k, "tambon", "size")
    assert list(out.index) == ["t1", "t2", "t3"]
    assert out.index.name == "tambon"
    expected_cols = [
        "households",
        "poor_households",
        "population",
        "poor_population",
        "H",
        "A",
        "M0",
        *(f"h_{c}" for c in HH_CODES),
        *(f"phi_{c}" for c in HH_CODES),
    ]
    assert list(out.columns) == expected_cols
    for area, sub in HH.groupby("tambon"):
        g0 = (sub[HH_CODES] == 0).astype(int).to_numpy()  # NaN == 0 is False
        r = alkire_foster(g0, HH_W.to_numpy(), k, population=sub["size"].to_numpy())
        row = out.loc[area]
        assert row["households"] == len(sub)
        assert row["poor_households"] == r.poor.sum()
        assert row["population"] == pytest.approx(r.n)
        assert row["poor_population"] == pytest.approx(r.q)
        for name in ("H", "A", "M0"):
            assert row[name] == pytest.approx(getattr(r, name), abs=1e-12)
        np.testing.assert_allclose(
            row[[f"h_{c}" for c in HH_CODES]], r.censored_headcounts, atol=1e-12
        )
        np.testing.assert_allclose(row[[f"phi_{c}" for c in HH_CODES]], r.contributions, atol=1e-12)


def test_af_by_area_hand_values():
    out = af_by_area(HH, HH_CODES, HH_W, 0.4, "tambon", "size")
    # t1: hh sizes 1,4,5; scores .2+.2=.4 (poor), .4+.2=.6 (poor), 0 -> 5 of 10 people poor
    assert out.loc["t1", "H"] == pytest.approx(0.5)
    assert out.loc["t1", "M0"] == pytest.approx((1 * 0.4 + 4 * 0.6) / 10)
    # t3: scores 1.0 (size 2) and 0 (size 6)
    assert out.loc["t3", "H"] == pytest.approx(2 / 8)
    assert out.loc["t3", "A"] == pytest.approx(1.0)
    np.testing.assert_allclose(out.loc["t3", [f"phi_{c}" for c in HH_CODES]], HH_W.to_numpy())
    # overall M0 = population-weighted sum of area M0 = national alkire_foster
    nat = alkire_foster(
        (HH[HH_CODES] == 0).astype(int), HH_W.to_numpy(), 0.4, population=HH["size"]
    )
    assert (out["population"] * out["M0"]).sum() / out["population"].sum() == pytest.approx(nat.M0)


def test_af_by_area_without_population_counts_households():
    out = af_by_area(HH, HH_CODES, HH_W, 0.4, "tambon", None)
    np.testing.assert_array_equal(out["population"], out["households"])
    assert out.loc["t1", "H"] == pytest.approx(2 / 3)


def test_af_by_area_zero_m0_area_has_zero_contributions():
    out = af_by_area(HH, HH_CODES, HH_W, 1.0, "tambon", "size")
    assert out.loc["t1", "M0"] == 0.0
    assert (out.loc["t1", [f"phi_{c}" for c in HH_CODES]] == 0).all()
    assert out.loc["t3", "M0"] == pytest.approx(0.25)


def test_af_by_area_errors():
    with pytest.raises(ValueError, match="missing column"):
        af_by_area(HH, [*HH_CODES, "i9"], HH_W, 0.4, "tambon", "size")
    with pytest.raises(ValueError, match="no weight"):
        af_by_area(HH, HH_CODES, HH_W.drop("i4"), 0.4, "tambon", "size")
    with pytest.raises(ValueError, match="not in indicator_codes"):
        af_by_area(HH, HH_CODES[:3], HH_W, 0.4, "tambon", "size")
    bad = HH.assign(i1=HH["i1"].replace(0, 2))
    with pytest.raises(ValueError, match="i1"):
        af_by_area(bad, HH_CODES, HH_W, 0.4, "tambon", "size")
    with pytest.raises(ValueError, match="k must be"):
        af_by_area(HH, HH_CODES, HH_W, 0, "tambon", "size")
    with pytest.raises(ValueError, match="sum to 1"):
        af_by_area(HH, HH_CODES, HH_W * 2, 0.4, "tambon", "size")


# ----------------------------------------------------------------------------- property tests


@st.composite
def af_data(draw):
    n = draw(st.integers(1, 30))
    d = draw(st.integers(1, 6))
    g0 = draw(arrays(np.float64, (n, d), elements=st.sampled_from([0.0, 1.0, np.nan])))
    raw = draw(arrays(np.float64, d, elements=st.one_of(st.just(0.0), st.floats(0.01, 1.0))))
    raw[draw(st.integers(0, d - 1))] += 0.5  # at least one positive weight
    w = raw / raw.sum()
    k = draw(st.floats(min_value=0.0, max_value=1.0, exclude_min=True))
    pop = draw(arrays(np.int64, n, elements=st.integers(0, 8)))
    assume(pop.sum() > 0)
    groups = draw(arrays(np.int64, n, elements=st.integers(0, 3)))
    return g0, w, k, pop, groups


PROPS = settings(max_examples=100, deadline=None)


@PROPS
@given(af_data())
def test_prop_identities(data):
    g0, w, k, pop, _ = data
    r = alkire_foster(g0, w, k, population=pop)
    m0 = r.M0
    assert m0 == pytest.approx(r.H * r.A, abs=1e-12)
    assert m0 == pytest.approx(float(w @ r.censored_headcounts), abs=1e-12)
    assert 0 <= r.M0 <= r.H + 1e-12
    assert r.H <= 1 and r.A <= 1 and np.all(r.scores <= 1)
    assert np.all(r.censored_headcounts <= r.uncensored_headcounts + 1e-12)
    if r.M0 > 0:
        assert r.contributions.sum() == pytest.approx(1.0, abs=1e-9)
        intensity = r.A
        assert intensity >= k - 1e-12
    else:
        assert np.all(r.contributions == 0)
    assert r.q == pytest.approx(pop[r.poor].sum())
    assert r.n == pop.sum()


@PROPS
@given(af_data())
def test_prop_decomposition_adds_up(data):
    g0, w, k, pop, groups = data
    r = alkire_foster(g0, w, k, population=pop)
    t = decompose(g0, w, k, groups, population=pop)
    assert list(t.index) == sorted(set(groups.tolist()))
    assert t["population"].sum() == pytest.approx(r.n)
    assert t["poor_population"].sum() == pytest.approx(r.q)
    shares_m0 = (t["population_share"] * t["M0"].fillna(0.0)).sum()
    assert shares_m0 == pytest.approx(r.M0, abs=1e-12)
    if r.M0 > 0:
        assert t["contribution"].sum() == pytest.approx(1.0, abs=1e-9)
        expected = t["population_share"] * t["M0"].fillna(0.0) / r.M0
        np.testing.assert_allclose(t["contribution"], expected, atol=1e-9)
    else:
        assert (t["contribution"] == 0).all()
    # each group equals AF run on that group's rows alone
    for label, row in t.iterrows():
        mask = groups == label
        if pop[mask].sum() == 0:
            assert np.isnan(row["M0"])
            continue
        rg = alkire_foster(g0[mask], w, k, population=pop[mask])
        assert row["M0"] == pytest.approx(rg.M0, abs=1e-12)
        assert row["H"] == pytest.approx(rg.H, abs=1e-12)
        assert row["A"] == pytest.approx(rg.A, abs=1e-12)


@PROPS
@given(af_data())
def test_prop_union_and_intersection(data):
    g0, w, _, pop, _ = data
    dep = np.nan_to_num(g0) == 1
    positive = w > 0
    union = alkire_foster(g0, w, float(w[positive].min()), population=pop)
    assert union.q == pytest.approx(pop[dep[:, positive].any(axis=1)].sum())
    inter = alkire_foster(g0, w, 1.0, population=pop)
    assert inter.q == pytest.approx(pop[dep[:, positive].all(axis=1)].sum())


@PROPS
@given(af_data(), st.floats(0.0, 1.0, exclude_min=True))
def test_prop_poor_sets_nest_in_k(data, k2):
    g0, w, k1, pop, _ = data
    lo, hi = sorted((k1, k2))
    r_lo = alkire_foster(g0, w, lo, population=pop)
    r_hi = alkire_foster(g0, w, hi, population=pop)
    assert np.all(r_lo.poor | ~r_hi.poor)
    assert r_hi.H <= r_lo.H + 1e-12
    assert r_hi.M0 <= r_lo.M0 + 1e-12


@PROPS
@given(af_data())
def test_prop_population_weights_equal_expanded_rows(data):
    g0, w, k, pop, _ = data
    weighted = alkire_foster(g0, w, k, population=pop)
    expanded = alkire_foster(np.repeat(g0, pop, axis=0), w, k)
    for name in ("n", "q", "H", "A", "M0"):
        assert getattr(weighted, name) == pytest.approx(getattr(expanded, name), abs=1e-12)
    np.testing.assert_allclose(
        weighted.censored_headcounts, expanded.censored_headcounts, atol=1e-12
    )


@PROPS
@given(af_data(), st.data())
def test_prop_gap_measures_ordered(data, more):
    g0, w, k, pop, _ = data
    n, d = g0.shape
    gaps = more.draw(arrays(np.float64, (n, d), elements=st.floats(0.0, 1.0)))
    r = alkire_foster(g0, w, k, population=pop, gaps=gaps)
    assert 0 <= r.M2 <= r.M1 + 1e-12
    assert r.M1 <= r.M0 + 1e-12
    binary_m1 = alkire_foster(g0, w, k, population=pop, gaps=np.nan_to_num(g0)).M1
    assert binary_m1 == pytest.approx(r.M0, abs=1e-12)


@PROPS
@given(af_data())
def test_prop_af_by_area_matches_decompose(data):
    g0, w, k, pop, groups = data
    d = g0.shape[1]
    codes = [f"c{j}" for j in range(d)]
    passes = np.where(np.isnan(g0), np.nan, 1.0 - np.nan_to_num(g0))
    frame = pd.DataFrame(passes, columns=codes).assign(area=groups, hh_size=pop)
    out = af_by_area(frame, codes, pd.Series(w, index=codes), k, "area", "hh_size")
    t = decompose(g0, w, k, groups, population=pop)
    pd.testing.assert_index_equal(out.index, t.index.rename("area"))
    for col in ("population", "poor_population", "H", "A", "M0"):
        np.testing.assert_allclose(out[col], t[col], atol=1e-12)


# ----------------------------------------------------------------------------- module hygiene


def test_docstring_examples_pass():
    result = doctest.testmod(mpi, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 6
    assert result.failed == 0


def test_analysis_does_not_import_streamlit_or_settings():
    code = "import sys, analysis.mpi; print(sorted(m for m in sys.modules if m.split('.')[0] in {'streamlit', 'povmap'}))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
