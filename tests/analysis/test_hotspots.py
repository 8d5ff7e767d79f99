"""Tests for analysis.hotspots: queen weights, Getis–Ord Gi* against hand computations."""

from __future__ import annotations

import doctest
import re
import subprocess
import sys
from pathlib import Path

import esda
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from libpysal.weights import W
from shapely.geometry import MultiPolygon, Point, Polygon, box

from analysis import hotspots as hs
from analysis.hotspots import (
    CORRECTIONS,
    EXPLANATION,
    HOTSPOT_CLASSES,
    HOTSPOT_COLOURS,
    HOTSPOT_LABELS,
    INFERENCES,
    MIN_AREAS,
    SIGNIFICANCE_LEVELS,
    adjust_p,
    hotspots,
    local_gi_star,
    queen_weights,
)

REPO = Path(__file__).resolve().parents[2]
TOL = 1e-9


def grid(rows: int, cols: int) -> tuple[gpd.GeoSeries, list[str]]:
    """Unit squares, row-major; id ``"r{row}c{col}"``."""
    cells = [box(c, r, c + 1, r + 1) for r in range(rows) for c in range(cols)]
    ids = [f"r{r}c{c}" for r in range(rows) for c in range(cols)]
    return gpd.GeoSeries(cells), ids


def hand_gi_star(x: np.ndarray, neighbours: dict[int, list[int]]) -> np.ndarray:
    """Ord & Getis (1995) Gi* z with binary weights including self, straight from the formula."""
    n = len(x)
    xbar = x.sum() / n
    s = np.sqrt((x**2).sum() / n - xbar**2)
    z = np.empty(n)
    for i in range(n):
        w = np.zeros(n)
        w[i] = 1.0
        w[neighbours[i]] = 1.0
        wi, s1 = w.sum(), (w**2).sum()
        z[i] = (w @ x - xbar * wi) / (s * np.sqrt((n * s1 - wi**2) / (n - 1)))
    return z


# 6 x 6 grid of four 3 x 3 blocks: high (10) at rows 0-2 / cols 0-2, low (0) at rows 3-5 /
# cols 3-5, middle (5) elsewhere, so the mean is 5 exactly.
BLOCKS = np.array(
    [
        [10 if r < 3 and c < 3 else 0 if r >= 3 and c >= 3 else 5 for c in range(6)]
        for r in range(6)
    ],
    dtype=float,
).ravel()


@pytest.fixture(scope="module")
def grid6() -> tuple[gpd.GeoSeries, list[str], W]:
    cells, ids = grid(6, 6)
    return cells, ids, queen_weights(cells, ids)


@pytest.fixture(scope="module")
def blocks(grid6: tuple[gpd.GeoSeries, list[str], W]) -> pd.DataFrame:
    return local_gi_star(BLOCKS, grid6[2], inference="permutation")


# ----------------------------------------------------------------------------- constants


def test_classes_labels_colours_are_complete_and_ordered():
    assert HOTSPOT_CLASSES == (
        "hot_99",
        "hot_95",
        "hot_90",
        "not_significant",
        "cold_90",
        "cold_95",
        "cold_99",
    )
    assert tuple(HOTSPOT_LABELS) == HOTSPOT_CLASSES
    assert tuple(HOTSPOT_COLOURS) == HOTSPOT_CLASSES
    thai = re.compile(r"[\u0E00-\u0E7F]")
    for cls, (th, en) in HOTSPOT_LABELS.items():
        assert thai.search(th), cls
        assert not thai.search(en), cls
        if cls != "not_significant":
            level = cls.split("_")[1]
            assert f"{level}%" in th and f"{level}%" in en
    assert HOTSPOT_LABELS["hot_99"] == ("จุดร้อน (ความเชื่อมั่น 99%)", "Hot spot (99% confidence)")
    assert HOTSPOT_LABELS["not_significant"] == ("ไม่มีนัยสำคัญ", "Not significant")
    assert HOTSPOT_LABELS["cold_90"][1] == "Cold spot (90% confidence)"


def test_colours_diverge_from_red_through_grey_to_blue():
    colours = list(HOTSPOT_COLOURS.values())
    assert len(set(colours)) == 7
    rgb = [tuple(int(c[k : k + 2], 16) for k in (1, 3, 5)) for c in colours]
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in colours)
    for r, _, b in rgb[:3]:
        assert r > b  # hot = reds
    for r, _, b in rgb[4:]:
        assert b > r  # cold = blues
    grey = rgb[3]
    assert max(grey) - min(grey) <= 8 and min(grey) >= 0xD9  # light, neutral
    assert HOTSPOT_COLOURS["not_significant"] != "#d9d9d9"  # the map's no-data grey
    lightness = [sum(c) for c in rgb]
    assert lightness[0] < lightness[1] < lightness[2] < lightness[3]  # darker = more confident
    assert lightness[3] > lightness[4] > lightness[5] > lightness[6]


def test_explanation_is_one_plain_sentence_each():
    th, en = EXPLANATION
    assert re.search(r"[\u0E00-\u0E7F]", th)
    assert en.count(". ") == 0 and en.endswith(".")
    assert "neighbours" in en and "chance" in en
    assert "queen contiguity" in en and "queen contiguity" in th
    # which inference gave z and p is a setting, said beside it: the sentence names neither
    assert "Gi* z and p" in en and "Gi*" in th
    assert "permutation" not in en and "permutation" not in th


# ----------------------------------------------------------------------------- queen weights


def test_queen_weights_3x3_centre_corner_edge():
    cells, ids = grid(3, 3)
    w = queen_weights(cells, ids)
    assert w.id_order == ids
    assert w.cardinalities["r1c1"] == 8  # centre
    assert {w.cardinalities[i] for i in ("r0c0", "r0c2", "r2c0", "r2c2")} == {3}  # corners
    assert {w.cardinalities[i] for i in ("r0c1", "r1c0", "r1c2", "r2c1")} == {5}  # edges
    assert sorted(w.neighbors["r0c0"]) == ["r0c1", "r1c0", "r1c1"]  # the corner-only touch counts
    assert w.islands == []
    assert set(np.unique(w.sparse.toarray())) == {0.0, 1.0}
    assert w.sparse.diagonal().sum() == 0


def test_queen_weights_islands_multipolygons_and_frames():
    cells, ids = grid(2, 2)
    geoms = [
        *cells,
        box(10, 10, 11, 11),  # island
        MultiPolygon([box(20, 20, 21, 21), box(2, 1, 3, 2)]),  # touches r1c1 by an edge
    ]
    gdf = gpd.GeoDataFrame({"code": [*ids, "isle", "multi"]}, geometry=geoms)
    w = queen_weights(gdf, gdf["code"])
    assert w.islands == ["isle"]
    assert w.cardinalities["isle"] == 0
    assert sorted(w.neighbors["multi"]) == ["r0c1", "r1c1"]  # r0c1 only by a corner


def test_queen_weights_polygon_with_hole_and_enclave():
    ring = Polygon(box(0, 0, 3, 3).exterior.coords, [box(1, 1, 2, 2).exterior.coords])
    w = queen_weights(gpd.GeoSeries([ring, box(1, 1, 2, 2)]), ["ring", "enclave"])
    assert w.neighbors["enclave"] == ["ring"]


@pytest.mark.parametrize(
    ("geoms", "ids", "match"),
    [
        ([box(0, 0, 1, 1), box(1, 0, 2, 1)], ["a"], "ids has 1 entries but there are 2"),
        ([box(0, 0, 1, 1), box(1, 0, 2, 1)], ["a", "a"], "ids repeat"),
        ([box(0, 0, 1, 1), box(1, 0, 2, 1)], ["a", None], "ids must not be missing"),
        ([box(0, 0, 1, 1), None], ["a", "b"], r"missing or empty for id\(s\) \['b'\]"),
        ([box(0, 0, 1, 1), Polygon()], ["a", "b"], "missing or empty"),
        ([box(0, 0, 1, 1), Point(3, 3)], ["a", "b"], "needs polygons"),
        ([], [], "no geometries"),
    ],
)
def test_queen_weights_rejects_bad_input(geoms, ids, match):
    with pytest.raises(ValueError, match=match):
        queen_weights(gpd.GeoSeries(geoms), ids)


def test_queen_weights_rejects_non_geoseries():
    with pytest.raises(ValueError, match="GeoSeries or GeoDataFrame"):
        queen_weights([box(0, 0, 1, 1)], ["a"])


# ----------------------------------------------------------------------------- Gi* z by hand


def test_gi_star_z_matches_closed_form_by_hand():
    # Five cells in a row, x = 1, 2, 3, 4, 10: n = 5, xbar = 4, S^2 = 130/5 - 16 = 10.
    # Ends: W_i = S1_i = 2, denominator sqrt(10) sqrt((5*2 - 4)/4) = sqrt(15);
    # inner: W_i = S1_i = 3, denominator sqrt(10) sqrt((5*3 - 9)/4) = sqrt(15).
    # Numerators sum_j w_ij x_j - 4 W_i: 3-8, 6-12, 9-12, 17-12, 14-8.
    cells = gpd.GeoSeries([box(i, 0, i + 1, 1) for i in range(5)])
    w = queen_weights(cells, list("abcde"))
    gi = local_gi_star(np.array([1.0, 2, 3, 4, 10]), w, permutations=19)
    expected = np.array([-5, -6, -3, 5, 6]) / np.sqrt(15)
    np.testing.assert_allclose(gi["z"].to_numpy(), expected, rtol=0, atol=TOL)
    assert gi.index.tolist() == list("abcde")


def test_gi_star_z_matches_formula_on_irregular_example():
    # 3 x 4 grid plus an island: uneven W_i, and the island still enters n, xbar, S.
    cells, ids = grid(3, 4)
    cells = gpd.GeoSeries([*cells, box(10, 10, 11, 11)])
    ids = [*ids, "isle"]
    w = queen_weights(cells, ids)
    x = np.array([3.0, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 97])
    pos = {i: k for k, i in enumerate(ids)}
    nbrs = {pos[i]: [pos[j] for j in w.neighbors[i]] for i in ids}
    hand = hand_gi_star(x, nbrs)
    gi = local_gi_star(x, w, permutations=19)
    np.testing.assert_allclose(gi["z"].to_numpy()[:-1], hand[:-1], rtol=0, atol=TOL)
    assert np.isnan(gi.loc["isle", "z"])  # island: no neighbourhood to test


def test_binary_star_is_the_only_esda_convention_matching_ord_getis():
    cells, ids = grid(3, 4)
    w = queen_weights(cells, ids)
    x = np.array([3.0, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8])
    nbrs = {k: [ids.index(j) for j in w.neighbors[i]] for k, i in enumerate(ids)}
    hand = hand_gi_star(x, nbrs)
    binary = esda.G_Local(x, w, transform="B", star=True, permutations=0)
    np.testing.assert_allclose(binary.Zs, hand, rtol=0, atol=TOL)
    with pytest.warns(UserWarning, match="row-standardized"):
        row = esda.G_Local(x, w, transform="R", star=True, permutations=0)
    assert np.max(np.abs(row.Zs - hand)) > 0.1


@pytest.mark.parametrize("inference", INFERENCES)
def test_negative_values_are_shifted_without_changing_the_answer(grid6, inference):
    w = grid6[2]
    shifted = local_gi_star(BLOCKS - 7.5, w, inference=inference, permutations=99)
    plain = local_gi_star(BLOCKS, w, inference=inference, permutations=99)
    np.testing.assert_allclose(shifted["z"], plain["z"], rtol=0, atol=TOL)
    np.testing.assert_array_equal(shifted["p"], plain["p"])
    assert shifted["hotspot"].tolist() == plain["hotspot"].tolist()
    np.testing.assert_array_equal(shifted["value"], BLOCKS - 7.5)


# ----------------------------------------------------------------------------- the grid


@pytest.mark.parametrize("inference", INFERENCES)
def test_blocks_grid_hot_corner_cold_corner_quiet_middle(blocks, grid6, inference):
    if inference == "analytical":
        blocks = local_gi_star(BLOCKS, grid6[2])

    def cls(r: int, c: int) -> str:
        return blocks.loc[f"r{r}c{c}", "hotspot"]

    for r, c in [(0, 0), (0, 1), (1, 0), (1, 1)]:
        assert cls(r, c) in {"hot_99", "hot_95"}, (r, c)
        assert blocks.loc[f"r{r}c{c}", "z"] > 1.96
    for r, c in [(4, 4), (4, 5), (5, 4), (5, 5)]:
        assert cls(r, c) in {"cold_99", "cold_95"}, (r, c)
        assert blocks.loc[f"r{r}c{c}", "z"] < -1.96
    assert cls(1, 1) == "hot_99" and cls(4, 4) == "cold_99"  # all 9 cells high / low
    # Middle and off-diagonal corners: neighbourhood mean equals the global mean, z = 0.
    for r, c in [(2, 3), (3, 2), (0, 5), (5, 0)]:
        assert cls(r, c) == "not_significant", (r, c)
        assert abs(blocks.loc[f"r{r}c{c}", "z_norm"]) < TOL
    # Symmetry: the hot block mirrors the cold block.
    z = blocks["z_norm"].to_numpy().reshape(6, 6)
    np.testing.assert_allclose(z, -z[::-1, ::-1], atol=TOL)


def test_output_frame_shape_and_types(blocks, grid6):
    assert list(blocks.columns) == [
        "value",
        "z",
        "p",
        "p_adjusted",
        "hotspot",
        "n_neighbours",
        "z_norm",
        "p_norm",
        "z_sim",
        "p_sim",
    ]
    assert blocks.index.tolist() == grid6[1]
    assert isinstance(blocks["hotspot"].dtype, pd.CategoricalDtype)
    assert tuple(blocks["hotspot"].cat.categories) == HOTSPOT_CLASSES
    assert blocks["n_neighbours"].tolist()[:7] == [3, 5, 5, 5, 5, 3, 5]
    np.testing.assert_array_equal(blocks["value"], BLOCKS)
    # two-sided p-values, exact multiples of 1 / (permutations + 1)
    k = blocks["p_sim"].to_numpy() * 1000 / 2
    np.testing.assert_allclose(k, np.round(k), atol=1e-9)
    assert blocks["p_sim"].between(0.002, 1).all()
    assert blocks.attrs["star"] is True and blocks.attrs["transform"] == "B"
    assert blocks.attrs["permutations"] == 999 and blocks.attrs["n_analysed"] == 36
    assert blocks.attrs["seed"] == 2564
    assert blocks.attrs["inference"] == "permutation" and blocks.attrs["correction"] == "none"
    # permutation inference: the z and p shown are the simulated ones, uncorrected
    np.testing.assert_array_equal(blocks["z"], blocks["z_sim"])
    np.testing.assert_array_equal(blocks["p"], blocks["p_sim"])
    np.testing.assert_array_equal(blocks["p_adjusted"], blocks["p"])


def test_p_norm_is_two_sided_normal(blocks):
    from scipy import stats

    expected = 2 * stats.norm.sf(np.abs(blocks["z_norm"]))
    np.testing.assert_allclose(blocks["p_norm"], expected, rtol=1e-12)


def test_classify_thresholds_are_inclusive_and_follow_z_sign():
    z = np.array([3.0, 2.0, 1.7, 1.0, -1.7, -2.0, -3.0, 0.5, np.nan, 2.0])
    p = np.array([0.01, 0.05, 0.10, 0.50, 0.10, 0.05, 0.002, 0.011, np.nan, 0.1001])
    assert hs._classify(z, p).tolist() == [
        "hot_99",
        "hot_95",
        "hot_90",
        "not_significant",
        "cold_90",
        "cold_95",
        "cold_99",
        "hot_95",
        "not_significant",
        "not_significant",
    ]


def test_ties_count_against_significance_for_low_values_too():
    # Five cells in a row, values 1,2,3,4,10: the low end's neighbourhood {1, 2} has the
    # lowest possible sum, but a random neighbour of 1 ties with it a quarter of the time,
    # so it is not significant (esda's own one-sided p_sim says 1/(m+1) here).
    w = W({0: [1], 1: [0, 2], 2: [1, 3], 3: [2, 4], 4: [3]})
    gi = local_gi_star(np.array([1.0, 2, 3, 4, 10]), w, inference="permutation", permutations=199)
    assert (gi["hotspot"] == "not_significant").all()
    assert gi["p_sim"].iloc[0] > 0.3
    # Many tied zeros: an area at 0 surrounded by zeros in a map that is mostly 0 is no cold spot.
    cells, ids = grid(5, 5)
    x = np.zeros(25)
    x[[0, 12, 24]] = [3.0, 1.0, 2.0]
    gi = local_gi_star(x, queen_weights(cells, ids), inference="permutation", permutations=199)
    assert not gi["hotspot"].astype(str).str.startswith("cold").any()


# ----------------------------------------------------------------------------- reproducibility


def test_same_seed_same_p_sim_different_seed_differs(grid6):
    _, _, w = grid6
    rng = np.random.default_rng(7)
    x = rng.gamma(2.0, size=36)
    a = local_gi_star(x, w, inference="permutation", permutations=99, seed=11)
    b = local_gi_star(x, w, inference="permutation", permutations=99, seed=11)
    c = local_gi_star(x, w, inference="permutation", permutations=99, seed=12)
    pd.testing.assert_frame_equal(a, b)
    assert not np.array_equal(a["p_sim"], c["p_sim"])
    assert not np.array_equal(a["z"], c["z"])  # the shown z is simulated too
    np.testing.assert_array_equal(a["z_norm"], c["z_norm"])  # the analytical z draws nothing


def test_global_numpy_random_state_is_left_alone(grid6):
    np.random.seed(123)
    expected = np.random.random(3)
    np.random.seed(123)
    local_gi_star(BLOCKS, grid6[2], inference="permutation", permutations=19, seed=5)
    np.testing.assert_array_equal(np.random.random(3), expected)


def test_self_neighbours_and_weight_values_in_caller_weights_are_ignored():
    from libpysal.weights.util import fill_diagonal

    cells, ids = grid(3, 4)
    w = queen_weights(cells, ids)
    x = np.array([3.0, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8])
    ref = local_gi_star(x, w, permutations=19)
    with_self = fill_diagonal(w, 1.0)
    np.testing.assert_allclose(local_gi_star(x, with_self, permutations=19)["z"], ref["z"])
    w.transform = "R"
    np.testing.assert_allclose(local_gi_star(x, w, permutations=19)["z"], ref["z"])
    assert local_gi_star(x, with_self, permutations=19)["n_neighbours"].tolist() == (
        ref["n_neighbours"].tolist()
    )


def test_caller_weights_are_not_modified():
    cells, ids = grid(3, 3)
    w = queen_weights(cells, ids)
    before = w.sparse.toarray().copy()
    local_gi_star(np.arange(9.0), w, permutations=19)
    assert w.transform == "O"
    np.testing.assert_array_equal(w.sparse.toarray(), before)


# ----------------------------------------------------------------------------- no data, islands


def test_nan_areas_are_excluded_and_reported(grid6):
    cells, ids, w = grid6
    x = BLOCKS.copy()
    gone = [ids.index("r0c0"), ids.index("r2c3"), ids.index("r5c5")]
    x[gone] = np.nan
    gi = local_gi_star(x, w, permutations=99, seed=3)
    for k in gone:
        row = gi.iloc[k]
        assert row["hotspot"] == "not_significant"
        assert np.isnan(row["value"]) and np.isnan(row["z"]) and np.isnan(row["p_sim"])
    assert gi.attrs["excluded"] == ["r0c0", "r2c3", "r5c5"]
    assert gi.attrs["n_analysed"] == 33
    assert gi.loc["r1c1", "n_neighbours"] == 7  # lost r0c0
    assert gi.loc["r0c0", "n_neighbours"] == 3  # its neighbours with data
    # Same numbers as analysing only the areas with data (the NaN areas are not neighbours).
    keep = [i for k, i in enumerate(ids) if k not in gone]
    sub = local_gi_star(pd.Series(x, index=ids)[keep], queen_weights(cells.drop(gone), keep))
    np.testing.assert_allclose(gi.loc[keep, "z"], sub["z"], rtol=0, atol=TOL)
    nbrs = {k: [keep.index(j) for j in w.neighbors[i] if j in keep] for k, i in enumerate(keep)}
    hand = hand_gi_star(x[~np.isnan(x)], nbrs)
    np.testing.assert_allclose(sub["z"], hand, rtol=0, atol=TOL)


def test_pandas_na_counts_as_no_data(grid6):
    _, ids, w = grid6
    s = pd.Series(BLOCKS, index=ids).astype("Float64")
    s.iloc[0] = pd.NA
    gi = local_gi_star(s, w, permutations=19)
    assert np.isnan(gi["z"].iloc[0]) and gi.attrs["excluded"] == ["r0c0"]


def test_island_is_not_significant_even_when_extreme():
    cells, ids = grid(4, 4)
    cells = gpd.GeoSeries([*cells, box(10, 10, 11, 11)])
    ids = [*ids, "isle"]
    w = queen_weights(cells, ids)
    x = np.r_[np.arange(16.0), 1000.0]
    gi = local_gi_star(x, w, permutations=99)
    assert gi.loc["isle", "hotspot"] == "not_significant"
    assert gi.loc["isle", "n_neighbours"] == 0
    assert np.isnan(gi.loc["isle", ["z", "p_sim", "p_norm"]].astype(float)).all()
    assert gi.attrs["islands"] == ["isle"] and gi.attrs["excluded"] == []


def test_no_data_neighbours_make_an_island():
    cells, ids = grid(1, 8)
    w = queen_weights(cells, ids)
    x = np.array([1.0, 2, np.nan, 9, np.nan, 4, 5, 6])
    gi = local_gi_star(x, w, permutations=19)
    assert gi.attrs["islands"] == ["r0c3"]
    assert gi.loc["r0c3", "n_neighbours"] == 0 and np.isnan(gi.loc["r0c3", "z"])


@pytest.mark.parametrize("n_data", [0, 1, MIN_AREAS - 1])
def test_too_few_areas_with_data(n_data):
    cells, ids = grid(2, 4)
    x = np.full(8, np.nan)
    x[:n_data] = np.arange(n_data, dtype=float)
    with pytest.raises(ValueError, match="too few areas"):
        local_gi_star(x, queen_weights(cells, ids), permutations=19)


def test_minimum_number_of_areas_runs():
    cells, ids = grid(1, MIN_AREAS)
    gi = local_gi_star(
        np.arange(MIN_AREAS, dtype=float), queen_weights(cells, ids), permutations=19
    )
    assert gi["z"].notna().all()


# ----------------------------------------------------------------------------- input checks


def test_series_is_aligned_by_label(grid6):
    _, ids, w = grid6
    s = pd.Series(BLOCKS, index=ids).iloc[::-1]
    gi = local_gi_star(s, w, permutations=19)
    ref = local_gi_star(BLOCKS, w, permutations=19)
    pd.testing.assert_frame_equal(gi, ref)


@pytest.mark.parametrize(
    ("values", "match"),
    [
        (np.arange(35.0), r"one value per area \(36\)"),
        (np.ones((6, 6)), "1-D"),
        (["a"] * 36, "numeric"),
        (np.r_[np.inf, np.arange(35.0)], "infinite"),
        (np.full(36, 2.5), "same value"),
        (pd.Series(np.arange(35.0)), "no entry for weights id"),
    ],
)
def test_bad_values_are_rejected(grid6, values, match):
    with pytest.raises(ValueError, match=match):
        local_gi_star(values, grid6[2], permutations=19)


def test_series_with_extra_or_repeated_labels_is_rejected(grid6):
    _, ids, w = grid6
    with pytest.raises(ValueError, match="not weights ids"):
        local_gi_star(pd.Series(np.arange(37.0), index=[*ids, "x"]), w)
    with pytest.raises(ValueError, match="repeated index"):
        local_gi_star(pd.Series(np.arange(37.0), index=[*ids, ids[0]]), w)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"permutations": 0}, "at least 1"),
        ({"permutations": 9.5}, "positive integer"),
        ({"permutations": True}, "positive integer"),
        ({"seed": -1}, "seed"),
        ({"seed": 2**32}, "seed"),
        ({"seed": "x"}, "seed"),
        ({"inference": "exact"}, "inference must be one of"),
        ({"correction": "holm"}, "correction must be one of"),
    ],
)
def test_bad_parameters_are_rejected(grid6, kwargs, match):
    with pytest.raises(ValueError, match=match):
        local_gi_star(BLOCKS, grid6[2], **kwargs)


def test_w_must_be_libpysal_weights():
    with pytest.raises(ValueError, match=r"libpysal\.weights\.W"):
        local_gi_star(np.arange(6.0), {0: [1]})


# ----------------------------------------------------------------------------- convenience


def test_hotspots_indexes_by_code_and_matches_the_parts(grid6, blocks):
    cells = grid6[0]
    codes = [f"1{k:05d}" for k in range(36)]
    gdf = gpd.GeoDataFrame({"code": codes, "rate": BLOCKS}, geometry=cells, crs="EPSG:4326")
    out = hotspots(gdf, "rate", inference="permutation")
    assert out.index.name == "code" and out.index.tolist() == codes
    np.testing.assert_array_equal(out.to_numpy(), blocks.to_numpy())
    other = hotspots(
        gdf.rename(columns={"code": "tambon"}),
        "rate",
        "tambon",
        inference="permutation",
        permutations=19,
    )
    assert other.index.name == "tambon" and other.attrs["permutations"] == 19


def test_hotspots_rejects_missing_columns(grid6):
    gdf = gpd.GeoDataFrame({"code": grid6[1]}, geometry=grid6[0])
    with pytest.raises(ValueError, match=r"missing column\(s\): \['rate'\]"):
        hotspots(gdf, "rate")
    with pytest.raises(ValueError, match="GeoDataFrame"):
        hotspots(pd.DataFrame({"code": ["a"], "rate": [1.0]}), "rate")


# ----------------------------------------------------------------------------- module hygiene


def test_doctests_pass():
    result = doctest.testmod(hs, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 3
    assert result.failed == 0


def test_analysis_does_not_import_streamlit_or_settings():
    code = (
        "import sys, analysis.hotspots; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'streamlit', 'povmap'}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


# ----------------------------------------------------------------------------- one inference


# esda-style six-area toy: a 2 x 3 lattice (rook neighbours), ids 0..5 row-major.
TOY_W = {0: [1, 3], 1: [0, 2, 4], 2: [1, 5], 3: [0, 4], 4: [1, 3, 5], 5: [2, 4]}
TOY_X = np.array([8.0, 6, 1, 7, 3, 2])


def expected_class(z: float, p: float) -> str:
    """The documented rule, written out: the class follows from the z and p shown."""
    if np.isnan(p) or p > 0.10 or z == 0:
        return "not_significant"
    level = 99 if p <= 0.01 else 95 if p <= 0.05 else 90
    return f"{'hot' if z > 0 else 'cold'}_{level}"


@pytest.mark.parametrize("correction", CORRECTIONS)
def test_analytical_z_and_p_are_one_inference_and_give_the_class(correction):
    from scipy import stats

    gi = local_gi_star(TOY_X, W(TOY_W), correction=correction)
    np.testing.assert_allclose(gi["z"], hand_gi_star(TOY_X, TOY_W), rtol=0, atol=TOL)
    np.testing.assert_allclose(gi["p"], 2 * stats.norm.sf(np.abs(gi["z"])), rtol=1e-12)
    np.testing.assert_allclose(gi["p_adjusted"], adjust_p(gi["p"], correction), rtol=1e-12)
    assert gi["hotspot"].tolist() == [
        expected_class(z, p) for z, p in zip(gi["z"], gi["p_adjusted"], strict=True)
    ]
    assert gi.attrs["inference"] == "analytical" and gi.attrs["correction"] == correction
    assert gi.attrs["permutations"] == 0 and gi.attrs["seed"] is None  # nothing was drawn
    assert gi["z_sim"].isna().all() and gi["p_sim"].isna().all()
    assert gi.attrs["n_tests"] == 6 and gi.attrs["p_floor"] == 0.0


@pytest.mark.parametrize("correction", CORRECTIONS)
def test_permutation_z_and_p_are_esdas_simulation_and_give_the_class(correction):
    w_star = W({i: [i, *TOY_W[i]] for i in TOY_W})
    ref = esda.G_Local(TOY_X, w_star, transform="B", star=True, permutations=99, seed=42, n_jobs=1)
    gi = local_gi_star(
        TOY_X, W(TOY_W), inference="permutation", correction=correction, permutations=99, seed=42
    )
    np.testing.assert_allclose(gi["z"], ref.z_sim, rtol=1e-12)  # esda's z_sim
    # two-sided pseudo p, counted by hand in the direction of the shown z (ties extreme)
    obs, sims = ref.Gs[:, None], ref.rGs
    high = (sims >= obs * (1 - 1e-9)).sum(axis=1)
    low = (sims <= obs * (1 + 1e-9)).sum(axis=1)
    k = np.where(ref.z_sim >= 0, high, low)
    np.testing.assert_allclose(gi["p"], np.minimum(1, 2 * (k + 1) / 100), rtol=1e-12)
    np.testing.assert_allclose(gi["p_adjusted"], adjust_p(gi["p"], correction), rtol=1e-12)
    assert gi["hotspot"].tolist() == [
        expected_class(z, p) for z, p in zip(gi["z"], gi["p_adjusted"], strict=True)
    ]
    np.testing.assert_allclose(gi["z_norm"], hand_gi_star(TOY_X, TOY_W), atol=TOL)
    assert gi.attrs["permutations"] == 99 and gi.attrs["seed"] == 42


def test_low_area_ringed_by_high_neighbours_is_no_analytical_hot_spot():
    # The demo's Kalasin 4616: the province's lowest value among high neighbours. Here the
    # centre of a 5 x 5 grid is 0 (the minimum), its 8 neighbours 8, the outer ring 4..8.
    # Its analytical z, pulled down by its own 0, is 1.39 (p 0.16): not significant. The
    # conditional permutation keeps the 0 fixed and finds the neighbours extreme.
    cells, ids = grid(5, 5)
    w = queen_weights(cells, ids)
    inner = [f"r{r}c{c}" for r in (1, 2, 3) for c in (1, 2, 3) if (r, c) != (2, 2)]
    ring = iter(np.linspace(4.0, 8.0, 16))
    x = np.array([0.0 if i == "r2c2" else 8.0 if i in inner else next(ring) for i in ids])
    pos = {i: k for k, i in enumerate(ids)}
    hand = hand_gi_star(x, {pos[i]: [pos[j] for j in w.neighbors[i]] for i in ids})

    gi = local_gi_star(x, w)  # the default: analytical
    hub = gi.loc["r2c2"]
    assert hub["value"] == x.min()
    assert hub["z"] == pytest.approx(hand[pos["r2c2"]], abs=TOL)
    assert 1.3 < hub["z"] < 1.645 and hub["p"] > 0.10
    assert hub["hotspot"] == "not_significant"
    # the other inference is free to call it hot, but then shows its own z and p
    perm = local_gi_star(x, w, inference="permutation", permutations=999).loc["r2c2"]
    assert perm["hotspot"] == "hot_99"
    assert perm["p"] <= 0.01 and perm["z"] > 2.576
    assert perm["z"] != pytest.approx(hub["z"])


# ----------------------------------------------------------------------------- corrections

# Hand-computed: m = 6, ascending 0.005, 0.01, 0.03, 0.04, 0.20, 0.60.
# Benjamini–Hochberg p_(i) m / i: 0.03, 0.03, 0.06, 0.06, 0.24, 0.60 (already monotone).
# Bonferroni 6 p: 0.03, 0.06, 0.18, 0.24, 1.2 -> 1, 3.6 -> 1.
HAND_P = [0.01, 0.04, 0.03, 0.005, 0.20, 0.60]


def test_bonferroni_by_hand():
    np.testing.assert_allclose(
        adjust_p(HAND_P, "bonferroni"), [0.06, 0.24, 0.18, 0.03, 1.0, 1.0], rtol=1e-12
    )


def test_benjamini_hochberg_by_hand():
    np.testing.assert_allclose(
        adjust_p(HAND_P, "fdr"), [0.03, 0.06, 0.06, 0.03, 0.24, 0.60], rtol=1e-12
    )
    # step-up: a larger p that passes lifts a smaller one (0.02 * 3 = 0.06 > 0.021 * 3 / 2)
    np.testing.assert_allclose(adjust_p([0.02, 0.021, 0.5], "fdr"), [0.0315, 0.0315, 0.5])
    # capped at 1, order kept, NaN untouched and not counted in m
    out = adjust_p([0.9, np.nan, 0.8], "fdr")
    np.testing.assert_allclose(out[[0, 2]], [0.9, 0.9])
    assert np.isnan(out[1])
    np.testing.assert_allclose(adjust_p([0.01, np.nan, 0.04], "bonferroni")[[0, 2]], [0.02, 0.08])
    np.testing.assert_array_equal(adjust_p(HAND_P, "none"), HAND_P)


@pytest.mark.parametrize("alpha", [0.10, 0.05, 0.01])
def test_benjamini_hochberg_rejects_what_esda_fdr_rejects(alpha):
    p = np.array(HAND_P)
    cut = esda.fdr(p, alpha)
    assert ((adjust_p(p, "fdr") <= alpha) == (p <= cut)).all()


def test_adjust_p_rejects_bad_input():
    with pytest.raises(ValueError, match="correction must be one of"):
        adjust_p([0.1], "holm")
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        adjust_p([1.5], "fdr")


@pytest.mark.parametrize("inference", INFERENCES)
def test_corrections_class_the_adjusted_p_and_only_remove_spots(grid6, inference):
    w = grid6[2]
    runs = {
        c: local_gi_star(BLOCKS, w, inference=inference, correction=c, permutations=999)
        for c in CORRECTIONS
    }
    for c, gi in runs.items():
        assert gi.attrs["n_tests"] == 36
        np.testing.assert_array_equal(gi["z"], runs["none"]["z"])  # same inference
        np.testing.assert_array_equal(gi["p"], runs["none"]["p"])
        assert gi["hotspot"].tolist() == [
            expected_class(z, p) for z, p in zip(gi["z"], gi["p_adjusted"], strict=True)
        ], c

    def significant(c: str) -> set[str]:
        return set(runs[c].index[runs[c]["hotspot"] != "not_significant"])

    assert significant("bonferroni") <= significant("fdr") <= significant("none")
    assert significant("bonferroni")  # the 3 x 3 blocks survive even Bonferroni
    assert (runs["bonferroni"]["p_adjusted"] >= runs["fdr"]["p_adjusted"] - 1e-12).all()


def test_p_floor_says_when_the_settings_cannot_reach_a_class(grid6):
    w = grid6[2]
    gi = local_gi_star(BLOCKS, w, inference="permutation", correction="bonferroni", permutations=99)
    assert gi.attrs["p_floor"] == pytest.approx(min(1, 36 * 2 / 100))  # 0.72 > 0.10
    assert (gi["hotspot"] == "not_significant").all()
    assert gi["p_adjusted"].min() >= gi.attrs["p_floor"] - 1e-12
    free = local_gi_star(BLOCKS, w, inference="permutation", permutations=99)
    assert free.attrs["p_floor"] == pytest.approx(0.02)
    assert min(SIGNIFICANCE_LEVELS.values()) < free.attrs["p_floor"]  # 99% out of reach
    assert not free["hotspot"].isin(["hot_99", "cold_99"]).any()


def test_spot_counts_count_every_confidence_and_nothing_else():
    classes = pd.Series(
        ["hot_99", "hot_95", "hot_90", "not_significant", "cold_90", None, "cold_99"]
    )
    assert hs.spot_counts(classes) == (3, 2)
    assert hs.spot_counts(pd.Series([], dtype=object)) == (0, 0)
