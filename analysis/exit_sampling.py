"""Exit verification by sampling: how many households to check, which ones (a seeded stratified
random sample), and the three rates with their confidence intervals against the thresholds
(docs/methods.md, "Exit verification by sampling").

Before an area is declared out of poverty, China's third-party evaluation checked a sample of
households and computed the **wrong-exit rate** (wrongly exited ÷ exited households checked),
the **missed-poor rate** (poor found ÷ never-registered households checked) and the
**satisfaction rate** (satisfied ÷ households asked), against 2 %, 2 % and 90 % (DOMAIN.md
§9.2). Here each rate carries a confidence interval, Wilson's score interval or the exact
Clopper–Pearson interval, and the verdict reads the interval:

* a rate that must stay low (wrong exits, missed poor) **passes** when the interval's upper
  bound is at or below the threshold, **fails** when the rate itself is above it, and is
  **inconclusive** in between (the sample is too small to show a pass: check more households);
* the satisfaction rate passes when the lower bound is at or above its threshold, fails when
  the rate is below it, and is inconclusive in between;
* a rate with no household checked has ``no_data``.

The burden of proof is on the area asking to exit: a pass is a statement the sample supports
at the chosen confidence, not only a point estimate under the line.

Example:
    >>> sample_size(0.05, 0.95)
    385
    >>> [round(v, 4) for v in wilson_interval(0, 50)]
    [0.0, 0.0713]
    >>> verdict(0, 200, 0.02, "max")
    'pass'
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import pandas as pd

METHODS: tuple[str, ...] = ("exact", "wilson")
VERDICTS: tuple[str, ...] = ("pass", "inconclusive", "fail", "no_data")
#: The three rates: name -> which side of the threshold is good ("max": stay at or below it).
RATES: dict[str, str] = {"wrong_exit": "max", "missed_poor": "max", "satisfaction": "min"}


def z_value(confidence: float) -> float:
    """The two-sided standard normal quantile of ``confidence`` (1.959964 for 0.95).

    >>> round(z_value(0.95), 6), round(z_value(0.90), 6)
    (1.959964, 1.644854)
    """
    if not 0 < confidence < 1:
        raise ValueError("confidence must be between 0 and 1")
    return NormalDist().inv_cdf(1 - (1 - confidence) / 2)


def sample_size(
    margin: float,
    confidence: float = 0.95,
    *,
    expected: float = 0.5,
    population: int | None = None,
) -> int:
    """Households to check for a rate within ± ``margin`` at ``confidence``, rounded up.

    Cochran's ``n0 = z² p (1 − p) / margin²`` with ``p = expected`` (0.5, the largest, when
    nothing is known), and with a ``population`` of N households the finite population
    correction ``n = n0 N / (N + n0 − 1)`` (Krejcie & Morgan's table); never more than N.

    >>> sample_size(0.05, population=1000), sample_size(0.02, expected=0.02)
    (278, 189)
    """
    if not 0 < margin < 1:
        raise ValueError("margin must be between 0 and 1")
    if not 0 < expected < 1:
        raise ValueError("expected must be between 0 and 1")
    n0 = z_value(confidence) ** 2 * expected * (1 - expected) / margin**2
    if population is None:
        return math.ceil(n0 - 1e-9)
    if population < 0:
        raise ValueError("population must be 0 or more")
    if population == 0:
        return 0
    return min(population, math.ceil(n0 * population / (population + n0 - 1) - 1e-9))


def zero_failure_size(threshold: float, confidence: float = 0.95) -> int:
    """The smallest sample in which no wrong exit (no event) passes ``threshold`` with the
    exact interval: ``1 − (α/2)^(1/n) ≤ threshold``.

    >>> zero_failure_size(0.02)
    183
    """
    if not 0 < threshold < 1:
        raise ValueError("threshold must be between 0 and 1")
    alpha = 1 - confidence
    return math.ceil(math.log(alpha / 2) / math.log(1 - threshold) - 1e-9)


# --- allocation and the sample ----------------------------------------------------------------------


def allocate(sizes: Mapping[str, int], n: int, *, minimum: int = 1) -> dict[str, int]:
    """Split a sample of ``n`` over strata of ``sizes`` households in proportion to their size,
    with at least ``minimum`` from each stratum (all of a smaller one) and never more than a
    stratum has. The minimum wins over ``n`` (the sample is then larger); ``n`` above the
    population takes everyone. Shares are rounded by largest remainder (ties by stratum name).

    >>> allocate({"a": 500, "b": 300, "c": 200}, 100)
    {'a': 50, 'b': 30, 'c': 20}
    >>> allocate({"a": 970, "b": 20, "c": 10}, 100, minimum=5)
    {'a': 90, 'b': 5, 'c': 5}
    """
    if n < 0 or minimum < 0:
        raise ValueError("n and minimum must be 0 or more")
    names = sorted(sizes)
    size = np.array([int(sizes[s]) for s in names], dtype=float)
    if (size < 0).any():
        raise ValueError("stratum sizes must be 0 or more")
    low = np.minimum(size, minimum)
    if n <= low.sum():
        return {s: int(v) for s, v in zip(names, low, strict=True)}
    if n >= size.sum():
        return {s: int(v) for s, v in zip(names, size, strict=True)}

    def filled(scale: float) -> np.ndarray:
        return np.clip(scale * size, low, size)

    lo, hi = 0.0, 1.0  # filled(1.0) takes everyone, which is at least n
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if filled(mid).sum() < n else (lo, mid)
    share = filled(hi)
    base = np.floor(share + 1e-9)
    left = round(float(n - base.sum()))
    room = np.flatnonzero(base < size)
    order = sorted(room, key=lambda i: (-(share[i] - base[i]), names[i]))
    for i in order[:left]:
        base[i] += 1
    return {s: int(v) for s, v in zip(names, base, strict=True)}


def stratum_seed(seed: int, stratum: str) -> np.random.Generator:
    """The random generator of one stratum: from the sample's seed and the stratum's name, so a
    stratum's draw does not depend on the other strata."""
    return np.random.default_rng([int(seed), zlib.crc32(str(stratum).encode("utf-8"))])


def stratified_sample(
    frame: pd.DataFrame,
    n: int,
    *,
    stratum_col: str,
    seed: int,
    minimum: int = 1,
    id_col: str = "hh_id",
) -> pd.DataFrame:
    """A reproducible stratified random sample of ``frame``'s rows (one per ``id_col``):
    :func:`allocate` decides how many per stratum, and each stratum draws without replacement
    from its IDs in sorted order with :func:`stratum_seed`, so the same households and seed
    give the same sample whatever the row order.

    Columns: ``id_col``, ``stratum``, ``draw_no`` (1, 2, ... within the stratum); ordered by
    stratum and draw.

    >>> f = pd.DataFrame({"hh_id": [f"H{i}" for i in range(10)], "v": ["a"] * 6 + ["b"] * 4})
    >>> s = stratified_sample(f, 5, stratum_col="v", seed=7)
    >>> s.groupby("stratum").size().to_dict()
    {'a': 3, 'b': 2}
    >>> s.equals(stratified_sample(f.iloc[::-1], 5, stratum_col="v", seed=7))
    True
    """
    if frame[id_col].duplicated().any():
        raise ValueError(f"one row per {id_col} is expected")
    groups = {
        str(k): sorted(v.astype(str)) for k, v in frame.groupby(stratum_col)[id_col] if len(v)
    }
    counts = allocate({k: len(v) for k, v in groups.items()}, n, minimum=minimum)
    parts = []
    for stratum in sorted(groups):
        ids = np.array(groups[stratum], dtype=object)
        take = counts[stratum]
        if not take:
            continue
        chosen = stratum_seed(seed, stratum).choice(len(ids), size=take, replace=False)
        parts.append(
            pd.DataFrame(
                {id_col: ids[chosen], "stratum": stratum, "draw_no": np.arange(1, take + 1)}
            )
        )
    if not parts:
        return pd.DataFrame({id_col: [], "stratum": [], "draw_no": []}).astype(
            {id_col: object, "stratum": object, "draw_no": "int64"}
        )
    return pd.concat(parts, ignore_index=True)


# --- intervals ---------------------------------------------------------------------------------------


def _check(count: int, n: int) -> None:
    if n < 0 or count < 0 or count > n:
        raise ValueError("need 0 <= count <= n")


def wilson_interval(count: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson's score interval for ``count`` events in ``n`` trials ((0, 1) when n = 0).

    >>> [round(v, 4) for v in wilson_interval(5, 100)]
    [0.0215, 0.1118]
    """
    _check(count, n)
    if n == 0:
        return (0.0, 1.0)
    z = z_value(confidence)
    p = count / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z / denom * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    low = 0.0 if count == 0 else max(0.0, centre - half)
    high = 1.0 if count == n else min(1.0, centre + half)
    return (low, high)


def _binom_cdf(count: int, n: int, p: float) -> float:
    """P(X <= count) for X ~ Binomial(n, p), summed in logs."""
    if p <= 0:
        return 1.0
    if p >= 1:
        return 1.0 if count >= n else 0.0
    lp, lq = math.log(p), math.log1p(-p)
    terms = [
        math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * lp + (n - i) * lq
        for i in range(count + 1)
    ]
    top = max(terms)
    return min(1.0, math.exp(top) * sum(math.exp(t - top) for t in terms))


def _solve(f, target: float) -> float:
    """The p in [0, 1] where the decreasing function ``f`` equals ``target`` (bisection)."""
    lo, hi = 0.0, 1.0
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if f(mid) > target else (lo, mid)
        if hi - lo < 1e-15:
            break
    return (lo + hi) / 2


def exact_interval(count: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """The exact (Clopper–Pearson) interval for ``count`` events in ``n`` trials: the p where
    P(X >= count) and P(X <= count) are each (1 − confidence) / 2.

    >>> [round(v, 4) for v in exact_interval(0, 50)]
    [0.0, 0.0711]
    """
    _check(count, n)
    if n == 0:
        return (0.0, 1.0)
    tail = (1 - confidence) / 2
    low = 0.0 if count == 0 else _solve(lambda p: _binom_cdf(count - 1, n, p), 1 - tail)
    high = 1.0 if count == n else _solve(lambda p: _binom_cdf(count, n, p), tail)
    return (low, high)


def interval(
    count: int, n: int, confidence: float = 0.95, method: str = "exact"
) -> tuple[float, float]:
    """The interval of ``method`` (``exact`` or ``wilson``)."""
    if method == "exact":
        return exact_interval(count, n, confidence)
    if method == "wilson":
        return wilson_interval(count, n, confidence)
    raise ValueError(f"unknown interval method {method!r}: use {', '.join(METHODS)}")


# --- the three rates ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExitThresholds:
    """What an area's sample must show (settings, to be wired as ``POVMAP_EXIT_*``)."""

    wrong_exit_max: float = 0.02
    """The wrong-exit rate passes when its upper bound is at or below this."""

    missed_poor_max: float = 0.02
    """The missed-poor rate passes when its upper bound is at or below this."""

    satisfaction_min: float = 0.90
    """The satisfaction rate passes when its lower bound is at or above this."""

    confidence: float = 0.95
    """The confidence of the intervals."""

    method: str = "exact"
    """The interval: ``exact`` (Clopper–Pearson, never below the stated coverage) or
    ``wilson``."""

    def __post_init__(self) -> None:
        for name in ("wrong_exit_max", "missed_poor_max", "satisfaction_min", "confidence"):
            if not 0 < getattr(self, name) < 1:
                raise ValueError(f"{name} must be between 0 and 1")
        if self.method not in METHODS:
            raise ValueError(f"method must be one of {', '.join(METHODS)}")

    def threshold(self, rate: str) -> float:
        return {
            "wrong_exit": self.wrong_exit_max,
            "missed_poor": self.missed_poor_max,
            "satisfaction": self.satisfaction_min,
        }[rate]


def verdict(
    count: int,
    n: int,
    threshold: float,
    side: str,
    *,
    confidence: float = 0.95,
    method: str = "exact",
) -> str:
    """``pass``, ``inconclusive``, ``fail`` or ``no_data`` for ``count`` of ``n`` against
    ``threshold`` (``side`` ``max``: the rate must stay at or below it; ``min``: at or above).

    >>> verdict(0, 100, 0.02, "max"), verdict(3, 100, 0.02, "max"), verdict(0, 0, 0.02, "max")
    ('inconclusive', 'fail', 'no_data')
    >>> verdict(95, 100, 0.90, "min"), verdict(98, 100, 0.90, "min")
    ('inconclusive', 'pass')
    """
    if side not in ("max", "min"):
        raise ValueError("side must be 'max' or 'min'")
    if n == 0:
        return "no_data"
    rate = count / n
    low, high = interval(count, n, confidence, method)
    if side == "max":
        return "pass" if high <= threshold else "fail" if rate > threshold else "inconclusive"
    return "pass" if low >= threshold else "fail" if rate < threshold else "inconclusive"


def three_rates(
    counts: Mapping[str, tuple[int, int]], thresholds: ExitThresholds = ExitThresholds()
) -> pd.DataFrame:
    """The three rates of an area's sample: ``counts`` maps ``wrong_exit``, ``missed_poor`` and
    ``satisfaction`` to (events, households checked) — wrongly exited of the exited checked,
    poor found of the never-registered checked, satisfied of those asked.

    One row per rate (index ``rate``): ``count``, ``n``, ``value`` (NaN when n = 0), ``low``,
    ``high``, ``threshold``, ``side`` and ``verdict``.

    >>> t = three_rates({"wrong_exit": (0, 200), "missed_poor": (1, 200),
    ...                  "satisfaction": (190, 200)})
    >>> t["verdict"].tolist(), overall(t["verdict"])
    (['pass', 'inconclusive', 'pass'], 'inconclusive')
    """
    rows = []
    for name, side in RATES.items():
        count, n = (int(v) for v in counts.get(name, (0, 0)))
        low, high = interval(count, n, thresholds.confidence, thresholds.method)
        threshold = thresholds.threshold(name)
        rows.append(
            {
                "rate": name,
                "count": count,
                "n": n,
                "value": count / n if n else float("nan"),
                "low": low,
                "high": high,
                "threshold": threshold,
                "side": side,
                "verdict": verdict(
                    count,
                    n,
                    threshold,
                    side,
                    confidence=thresholds.confidence,
                    method=thresholds.method,
                ),
            }
        )
    return pd.DataFrame(rows).set_index("rate")


def overall(verdicts) -> str:
    """An area's verdict from its rates': ``fail`` if any fails, ``pass`` if all pass,
    ``no_data`` if none has data, else ``inconclusive``.

    >>> overall(["pass", "inconclusive", "pass"]), overall(["pass", "fail", "no_data"])
    ('inconclusive', 'fail')
    """
    values = list(verdicts)
    if "fail" in values:
        return "fail"
    if values and all(v == "pass" for v in values):
        return "pass"
    if all(v == "no_data" for v in values):
        return "no_data"
    return "inconclusive"
