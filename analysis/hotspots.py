"""Getis–Ord local Gi* hot-spot analysis on queen-contiguous areas.

Implements the local Gi* statistic of Getis & Ord (1992), "The analysis of
spatial association by use of distance statistics", *Geographical Analysis*
24: 189–206, in the z-score form of Ord & Getis (1995), "Local spatial
autocorrelation statistics", *Geographical Analysis* 27: 286–306, through
:class:`esda.G_Local`. For area ``i`` with binary weights ``w_ij`` that
**include the area itself** (``w_ii = 1``):

* ``W_i = sum_j w_ij`` (neighbours + 1), ``S1_i = sum_j w_ij^2`` (``= W_i``);
* ``xbar`` the mean and ``S^2 = sum_j x_j^2 / n - xbar^2`` the population
  variance of the ``n`` analysed values;
* ``Gi* = (sum_j w_ij x_j - xbar W_i) / (S sqrt((n S1_i - W_i^2) / (n - 1)))``,
  a z-score: large positive means the area *and* its neighbours are high
  together (hot spot), large negative that they are low together (cold spot).

Conventions (the rules this module applies)
-------------------------------------------
Star and transform
    ``star=True`` (the area counts in its own neighbourhood: Gi*, not Gi)
    with ``transform="B"`` (binary weights, self-weight 1). Only with binary
    weights is esda's analytical z exactly the Ord & Getis (1995) formula
    above; esda's ``"R"`` (row-standardised) z ignores ``S1_i`` and treats
    each row sum as 1, so it is not the published statistic (and esda warns
    that it has to guess the self-weight). The permutation p-values are the
    same under either transform: scaling a row by a constant changes neither
    the observed statistic's rank nor the simulated ones'. Only the
    neighbour structure of a caller's ``W`` is used; its weights are
    replaced by 1.
Neighbours
    Queen contiguity: two areas are neighbours when their boundaries share
    at least one vertex (an edge or just a corner), as built by
    :class:`libpysal.weights.Queen` (exact vertex matching, no snapping).
Inference (one, chosen by the caller: the z and the p shown are the ones classed)
    ``inference="analytical"`` (the default, the textbook reading of Ord &
    Getis 1995 and ArcGIS Hot Spot Analysis): ``z`` is the Gi* z-score above
    and ``p = 2 (1 - Phi(|z|))`` its two-sided normal p-value. No
    permutations are run.
    ``inference="permutation"`` (GeoDa's and esda's conditional
    randomisation): the area's own value stays, the other values are
    reshuffled among its neighbours ``permutations`` times (esda, ``seed``);
    ``z = (G_i - mean(G_sim)) / sd(G_sim)`` (esda's ``z_sim``, population
    SD) and ``p = min(1, 2 (k + 1) / (permutations + 1))`` with ``k`` the
    simulated statistics at least as high as the observed one when
    ``z >= 0``, at least as low when ``z < 0``; ties (within a relative
    1e-9) count as at least as extreme. (esda's own ``p_sim`` is one-sided
    and counts only *strictly* lower simulations for low values, which turns
    tied values, e.g. many areas at 0%, into spurious cold spots; hence the
    recomputation.) The two inferences can disagree: the conditional
    permutation holds the area's own value fixed, so an area with the lowest
    value ringed by high neighbours can be significant by permutation while
    its analytical z, pulled down by its own value, is not.
Correction for multiple tests
    ``correction="none"`` classes each area's ``p`` as it is;
    ``"fdr"`` uses Benjamini & Hochberg (1995) adjusted p-values
    (``p_(i) m / i`` in ascending order, made monotone from the largest and
    capped at 1: ``p_adjusted <= alpha`` exactly when the step-up procedure
    at level ``alpha`` rejects, the false discovery rate of GeoDa and
    ``esda.fdr``); ``"bonferroni"`` uses ``min(1, m p)``. ``m`` is the
    number of areas tested (with data and at least one neighbour with data).
Classes
    An area is significant at 90/95/99% when ``p_adjusted <= 0.10/0.05/
    0.01``, hot when ``z > 0`` and cold when ``z < 0`` -- the same ``z`` and
    ``p`` as reported, so the class always follows from the numbers shown.
    Without correction and under analytical inference these are the usual
    two-sided bins ``|z| >= 1.645/1.960/2.576``. Under permutation inference
    the smallest possible ``p`` is ``2 / (permutations + 1)``: the 90% class
    needs at least 19 permutations, 95% 39 and 99% 199 (before correction).
Areas with no data
    NaN values are **excluded** from the analysis: they are dropped from the
    weights (:func:`libpysal.weights.w_subset`), so they are nobody's
    neighbour and do not enter ``n``, ``xbar`` or ``S``. They come back with
    ``z``, ``p`` and ``p_adjusted`` NaN and ``hotspot = "not_significant"``;
    map them as "no data" from their NaN ``value``.
Islands
    An area with data but no neighbour with data (``n_neighbours = 0``)
    still counts in ``n``, ``xbar`` and ``S``, but there is no neighbourhood
    to test: its ``z`` and p-values are NaN and it is ``not_significant``.
Negative values
    Getis–Ord's G ratio needs non-negative values, and esda's z changes sign
    when the mean is negative. Gi* z and the permutation p-values are
    unchanged by adding a constant to every value, so values with a negative
    minimum are shifted to a minimum of 0 before the computation; ``value``
    is reported unshifted.
Reproducibility
    The permutations use ``seed``; esda seeds NumPy's global generator, whose
    state is saved before and restored after the call. Analytical inference
    draws nothing.

The module never imports Streamlit and never reads settings; callers pass
the values, weights, inference, correction, number of permutations and seed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import esda
import geopandas as gpd
import numpy as np
import pandas as pd
from libpysal.weights import Queen, W, w_subset

__all__ = [
    "CORRECTIONS",
    "EXPLANATION",
    "HOTSPOT_CLASSES",
    "HOTSPOT_COLOURS",
    "HOTSPOT_LABELS",
    "INFERENCES",
    "MIN_AREAS",
    "SIGNIFICANCE_LEVELS",
    "adjust_p",
    "hotspots",
    "local_gi_star",
    "queen_weights",
    "spot_counts",
]

#: Ways to get the z and p of each area (see the module conventions), default first.
INFERENCES: tuple[str, ...] = ("analytical", "permutation")

#: Corrections of the p-values for testing every area at once, default first.
CORRECTIONS: tuple[str, ...] = ("none", "fdr", "bonferroni")

#: Hot/cold significance classes, hottest first (legend order).
HOTSPOT_CLASSES: tuple[str, ...] = (
    "hot_99",
    "hot_95",
    "hot_90",
    "not_significant",
    "cold_90",
    "cold_95",
    "cold_99",
)

#: ``p_adjusted`` cut-offs: confidence (%) -> largest p-value reaching it (``p <= level``).
SIGNIFICANCE_LEVELS: dict[int, float] = {99: 0.01, 95: 0.05, 90: 0.10}

#: (Thai, English) legend label of each class.
HOTSPOT_LABELS: dict[str, tuple[str, str]] = {
    "hot_99": ("จุดร้อน (ความเชื่อมั่น 99%)", "Hot spot (99% confidence)"),
    "hot_95": ("จุดร้อน (ความเชื่อมั่น 95%)", "Hot spot (95% confidence)"),
    "hot_90": ("จุดร้อน (ความเชื่อมั่น 90%)", "Hot spot (90% confidence)"),
    "not_significant": ("ไม่มีนัยสำคัญ", "Not significant"),
    "cold_90": ("จุดเย็น (ความเชื่อมั่น 90%)", "Cold spot (90% confidence)"),
    "cold_95": ("จุดเย็น (ความเชื่อมั่น 95%)", "Cold spot (95% confidence)"),
    "cold_99": ("จุดเย็น (ความเชื่อมั่น 99%)", "Cold spot (99% confidence)"),
}

#: Fill colour of each class: ColorBrewer RdBu 7 (diverging, colour-blind safe),
#: reds hot, blues cold, its neutral light grey for not significant (lighter than
#: the map's no-data grey ``#d9d9d9``, so "no data" stays distinguishable).
HOTSPOT_COLOURS: dict[str, str] = {
    "hot_99": "#b2182b",
    "hot_95": "#ef8a62",
    "hot_90": "#fddbc7",
    "not_significant": "#f7f7f7",
    "cold_90": "#d1e5f0",
    "cold_95": "#67a9cf",
    "cold_99": "#2166ac",
}

#: One plain sentence (Thai, English) explaining the map; which inference gave the
#: confidence is said beside it (it is a setting).
EXPLANATION: tuple[str, str] = (
    "จุดร้อน คือ พื้นที่ที่มีค่าสูงและพื้นที่ข้างเคียงก็มีค่าสูงด้วยกัน"
    "มากเกินกว่าที่จะเกิดขึ้นได้โดยบังเอิญ (จุดเย็น คือ ต่ำด้วยกัน) "
    "โดยพื้นที่ข้างเคียงคือพื้นที่ที่มีเขตแดนหรือมุมติดกัน (queen contiguity) "
    "และระดับความเชื่อมั่นมาจากค่า z และค่า p ของสถิติ Getis-Ord Gi* ของแต่ละพื้นที่",
    "A hot spot is an area whose value and its neighbours' values are high together, "
    "more than chance alone would give (a cold spot: low together), where neighbours are "
    "areas sharing a border or a corner (queen contiguity) and the confidence comes from "
    "each area's Getis-Ord Gi* z and p.",
)

#: Fewest areas with data for which the analysis is run.
MIN_AREAS: int = 5


# --------------------------------------------------------------------------- weights


def queen_weights(geometries: gpd.GeoSeries | gpd.GeoDataFrame, ids: Sequence[Any]) -> W:
    """Queen-contiguity spatial weights of polygons.

    Two areas are neighbours when their boundaries share at least one vertex
    (a common edge or only a corner). Areas with no neighbour (islands, such
    as Phuket or Ko Samui) are kept; they are listed in ``w.islands``.

    Parameters
    ----------
    geometries : geopandas.GeoSeries or geopandas.GeoDataFrame
        Polygons or multipolygons (a frame's active geometry is used), one per
        area, in the order of ``ids``.
    ids : Sequence
        Area identifiers (e.g. DOPA codes), unique and not missing; they become
        the weights' ids and ``id_order``.

    Returns
    -------
    libpysal.weights.W
        Binary queen weights without self-neighbours; ``w.id_order == list(ids)``
        and ``w.islands`` lists the areas with no neighbour.

    Raises
    ------
    ValueError
        If the lengths differ, an id is missing or repeated, or a geometry is
        missing, empty or not a (multi)polygon.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> cells = gpd.GeoSeries([box(0, 0, 1, 1), box(1, 0, 2, 1), box(2, 1, 3, 2), box(5, 5, 6, 6)])
    >>> w = queen_weights(cells, ["a", "b", "c", "d"])
    >>> {i: sorted(w.neighbors[i]) for i in w.id_order}
    {'a': ['b'], 'b': ['a', 'c'], 'c': ['b'], 'd': []}
    >>> w.islands
    ['d']
    """
    geoms = geometries.geometry if isinstance(geometries, gpd.GeoDataFrame) else geometries
    if not isinstance(geoms, gpd.GeoSeries):
        raise ValueError(
            f"geometries must be a GeoSeries or GeoDataFrame, got {type(geometries).__name__}"
        )
    id_list = list(ids)
    if len(id_list) != len(geoms):
        raise ValueError(f"ids has {len(id_list)} entries but there are {len(geoms)} geometries")
    if any(pd.isna(i) for i in id_list):
        raise ValueError("ids must not be missing")
    repeated = pd.Index(id_list)
    if repeated.has_duplicates:
        raise ValueError(
            f"ids repeat: {sorted(map(str, repeated[repeated.duplicated()].unique()))}"
        )
    if len(id_list) == 0:
        raise ValueError("no geometries: queen weights need at least one area")
    missing = geoms.isna().to_numpy() | geoms.is_empty.to_numpy()
    if missing.any():
        bad = [id_list[k] for k in np.flatnonzero(missing)]
        raise ValueError(f"geometry missing or empty for id(s) {bad[:10]}")
    not_polygon = ~geoms.geom_type.isin(["Polygon", "MultiPolygon"]).to_numpy()
    if not_polygon.any():
        bad = [id_list[k] for k in np.flatnonzero(not_polygon)]
        raise ValueError(f"queen contiguity needs polygons; not a (multi)polygon: {bad[:10]}")
    return Queen.from_iterable(list(geoms), ids=id_list, id_order=id_list, silence_warnings=True)


# --------------------------------------------------------------------------- Gi*


def _aligned_values(values: Any, w: W) -> np.ndarray:
    """``values`` as floats in ``w.id_order`` (a Series is aligned by label, an array by position)."""
    ids = list(w.id_order)
    if isinstance(values, pd.Series):
        if values.index.has_duplicates:
            raise ValueError("values has a repeated index label")
        absent = [i for i in ids if i not in values.index]
        if absent:
            raise ValueError(f"values has no entry for weights id(s) {absent[:10]}")
        extra = len(values) - len(ids)
        if extra:
            raise ValueError(f"values has {extra} label(s) that are not weights ids")
        values = values.reindex(ids)
    try:
        if isinstance(values, pd.Series):
            arr = values.to_numpy(dtype=float, na_value=np.nan)
        else:
            arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"values must be numeric: {exc}") from exc
    if arr.ndim != 1 or arr.shape[0] != len(ids):
        raise ValueError(
            f"values must be 1-D with one value per area ({len(ids)}), got {arr.shape}"
        )
    return arr


def _two_sided_p(z: np.ndarray, observed: np.ndarray, simulated: np.ndarray) -> np.ndarray:
    """Two-sided permutation p: twice the tail in the direction of ``z``, ties extreme, <= 1."""
    tol = 1e-9 * np.abs(observed)[:, None]
    obs = observed[:, None]
    at_least_as_high = (simulated >= obs - tol).sum(axis=1)
    at_least_as_low = (simulated <= obs + tol).sum(axis=1)
    k = np.where(z >= 0, at_least_as_high, at_least_as_low)
    return np.minimum(1.0, 2.0 * (k + 1.0) / (simulated.shape[1] + 1.0))


def adjust_p(p: np.ndarray | Sequence[float], correction: str = "none") -> np.ndarray:
    """P-values corrected for testing every area at once; NaN stays NaN and is not counted.

    Parameters
    ----------
    p : array-like of float
        Raw p-values in [0, 1], NaN for areas not tested.
    correction : {"none", "fdr", "bonferroni"}
        ``"none"``: ``p`` unchanged. ``"fdr"``: Benjamini–Hochberg adjusted
        p-values, ``min over j >= i of p_(j) m / j`` (``p_(1) <= ... <= p_(m)``),
        capped at 1, so that ``adjusted <= alpha`` exactly for the areas the
        step-up procedure rejects at false discovery rate ``alpha``.
        ``"bonferroni"``: ``min(1, m p)``. ``m`` is the number of non-NaN p-values.

    Returns
    -------
    numpy.ndarray
        The adjusted p-values, in the order of ``p``.

    Raises
    ------
    ValueError
        If ``correction`` is unknown or a p-value is outside [0, 1].

    Examples
    --------
    >>> adjust_p([0.01, 0.04, 0.03, 0.20], "bonferroni").round(6).tolist()
    [0.04, 0.16, 0.12, 0.8]
    >>> adjust_p([0.01, 0.04, 0.03, 0.20], "fdr").round(6).tolist()
    [0.04, 0.053333, 0.053333, 0.2]
    """
    if correction not in CORRECTIONS:
        raise ValueError(f"correction must be one of {list(CORRECTIONS)}, got {correction!r}")
    arr = np.array(p, dtype=float)
    tested = ~np.isnan(arr)
    if ((arr[tested] < 0) | (arr[tested] > 1)).any():
        raise ValueError("p-values must lie in [0, 1]")
    m = int(tested.sum())
    out = arr.copy()
    if correction == "none" or m == 0:
        return out
    if correction == "bonferroni":
        out[tested] = np.minimum(1.0, arr[tested] * m)
        return out
    values = arr[tested]
    order = np.argsort(values, kind="stable")
    scaled = values[order] * m / np.arange(1, m + 1)
    monotone = np.minimum.accumulate(scaled[::-1])[::-1]
    adjusted = np.empty(m)
    adjusted[order] = np.minimum(1.0, monotone)
    out[tested] = adjusted
    return out


def _classify(z: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Hot/cold class from the sign of ``z`` and ``p <= level``; NaN -> not significant."""
    out = np.full(z.shape, "not_significant", dtype=object)
    with np.errstate(invalid="ignore"):
        for confidence in sorted(SIGNIFICANCE_LEVELS, reverse=True):
            sig = (p <= SIGNIFICANCE_LEVELS[confidence]) & (out == "not_significant")
            out[sig & (z > 0)] = f"hot_{confidence}"
            out[sig & (z < 0)] = f"cold_{confidence}"
    return out


def local_gi_star(
    values: np.ndarray | pd.Series,
    w: W,
    *,
    inference: str = "analytical",
    correction: str = "none",
    permutations: int = 999,
    seed: int | None = 2564,
) -> pd.DataFrame:
    """Getis–Ord local Gi* z-scores, p-values and hot/cold classes, all of one inference.

    Runs ``esda.G_Local(star=True, transform="B")`` on the areas with data
    (see the module conventions for the inferences, the corrections, NaN
    values and islands).

    Parameters
    ----------
    values : numpy.ndarray or pandas.Series
        One value per area. An array is taken in ``w.id_order``; a Series is
        aligned by its index labels to ``w.id_order``. NaN (or ``pd.NA``) means
        no data: the area is left out of the analysis.
    w : libpysal.weights.W
        Contiguity weights, e.g. from :func:`queen_weights`; only the neighbour
        structure is used (weights become 1, and each area is added as its own
        neighbour if it is not already). ``w`` is not modified.
    inference : {"analytical", "permutation"}, default "analytical"
        Where ``z`` and ``p`` come from: the normal approximation of the Gi*
        z-score, or conditional permutations (``z_sim`` and the two-sided
        pseudo p-value).
    correction : {"none", "fdr", "bonferroni"}, default "none"
        Correction of ``p`` for testing every area (:func:`adjust_p`), applied
        before classing.
    permutations : int, default 999
        Conditional permutations under ``inference="permutation"`` (at least 1;
        19 or more to reach the 90% class, 39 the 95% class, 199 the 99% class;
        999 for publication). Not used, and reported as 0, under analytical
        inference.
    seed : int or None, default 2564
        Seed of the permutations; the same seed gives identical ``z`` and ``p``.
        ``None`` draws a fresh seed (not reproducible).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``w.id_order`` with columns ``value`` (as given), ``z`` and
        ``p`` (the chosen inference's z-score and two-sided p-value),
        ``p_adjusted`` (``p`` after ``correction``), ``hotspot`` (categorical
        with the categories :data:`HOTSPOT_CLASSES`, from the sign of ``z`` and
        ``p_adjusted``), ``n_neighbours`` (neighbours with data, not counting
        the area), and for reference ``z_norm`` / ``p_norm`` (analytical) and
        ``z_sim`` / ``p_sim`` (permutation, NaN under analytical inference).
        ``attrs`` records ``star``, ``transform``, ``inference``,
        ``correction``, ``permutations`` (the number run: 0 under analytical
        inference), ``seed`` (None when nothing was drawn), ``n_analysed``,
        ``n_tests`` (areas tested, the ``m`` of the correction), ``p_floor``
        (the smallest ``p_adjusted`` the settings allow: 0 analytically,
        ``2 / (permutations + 1)`` by permutation, times ``n_tests`` under
        Bonferroni, at most 1), ``excluded`` (ids with no data) and
        ``islands`` (analysed ids with no neighbour).

    Raises
    ------
    ValueError
        If ``values`` does not match ``w``, a value is infinite, fewer than
        :data:`MIN_AREAS` areas have data, all analysed values are equal, or
        ``inference`` / ``correction`` / ``permutations`` / ``seed`` are invalid.

    Examples
    --------
    Five cells in a row, values 1, 2, 3, 4, 10: by hand ``z = [-5, -6, -3, 5, 6] / sqrt(15)``.

    >>> from libpysal.weights import W
    >>> w = W({0: [1], 1: [0, 2], 2: [1, 3], 3: [2, 4], 4: [3]})
    >>> gi = local_gi_star(np.array([1.0, 2, 3, 4, 10]), w)
    >>> (gi["z"] * np.sqrt(15)).round(9).tolist()
    [-5.0, -6.0, -3.0, 5.0, 6.0]
    >>> gi["p"].round(3).tolist()
    [0.197, 0.121, 0.439, 0.197, 0.121]
    >>> gi["n_neighbours"].tolist(), gi.attrs["permutations"]
    ([1, 2, 2, 2, 1], 0)
    """
    if not isinstance(w, W):
        raise ValueError(f"w must be a libpysal.weights.W, got {type(w).__name__}")
    if inference not in INFERENCES:
        raise ValueError(f"inference must be one of {list(INFERENCES)}, got {inference!r}")
    if correction not in CORRECTIONS:
        raise ValueError(f"correction must be one of {list(CORRECTIONS)}, got {correction!r}")
    if isinstance(permutations, bool) or not isinstance(permutations, int | np.integer):
        raise ValueError(f"permutations must be a positive integer, got {permutations!r}")
    if permutations < 1:
        raise ValueError(f"permutations must be at least 1, got {permutations}")
    if seed is not None and (
        isinstance(seed, bool) or not isinstance(seed, int | np.integer) or not 0 <= seed < 2**32
    ):
        raise ValueError(f"seed must be an integer in [0, 2**32) or None, got {seed!r}")

    ids = list(w.id_order)
    x = _aligned_values(values, w)
    if np.isinf(x).any():
        raise ValueError("values must be finite or NaN (no data); got an infinite value")
    has_data = ~np.isnan(x)
    used_ids = [i for i, ok in zip(ids, has_data, strict=True) if ok]
    n = len(used_ids)
    if n < MIN_AREAS:
        raise ValueError(
            f"too few areas with data for a hot-spot analysis: {n} (need at least {MIN_AREAS})"
        )
    y = x[has_data]
    if np.ptp(y) == 0:
        raise ValueError("all areas with data have the same value: Gi* is undefined")
    if y.min() < 0:
        y = y - y.min()  # Gi* z and the permutation z and p are shift-invariant; G needs >= 0

    sub = w_subset(w, used_ids, silence_warnings=True)
    others = {i: [j for j in sub.neighbors[i] if j != i] for i in used_ids}
    n_nbrs = np.array([len(others[i]) for i in used_ids])
    w_star = W({i: [i, *others[i]] for i in used_ids}, id_order=used_ids, silence_warnings=True)

    permuting = inference == "permutation"
    state = np.random.get_state()  # esda seeds the global generator
    try:
        with np.errstate(divide="ignore", invalid="ignore"):
            gi = esda.G_Local(
                y,
                w_star,
                transform="B",
                star=True,
                permutations=int(permutations) if permuting else 0,
                keep_simulations=permuting,
                n_jobs=1,
                seed=None if seed is None else int(seed),
            )
    finally:
        np.random.set_state(state)

    z_norm = np.asarray(gi.Zs, dtype=float)
    p_norm = 2.0 * np.asarray(gi.p_norm, dtype=float)  # esda's is one-sided
    z_sim = np.full(n, np.nan)
    p_sim = np.full(n, np.nan)
    if permuting:
        observed = np.asarray(gi.Gs, dtype=float)
        simulated = np.asarray(gi.rGs, dtype=float)
        mean, sd = simulated.mean(axis=1), simulated.std(axis=1)
        spread_ = np.abs(observed) * 1e-9
        with np.errstate(divide="ignore", invalid="ignore"):
            z_sim = np.where(sd > spread_, (observed - mean) / sd, 0.0)  # no spread: z = 0
        p_sim = _two_sided_p(z_sim, observed, simulated)
        del simulated
    del gi  # the simulations take n x permutations floats
    island = n_nbrs == 0
    for arr in (z_norm, p_norm, z_sim, p_sim):
        arr[island] = np.nan
    z, p = (z_sim, p_sim) if permuting else (z_norm, p_norm)
    p_adjusted = adjust_p(p, correction)
    n_tests = int((~np.isnan(p)).sum())
    p_floor = 2.0 / (permutations + 1.0) if permuting else 0.0
    if correction == "bonferroni":
        p_floor = min(1.0, p_floor * n_tests)

    def spread(analysed: np.ndarray) -> np.ndarray:  # back to all areas, NaN where no data
        values_all = np.full(len(ids), np.nan)
        values_all[has_data] = analysed
        return values_all

    z_all, p_adj_all = spread(z), spread(p_adjusted)
    pos = {i: k for k, i in enumerate(ids)}
    neighbours_with_data = np.array(
        [sum(bool(has_data[pos[j]]) for j in w.neighbors[i] if j != i) for i in ids],
        dtype=np.int64,
    )
    out = pd.DataFrame(
        {
            "value": x,
            "z": z_all,
            "p": spread(p),
            "p_adjusted": p_adj_all,
            "hotspot": pd.Categorical(
                _classify(z_all, p_adj_all), categories=list(HOTSPOT_CLASSES)
            ),
            "n_neighbours": neighbours_with_data,
            "z_norm": spread(z_norm),
            "p_norm": spread(p_norm),
            "z_sim": spread(z_sim),
            "p_sim": spread(p_sim),
        },
        index=pd.Index(ids, name=values.index.name if isinstance(values, pd.Series) else None),
    )
    out.attrs = {
        "star": True,
        "transform": "B",
        "inference": inference,
        "correction": correction,
        "permutations": int(permutations) if permuting else 0,
        "seed": seed if permuting else None,
        "n_analysed": n,
        "n_tests": n_tests,
        "p_floor": p_floor,
        "excluded": [i for i, ok in zip(ids, has_data, strict=True) if not ok],
        "islands": [i for i, isl in zip(used_ids, island, strict=True) if isl],
    }
    return out


def hotspots(
    gdf: gpd.GeoDataFrame, value_col: str, code_col: str = "code", **kwargs: Any
) -> pd.DataFrame:
    """Queen weights plus local Gi* for a GeoDataFrame of areas, indexed by area code.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        One (multi)polygon per area.
    value_col : str
        Column with the value to analyse (NaN = no data, see :func:`local_gi_star`).
    code_col : str, default "code"
        Column with unique area codes; they index the result.
    **kwargs
        Passed to :func:`local_gi_star` (``inference``, ``correction``,
        ``permutations``, ``seed``).

    Returns
    -------
    pandas.DataFrame
        The :func:`local_gi_star` frame, indexed by ``code_col`` in the order of ``gdf``.

    Raises
    ------
    ValueError
        If a column is missing, or as :func:`queen_weights` and :func:`local_gi_star`.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> gdf = gpd.GeoDataFrame({"code": list("abcde"), "rate": [1.0, 2, 3, 4, 10]},
    ...                        geometry=[box(i, 0, i + 1, 1) for i in range(5)])
    >>> out = hotspots(gdf, "rate")
    >>> out.index.name, out["z"].round(3).tolist()
    ('code', [-1.291, -1.549, -0.775, 1.291, 1.549])
    """
    if not isinstance(gdf, gpd.GeoDataFrame):
        raise ValueError(f"gdf must be a GeoDataFrame, got {type(gdf).__name__}")
    missing = [c for c in (value_col, code_col) if c not in gdf.columns]
    if missing:
        raise ValueError(f"gdf is missing column(s): {missing}")
    codes = gdf[code_col].tolist()
    w = queen_weights(gdf.geometry, codes)
    values = pd.Series(gdf[value_col].to_numpy(), index=pd.Index(codes, name=code_col))
    return local_gi_star(values, w, **kwargs)


def spot_counts(classes: pd.Series) -> tuple[int, int]:
    """How many areas are hot spots and how many cold spots (any confidence) among the Gi*
    ``hotspot`` classes (:data:`HOTSPOT_CLASSES`; missing ones count as neither).

    Examples
    --------
    >>> spot_counts(pd.Series(["hot_99", "hot_90", "not_significant", "cold_95", None]))
    (2, 1)
    """
    text = classes.astype(str)
    return int(text.str.startswith("hot").sum()), int(text.str.startswith("cold").sum())
