"""Alkire–Foster (AF) multidimensional poverty measures.

Implements the counting approach of Alkire & Foster (2011), "Counting and
multidimensional poverty measurement", *J. Public Economics* 95: 476–487, and
Alkire et al. (2015), *Multidimensional Poverty Measurement and Analysis*, ch. 5,
following the formulas of docs/methods.md, "Alkire–Foster". Notation is the literature's:

* ``X`` (n × d) achievements, ``z_j`` deprivation cut-offs,
  ``g0_ij = 1`` if ``x_ij < z_j`` (deprivation matrix);
* ``w_j >= 0`` indicator weights with ``sum_j w_j = 1``;
* ``c_i = sum_j w_j g0_ij`` the deprivation score, poor iff ``c_i >= k``
  (dual cut-off, ``k`` in (0, 1]);
* ``H = q / n`` (incidence), ``A = sum_i c_i(k) / q`` (intensity),
  ``M0 = H A = sum_j w_j h_j(k)`` (adjusted headcount ratio), ``h_j(k)`` the
  censored headcount ratios, ``phi_j = w_j h_j(k) / M0`` the contributions;
* ``M1``, ``M2``: adjusted poverty gap and squared gap, from normalised gaps
  ``g1_ij = (z_j - x_ij) / z_j`` (cardinal indicators only).

Conventions (the rules this module applies)
-------------------------------------------
Not applicable / missing
    A NaN achievement or deprivation counts as **not deprived** (0) and the
    weights are **not** re-weighted. This is the global-MPI rule for a
    household with no eligible member (e.g. no child aged 6-14 means not
    deprived in schooling); the จปฐ./TPMAP indicators that apply only to some
    households (newborn, young children, elderly, disabled members) are coded
    NaN for the others. Callers wanting another rule (dropping rows,
    re-weighting) must transform the data before calling.
Unit of identification and population weights
    Rows may be households. ``population`` gives the number of people each row
    stands for (household size, or household size × survey expansion factor).
    Every member gets the household's status, so ``n``, ``q``, ``H``, ``M0``
    and the headcount ratios are shares of **people** (``1/n`` is replaced by
    the weights). Without ``population`` each row counts once.
Identification tolerance
    ``c_i >= k`` is tested as ``c_i >= k - 1e-12`` (and ``c_i > 0``), so
    float sums such as ``0.1 * 8`` still meet ``k = 0.8``. Weights are checked
    to sum to 1 within 1e-9 and then rescaled to sum to exactly 1.
No poor people
    When ``q = 0`` the intensity ``A`` is undefined; it is reported as 0 so
    that ``M0 = H A`` holds, and the contributions are all 0.

The module is pure numpy/pandas: it never imports Streamlit and never reads
settings; callers pass ``k`` and the weights in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

__all__ = [
    "IDENTIFICATION_TOL",
    "TPMAP_DIMENSIONS",
    "WEIGHT_SUM_TOL",
    "AFResult",
    "af_by_area",
    "alkire_foster",
    "decompose",
    "deprivation_matrix",
    "indicator_weights",
    "normalised_gaps",
]

#: TPMAP's five dimensions, in the order of ``POVMAP_AF_DIMENSION_WEIGHTS``.
TPMAP_DIMENSIONS: tuple[str, ...] = ("health", "living", "education", "income", "access")

#: Absolute tolerance of the identification step ``c_i >= k``.
IDENTIFICATION_TOL: float = 1e-12

#: Absolute tolerance on ``sum_j w_j = 1`` (and on dimension weights).
WEIGHT_SUM_TOL: float = 1e-9


# --------------------------------------------------------------------------- validation helpers


def _as_float_array(values: Any, name: str, ndim: int) -> np.ndarray:
    """Return ``values`` as a float array of dimension ``ndim`` (pandas NA -> NaN)."""
    if isinstance(values, pd.DataFrame | pd.Series):
        arr = values.to_numpy(dtype=float, na_value=np.nan)
    else:
        try:
            arr = np.asarray(values, dtype=float)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{name} must be numeric: {exc}") from exc
    if arr.ndim != ndim:
        shape = "2-D (n x d)" if ndim == 2 else "1-D"
        raise ValueError(f"{name} must be a {shape} array, got shape {arr.shape}")
    return arr


def _as_vector(values: Any, name: str, length: int) -> np.ndarray:
    arr = _as_float_array(values, name, 1)
    if arr.shape[0] != length:
        raise ValueError(f"{name} must have length {length}, got {arr.shape[0]}")
    return arr


def _as_deprivations(deprivations: Any) -> np.ndarray:
    """Return the n x d deprivation matrix as floats 0/1, NaN -> 0 (not deprived)."""
    g0 = _as_float_array(deprivations, "deprivations", 2)
    g0 = np.where(np.isnan(g0), 0.0, g0)
    if not np.all((g0 == 0.0) | (g0 == 1.0)):
        raise ValueError("deprivations must hold only 0, 1, True, False or NaN (not applicable)")
    return g0


def _validate_weights(weights: Any, d: int) -> np.ndarray:
    """Check indicator weights (finite, >= 0, sum 1 within tolerance); rescale to sum 1."""
    w = _as_vector(weights, "weights", d)
    if not np.all(np.isfinite(w)):
        raise ValueError("weights must be finite")
    if np.any(w < 0):
        raise ValueError(f"weights must be non-negative, got {w.tolist()}")
    total = float(w.sum())
    if abs(total - 1.0) > WEIGHT_SUM_TOL:
        raise ValueError(
            f"weights must sum to 1 (within {WEIGHT_SUM_TOL:g}), they sum to {total!r}"
        )
    return w / total


def _validate_k(k: float) -> float:
    try:
        k = float(k)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"poverty cut-off k must be a number in (0, 1], got {k!r}") from exc
    if not 0.0 < k <= 1.0:  # also rejects NaN
        raise ValueError(f"poverty cut-off k must be in (0, 1], got {k!r}")
    return k


def _as_population(population: Any, n_rows: int) -> np.ndarray:
    if population is None:
        return np.ones(n_rows)
    p = _as_vector(population, "population", n_rows)
    if not np.all(np.isfinite(p)):
        raise ValueError("population weights must be finite (no NaN)")
    if np.any(p < 0):
        raise ValueError("population weights must be non-negative")
    return p


def _identify(g0: np.ndarray, w: np.ndarray, k: float) -> tuple[np.ndarray, np.ndarray]:
    """Deprivation scores ``c_i`` and the dual cut-off identification ``c_i >= k``."""
    scores = np.clip(g0 @ w, 0.0, 1.0)  # c_i is in [0, 1]; clip float overshoot of sum(w)
    poor = (scores >= k - IDENTIFICATION_TOL) & (scores > 0.0)
    return scores, poor


def _group_codes(groups: Any, n_rows: int) -> tuple[np.ndarray, pd.Index]:
    """Integer codes of ``groups`` (labels sorted) and the sorted labels."""
    name = groups.name if isinstance(groups, pd.Series | pd.Index) else None
    try:
        labels = groups if isinstance(groups, pd.Series | pd.Index) else pd.Index(groups)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"groups must be a 1-D sequence of labels: {exc}") from exc
    if len(labels) != n_rows:
        raise ValueError(f"groups must have length {n_rows}, got {len(labels)}")
    try:
        codes, uniques = pd.factorize(labels, sort=True)
    except TypeError as exc:
        raise ValueError(f"group labels must be mutually sortable: {exc}") from exc
    if np.any(codes < 0):
        raise ValueError("groups must not contain missing labels (NaN/None)")
    return codes, pd.Index(uniques, name=name)


def _readonly(arr: np.ndarray) -> np.ndarray:
    arr.setflags(write=False)
    return arr


# --------------------------------------------------------------------------- public API


def deprivation_matrix(achievements: np.ndarray, cutoffs: np.ndarray) -> np.ndarray:
    """Deprivation matrix ``g0`` of an achievement matrix.

    ``g0_ij = 1`` if ``x_ij < z_j`` else 0. A NaN achievement (indicator not
    applicable or missing) gives 0: **not applicable counts as not deprived**,
    the global-MPI rule for households without an eligible member.

    Parameters
    ----------
    achievements : numpy.ndarray
        ``n x d`` achievement matrix ``X``; NaN means not applicable.
    cutoffs : numpy.ndarray
        Length-``d`` deprivation cut-offs ``z`` (finite).

    Returns
    -------
    numpy.ndarray
        ``n x d`` integer array of 0/1.

    Raises
    ------
    ValueError
        If the shapes do not match or a cut-off is not finite.

    Examples
    --------
    >>> deprivation_matrix(np.array([[13.1, 14.0], [12.5, np.nan]]), np.array([13.0, 12.0]))
    array([[0, 0],
           [1, 0]])
    """
    x = _as_float_array(achievements, "achievements", 2)
    z = _as_vector(cutoffs, "cutoffs", x.shape[1])
    if not np.all(np.isfinite(z)):
        raise ValueError("cutoffs must be finite")
    with np.errstate(invalid="ignore"):
        g0 = x < z  # NaN < z is False: not applicable -> not deprived
    return g0.astype(np.int64)


def normalised_gaps(achievements: np.ndarray, cutoffs: np.ndarray) -> np.ndarray:
    """Normalised gaps ``g1_ij = (z_j - x_ij) / z_j`` where deprived, else 0.

    Only meaningful for cardinal (ratio-scale) indicators such as income.
    NaN achievements give 0 (not applicable counts as not deprived).

    Parameters
    ----------
    achievements : numpy.ndarray
        ``n x d`` achievement matrix ``X``, non-negative or NaN.
    cutoffs : numpy.ndarray
        Length-``d`` cut-offs ``z``, strictly positive.

    Returns
    -------
    numpy.ndarray
        ``n x d`` float array with values in [0, 1].

    Raises
    ------
    ValueError
        If shapes do not match, a cut-off is not positive and finite, or an
        achievement is negative.

    Examples
    --------
    >>> normalised_gaps(np.array([[12.5, 7.0], [20.0, np.nan]]), np.array([13.0, 12.0])).round(4)
    array([[0.0385, 0.4167],
           [0.    , 0.    ]])
    """
    x = _as_float_array(achievements, "achievements", 2)
    z = _as_vector(cutoffs, "cutoffs", x.shape[1])
    if not np.all(np.isfinite(z) & (z > 0)):
        raise ValueError("cutoffs must be finite and strictly positive for normalised gaps")
    if np.any(x[~np.isnan(x)] < 0):
        raise ValueError("normalised gaps need non-negative achievements (ratio-scale indicators)")
    with np.errstate(invalid="ignore"):
        deprived = x < z
    return np.where(deprived, (z - np.where(deprived, x, z)) / z, 0.0)


def indicator_weights(
    indicators: pd.DataFrame, dimension_weights: Mapping[str, float]
) -> pd.Series:
    """Nested indicator weights: each dimension's weight shared equally among its indicators.

    Parameters
    ----------
    indicators : pandas.DataFrame
        One row per indicator with columns ``code`` (unique) and ``dimension``,
        like ``data/tables/bmn_indicators.csv``.
    dimension_weights : Mapping[str, float]
        Weight of each dimension; non-negative, summing to 1 (within 1e-9).
        A dimension listed here but absent from ``indicators`` must have weight 0.

    Returns
    -------
    pandas.Series
        Float weights named ``weight``, indexed by ``code`` in the order of
        ``indicators``; they sum to 1.

    Raises
    ------
    ValueError
        If columns are missing, codes repeat, a weight is negative or not
        finite, the weights do not sum to 1, a dimension of ``indicators`` has
        no weight, or a positively weighted dimension has no indicator.

    Examples
    --------
    >>> ind = pd.DataFrame({"code": ["a", "b", "c"], "dimension": ["health", "health", "income"]})
    >>> indicator_weights(ind, {"health": 0.5, "income": 0.5}).tolist()
    [0.25, 0.25, 0.5]
    """
    missing_cols = {"code", "dimension"} - set(indicators.columns)
    if missing_cols:
        raise ValueError(f"indicators is missing column(s): {sorted(missing_cols)}")
    codes = indicators["code"]
    if codes.isna().any() or indicators["dimension"].isna().any():
        raise ValueError("indicators must not have missing code or dimension values")
    if codes.duplicated().any():
        raise ValueError(f"indicator codes repeat: {sorted(codes[codes.duplicated()].unique())}")
    dw = {str(dim): float(v) for dim, v in dimension_weights.items()}
    bad = {dim: v for dim, v in dw.items() if not np.isfinite(v) or v < 0}
    if bad:
        raise ValueError(f"dimension weights must be finite and non-negative, got {bad}")
    total = sum(dw.values())
    if abs(total - 1.0) > WEIGHT_SUM_TOL:
        raise ValueError(
            f"dimension weights must sum to 1 (within {WEIGHT_SUM_TOL:g}), they sum to {total!r}"
        )
    dims = indicators["dimension"].astype(str)
    unweighted = sorted(set(dims) - set(dw))
    if unweighted:
        raise ValueError(
            f"dimension(s) {unweighted} have indicators but no weight in dimension_weights"
        )
    empty = sorted(dim for dim, v in dw.items() if v > 0 and dim not in set(dims))
    if empty:
        raise ValueError(f"dimension(s) {empty} have a positive weight but no indicators")
    counts = dims.value_counts()
    values = [dw[dim] / counts[dim] for dim in dims]
    return pd.Series(
        values, index=pd.Index(codes.to_numpy(), name="code"), name="weight", dtype=float
    )


@dataclass(frozen=True, eq=False)
class AFResult:
    """Alkire–Foster measures for one population (arrays are read-only).

    Attributes
    ----------
    k : float
        Poverty cut-off used.
    n : float
        Population (sum of population weights; number of rows if unweighted).
    q : float
        Poor population (weighted).
    H : float
        Incidence (multidimensional headcount ratio) ``q / n``.
    A : float
        Intensity: average deprivation score among the poor (0 if ``q == 0``).
    M0 : float
        Adjusted headcount ratio ``H * A``.
    M1, M2 : float or None
        Adjusted poverty gap and squared gap; ``None`` unless gaps were given.
    censored_headcounts : numpy.ndarray
        ``h_j(k)``, share of people poor *and* deprived in ``j`` (length ``d``).
    uncensored_headcounts : numpy.ndarray
        ``h_j``, share of people deprived in ``j`` (length ``d``).
    contributions : numpy.ndarray
        ``phi_j = w_j h_j(k) / M0``; sum to 1, all 0 if ``M0 == 0``.
    scores : numpy.ndarray
        Uncensored deprivation scores ``c_i`` per row (length ``n`` rows).
    poor : numpy.ndarray
        Boolean identification ``c_i >= k`` per row.
    """

    k: float
    n: float
    q: float
    H: float
    A: float
    M0: float
    M1: float | None
    M2: float | None
    censored_headcounts: np.ndarray
    uncensored_headcounts: np.ndarray
    contributions: np.ndarray
    scores: np.ndarray
    poor: np.ndarray


def alkire_foster(
    deprivations: ArrayLike,
    weights: ArrayLike,
    k: float,
    population: ArrayLike | None = None,
    gaps: ArrayLike | None = None,
) -> AFResult:
    """Alkire–Foster identification and aggregation (``M0``, and ``M1``/``M2`` with gaps).

    Parameters
    ----------
    deprivations : array_like
        ``n x d`` deprivation matrix ``g0`` of 0/1 (bool accepted); NaN means
        not applicable and counts as **not deprived**.
    weights : array_like
        Length-``d`` indicator weights ``w_j >= 0`` summing to 1 (within 1e-9).
    k : float
        Poverty cut-off in (0, 1]; a row is poor iff ``c_i >= k`` (tolerance
        1e-12). ``k = min(w)`` is the union approach, ``k = 1`` intersection.
    population : array_like, optional
        Length-``n`` non-negative number of people each row stands for
        (household size, possibly times a survey weight). Every member takes
        the row's status, so all ratios are shares of people. Default: 1 each.
    gaps : array_like, optional
        ``n x d`` normalised gaps ``g1_ij`` in [0, 1] (see
        :func:`normalised_gaps`); NaN counts as 0, and gaps count only where
        ``g0_ij = 1``. For a binary indicator use 1 where deprived.

    Returns
    -------
    AFResult
        ``M1 = (1/n) sum_i sum_j w_j g1_ij(k)`` and
        ``M2 = (1/n) sum_i sum_j w_j g1_ij(k)^2`` (people-weighted), so with
        equal weights ``1/d`` they equal ``(1/(n d)) sum sum g^alpha(k)`` and
        ``M1 = M0`` when every gap is 1.

    Raises
    ------
    ValueError
        On bad shapes, non 0/1 deprivations, weights that are negative or do
        not sum to 1, ``k`` outside (0, 1], negative/NaN population, gaps
        outside [0, 1], or a total population of zero.

    Examples
    --------
    Alkire & Foster (2011), 4 people x 4 equally weighted indicators, ``k = 2/4``:

    >>> g0 = [[0, 0, 0, 0], [0, 1, 0, 1], [1, 1, 1, 1], [0, 1, 0, 0]]
    >>> r = alkire_foster(g0, [0.25] * 4, k=0.5)
    >>> r.q, r.H, r.A, r.M0
    (2.0, 0.5, 0.75, 0.375)
    >>> r.censored_headcounts.tolist(), r.poor.tolist()
    ([0.25, 0.5, 0.25, 0.5], [False, True, True, False])
    """
    g0 = _as_deprivations(deprivations)
    n_rows, d = g0.shape
    w = _validate_weights(weights, d)
    k = _validate_k(k)
    p = _as_population(population, n_rows)
    n = float(p.sum())
    if n <= 0:
        raise ValueError("total population is zero: the AF measures are undefined")

    scores, poor = _identify(g0, w, k)
    p_poor = np.where(poor, p, 0.0)  # people in poor rows
    q = float(p_poor.sum())
    H = q / n
    sum_censored_scores = float(p_poor @ scores)
    M0 = sum_censored_scores / n
    A = sum_censored_scores / q if q > 0 else 0.0
    uncensored = (p @ g0) / n
    censored = (p_poor @ g0) / n
    contributions = w * censored / M0 if M0 > 0 else np.zeros(d)

    M1: float | None = None
    M2: float | None = None
    if gaps is not None:
        g1 = _as_float_array(gaps, "gaps", 2)
        if g1.shape != g0.shape:
            raise ValueError(f"gaps must have the shape of deprivations {g0.shape}, got {g1.shape}")
        g1 = np.where(np.isnan(g1), 0.0, g1)
        if not np.all((g1 >= 0.0) & (g1 <= 1.0)):
            raise ValueError("normalised gaps must lie in [0, 1]")
        g1 = g1 * g0  # a gap only counts where the indicator is deprived
        M1 = float(p_poor @ (g1 @ w)) / n
        M2 = float(p_poor @ ((g1**2) @ w)) / n

    return AFResult(
        k=k,
        n=n,
        q=q,
        H=H,
        A=A,
        M0=M0,
        M1=M1,
        M2=M2,
        censored_headcounts=_readonly(censored),
        uncensored_headcounts=_readonly(uncensored),
        contributions=_readonly(contributions),
        scores=_readonly(scores),
        poor=_readonly(poor),
    )


def _group_sums(
    codes: np.ndarray, n_groups: int, p: np.ndarray, poor: np.ndarray, scores: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per group: population, poor population, sum of censored scores, and H, A, M0."""
    p_poor = np.where(poor, p, 0.0)
    pop = np.bincount(codes, weights=p, minlength=n_groups)
    q = np.bincount(codes, weights=p_poor, minlength=n_groups)
    csum = np.bincount(codes, weights=p_poor * scores, minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        H = np.where(pop > 0, q / pop, np.nan)
        A = np.where(q > 0, csum / q, np.where(pop > 0, 0.0, np.nan))
        M0 = np.where(pop > 0, csum / pop, np.nan)
    return pop, q, csum, np.stack([H, A, M0])


def decompose(
    deprivations: ArrayLike,
    weights: ArrayLike,
    k: float,
    groups: ArrayLike,
    population: ArrayLike | None = None,
) -> pd.DataFrame:
    """Subgroup decomposition of ``M0`` (``M0 = sum_l (n_l / n) M0_l``).

    Identification is done once per row (it does not depend on the group);
    every group measure is then computed from row-level sums, never by
    averaging ratios across groups.

    Parameters
    ----------
    deprivations, weights, k, population
        As in :func:`alkire_foster`.
    groups : array_like
        Length-``n`` group labels (no missing labels); labels must be sortable.

    Returns
    -------
    pandas.DataFrame
        One row per group, index = sorted group labels, columns
        ``population``, ``population_share``, ``poor_population``, ``H``,
        ``A``, ``M0`` and ``contribution`` (``= share * M0_l / M0``; all 0 if
        ``M0 == 0``). A group whose population is 0 gets NaN ``H``, ``A``, ``M0``.

    Raises
    ------
    ValueError
        As :func:`alkire_foster`, or if ``groups`` has the wrong length or a
        missing label.

    Examples
    --------
    >>> g0 = [[0, 0, 0, 0], [0, 1, 0, 1], [1, 1, 1, 1], [0, 1, 0, 0]]
    >>> t = decompose(g0, [0.25] * 4, 0.5, ["ab", "ab", "cd", "cd"])
    >>> t["M0"].tolist(), t["contribution"].round(4).tolist()
    ([0.25, 0.5], [0.3333, 0.6667])
    """
    g0 = _as_deprivations(deprivations)
    n_rows, d = g0.shape
    w = _validate_weights(weights, d)
    k = _validate_k(k)
    p = _as_population(population, n_rows)
    n = float(p.sum())
    if n <= 0:
        raise ValueError("total population is zero: the AF measures are undefined")
    codes, labels = _group_codes(groups, n_rows)
    scores, poor = _identify(g0, w, k)
    pop, q, csum, (H, A, M0) = _group_sums(codes, len(labels), p, poor, scores)
    total = csum.sum()
    contribution = csum / total if total > 0 else np.zeros(len(labels))
    return pd.DataFrame(
        {
            "population": pop,
            "population_share": pop / n,
            "poor_population": q,
            "H": H,
            "A": A,
            "M0": M0,
            "contribution": contribution,
        },
        index=labels,
    )


def af_by_area(
    frame: pd.DataFrame,
    indicator_codes: Sequence[str],
    weights: pd.Series,
    k: float,
    area_col: str,
    population_col: str | None,
) -> pd.DataFrame:
    """Alkire–Foster measures per area from household-level pass/fail indicators.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per household. Each indicator column holds 1 = passes,
        0 = fails (deprived), NaN = not applicable (counts as **not deprived**).
    indicator_codes : Sequence[str]
        Indicator columns to use (e.g. ``bmn_01`` ... ``bmn_17``).
    weights : pandas.Series
        Indicator weights indexed by code (see :func:`indicator_weights`);
        those of ``indicator_codes`` must sum to 1.
    k : float
        Poverty cut-off in (0, 1].
    area_col : str
        Column with the area label (no missing values).
    population_col : str or None
        Column with the people each household stands for (household size,
        possibly times a survey weight); ``None`` counts households instead.

    Returns
    -------
    pandas.DataFrame
        Indexed by sorted area label (index name ``area_col``), columns
        ``households``, ``poor_households`` (unweighted row counts),
        ``population``, ``poor_population``, ``H``, ``A``, ``M0``, then
        ``h_<code>`` (censored headcount ratio) and ``phi_<code>``
        (contribution, 0 where ``M0 == 0``) for every indicator.

    Raises
    ------
    ValueError
        If a column is missing, an indicator holds something other than
        0/1/NaN, a weight is missing or the weights do not sum to 1, or as
        :func:`alkire_foster`.

    Examples
    --------
    >>> hh = pd.DataFrame({"tambon": ["x", "x", "y"], "size": [1, 4, 2],
    ...                    "i1": [0, 1, 0], "i2": [0, 1, None]})
    >>> out = af_by_area(hh, ["i1", "i2"], pd.Series({"i1": 0.5, "i2": 0.5}), 0.5, "tambon", "size")
    >>> out[["population", "poor_population", "H", "M0"]].to_dict("index")["x"]
    {'population': 5.0, 'poor_population': 1.0, 'H': 0.2, 'M0': 0.2}
    """
    codes = [str(c) for c in indicator_codes]
    if not codes:
        raise ValueError("indicator_codes is empty")
    needed = [*codes, area_col] + ([population_col] if population_col is not None else [])
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise ValueError(f"frame is missing column(s): {missing}")
    w_all = pd.Series(weights, dtype=float)
    missing_w = [c for c in codes if c not in w_all.index]
    if missing_w:
        raise ValueError(f"no weight given for indicator(s): {missing_w}")
    left_out = [c for c in w_all.index if c not in codes and w_all[c] != 0]
    if left_out:
        raise ValueError(f"indicator(s) {left_out} have a weight but are not in indicator_codes")
    w = w_all.reindex(codes).to_numpy()

    values = frame[codes].to_numpy(dtype=float, na_value=np.nan)
    bad = ~(np.isnan(values) | (values == 0.0) | (values == 1.0))
    if bad.any():
        bad_cols = [c for c, b in zip(codes, bad.any(axis=0), strict=True) if b]
        raise ValueError(
            f"indicator column(s) {bad_cols} must hold only 1 (passes), 0 (fails) or NaN"
        )
    g0 = (values == 0.0).astype(float)  # fails -> deprived; NaN -> not deprived

    n_rows, d = g0.shape
    w = _validate_weights(w, d)
    k = _validate_k(k)
    p = _as_population(None if population_col is None else frame[population_col], n_rows)
    group_codes, labels = _group_codes(frame[area_col], n_rows)
    n_groups = len(labels)

    scores, poor = _identify(g0, w, k)
    pop, q, _, (H, A, M0) = _group_sums(group_codes, n_groups, p, poor, scores)
    households = np.bincount(group_codes, minlength=n_groups)
    poor_households = np.bincount(group_codes, weights=poor.astype(float), minlength=n_groups)

    p_poor = np.where(poor, p, 0.0)
    columns: dict[str, np.ndarray] = {
        "households": households.astype(np.int64),
        "poor_households": poor_households.astype(np.int64),
        "population": pop,
        "poor_population": q,
        "H": H,
        "A": A,
        "M0": M0,
    }
    h = np.empty((n_groups, d))
    with np.errstate(invalid="ignore", divide="ignore"):
        for j in range(d):
            h[:, j] = np.bincount(group_codes, weights=p_poor * g0[:, j], minlength=n_groups) / pop
        h = np.where((pop > 0)[:, None], h, np.nan)
        phi = np.where(
            (M0 > 0)[:, None], w * h / M0[:, None], np.where(np.isnan(M0)[:, None], np.nan, 0.0)
        )
    for j, code in enumerate(codes):
        columns[f"h_{code}"] = h[:, j]
    for j, code in enumerate(codes):
        columns[f"phi_{code}"] = phi[:, j]
    return pd.DataFrame(columns, index=pd.Index(labels, name=area_col))
